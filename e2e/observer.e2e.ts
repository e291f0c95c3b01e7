// Journey: an observer's recording (both directions' bytes, no endpoint of ours) opened through
// "Open a recording". With a key log every packet is decrypted (the SERVICE_ACCEPT's payload is
// readable); without one, the first encrypted packet says what a key log would reveal.

import { describe, expect, test } from 'vitest';
import { observerRecording, type KeylogChoice } from '../lib/session/observer/fromEndpoints';
import { parseRecording, stringifyRecording } from '../lib/session/recording';
import type { Session } from '../lib/session/session';
import { failingFindings } from './axe';
import { handshakeFile } from './fixtures';
import { screenshot, url, withPage } from './harness';
import { expectedLive, openInNode } from './model';
import { expectLive, waitForViewer } from './viewer';
import type { Page } from 'playwright-core';

function observed(keylog: KeylogChoice): string {
  const rec = observerRecording(parseRecording(handshakeFile()), keylog);
  return stringifyRecording({ ...rec, meta: { ...rec.meta, title: `e2e observed (${keylog})` } });
}

async function openFile(page: Page, text: string): Promise<void> {
  await page.goto(url('/'));
  await page.getByLabel('Open a recording').setInputFiles({ name: 'observed.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await page.waitForURL((u) => u.pathname === '/view/', { timeout: 10_000 });
  await waitForViewer(page);
}

async function goTo(page: Page, session: Session, index: number): Promise<void> {
  await page.keyboard.press('Home');
  for (let i = 0; i < index; i++) await page.keyboard.press('ArrowRight');
  await expectLive(page, expectedLive(session, index));
}

describe('an observer recording', () => {
  test('with a key log: the header says it is an observer\'s view and encrypted packets are decrypted', () =>
    withPage('observer-keylog', {}, async ({ page }) => {
      const text = observed('client-private');
      const session = await openInNode(text);
      await openFile(page, text);
      await expect.poll(() => page.getByTestId('outcome').textContent()).toContain("observer's view, decrypted with the key log: handshake complete, service ssh-userauth accepted");
      const accept = session.steps.findIndex((s) => s.kind === 'message' && s.title === 'SSH_MSG_SERVICE_ACCEPT');
      expect(accept).toBeGreaterThan(0);
      await goTo(page, session, accept);
      const inspector = page.getByRole('region', { name: /packet/i }).first();
      // The decrypted payload's field: service_name = ssh-userauth.
      await expect.poll(() => inspector.textContent()).toContain('service_name');
      await expect.poll(() => inspector.textContent()).toContain('ssh-userauth');
      await screenshot(page, 'observer-keylog');
    }));

  test('without a key log: the first encrypted packet says what a key log would reveal', () =>
    withPage('observer-no-keylog', {}, async ({ page }) => {
      const text = observed('none');
      const session = await openInNode(text);
      await openFile(page, text);
      await expect.poll(() => page.getByTestId('outcome').textContent()).toContain("observer's view, no key log");
      const first = session.steps.findIndex((s) => s.kind === 'message' && s.encrypted);
      await goTo(page, session, first);
      const note = page.getByTestId('packet-note');
      await note.waitFor({ state: 'visible' });
      expect(await note.textContent()).toMatch(/A key log .* would reveal K, H, the session id and keys A–F, decrypt every packet/);
      // The explanation says what an observer without keys sees, and the page stays accessible.
      await expect.poll(() => page.getByTestId('explanation').first().textContent()).toContain('Encrypted, and no keys to open it');
      expect(await failingFindings(page)).toEqual([]);
      await screenshot(page, 'observer-no-keylog');
    }));
});
