// Journey: ?step=N opens the viewer at step N, survives a reload, and stays in sync.

import { describe, expect, test } from 'vitest';
import { url, withPage } from './harness';
import { expectedLive, journeySession } from './model';
import { expectLive, expectStepParam, waitForViewer } from './viewer';

describe('deep links', () => {
  test('?step=N opens at step N, keeps it across a reload, and follows stepping', () =>
    withPage('deep-link', {}, async ({ page }) => {
      const { entry, session } = await journeySession();
      // A step in the middle: the first encrypted packet.
      const i = session.steps.findIndex((s) => s.kind === 'message' && s.encrypted);
      expect(i).toBeGreaterThan(0);
      await page.goto(url(`/sessions/${entry.slug}/?step=${i + 1}`));
      await waitForViewer(page);
      await expectLive(page, expectedLive(session, i));
      await page.reload();
      await waitForViewer(page);
      await expectLive(page, expectedLive(session, i));
      await page.keyboard.press('ArrowRight');
      await expectLive(page, expectedLive(session, i + 1));
      await expectStepParam(page, i + 2);
    }));

  test('the last step opens directly and the diagram shows it', () =>
    withPage('deep-link-last', {}, async ({ page }) => {
      const { entry, session } = await journeySession();
      const m = session.steps.length;
      await page.goto(url(`/sessions/${entry.slug}/?step=${m}`));
      await waitForViewer(page);
      await expectLive(page, expectedLive(session, m - 1));
      await expect(page.locator(`[data-step="${m - 1}"]`).first().isVisible(), 'the last step is scrolled into view').resolves.toBe(true);
    }));

  test('a nonsense ?step does not break the page', () =>
    withPage('deep-link-garbage', {}, async ({ page }) => {
      const { entry } = await journeySession();
      await page.goto(url(`/sessions/${entry.slug}/?step=%3Cscript%3E`));
      await waitForViewer(page);
      await page.waitForTimeout(300);
    }));
});
