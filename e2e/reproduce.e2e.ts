// Journey: "Reproduce" beside a computed value. On the flagship session, at the step where the
// client computes K, the disclosure opens a command holding this session's own hex (the client's
// ephemeral private key, the server's Q_S), the Copy button copies exactly that command, and the
// text as the page shows it, pasted into bash, prints K (when Debian's python3-cryptography is
// there; .ci/run installs it). The same for an encrypted packet's Poly1305 tag. axe on the open state.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { toHex } from '../lib/ssh/wire/bytes';
import type { MessageStep } from '../lib/session/session';
import { formatFindings, failingFindings } from './axe';
import { screenshot, url, withPage } from './harness';
import { expectedLive, flagshipSession } from './model';
import { eventually, expectLive, waitForViewer } from './viewer';

const ENV: NodeJS.ProcessEnv = { PATH: '/usr/bin:/bin', LC_ALL: 'C', NODE_ENV: process.env.NODE_ENV };
const python = existsSync('/usr/bin/python3') && spawnSync('/usr/bin/python3', ['-c', 'import cryptography'], { env: ENV }).status === 0;
if (!python && process.env.CI) throw new Error('python3-cryptography is missing: .ci/run installs it');

/** What a reader gets by pasting the command into a shell. */
function run(command: string): string {
  const r = spawnSync('bash', ['--norc', '--noprofile', '-c', command], { env: ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  expect(r.stderr).toBe('');
  return r.stdout.trim();
}

/** Opens the disclosure named `name` and returns the command as the page shows it. */
async function openCommand(page: Page, name: string): Promise<string> {
  const toggle = page.getByRole('button', { name, exact: true });
  await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('false');
  await toggle.click();
  await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('true');
  const panel = page.locator(`[id="${await toggle.getAttribute('aria-controls')}"]`);
  const block = panel.getByTestId('reproduce-command');
  await block.waitFor({ state: 'visible' });
  return block.innerText();
}

describe('reproduce commands in the viewer', () => {
  test('Reproduce K at the step the client computes K: this session’s hex, copied whole, and it prints K', () =>
    withPage('reproduce-k', {}, async ({ page, context }) => {
      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      const { entry, session } = await flagshipSession();
      const kStep = session.steps.find((s) => s.kind === 'computation' && s.by === 'client' && s.action === 'compute K')!;
      const known = session.stateAt(kStep.index).client.known;
      const H = session.stateAt(session.steps.length - 1).client.known.H!;
      await page.goto(url(`/sessions/${entry.slug}/?step=${kStep.index + 1}`));
      await waitForViewer(page);
      await expectLive(page, expectedLive(session, kStep.index));
      const inspector = page.getByTestId('state-inspector').first();
      await eventually(async () => (await inspector.innerText()).replace(/\s+/g, '').includes(toHex(known.K!.value).slice(0, 32)), true, 'K shown');
      // H is not computed yet at this step, so it has no Reproduce button; K has one.
      await expect(page.getByRole('button', { name: 'Reproduce H (client)', exact: true }).count()).resolves.toBe(0);

      const command = await openCommand(page, 'Reproduce K (client)');
      expect(command).toContain("this session's own inputs");
      expect(command).toContain('ephemeral private keys on purpose');
      expect(command).toContain(toHex(known.ephemeral!.privateKey));
      const Q_S = H.inputs.find((i) => i.name === 'Q_S')!.bytes.subarray(4);
      expect(command).toContain(toHex(Q_S));
      // The block wraps: no horizontal scrolling for the long hex lines.
      const block = page.getByTestId('reproduce-command').first();
      const { scrollWidth, clientWidth } = await block.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
      expect(scrollWidth).toBeLessThanOrEqual(clientWidth);

      // Scanned before Copy is pressed: CopyButton's 1.5 s "✓ Copied" is not part of its name.
      const findings = await failingFindings(page);
      if (findings.length) console.log(formatFindings('viewer with Reproduce K open', findings));
      expect(findings.map((f) => `${f.impact} ${f.id}`)).toEqual([]);
      await screenshot(page, 'reproduce-k');

      await page.getByRole('button', { name: 'Copy the command that reproduces K (client)', exact: true }).click();
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      expect(copied.trim()).toBe(command.trim());
      if (python) expect(run(copied)).toBe(toHex(known.K!.value));


      await page.getByRole('button', { name: 'Reproduce K (client)', exact: true }).click();
      await expect(page.getByTestId('reproduce-command').count()).resolves.toBe(0);
    }));

  test('Reproduce tag on an encrypted packet: the wire bytes are in the command, and it prints the tag', () =>
    withPage('reproduce-tag', {}, async ({ page }) => {
      const { entry, session } = await flagshipSession();
      const step = session.steps.find((s): s is MessageStep => s.kind === 'message' && s.encrypted && s.flow === 'c2s')!;
      const e = step.entry;
      const tag = e.wire.subarray(e.wire.length - 16);
      await page.goto(url(`/sessions/${entry.slug}/?step=${step.index + 1}`));
      await waitForViewer(page);
      await expectLive(page, expectedLive(session, step.index));
      const command = await openCommand(page, 'Reproduce tag');
      expect(command).toContain(toHex(e.wire.subarray(4, e.wire.length - 16)));
      expect(command).toContain(`seq = ${e.seq}`);
      if (python) expect(run(command)).toBe(toHex(tag));
      const decryption = await openCommand(page, 'Reproduce decryption');
      if (python) expect(run(decryption)).toBe(toHex(e.packet!));
      await screenshot(page, 'reproduce-tag');
    }));
});
