// Journey: stepping with the keyboard (arrows, Space, Home/End, a presentation clicker's
// PageUp/PageDown) and the `?` shortcuts dialog.

import { describe, expect, test } from 'vitest';
import { url, withPage } from './harness';
import { expectedLive, journeySession } from './model';
import { button, expectLive, expectStepParam, waitForViewer } from './viewer';

describe('keyboard', () => {
  test('← → PageUp PageDown Home End step; Space plays and pauses', () =>
    withPage('keyboard-steps', {}, async ({ page }) => {
      const { entry, session } = await journeySession();
      const m = session.steps.length;
      await page.goto(url(`/sessions/${entry.slug}/`));
      await waitForViewer(page);
      await expectLive(page, expectedLive(session, 0));

      await page.keyboard.press('ArrowRight');
      await expectLive(page, expectedLive(session, 1));
      await page.keyboard.press('PageDown');
      await expectLive(page, expectedLive(session, 2));
      await expectStepParam(page, 3);
      await page.keyboard.press('ArrowLeft');
      await expectLive(page, expectedLive(session, 1));
      await page.keyboard.press('PageUp');
      await expectLive(page, expectedLive(session, 0));
      await page.keyboard.press('End');
      await expectLive(page, expectedLive(session, m - 1));
      await expectStepParam(page, m);
      await page.keyboard.press('Home');
      await expectLive(page, expectedLive(session, 0));
      await expectStepParam(page, 1);

      await page.keyboard.press('Space');
      await button(page, 'Pause').waitFor({ state: 'visible', timeout: 2_000 });
      await page.keyboard.press('Space');
      await button(page, 'Play').waitFor({ state: 'visible', timeout: 2_000 });
    }));

  test('a step button keeps the keys working after it was clicked', () =>
    withPage('keyboard-after-click', {}, async ({ page }) => {
      const { entry, session } = await journeySession();
      await page.goto(url(`/sessions/${entry.slug}/`));
      await waitForViewer(page);
      await button(page, 'Next step').click();
      await expectLive(page, expectedLive(session, 1));
      // Focus is on the button now: → must still step (not be swallowed), and only once.
      await page.keyboard.press('ArrowRight');
      await expectLive(page, expectedLive(session, 2));
    }));

  test('? opens a dialog listing the shortcuts; Escape closes it', () =>
    withPage('keyboard-help', {}, async ({ page }) => {
      const { entry } = await journeySession();
      await page.goto(url(`/sessions/${entry.slug}/`));
      await waitForViewer(page);
      await page.keyboard.press('?');
      const dialog = page.getByRole('dialog');
      await dialog.waitFor({ state: 'visible', timeout: 2_000 });
      const text = await dialog.innerText();
      for (const key of ['Space', 'Home', 'End', 'PageUp', 'PageDown']) expect(text, `shortcuts dialog mentions ${key}`).toContain(key);
      expect(text).toMatch(/→|ArrowRight|Right/);
      expect(text).toMatch(/←|ArrowLeft|Left/);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden', timeout: 2_000 });
    }));

  test('clicker keys step with the timeline slider or the speed menu focused (they do not move them)', () =>
    withPage('keyboard-focused-controls', {}, async ({ page }) => {
      const { entry, session } = await journeySession();
      await page.goto(url(`/sessions/${entry.slug}/?step=5`));
      await waitForViewer(page);
      let i = 4;
      const slider = page.getByRole('slider', { name: 'Timeline' });
      await slider.focus();
      // PageDown on a focused range input pages it backwards natively; the viewer takes it first.
      await page.keyboard.press('PageDown');
      await expectLive(page, expectedLive(session, ++i));
      await page.keyboard.press('PageUp');
      await expectLive(page, expectedLive(session, --i));
      await page.keyboard.press('ArrowRight');
      await expectLive(page, expectedLive(session, ++i));
      await expect(slider.inputValue()).resolves.toBe(String(i + 1));
      const speed = page.getByRole('combobox', { name: 'Speed' });
      await speed.focus();
      const before = await speed.inputValue();
      await page.keyboard.press('PageDown');
      await expectLive(page, expectedLive(session, ++i));
      await page.keyboard.press('ArrowLeft');
      await expectLive(page, expectedLive(session, --i));
      await page.keyboard.press('ArrowRight');
      await expectLive(page, expectedLive(session, ++i));
      expect(await speed.inputValue(), 'the speed did not change').toBe(before);
      await page.keyboard.press('Space');
      await button(page, 'Pause').waitFor({ state: 'visible', timeout: 2_000 });
      await page.keyboard.press('Space');
      await button(page, 'Play').waitFor({ state: 'visible', timeout: 2_000 });
      expect(await speed.inputValue(), 'Space did not open or change the speed menu').toBe(before);
    }));
});
