// Journey: a recording is opened in a Web Worker, with a progress bar and a deadline, so that no
// file can freeze the tab. While a slow file opens the page keeps answering (a round trip into
// the page comes back at once); when the deadline passes the worker is gone and the error panel
// says where the replay was, with the way to open another file.

import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { url, withPage } from './harness';
import { bigRsaFile, handshakeFile, longFile } from './fixtures';
import { expectedLive, openInNode } from './model';
import { eventually, expectLive, liveRegion, waitForViewer } from './viewer';

/** A page whose thread is free answers a round trip in milliseconds; a replay on it takes seconds. */
const RESPONSIVE_MS = 500;

async function openFile(page: Page, name: string, text: string): Promise<void> {
  await page.getByLabel('Open a recording').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

function progressBar(page: Page) {
  return page.getByRole('progressbar', { name: /^Opening recording… \d+%$/ });
}

function deadlinePanel(page: Page) {
  return page.getByRole('alert').filter({ hasText: 'This recording took too long to open' });
}

/**
 * Round trips into the page for as long as the progress bar is there (a sample every 50 ms, at most
 * `max`): how long each took, the bar's values, and how many workers the page had. A sample counts
 * only if the bar was still there when the page answered, so the viewer's first render after opening
 * is never measured. Sampling until the bar goes (not a fixed handful) keeps the values meaningful on
 * a slow or loaded machine, where the first half second of opening may all read 0 %.
 */
async function probeWhileOpening(page: Page, max = 1_000): Promise<{ ms: number[]; values: number[]; workers: number[] }> {
  const out = { ms: [] as number[], values: [] as number[], workers: [] as number[] };
  while (out.ms.length < max) {
    const t0 = performance.now();
    const value = await page.evaluate(() => {
      const bar = document.querySelector('progress');
      return bar ? bar.value : null;
    });
    const ms = performance.now() - t0;
    if (value === null) break;
    out.ms.push(ms);
    out.values.push(value);
    out.workers.push(page.workers().length);
    await page.waitForTimeout(50);
  }
  return out;
}

let long: string | null = null;
/** 10,000 packets: about a second of replay, the same file as the long-session journey. */
const longText = () => (long ??= longFile(10_000));

describe('opening in a worker', () => {
  test('a long session: a labelled progress bar that moves, a page that keeps answering, then the viewer', () =>
    withPage('open-worker-progress', {}, async ({ page }) => {
      const text = longText();
      const session = await openInNode(text);
      await page.goto(url('/'));
      await openFile(page, 'long.json', text);
      await progressBar(page).waitFor({ state: 'visible', timeout: 10_000 });
      const probe = await probeWhileOpening(page);
      expect(probe.ms.length, 'round trips while the progress bar showed').toBeGreaterThanOrEqual(1);
      for (const ms of probe.ms) expect(ms, 'a round trip into the page while it opens').toBeLessThan(RESPONSIVE_MS);
      expect(probe.workers.some((n) => n === 1) && probe.workers.every((n) => n <= 1), `one worker while opening, saw ${probe.workers}`).toBe(true);
      await waitForViewer(page);
      await expectLive(page, expectedLive(session, 0));
      // The bar showed something between nothing and done, and the worker is gone once it is.
      expect(probe.values.some((v) => v > 0 && v < 100), `progress values seen: ${probe.values}`).toBe(true);
      await eventually(async () => page.workers().length, 0, 'workers after opening');
    }));

  test('one event that takes many seconds (a 32768-bit RSA host key): the page keeps answering, and the deadline stops it, naming the event', () =>
    withPage('open-worker-rsa', {}, async ({ page }) => {
      const { text, event } = bigRsaFile();
      await page.goto(url('/'));
      await openFile(page, 'big-rsa.json', text);
      await page.waitForURL((u) => u.pathname === '/view/', { timeout: 10_000 });
      // Open it again with a 5 s deadline (leaving the page stops the first opening with it).
      await page.goto(url('/view/?deadline=5'));
      await progressBar(page).or(liveRegion(page)).first().waitFor({ state: 'visible', timeout: 10_000 });
      const probe = await probeWhileOpening(page);
      for (const ms of probe.ms) expect(ms, 'a round trip into the page while it opens').toBeLessThan(RESPONSIVE_MS);
      // The deadline message, or, once the engine refuses such a key before any arithmetic, a
      // failed handshake that opened at once: either way, never a frozen page.
      const panel = deadlinePanel(page);
      await panel.or(liveRegion(page)).first().waitFor({ state: 'visible', timeout: 15_000 });
      if (!(await panel.isVisible())) {
        await expectLive(page, expectedLive(await openInNode(text), 0));
        return;
      }
      expect(probe.ms.length, 'round trips during the 5 s it was opening').toBeGreaterThanOrEqual(3);
      expect(probe.workers.some((n) => n === 1) && probe.workers.every((n) => n <= 1), `one worker while opening, saw ${probe.workers}`).toBe(true);
      const message = await panel.innerText();
      expect(message).toContain(`$.client.events[${event}]`);
      expect(message).toContain(`Opening was stopped after 5 s: the replay was still in the client's event ${event + 1} of ${event + 1} (bytesReceived)`);
      expect(message).toContain('big-rsa.json');
      // The same way out as any other error: open another file from here. It opens while the
      // stopped worker finishes its one event in the background (see openInWorker.ts).
      const good = handshakeFile();
      await openFile(page, 'handshake.json', good);
      await waitForViewer(page);
      await expectLive(page, expectedLive(await openInNode(good), 0));
      // Once that event is over, the worker notices it was asked to stop, and goes.
      await eventually(async () => page.workers().length, 0, 'workers once the stopped one has finished its event', 60_000);
    }), 120_000);

  test('a long session past a short deadline: the message says how far opening got; a link out stays usable', () =>
    withPage('open-worker-deadline', {}, async ({ page }) => {
      await page.goto(url('/'));
      await openFile(page, 'long.json', longText());
      await page.waitForURL((u) => u.pathname === '/view/', { timeout: 10_000 });
      await page.goto(url('/view/?deadline=0.1'));
      const panel = deadlinePanel(page);
      await panel.waitFor({ state: 'visible', timeout: 10_000 });
      expect(await panel.innerText()).toMatch(/Opening was stopped after 0\.1 s(, while the file was still being read and checked|: the replay had got as far as|: the replay was still in)/);
      await eventually(async () => page.workers().length, 0, 'workers after the deadline');
      // Keyboard focus reaches the way back (the page is alive and the panel is not a dead end).
      const back = page.getByRole('link', { name: 'Back to the gallery' }).first();
      await back.focus();
      expect(await page.evaluate(() => document.activeElement?.textContent ?? '')).toContain('Back to the gallery');
    }));

  test('leaving the page while a recording opens stops its worker', () =>
    withPage('open-worker-cancel', {}, async ({ page }) => {
      await page.goto(url('/'));
      await openFile(page, 'long.json', longText());
      await progressBar(page).waitFor({ state: 'visible', timeout: 10_000 });
      // The way out offered while opening: a client-side navigation, so only unmounting stops the worker.
      await page.getByRole('link', { name: 'Back to the gallery' }).click();
      await page.waitForURL((u) => u.pathname === '/', { timeout: 10_000 });
      await eventually(async () => page.workers().length, 0, 'workers after leaving');
      await expect(page.getByLabel('Open a recording').isVisible()).resolves.toBe(true);
    }));
});
