// Presenter mode on a projector (issue 15): at 1024×768, 1280×720 and 1920×1080, on the Terrapin
// pair, every step with the default panels and a few steps with every panel on: no text cut or
// clipped, no label truncated, the page itself never scrolls, and body text at least 1/25 of the
// viewport height. Screenshots of each size go to test-results/screenshots/ to be looked at.

import { describe, expect, test } from 'vitest';
import { screenshot, url, withPage } from './harness';
import { expectedLive, openInNode, readPublic } from './model';
import { bodyFontSizes, cutText } from './presenter-fit';
import { expectLive, scrollSize, waitForPanels, waitForViewer } from './viewer';

const SIZES = [
  { width: 1024, height: 768 },
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
];
const PAIR = ['terrapin-chacha20-no-strict-kex', 'terrapin-strict-kex'];
const ALL_PANELS = 'counters,algorithms,hashInputs,fields';

async function session(slug: string) {
  return openInNode(readPublic(`recordings/attacks/${slug}.json`));
}

describe('presenter mode fits a projector', () => {
  test('the check finds text cut by a narrowed box and a clipped diagram label (it can fail)', () =>
    withPage('presenter-fit-negative', { viewport: SIZES[0] }, async ({ page }) => {
      await page.goto(url(`/sessions/${PAIR[0]}/?step=18&present=1`));
      await waitForViewer(page);
      await waitForPanels(page, 17);
      expect(await cutText(page)).toEqual([]);
      await page.addStyleTag({ content: '.viewer-heading h1 { width: 4em !important; flex: none !important; white-space: nowrap !important; overflow: hidden !important; }' });
      expect((await cutText(page)).join('\n')).toMatch(/h1 .*wide in a/);
      await page.evaluate(() => {
        const t = document.querySelector('[data-testid="sequence-diagram"] svg .msg-label');
        if (t) t.textContent = 'SSH_MSG…';
      });
      expect((await cutText(page)).join('\n')).toMatch(/diagram label clipped: "SSH_MSG…"/);
    }));

  for (const size of SIZES) {
    for (const slug of PAIR) {
      test(`${slug} at ${size.width}×${size.height}: every step fits, nothing is cut`, () =>
        withPage(`presenter-fit-${slug}-${size.width}`, { viewport: size, reducedMotion: 'reduce' }, async ({ page }) => {
          const s = await session(slug);
          await page.goto(url(`/sessions/${slug}/?present=1`));
          await waitForViewer(page);
          const fonts = await bodyFontSizes(page);
          expect(fonts.root, 'presenter body text ≥ 1/25 of the viewport height').toBeGreaterThanOrEqual(fonts.vh / 25);
          for (let i = 0; i < s.steps.length; i++) {
            if (i > 0) await page.keyboard.press('PageDown');
            await expectLive(page, expectedLive(s, i));
            // The panels follow the cursor a frame later: wait until the explanation is this step's.
            await page.waitForFunction(() => !document.querySelector('[data-testid="explanation"] [aria-busy="true"]'));
            const problems = await cutText(page);
            expect(problems, `step ${i + 1}`).toEqual([]);
            const sc = await scrollSize(page);
            expect(sc.sw <= sc.vw && sc.sh <= sc.vh, `step ${i + 1}: page ${sc.sw}×${sc.sh} in ${sc.vw}×${sc.vh}`).toBe(true);
            const f = await bodyFontSizes(page);
            for (const p of f.paragraphs) expect(p, `step ${i + 1}: explanation text`).toBeGreaterThanOrEqual(f.vh / 25);
          }
        }));
    }
  }

  for (const size of SIZES) {
    test(`every panel on at ${size.width}×${size.height}: nothing cut; screenshots`, () =>
      withPage(`presenter-panels-${size.width}`, { viewport: size, reducedMotion: 'reduce' }, async ({ page }) => {
        for (const slug of PAIR) {
          const s = await session(slug);
          // The injected IGNORE, and the last step (both sides' H computed).
          const ignore = s.steps.findIndex((x) => x.kind === 'message' && x.tampered === 'injected');
          for (const i of [ignore, s.steps.length - 1]) {
            await page.goto(url(`/sessions/${slug}/?present=1&step=${i + 1}`));
            await waitForViewer(page);
            await waitForPanels(page, i);
            await screenshot(page, `presenter-${slug}-step${i + 1}-${size.width}x${size.height}`);
            expect(await cutText(page), `${slug} step ${i + 1}, counters only`).toEqual([]);
            await page.goto(url(`/sessions/${slug}/?present=1&step=${i + 1}&panels=${ALL_PANELS}`));
            await waitForViewer(page);
            await page.getByTestId('panel-fields').waitFor({ state: 'visible' });
            await waitForPanels(page, i);
            await screenshot(page, `presenter-panels-${slug}-step${i + 1}-${size.width}x${size.height}`);
            expect(await cutText(page), `${slug} step ${i + 1}, every panel`).toEqual([]);
            const sc = await scrollSize(page);
            expect(sc.sh, 'the page does not scroll (the details column does)').toBeLessThanOrEqual(sc.vh);
          }
        }
      }));
  }
});
