// Screenshots for people to look at (test-results/screenshots/): desktop, projector (presenter
// mode) and phone, gallery and viewer. Asserting pixels would be brittle; looking is the test.
// What is asserted: nothing overflows sideways (a phone must not scroll horizontally).

import { describe, expect, test } from 'vitest';
import { screenshot, url, withPage, type PageOptions } from './harness';
import { journeySession } from './model';
import { scrollSize, waitForPanels, waitForViewer } from './viewer';

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
        await waitForPanels(page, i);
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

        // Diagram text stays readable at every size: arrow labels between the two phase tracks, and
        // phase labels clear of every arrow label and note (the phone showed both overlapping).
        const overlaps = await page.evaluate(() => {
          const svg = document.querySelector('[data-testid="sequence-diagram"] svg') as SVGSVGElement;
          const bar = (p: string) => (svg.querySelector(`.track-${p} .track-bar`) as SVGGraphicsElement).getBBox();
          const client = bar('client');
          const server = bar('server');
          const boxes = (sel: string) => [...svg.querySelectorAll<SVGGraphicsElement>(sel)].map((e) => ({ text: e.textContent ?? '', b: e.getBBox() }));
          const hit = (a: DOMRect, b: DOMRect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
          const problems: string[] = [];
          const labels = boxes('.msg-label, .msg-size');
          for (const { text, b } of labels) {
            if (b.x < client.x + client.width || b.x + b.width > server.x) problems.push(`arrow label "${text}" crosses a lifeline's phase track`);
          }
          // A packet's sequence numbers sit at the ends of its arrow, clear of its label and of the tracks.
          for (const { text, b } of boxes('.msg-seq')) {
            if (b.x < client.x + client.width || b.x + b.width > server.x) problems.push(`sequence number "${text}" crosses a lifeline's phase track`);
            for (const o of labels) if (hit(b, o.b)) problems.push(`sequence number "${text}" overlaps "${o.text}"`);
          }
          for (const { text, b } of boxes('.track-label-bg')) {
            for (const o of [...labels, ...boxes('.note')]) if (hit(b, o.b)) problems.push(`phase label ${text} overlaps "${o.text}"`);
          }
          return { problems, labels: labels.length };
        });
        expect(overlaps.labels, 'arrow labels were measured').toBeGreaterThan(0);
        expect(overlaps.problems).toEqual([]);
      }));
  }
});
