// Journey: stepping with the buttons; the live region and ?step=N follow.

import { describe, expect, test } from 'vitest';
import { url, withPage } from './harness';
import { expectedLive, journeySession } from './model';
import { button, expectLive, expectStepParam, liveText, waitForViewer } from './viewer';

describe('controls', () => {
  test('First, Previous, Next, Last step; the live region and the URL follow', () =>
    withPage('controls-buttons', {}, async ({ page }) => {
      const { entry, session } = await journeySession();
      const m = session.steps.length;
      expect(m).toBeGreaterThan(4);
      await page.goto(url(`/sessions/${entry.slug}/`));
      await waitForViewer(page);
      await expectLive(page, expectedLive(session, 0));

      await button(page, 'Next step').click();
      await expectLive(page, expectedLive(session, 1));
      await expectStepParam(page, 2);
      await button(page, 'Next step').click();
      await button(page, 'Next step').click();
      await expectLive(page, expectedLive(session, 3));
      await expectStepParam(page, 4);
      await button(page, 'Previous step').click();
      await expectLive(page, expectedLive(session, 2));
      await expectStepParam(page, 3);
      await button(page, 'Last step').click();
      await expectLive(page, expectedLive(session, m - 1));
      await expectStepParam(page, m);
      // Past the end stays at the end (the button may also be disabled there).
      if (await button(page, 'Next step').isEnabled()) await button(page, 'Next step').click();
      await expectLive(page, expectedLive(session, m - 1));
      await button(page, 'First step').click();
      await expectLive(page, expectedLive(session, 0));
      await expectStepParam(page, 1);
      if (await button(page, 'Previous step').isEnabled()) await button(page, 'Previous step').click();
      await expectLive(page, expectedLive(session, 0));
    }));

  test('Play advances on its own and becomes Pause; Pause stops it', () =>
    withPage('controls-play', {}, async ({ page }) => {
      const { entry, session } = await journeySession();
      await page.goto(url(`/sessions/${entry.slug}/`));
      await waitForViewer(page);
      await button(page, 'Play').click();
      await button(page, 'Pause').waitFor({ state: 'visible', timeout: 2_000 });
      // Playing moves past step 1 within a few seconds at the default speed.
      await page.waitForFunction(
        () => [...document.querySelectorAll('[aria-live="polite"]')].some((e) => /^\s*Step ([2-9]|\d\d+) of/.test(e.textContent ?? '')),
        undefined,
        { timeout: 10_000 },
      );
      await button(page, 'Pause').click();
      await button(page, 'Play').waitFor({ state: 'visible', timeout: 2_000 });
      const stopped = await liveText(page);
      await page.waitForTimeout(1_500);
      expect(await liveText(page), 'no step after Pause').toBe(stopped);
      const n = Number(/^Step (\d+) of/.exec(stopped)?.[1]);
      expect(stopped).toBe(expectedLive(session, n - 1));
      await expectStepParam(page, n);
    }));
});
