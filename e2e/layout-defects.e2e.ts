// Layout defects issue 15 names, each measured: the hex dump's ASCII column at 1280 px, the value
// column of the inputs of H, and "Loading the explanation…" flashing while stepping fast.

import { describe, expect, test } from 'vitest';
import { url, withPage } from './harness';
import { expectedLive, openInNode, readPublic } from './model';
import { expectLive, waitForViewer } from './viewer';

const SLUG = 'terrapin-strict-kex';

describe('layout defects (issue 15)', () => {
  for (const viewport of [
    { width: 1280, height: 720 },
    { width: 1280, height: 800 },
    { width: 1440, height: 900 },
  ]) {
    test(`the hex dump's rows, ASCII column included, fit at ${viewport.width}×${viewport.height}`, () =>
      withPage(`hex-fit-${viewport.width}x${viewport.height}`, { viewport }, async ({ page }) => {
        await page.goto(url(`/sessions/${SLUG}/?step=4`));
        await waitForViewer(page);
        await page.getByTestId('hex-dump').first().waitFor({ state: 'visible' });
        const rows = await page.evaluate(() =>
          [...document.querySelectorAll<HTMLElement>('[data-testid="hex-dump"] .hx-scroll')].map((e) => ({ sw: e.scrollWidth, cw: e.clientWidth })),
        );
        expect(rows.length).toBeGreaterThan(0);
        for (const r of rows) expect(r.sw, `rows ${r.sw}px wide in a ${r.cw}px box`).toBeLessThanOrEqual(r.cw);
      }));
  }

  test('the inputs of H: the value column takes most of the row, and hex wraps between groups', () =>
    withPage('h-inputs-width', { viewport: { width: 1280, height: 720 } }, async ({ page }) => {
      const session = await openInNode(readPublic(`recordings/attacks/${SLUG}.json`));
      const h = session.steps.findIndex((s) => s.kind === 'computation' && s.action === 'compute H');
      await page.goto(url(`/sessions/${SLUG}/?step=${h + 1}`));
      await waitForViewer(page);
      const table = page.locator('.si-inputs').first();
      await table.waitFor({ state: 'attached' });
      const m = await table.evaluate((t) => {
        const cell = t.querySelector('tbody td') as HTMLElement;
        const groups = [...cell.querySelectorAll('.hexv-g')].map((g) => g.textContent ?? '');
        return { table: t.getBoundingClientRect().width, value: cell.getBoundingClientRect().width, groups };
      });
      expect(m.value / m.table, `value column ${m.value}px of ${m.table}px`).toBeGreaterThan(0.6);
      expect(m.groups.length).toBeGreaterThan(1);
      for (const g of m.groups) expect(g).toMatch(/^[0-9a-f]{2,8}$/);
    }));

  test('stepping fast never flashes "Loading the explanation…" once one was shown', () =>
    withPage('explanation-no-flash', {}, async ({ page }) => {
      const session = await openInNode(readPublic(`recordings/attacks/${SLUG}.json`));
      await page.goto(url(`/sessions/${SLUG}/`));
      await waitForViewer(page);
      await page.locator('[data-testid="explanation"] .ex-body h3').first().waitFor({ state: 'visible' });
      await page.evaluate(() => {
        const w = window as unknown as { loadingSeen: number };
        w.loadingSeen = 0;
        new MutationObserver(() => {
          if (document.querySelector('[data-testid="explanation"] .ex-loading')) w.loadingSeen++;
        }).observe(document.body, { subtree: true, childList: true, characterData: true });
      });
      for (let i = 1; i < session.steps.length; i++) await page.keyboard.press('ArrowRight');
      await expectLive(page, expectedLive(session, session.steps.length - 1));
      for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowLeft');
      await expectLive(page, expectedLive(session, session.steps.length - 11));
      expect(await page.evaluate(() => (window as unknown as { loadingSeen: number }).loadingSeen)).toBe(0);
    }));
});
