// Screenshots for people to look at (test-results/screenshots/): desktop, projector (presenter
// mode) and phone, gallery and viewer. Asserting pixels would be brittle; looking is the test.
// What is asserted: nothing overflows sideways (a phone must not scroll horizontally).

import { describe, expect, test } from 'vitest';
import { screenshot, url, withPage, type PageOptions } from './harness';
import { journeySession } from './model';
import { scrollSize, waitForViewer } from './viewer';

const SIZES: { name: string; options: PageOptions; present?: boolean }[] = [
  { name: 'desktop-1440x900', options: { viewport: { width: 1440, height: 900 } } },
  { name: 'desktop-dark-1440x900', options: { viewport: { width: 1440, height: 900 }, colorScheme: 'dark' } },
  { name: 'projector-1280x720', options: { viewport: { width: 1280, height: 720 } }, present: true },
  { name: 'phone-390x844', options: { viewport: { width: 390, height: 844 } } },
];

describe('screenshots', () => {
  for (const size of SIZES) {
    test(size.name, () =>
      withPage(`shot-${size.name}`, { ...size.options, reducedMotion: 'reduce' }, async ({ page }) => {
        const { entry, session } = await journeySession();
        await page.goto(url('/'));
        await page.waitForLoadState('networkidle');
        await screenshot(page, `gallery-${size.name}`);
        let s = await scrollSize(page);
        expect(s.sw, 'gallery: no horizontal scroll').toBeLessThanOrEqual(s.vw);

        // A step with something to see: the first encrypted packet.
        const i = session.steps.findIndex((x) => x.kind === 'message' && x.encrypted);
        await page.goto(url(`/sessions/${entry.slug}/?step=${i + 1}${size.present ? '&present=1' : ''}`));
        await waitForViewer(page);
        await page.waitForTimeout(300);
        await screenshot(page, `viewer-${size.name}`);
        if (size.name.startsWith('desktop')) {
          // A teacher sees the field tree and the hex dump together, above the controls, without scrolling.
          const controls = await page.locator('.viewer-controls').boundingBox();
          for (const id of ['field-tree', 'hex-dump']) {
            const box = await page.getByTestId(id).first().boundingBox();
            expect(box && controls, `${id} has a box`).toBeTruthy();
            expect(box!.y, `${id} starts below the top`).toBeGreaterThan(0);
            expect(box!.y + 60, `${id}: at least its first rows are above the controls at ${size.name}`).toBeLessThan(controls!.y);
          }
        }
        s = await scrollSize(page);
        expect(s.sw, 'viewer: no horizontal scroll').toBeLessThanOrEqual(s.vw);
      }));
  }
});
