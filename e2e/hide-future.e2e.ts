// "What comes next?" (issue 15): with hide-future on, nothing past the current step is in the page:
// no diagram row, no phase on the timeline, no outcome in the header until the last step.

import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { url, withPage } from './harness';
import { expectedLive, openInNode, readPublic } from './model';
import { button, expectLive, waitForViewer } from './viewer';

const SLUG = 'terrapin-strict-kex';

/** The highest step drawn in the diagram (0-based), and the last step any timeline tick covers (1-based). */
function drawn(page: Page): Promise<{ maxRow: number; maxTick: number; outcome: string }> {
  return page.evaluate(() => {
    const rows = [...document.querySelectorAll('[data-testid="sequence-diagram"] [data-step]')].map((e) => Number(e.getAttribute('data-step')));
    const ticks = [...document.querySelectorAll('.timeline-ticks .tick')].map((t) => Number(/–(\d+)$/.exec(t.getAttribute('title') ?? '')?.[1] ?? NaN));
    return {
      maxRow: Math.max(-1, ...rows),
      maxTick: Math.max(-1, ...ticks),
      outcome: document.querySelector('[data-testid="outcome"]')?.textContent ?? '',
    };
  });
}

describe('hide future steps', () => {
  test('?hide-future=1: no future row, no future phase, the outcome hidden until the last step', () =>
    withPage('hide-future', {}, async ({ page }) => {
      const session = await openInNode(readPublic(`recordings/attacks/${SLUG}.json`));
      const m = session.steps.length;
      await page.goto(url(`/sessions/${SLUG}/?hide-future=1&step=5`));
      await waitForViewer(page);
      let d = await drawn(page);
      expect(d.maxRow, 'rows drawn up to step 5 only').toBe(4);
      expect(d.maxTick, 'timeline ticks up to step 5 only').toBe(5);
      expect(d.outcome).toMatch(/hidden/i);
      expect(d.outcome).not.toContain(session.summary.outcome);
      // Every step up to the one before the last: still nothing of the future.
      for (let i = 5; i < m - 1; i++) {
        await page.keyboard.press('ArrowRight');
        await expectLive(page, expectedLive(session, i));
        d = await drawn(page);
        expect(d.maxRow, `step ${i + 1}`).toBe(i);
        expect(d.maxTick, `step ${i + 1}`).toBeLessThanOrEqual(i + 1);
        expect(d.outcome, `step ${i + 1}`).toMatch(/hidden/i);
      }
      await page.keyboard.press('End');
      await expectLive(page, expectedLive(session, m - 1));
      await expect.poll(async () => (await drawn(page)).outcome).toContain(session.summary.outcome);
      expect((await drawn(page)).maxRow).toBe(m - 1);
    }));

  test('the W key and the button switch it, and the URL says so', () =>
    withPage('hide-future-toggle', { viewport: { width: 1280, height: 720 } }, async ({ page }) => {
      const session = await openInNode(readPublic(`recordings/attacks/${SLUG}.json`));
      await page.goto(url(`/sessions/${SLUG}/?step=3&present=1`));
      await waitForViewer(page);
      expect((await drawn(page)).maxRow, 'everything is drawn at first').toBeGreaterThan(2);
      await page.keyboard.press('w');
      await page.waitForURL((u) => u.searchParams.get('hide-future') === '1');
      await expect.poll(async () => (await drawn(page)).maxRow).toBe(2);
      expect((await drawn(page)).outcome).toMatch(/hidden/i);
      const toggle = button(page, 'Hide future');
      await expect(toggle.getAttribute('aria-pressed')).resolves.toBe('true');
      await toggle.click();
      await page.waitForURL((u) => u.searchParams.get('hide-future') !== '1');
      await expect.poll(async () => (await drawn(page)).maxRow).toBeGreaterThan(2);
      expect((await drawn(page)).outcome).toContain(session.summary.outcome);
    }));
});
