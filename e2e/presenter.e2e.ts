// Journey: presenter mode fits a 1280×720 projector without scrolling, at any step; P enters it and
// Esc leaves it; its panels switch with buttons and keys; the clicker keys step whatever has focus.
// (Sizes, cut text and font sizes at three projector sizes: presenter-layout.e2e.ts.)

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

  test('P enters presenter mode and Esc leaves it; the URL follows', () =>
    withPage('presenter-keys', { viewport: PROJECTOR }, async ({ page }) => {
      const { entry } = await journeySession();
      await page.goto(url(`/sessions/${entry.slug}/?step=3`));
      await waitForViewer(page);
      await page.keyboard.press('p');
      await page.waitForURL((u) => u.searchParams.get('present') === '1');
      await expect(page.getByRole('button', { name: 'Exit presenter' }).isVisible()).resolves.toBe(true);
      await page.keyboard.press('Escape');
      await page.waitForURL((u) => u.searchParams.get('present') !== '1');
      await expect(page.getByRole('button', { name: 'Presenter', exact: true }).isVisible()).resolves.toBe(true);
      // Esc in normal mode does nothing to the mode.
      await page.keyboard.press('Escape');
      await page.keyboard.press('P');
      await page.waitForURL((u) => u.searchParams.get('present') === '1');
    }));

  test('each panel has a named toggle button and a key; the ? dialog lists the keys', () =>
    withPage('presenter-panels', { viewport: PROJECTOR }, async ({ page }) => {
      const { entry, session } = await journeySession();
      // A step after both sides computed H: every panel has something to show.
      const last = session.steps.length;
      await page.goto(url(`/sessions/${entry.slug}/?step=${last}&present=1`));
      await waitForViewer(page);
      const panels = [
        { name: 'Counters', key: 'c', testid: 'counter-strip', on: true },
        { name: 'Algorithms', key: 'a', testid: 'panel-algorithms', on: false },
        { name: 'Inputs of H', key: 'h', testid: 'panel-hashInputs', on: false },
        { name: 'Fields', key: 'f', testid: 'panel-fields', on: false },
      ];
      for (const p of panels) {
        const toggle = button(page, p.name);
        const shown = () => page.getByTestId(p.testid).count();
        await expect(toggle.getAttribute('aria-pressed')).resolves.toBe(String(p.on));
        expect(await shown(), `${p.name} at first`).toBe(p.on ? 1 : 0);
        await toggle.click();
        await expect(toggle.getAttribute('aria-pressed')).resolves.toBe(String(!p.on));
        expect(await shown(), `${p.name} after its button`).toBe(p.on ? 0 : 1);
        // The key, with focus back on the page (not on the button, where Space/Enter would press it).
        await page.locator('h1').first().click();
        await page.keyboard.press(p.key);
        await expect(toggle.getAttribute('aria-pressed')).resolves.toBe(String(p.on));
        expect(await shown(), `${p.name} after its key`).toBe(p.on ? 1 : 0);
      }
      // What the panels show comes from the session: the algorithms panel names the winner.
      await page.keyboard.press('a');
      const kex = session.summary.kex!;
      await expect(page.getByTestId('panel-algorithms').innerText()).resolves.toContain(kex);
      await page.keyboard.press('h');
      const h = page.getByTestId('panel-hashInputs');
      for (const name of ['V_C', 'V_S', 'I_C', 'I_S', 'K_S', 'K']) await expect(h.innerText()).resolves.toContain(name);
      await page.keyboard.press('?');
      const dialog = page.getByRole('dialog');
      await dialog.waitFor({ state: 'visible' });
      const text = await dialog.innerText();
      for (const k of ['P', 'Esc', 'C', 'A', 'H', 'F', 'W']) expect(text, `the dialog lists ${k}`).toMatch(new RegExp(`\\b${k}\\b`));
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      // Esc closed the dialog, not presenter mode.
      expect(new URL(page.url()).searchParams.get('present')).toBe('1');
    }));

  test('the clicker keys step whatever has focus in presenter mode (column, field tree, toggle button)', () =>
    withPage('presenter-clicker', { viewport: PROJECTOR }, async ({ page }) => {
      const { entry, session } = await journeySession();
      const kexinit = session.steps.findIndex((x) => x.kind === 'message' && x.title === 'SSH_MSG_KEXINIT');
      await page.goto(url(`/sessions/${entry.slug}/?step=${kexinit + 1}&present=1&panels=fields`));
      await waitForViewer(page);
      let i = kexinit;
      // The details column scrolls (it is focusable): PageDown must step, not scroll it.
      await page.getByRole('region', { name: 'Step details' }).focus();
      await page.keyboard.press('PageDown');
      await expectLive(page, expectedLive(session, ++i));
      await page.keyboard.press('PageUp');
      await expectLive(page, expectedLive(session, --i));
      // A field of the tree: ← → would open and close fields in normal mode; here they step.
      await page.getByTestId('panel-fields').getByRole('treeitem').first().click();
      await page.keyboard.press('ArrowRight');
      await expectLive(page, expectedLive(session, ++i));
      await page.keyboard.press('ArrowLeft');
      await expectLive(page, expectedLive(session, --i));
      // A toggle button: Space plays (it does not press the button), PageDown steps.
      await button(page, 'Counters').focus();
      const pressed = await button(page, 'Counters').getAttribute('aria-pressed');
      await page.keyboard.press('PageDown');
      await expectLive(page, expectedLive(session, ++i));
      await page.keyboard.press('Space');
      await button(page, 'Pause').waitFor({ state: 'visible', timeout: 2_000 });
      await page.keyboard.press('Space');
      await button(page, 'Play').waitFor({ state: 'visible', timeout: 2_000 });
      await expect(button(page, 'Counters').getAttribute('aria-pressed'), 'Space did not press the toggle').resolves.toBe(pressed);
    }));
});
