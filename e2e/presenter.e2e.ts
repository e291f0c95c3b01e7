// Journey: presenter mode fits a 1280×720 projector without scrolling, at any step.

import { describe, expect, test } from 'vitest';
import { url, withPage } from './harness';
import { expectedLive, journeySession } from './model';
import { button, expectLive, scrollSize, waitForViewer } from './viewer';

const PROJECTOR = { width: 1280, height: 720 };

describe('presenter mode', () => {
  test('?present=1 shows diagram and explanation and never scrolls, first to last step', () =>
    withPage('presenter', { viewport: PROJECTOR }, async ({ page }) => {
      const { entry, session } = await journeySession();
      await page.goto(url(`/sessions/${entry.slug}/?present=1`));
      await waitForViewer(page);
      await expect(page.getByTestId('sequence-diagram').first().isVisible()).resolves.toBe(true);
      await expect(page.getByTestId('explanation').first().isVisible()).resolves.toBe(true);
      // Every step: the explanation's length changes with the step, so check them all.
      for (let i = 0; i < session.steps.length; i++) {
        if (i > 0) await page.keyboard.press('PageDown');
        await expectLive(page, expectedLive(session, i));
        const s = await scrollSize(page);
        expect(s.sw <= s.vw && s.sh <= s.vh, `step ${i + 1}: document ${s.sw}×${s.sh} in a ${s.vw}×${s.vh} viewport`).toBe(true);
      }
      expect(new URL(page.url()).searchParams.get('present')).toBe('1');
    }));

  test('a button turns presenter mode on and off, and the URL says so', () =>
    withPage('presenter-button', { viewport: PROJECTOR }, async ({ page }) => {
      const { entry } = await journeySession();
      await page.goto(url(`/sessions/${entry.slug}/`));
      await waitForViewer(page);
      await page.getByRole('button', { name: /present/i }).first().click();
      await page.waitForURL((u) => u.searchParams.get('present') === '1');
      const s = await scrollSize(page);
      expect(s.sh, 'presenter mode fits').toBeLessThanOrEqual(s.vh);
      await page.getByRole('button', { name: /present/i }).first().click();
      await page.waitForURL((u) => u.searchParams.get('present') !== '1');
      await expect(button(page, 'Next step').isVisible()).resolves.toBe(true);
    }));
});
