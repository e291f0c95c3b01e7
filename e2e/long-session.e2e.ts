// A 10,000-packet session opened in /view: the diagram renders only the rows in view, and a deep
// link into the middle lands on the right step.

import { describe, expect, test } from 'vitest';
import { url, withPage } from './harness';
import { longFile } from './fixtures';
import { expectedLive, openInNode } from './model';
import { expectLive, waitForViewer } from './viewer';

describe('long session', () => {
  test('10,000 packets: step 5,000 opens, the diagram keeps a few hundred elements at most', () =>
    withPage('long-session', {}, async ({ page }) => {
      const text = longFile(10_000);
      const session = await openInNode(text);
      const packets = session.steps.filter((s) => s.kind === 'message').length;
      expect(packets).toBeGreaterThanOrEqual(10_000);
      await page.goto(url('/'));
      await page.getByLabel('Open a recording').setInputFiles({ name: 'long.json', mimeType: 'application/json', buffer: Buffer.from(text) });
      await waitForViewer(page);
      await page.goto(url('/view/?step=5000'));
      await waitForViewer(page);
      await expectLive(page, expectedLive(session, 4_999));
      const rendered = await page.getByTestId('sequence-diagram').locator('[data-step]').count();
      expect(rendered, 'rows rendered for a 10,000-step diagram').toBeLessThanOrEqual(300);
      await expect(page.getByTestId('sequence-diagram').locator('[data-step="4999"]').first().isVisible()).resolves.toBe(true);
      await page.keyboard.press('End');
      await expectLive(page, expectedLive(session, session.steps.length - 1));
    }));
});
