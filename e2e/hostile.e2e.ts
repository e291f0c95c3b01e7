// Journey: a valid recording whose strings carry markup (title, description, outcome, version
// strings, banner lines, a DEBUG message) shows them as text at every step: no element is made
// from them and nothing runs (a dialog would fail the test in the harness).

import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { url, withPage } from './harness';
import { hostileFile, IMG, SCRIPT } from './fixtures';
import { expectedLive, openInNode } from './model';
import { expectLive, waitForPanels, waitForViewer } from './viewer';

/** Elements the payload would have created if it had been parsed as HTML. */
function injected(page: Page): Promise<{ imgs: number; scripts: number }> {
  return page.evaluate(() => ({
    imgs: document.querySelectorAll('img[src="x"], img[onerror], svg image[href="x"]').length,
    scripts: [...document.querySelectorAll('script')].filter((s) => (s.textContent ?? '').includes('alert(1)')).length,
  }));
}

describe('hostile strings', () => {
  test('negative control: the payload parsed as HTML is caught (an <img> appears and its alert fails the page)', async () => {
    await expect(
      withPage('hostile-control', {}, async ({ page }) => {
        await page.goto(url('/'));
        await page.evaluate((html) => document.body.insertAdjacentHTML('beforeend', `<div>${html}</div>`), IMG);
        await page.waitForTimeout(300);
        expect((await injected(page)).imgs).toBe(1);
      }),
    ).rejects.toThrow(/dialog alert: 1/);
  });

  test('markup in every string is shown as text at every step, in the viewer and after a reload', () =>
    withPage('hostile', {}, async ({ page }) => {
      const text = hostileFile();
      const session = await openInNode(text);
      await page.goto(url('/'));
      await page.getByLabel('Open a recording').setInputFiles({ name: 'hostile.json', mimeType: 'application/json', buffer: Buffer.from(text) });
      await waitForViewer(page);
      await expectLive(page, expectedLive(session, 0));

      const seen = new Set<string>();
      const body = async () => page.locator('body').innerText();
      for (let i = 0; i < session.steps.length; i++) {
        if (i > 0) await page.keyboard.press('ArrowRight');
        await expectLive(page, expectedLive(session, i));
        // The panels (where the DEBUG message and banner lines show) follow the live region a frame
        // later: reading the body before they catch up missed a string at random.
        await waitForPanels(page, i);
        expect(await injected(page), `step ${i + 1}: no <img>/<script> from the recording`).toEqual({ imgs: 0, scripts: 0 });
        const t = await body();
        for (const s of [`Hostile ${IMG}`, `Debug ${IMG}`, `Banner ${IMG}`, `Banner ${SCRIPT}`, `evil_1.0 ${SCRIPT}`, `sshscope_0.1 ${IMG}`]) {
          if (t.includes(s)) seen.add(s);
        }
      }
      // The title, both versions (lifeline labels), the banner lines and the DEBUG message all
      // appeared somewhere as readable text.
      expect([...seen].sort()).toEqual(
        [`Hostile ${IMG}`, `Debug ${IMG}`, `Banner ${IMG}`, `Banner ${SCRIPT}`, `evil_1.0 ${SCRIPT}`, `sshscope_0.1 ${IMG}`].sort(),
      );

      await page.reload();
      await waitForViewer(page);
      expect(await injected(page)).toEqual({ imgs: 0, scripts: 0 });
      expect(await body()).toContain(`Hostile ${IMG}`);
    }));
});
