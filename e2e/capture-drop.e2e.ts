// Journey: a capture (pcapng) opened on the gallery, with or without its key log, all in the page.
// The capture is built here from a simulated session's bytes (both directions, test/capture's
// layouts); what the page must show is computed in Node by the same import the CLI uses.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { CaptureError, importCapture } from '../lib/capture';
import { formatKeylog, parseKeylog } from '../lib/session/keylog';
import { observerRecording } from '../lib/session/observer/fromEndpoints';
import { parseRecording, stringifyRecording } from '../lib/session/recording';
import type { Session } from '../lib/session/session';
import { connectionsPcapng, type ConnectionBytes } from '../test/capture/session';
import { failingFindings } from './axe';
import { handshakeFile } from './fixtures';
import { screenshot, url, withPage } from './harness';
import { expectedLive, openInNode } from './model';
import { expectLive, waitForViewer } from './viewer';

const observed = observerRecording(parseRecording(handshakeFile()), 'client-private');
const KEYLOG = formatKeylog(observed.keylog!);
const conn = (port: number): ConnectionBytes => ({ client: { ip: [192, 0, 2, 1], port }, server: { ip: [192, 0, 2, 2], port: 22 }, chunks: observed.peerBytes! });
const ONE = Buffer.from(connectionsPcapng([conn(40001)]));
const TWO = Buffer.from(connectionsPcapng([conn(40002), conn(40003)]));

type Upload = { name: string; mimeType: string; buffer: Buffer };
const pcapng = (name: string, buffer: Buffer): Upload => ({ name, mimeType: 'application/octet-stream', buffer });
const keylogFile: Upload = { name: 'keys.log', mimeType: 'text/plain', buffer: Buffer.from(KEYLOG) };

/** The session the page must show: the same import and open, in Node. */
async function expected(bytes: Buffer, opts: { stream?: number; keylog?: boolean } = {}): Promise<{ text: string; session: Session }> {
  const { recording } = importCapture(new Uint8Array(bytes), { ...(opts.stream ? { stream: opts.stream } : {}), ...(opts.keylog ? { keylog: parseKeylog(KEYLOG) } : {}), tool: 'sshscope (browser)' });
  const text = stringifyRecording(recording);
  return { text, session: await openInNode(text) };
}

async function openFiles(page: Page, files: Upload[]): Promise<void> {
  await page.goto(url('/'));
  await page.getByLabel('Open a recording').setInputFiles(files);
  await page.waitForURL((u) => u.pathname === '/view/', { timeout: 10_000 });
}

async function goTo(page: Page, session: Session, index: number): Promise<void> {
  await page.keyboard.press('Home');
  for (let i = 0; i < index; i++) await page.keyboard.press('ArrowRight');
  await expectLive(page, expectedLive(session, index));
}

const stepOf = (s: Session, title: string) => s.steps.findIndex((x) => x.kind === 'message' && x.title === title);

