// Every bundled session opens without console errors, at its first, middle and last step.
// One test per session: each gets its own time budget, so the suite's length grows with the
// gallery without one test's timeout having to cover them all.

import { describe, test } from 'vitest';
import { url, withPage } from './harness';
import { expectedLive, manifest, openInNode, readPublic } from './model';
import { expectLive, waitForViewer } from './viewer';

describe('every bundled session', () => {
  for (const e of manifest()) {
    test(`${e.slug}: opens, shows first, middle and last step, with no console errors`, async () => {
      const session = await openInNode(readPublic(e.file));
      const m = session.steps.length;
      await withPage(`session-${e.slug}`, {}, async ({ page }) => {
        await page.goto(url(`/sessions/${e.slug}/`));
        await waitForViewer(page);
        await expectLive(page, expectedLive(session, 0));
        await page.getByRole('slider', { name: 'Timeline' }).fill(String(Math.ceil(m / 2)));
        await expectLive(page, expectedLive(session, Math.ceil(m / 2) - 1));
        await page.keyboard.press('End');
        await expectLive(page, expectedLive(session, m - 1));
      });
    });
  }
});
