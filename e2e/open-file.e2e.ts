// Journey: open a local recording through "Open a recording"; it shows in /view and survives a reload.

import { describe, test } from 'vitest';
import { url, withPage } from './harness';
import { handshakeFile } from './fixtures';
import { expectedLive, openInNode } from './model';
import { expectLive, expectStepParam, waitForViewer } from './viewer';

describe('open a local file', () => {
  test('the file input opens the recording in /view, which survives a reload', () =>
    withPage('open-file', {}, async ({ page }) => {
      const text = handshakeFile();
      const session = await openInNode(text);
      await page.goto(url('/'));
      await page.getByLabel('Open a recording').setInputFiles({ name: 'handshake.json', mimeType: 'application/json', buffer: Buffer.from(text) });
      await page.waitForURL((u) => u.pathname === '/view/', { timeout: 10_000 });
      await waitForViewer(page);
      await expectLive(page, expectedLive(session, 0));
      await page.getByText('e2e handshake').first().waitFor({ state: 'visible' });
      await page.keyboard.press('End');
      await expectLive(page, expectedLive(session, session.steps.length - 1));
      await expectStepParam(page, session.steps.length);

      await page.reload();
      await waitForViewer(page);
      await page.getByText('e2e handshake').first().waitFor({ state: 'visible' });
      // After a reload the step comes back from ?step=N.
      await expectLive(page, expectedLive(session, session.steps.length - 1));
    }));
});

describe('drag and drop', () => {
  test('a recording dropped onto the gallery opens in /view', () =>
    withPage('drop-file', {}, async ({ page }) => {
      const text = handshakeFile();
      const session = await openInNode(text);
      await page.goto(url('/'));
      await page.waitForLoadState('networkidle');
      // What a browser does when a file is dragged in from the desktop: dragenter/over, then drop.
      const data = await page.evaluateHandle((t) => {
        const dt = new DataTransfer();
        dt.items.add(new File([t], 'dropped.json', { type: 'application/json' }));
        return dt;
      }, text);
      for (const type of ['dragenter', 'dragover', 'drop']) await page.dispatchEvent('body', type, { dataTransfer: data });
      await page.waitForURL((u) => u.pathname === '/view/', { timeout: 10_000 });
      await waitForViewer(page);
      await expectLive(page, expectedLive(session, 0));
    }));
});