describe('a capture opened in the browser', () => {
  test('with its key log chosen together: decrypted steps; the recording downloads and opens like any recording', () =>
    withPage('capture-keylog', { viewport: { width: 1280, height: 800 } }, async ({ page }) => {
      const { text, session } = await expected(ONE, { keylog: true });
      await page.goto(url('/'));
      await expect.poll(() => page.locator('.open-recording').textContent()).toContain('nothing is uploaded');
      await openFiles(page, [keylogFile, pcapng('lab.pcapng', ONE)]);
      await waitForViewer(page);
      await expect.poll(() => page.getByTestId('outcome').textContent()).toContain("observer's view, decrypted with the key log: handshake complete");
      const request = stepOf(session, 'SSH_MSG_SERVICE_REQUEST');
      expect(request).toBeGreaterThan(0);
      await goTo(page, session, request);
      const inspector = page.getByRole('region', { name: /packet/i }).first();
      await expect.poll(() => inspector.textContent()).toContain('service_name');
      await expect.poll(() => inspector.textContent()).toContain('ssh-userauth');
      await screenshot(page, 'capture-opened');

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download recording' }).click()]);
      expect(download.suggestedFilename()).toBe('lab.json');
      // The browser runs apart from the test (connected remotely): the file is copied here to be read.
      const dir = mkdtempSync(join(tmpdir(), 'sshscope-download-'));
      let saved: string;
      try {
        await download.saveAs(join(dir, 'lab.json'));
        saved = readFileSync(join(dir, 'lab.json'), 'utf8');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      expect(saved).toBe(text);
      // The downloaded file is a recording: it opens through the same control, with the same steps.
      await openFiles(page, [{ name: 'lab.json', mimeType: 'application/json', buffer: Buffer.from(saved) }]);
      await waitForViewer(page);
      await expectLive(page, expectedLive(session, 0));
      await expect.poll(() => page.getByTestId('outcome').textContent()).toContain('decrypted with the key log');
    }));

  test('without a key log: the first encrypted packet says what a key log would reveal; "Add a key log" decrypts it', () =>
    withPage('capture-no-keylog', {}, async ({ page }) => {
      const { session } = await expected(ONE);
      await openFiles(page, [pcapng('lab.pcapng', ONE)]);
      await waitForViewer(page);
      await expect.poll(() => page.getByTestId('outcome').textContent()).toContain("observer's view, no key log");
      await goTo(page, session, session.steps.findIndex((s) => s.kind === 'message' && s.encrypted));
      const note = page.getByTestId('packet-note');
      await note.waitFor({ state: 'visible' });
      expect(await note.textContent()).toMatch(/A key log .* would reveal/);

      await page.getByLabel('Add a key log').setInputFiles(keylogFile);
      await waitForViewer(page);
      await expect.poll(() => page.getByTestId('outcome').textContent()).toContain('decrypted with the key log');
      // Kept in the tab: a reload shows the capture decrypted again.
      await page.reload();
      await waitForViewer(page);
      await expect.poll(() => page.getByTestId('outcome').textContent()).toContain('decrypted with the key log');
    }));

  test('two SSH connections: the chooser lists both; the second is opened from the keyboard', () =>
    withPage('capture-chooser', { viewport: { width: 1280, height: 800 } }, async ({ page }) => {
      const { session } = await expected(TWO, { stream: 2, keylog: true });
      await openFiles(page, [pcapng('two.pcapng', TWO), keylogFile]);
      await page.getByRole('heading', { name: 'Choose an SSH connection', level: 1 }).waitFor();
      const cards = page.locator('.stream-card');
      await expect.poll(() => cards.count()).toBe(2);
      const second = await cards.nth(1).textContent();
      expect(second).toContain('Connection 2: 192.0.2.1:40003 → 192.0.2.2:22');
      expect(second).toContain('SSH-2.0-');
      const up = observed.peerBytes!.filter((p) => p.direction === 'c2s').reduce((a, p) => a + p.bytes.length, 0);
      expect(second).toContain(`${up.toLocaleString('en')} bytes client → server`);
      expect(await failingFindings(page)).toEqual([]);
      await screenshot(page, 'capture-chooser');

      await page.getByRole('button', { name: 'Open connection 2' }).focus();
      await page.keyboard.press('Enter');
      await waitForViewer(page);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).first().textContent()).toBe('Captured SSH connection 192.0.2.1:40003 → 192.0.2.2:22');
      await expect.poll(() => page.getByTestId('outcome').textContent()).toContain('decrypted with the key log');
      await expectLive(page, expectedLive(session, 0));
      // Back to the list from the opened connection.
      await page.getByRole('button', { name: 'Other connections' }).click();
      await page.getByRole('heading', { name: 'Choose an SSH connection', level: 1 }).waitFor();
    }));

  test('a capture and its key log dropped together on the gallery open decrypted', () =>
    withPage('capture-drop', {}, async ({ page }) => {
      await page.goto(url('/'));
      await page.waitForLoadState('networkidle');
      // What a browser does when files are dragged in from the desktop: dragenter/over, then drop.
      const data = await page.evaluateHandle(
        ({ capture, keylog }) => {
          const dt = new DataTransfer();
          dt.items.add(new File([Uint8Array.from(capture)], 'dropped.pcapng'));
          // No telling name: the key log is known by its first line.
          dt.items.add(new File([keylog], 'secrets'));
          return dt;
        },
        { capture: [...ONE], keylog: KEYLOG },
      );
      for (const type of ['dragenter', 'dragover', 'drop']) await page.dispatchEvent('body', type, { dataTransfer: data });
      await page.waitForURL((u) => u.pathname === '/view/', { timeout: 10_000 });
      await waitForViewer(page);
      await expect.poll(() => page.getByTestId('outcome').textContent()).toContain('decrypted with the key log');
    }));

  test("the connection's warnings show with the session (a capture that starts mid-connection)", () =>
    withPage('capture-warnings', {}, async ({ page }) => {
      const bytes = Buffer.from(connectionsPcapng([{ ...conn(40009), omitHandshake: true }]));
      const { notes } = importCapture(new Uint8Array(bytes));
      expect(notes).toEqual(['No SYN or SYN-ACK in the capture: the side on the higher port (40009) is taken to be the client.']);
      await openFiles(page, [pcapng('late.pcapng', bytes)]);
      await waitForViewer(page);
      const warnings = page.getByRole('status', { name: 'Warnings about this recording' });
      await expect.poll(() => warnings.textContent()).toContain(notes[0]);
    }));

  test('a truncated capture and garbage: the error names the problem and the file byte', () =>
    withPage('capture-errors', {}, async ({ page }) => {
      const cut = ONE.subarray(0, ONE.length - 10);
      let offset = -1;
      try {
        importCapture(new Uint8Array(cut));
      } catch (e) {
        if (e instanceof CaptureError) offset = e.offset;
      }
      expect(offset).toBeGreaterThan(0);
      await openFiles(page, [pcapng('cut.pcapng', Buffer.from(cut))]);
      const panel = page.getByRole('alert').filter({ hasText: 'This capture cannot be opened' });
      await panel.waitFor();
      const t = await panel.textContent();
      expect(t).toContain('cut.pcapng');
      expect(t).toContain(`file byte ${offset}`);
      expect(t).toContain('The capture is cut short');
      expect(await failingFindings(page)).toEqual([]);

      await openFiles(page, [pcapng('junk.pcap', Buffer.from('this is not a capture at all'))]);
      await panel.waitFor();
      await expect.poll(() => panel.textContent()).toContain('file byte 0');
      await expect.poll(() => panel.textContent()).toContain('This is not a pcap or pcapng capture');
      await screenshot(page, 'capture-error');
    }));

  test('a bad key log: the error names its line; the capture opens without it', () =>
    withPage('capture-bad-keylog', {}, async ({ page }) => {
      await openFiles(page, [pcapng('lab.pcapng', ONE), { name: 'keys.log', mimeType: 'text/plain', buffer: Buffer.from(`${KEYLOG}${'ab'.repeat(16)} PUBLIC_KEY 00\n`) }]);
      const panel = page.getByRole('alert').filter({ hasText: 'This key log cannot be read' });
      await panel.waitFor();
      const line = KEYLOG.trim().split('\n').length + 1;
      await expect.poll(() => panel.textContent()).toContain(`key log line ${line}`);
      expect(await panel.textContent()).toContain('keys.log');
      expect(await failingFindings(page)).toEqual([]);
      await page.getByRole('button', { name: 'Open without the key log' }).click();
      await waitForViewer(page);
      await expect.poll(() => page.getByTestId('outcome').textContent()).toContain('no key log');
    }));
});
