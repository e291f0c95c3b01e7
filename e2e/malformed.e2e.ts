// Journey: broken files show an error panel that names the problem (JSON path + what is wrong);
// the page does not crash and the app keeps working.

import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { url, withPage } from './harness';
import { handshakeFile, malformedFile } from './fixtures';
import { expectedLive, openInNode } from './model';
import { expectLive, waitForViewer } from './viewer';

async function openFile(page: Page, name: string, text: string): Promise<void> {
  await page.getByLabel('Open a recording').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

/**
 * The page's rendered text, taken in the same moment it first mentions `want`. Reading it in a
 * second call after seeing `want` raced the page's own updates: once in a few runs the body read
 * back empty while the message was on screen.
 */
async function visibleText(page: Page, want: string): Promise<string> {
  const text = await page.waitForFunction((w) => {
    const t = document.body?.innerText ?? '';
    return t.includes(w) ? t : false;
  }, want, { timeout: 10_000 });
  return (await text.jsonValue()) as string;
}

describe('malformed files', () => {
  test('bad hex in an event: the panel names the JSON path and the problem', () =>
    withPage('malformed-hex', {}, async ({ page }) => {
      const { text, path } = malformedFile();
      await page.goto(url('/'));
      await openFile(page, 'broken.json', text);
      const body = await visibleText(page, path);
      expect(body).toMatch(/hex/i);
      expect(body).toContain('broken.json');
    }));

  test('not JSON at all, and not a recording: each says so', () =>
    withPage('malformed-json', {}, async ({ page }) => {
      await page.goto(url('/'));
      await openFile(page, 'notes.txt', 'this is { not json');
      expect(await visibleText(page, 'JSON')).toMatch(/not valid JSON/i);

      await page.goto(url('/'));
      await openFile(page, 'other.json', JSON.stringify({ format: 'pcap', version: 1 }));
      expect(await visibleText(page, 'format')).toMatch(/format/);

      await page.goto(url('/'));
      await openFile(page, 'future.json', JSON.stringify({ ...JSON.parse(handshakeFile()), version: 99 }));
      expect(await visibleText(page, 'version')).toMatch(/99/);
    }));

  test('after an error, opening a good file works (the app keeps working)', () =>
    withPage('malformed-recover', {}, async ({ page }) => {
      await page.goto(url('/'));
      await openFile(page, 'broken.json', malformedFile().text);
      await visibleText(page, malformedFile().path);
      // The file input must still be reachable from the error page, or from the gallery.
      if ((await page.getByLabel('Open a recording').count()) === 0) await page.goto(url('/'));
      const good = handshakeFile();
      await openFile(page, 'handshake.json', good);
      await waitForViewer(page);
      await expectLive(page, expectedLive(await openInNode(good), 0));
    }));

  test('/view with nothing opened explains itself instead of a blank page', () =>
    withPage('view-empty', {}, async ({ page }) => {
      await page.goto(url('/view/'));
      await page.getByRole('heading', { name: 'No recording is open' }).waitFor({ state: 'visible' });
      const text = (await page.locator('body').innerText()).trim();
      expect(text.length, 'some text on /view with no file').toBeGreaterThan(20);
    }));
});
