// Journey: the timeline scrubber jumps to a step; breakpoints on message types stop
// "Run to next breakpoint" at the next such message.

import { describe, expect, test } from 'vitest';
import { url, withPage } from './harness';
import { expectedLive, journeySession } from './model';
import { expectLive, expectStepParam, waitForViewer } from './viewer';

describe('timeline and breakpoints', () => {
  test('the scrubber moves to any step', () =>
    withPage('scrubber', {}, async ({ page }) => {
      const { entry, session } = await journeySession();
      await page.goto(url(`/sessions/${entry.slug}/`));
      await waitForViewer(page);
      const slider = page.getByRole('slider', { name: 'Timeline' });
      await slider.focus();
      await page.keyboard.press('End');
      await expectLive(page, expectedLive(session, session.steps.length - 1));
      const mid = Math.floor(session.steps.length / 2);
      await slider.fill(String(mid + 1));
      await expectLive(page, expectedLive(session, mid));
      await expectStepParam(page, mid + 1);
    }));

  test('Run to next breakpoint stops at each SSH_MSG_NEWKEYS in turn', () =>
    withPage('breakpoints', {}, async ({ page }) => {
      const { entry, session } = await journeySession();
      const hits = session.steps.filter((s) => s.kind === 'message' && s.title === 'SSH_MSG_NEWKEYS').map((s) => s.index);
      expect(hits.length).toBeGreaterThanOrEqual(2);
      await page.goto(url(`/sessions/${entry.slug}/`));
      await waitForViewer(page);
      await page.getByText('Breakpoints', { exact: false }).first().click();
      await page.getByRole('checkbox', { name: 'SSH_MSG_NEWKEYS' }).check();
      const run = page.getByRole('button', { name: 'Run to next breakpoint' });
      for (const i of hits) {
        await run.click();
        await expectLive(page, expectedLive(session, i));
      }
      // None left ahead: the button is disabled (or does nothing).
      if (await run.isEnabled()) await run.click();
      await expectLive(page, expectedLive(session, hits[hits.length - 1]));
    }));
});
