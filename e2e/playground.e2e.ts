// The playground (issue 13): a link restores every control, the run happens in a worker and opens
// in the session viewer, the download is what `sshscope simulate` writes for the same options,
// a failing setup says why, bad links are explained, keys step the result, axe finds nothing.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { simulateCommand } from '../lib/node/cli/simulate';
import { failingFindings, formatFindings } from './axe';
import { screenshot, url, withPage } from './harness';
import { openInNode, expectedLive } from './model';
import { button, eventually, expectLive, liveText, waitForViewer } from './viewer';

const dir = mkdtempSync(join(tmpdir(), 'sshscope-playground-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A setup that differs from the defaults in every kind of control. */
const SETUP: [string, string][] = [
  ['kex', 'curve25519-sha256,ecdh-sha2-nistp256'],
  ['hostkey', 'rsa-sha2-256,ssh-ed25519'],
  ['cipher', 'aes256-gcm@openssh.com,aes128-ctr'],
  ['mac', 'hmac-sha2-256-etm@openssh.com'],
  ['server-kex', 'ecdh-sha2-nistp256,curve25519-sha256'],
  ['server-hostkey', 'ssh-ed25519,rsa-sha2-512,rsa-sha2-256'],
  ['server-cipher', 'aes128-ctr,aes256-gcm@openssh.com'],
  ['server-mac', 'hmac-sha1,hmac-sha2-256-etm@openssh.com'],
  ['server-keys', 'ssh-ed25519,ssh-rsa'],
  ['client-strict', '1'],
  ['server-strict', '0'],
  ['client-ext-info', '0'],
  ['server-ext-info', '1'],
  ['guess', '1'],
  ['seed', '42'],
];
const query = (pairs: [string, string][]) => '?' + pairs.map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/%2C/g, ',')}`).join('&');

function category(page: Page, title: string): Locator {
  return page.getByRole('group', { name: new RegExp(`^${title}`) });
}
function list(page: Page, title: string, side: 'Client' | 'Server'): Locator {
  return category(page, title).getByRole('list', { name: `${side} offers` });
}
async function names(l: Locator): Promise<string[]> {
  return l.locator('li code').allTextContents();
}
function sideGroup(page: Page, side: 'Client' | 'Server'): Locator {
  return page.getByRole('group', { name: side, exact: true });
}

/** The recording `sshscope simulate` writes with these options (the CLI module, in this process). */
function cliRecording(pairs: [string, string][]): { code: number; json: { client: unknown; server: unknown; meta: unknown } } {
  const file = join(dir, `cli-${Math.random().toString(36).slice(2)}.json`);
  const code = simulateCommand([...pairs.flatMap(([k, v]) => [`--${k}`, v]), '--out', file], () => {});
  return { code, json: JSON.parse(readFileSync(file, 'utf8')) };
}

async function runAndWait(page: Page): Promise<void> {
  await button(page, 'Run handshake').click();
  await page.getByTestId('run-outcome').waitFor({ state: 'visible', timeout: 30_000 });
  await waitForViewer(page);
  // The page moves focus to the result once it shows: keys step the viewer from then on.
  await page.waitForFunction(() => Boolean(document.activeElement?.closest('[data-testid="playground-result"]')));
}

async function axe(page: Page, where: string): Promise<void> {
  const findings = await failingFindings(page);
  if (findings.length) console.log(formatFindings(where, findings));
  expect(findings.map((f) => `${f.impact} ${f.id} (${f.nodes.length} nodes)`), `axe on ${where}`).toEqual([]);
}

describe('playground', () => {
  test('a link restores every control; the run opens in the viewer; the download equals sshscope simulate', () =>
    withPage('playground-link', {}, async ({ page }) => {
      await page.goto(url('/playground/' + query(SETUP)));
      await button(page, 'Run handshake').waitFor();

      expect(await names(list(page, 'Key exchange', 'Client'))).toEqual(['curve25519-sha256', 'ecdh-sha2-nistp256']);
      expect(await names(list(page, 'Key exchange', 'Server'))).toEqual(['ecdh-sha2-nistp256', 'curve25519-sha256']);
      expect(await names(list(page, 'Host key', 'Client'))).toEqual(['rsa-sha2-256', 'ssh-ed25519']);
      expect(await names(list(page, 'Host key', 'Server'))).toEqual(['ssh-ed25519', 'rsa-sha2-512', 'rsa-sha2-256']);
      expect(await names(list(page, 'Ciphers', 'Client'))).toEqual(['aes256-gcm@openssh.com', 'aes128-ctr']);
      expect(await names(list(page, 'Ciphers', 'Server'))).toEqual(['aes128-ctr', 'aes256-gcm@openssh.com']);
      expect(await names(list(page, 'MACs', 'Client'))).toEqual(['hmac-sha2-256-etm@openssh.com']);
      expect(await names(list(page, 'MACs', 'Server'))).toEqual(['hmac-sha1', 'hmac-sha2-256-etm@openssh.com']);
      const client = sideGroup(page, 'Client');
      const server = sideGroup(page, 'Server');
      expect(await client.getByRole('checkbox', { name: /^Strict kex/ }).isChecked()).toBe(true);
      expect(await server.getByRole('checkbox', { name: /^Strict kex/ }).isChecked()).toBe(false);
      expect(await client.getByRole('checkbox', { name: /^ext-info/ }).isChecked()).toBe(false);
      expect(await server.getByRole('checkbox', { name: /^ext-info/ }).isChecked()).toBe(true);
      expect(await client.getByRole('checkbox', { name: /^Guess the key exchange/ }).isChecked()).toBe(true);
      const keys = server.getByRole('group', { name: 'Host keys it holds' });
      for (const [t, held] of [
        ['ssh-ed25519', true],
        ['ecdsa-sha2-nistp256', false],
        ['ssh-rsa', true],
      ] as const) {
        expect(await keys.getByRole('checkbox', { name: t }).isChecked(), t).toBe(held);
      }
      expect(await page.getByLabel('Seed').inputValue()).toBe('42');
      // The page shows the same run as a command, with the same names.
      expect(await page.getByTestId('cli-command').textContent()).toBe(`sshscope simulate ${SETUP.map(([k, v]) => `--${k} ${v}`).join(' ')} --out handshake.json`);
      await screenshot(page, 'playground-link-1440');

      await runAndWait(page);
      const cli = cliRecording(SETUP);
      const [download] = await Promise.all([page.waitForEvent('download'), button(page, 'Download recording').click()]);
      const saved = join(dir, 'downloaded.json');
      await download.saveAs(saved);
      expect(download.suggestedFilename()).toBe('sshscope-playground-seed42.json');
      const downloaded = JSON.parse(readFileSync(saved, 'utf8'));
      // Same client and server: configs and event logs (every random byte, every received chunk).
      expect(downloaded.client).toEqual(cli.json.client);
      expect(downloaded.server).toEqual(cli.json.server);
      expect(downloaded.client.events.length).toBeGreaterThanOrEqual(8);
      expect(downloaded.meta.outcome).toBe('handshake complete, service ssh-userauth accepted');

      // The viewer shows that recording: its last step's live text is the one a replay in Node gives.
      const session = await openInNode(JSON.stringify(downloaded));
      expect(await page.getByTestId('outcome').textContent()).toContain(session.summary.outcome);
      await page.keyboard.press('End');
      await expectLive(page, expectedLive(session, session.steps.length - 1));
      expect(cli.code).toBe(session.summary.ok ? 0 : 1);
      // The link now reproduces the run.
      expect(new URL(page.url()).searchParams.get('run')).toBe('1');
    }));

  test('an attack link restores the attack control, runs, says who noticed (or the cost), draws the attacker, and equals sshscope simulate', () =>
    withPage('playground-attack', {}, async ({ page }) => {
      // Terrapin without strict kex: the settings of the bundled terrapin-chacha20-no-strict-kex.
      const TERRAPIN: [string, string][] = [
        ['cipher', 'chacha20-poly1305@openssh.com'],
        ['server-keys', 'ssh-ed25519'],
        ['strict', '0'],
        ['seed', '41'],
        ['attack', 'terrapin'],
      ];
      await page.goto(url('/playground/' + query(TERRAPIN)));
      await button(page, 'Run handshake').waitFor();
      const attack = page.getByTestId('attack-setup');
      expect(await attack.getByLabel('Attack', { exact: true }).inputValue()).toBe('terrapin');
      expect(await page.getByTestId('cli-command').textContent()).toContain('--attack terrapin');
      await runAndWait(page);
      const report = page.getByTestId('attack-report');
      expect(await report.getByRole('heading').textContent()).toMatch(/terrapin.*nobody noticed/);
      expect(await page.getByTestId('attack-cost').textContent()).toMatch(/the server's SSH_MSG_EXT_INFO never arrived.*server-sig-algs/);
      expect(await report.getByRole('link', { name: 'terrapin-chacha20-no-strict-kex' }).getAttribute('href')).toBe('/sessions/terrapin-chacha20-no-strict-kex/?step=18');
      // The attack's explanation opens in place, under the report.
      const explain = page.getByTestId('attack-explanation');
      await explain.getByRole('button', { name: /Terrapin/ }).click();
      await eventually(async () => /before NEWKEYS an attacker injects an IGNORE/.test(await explain.innerText()), true, 'the Terrapin explanation shows');
      const diagram = (await page.getByTestId('sequence-diagram').first().textContent()) ?? '';
      expect(diagram).toMatch(/attacker/i);
      // Browser and CLI: the same event logs for the attack setup.
      const cli = cliRecording(TERRAPIN);
      const [download] = await Promise.all([page.waitForEvent('download'), button(page, 'Download recording').click()]);
      const saved = join(dir, 'downloaded-attack.json');
      await download.saveAs(saved);
      const downloaded = JSON.parse(readFileSync(saved, 'utf8'));
      expect(downloaded.client).toEqual(cli.json.client);
      expect(downloaded.server).toEqual(cli.json.server);
      expect(downloaded.meta).toEqual(cli.json.meta);
      // A step link moves the viewer to the step where the attacker deleted EXT_INFO.
      const session = await openInNode(JSON.stringify(downloaded));
      const dropped = session.steps.find((st) => st.kind === 'message' && st.tampered === 'dropped')!;
      await report.getByRole('link', { name: `step ${dropped.index + 1}` }).click();
      await expectLive(page, expectedLive(session, dropped.index));
      await screenshot(page, 'playground-attack-terrapin-1440');
      await axe(page, '/playground after an attack run');
    }));

  test('an attack with a direction and a number: the link restores them, keys change them, the side that noticed is named', () =>
    withPage('playground-attack-flip', {}, async ({ page }) => {
      await page.goto(url('/playground/?attack=flip:s2c:2&run=1'));
      const attack = page.getByTestId('attack-setup');
      await page.getByTestId('attack-report').waitFor({ timeout: 30_000 });
      expect(await attack.getByLabel('Attack', { exact: true }).inputValue()).toBe('flip');
      expect(await attack.getByLabel('Direction').inputValue()).toBe('s2c');
      expect(await attack.getByLabel('Encrypted packet number').inputValue()).toBe('2');
      // The server's second encrypted packet is SERVICE_ACCEPT (RFC 8308 §2.4: EXT_INFO first): the client checks its tag.
      expect(await page.getByTestId('attack-noticed').textContent()).toMatch(/^The client noticed at SSH_MSG_SERVICE_ACCEPT .*SSH_DISCONNECT_MAC_ERROR \(5\)/);
      expect((await page.getByTestId('sequence-diagram').first().textContent()) ?? '').toMatch(/attacker/i);
      await page.setViewportSize({ width: 390, height: 844 });
      await attack.scrollIntoViewIfNeeded();
      await screenshot(page, 'playground-attack-flip-390x844-setup');
      await page.getByTestId('attack-report').scrollIntoViewIfNeeded();
      await screenshot(page, 'playground-attack-flip-390x844-report');
      // Keyboard: the number field, then the direction select.
      await attack.getByLabel('Encrypted packet number').fill('1');
      await attack.getByLabel('Direction').focus();
      await page.keyboard.press('ArrowUp');
      await eventually(() => Promise.resolve(new URL(page.url()).searchParams.get('attack')), 'flip:c2s:1', 'attack parameter');
      await attack.getByLabel('Attack', { exact: true }).selectOption('');
      await eventually(() => Promise.resolve(new URL(page.url()).searchParams.get('attack')), null, 'no attack parameter');
    }));

  test('changing a control rewrites the link, and the link brings it back', () =>
    withPage('playground-url', {}, async ({ page }) => {
      await page.goto(url('/playground/'));
      await button(page, 'Run handshake').waitFor();
      expect(new URL(page.url()).search).toBe('');
      const clientKex = list(page, 'Key exchange', 'Client');
      const before = await names(clientKex);
      // Keyboard only: focus the first item's "Move down", press Enter twice; focus stays on it.
      await clientKex.getByRole('button', { name: `Move down ${before[0]} (client key exchange)` }).focus();
      await page.keyboard.press('Enter');
      await page.keyboard.press('Enter');
      const moved = [before[1], before[2], before[0], ...before.slice(3)];
      await eventually(() => names(clientKex), moved, 'client kex after two moves down');
      await eventually(() => Promise.resolve(new URL(page.url()).searchParams.get('kex')), moved.join(','), 'kex parameter');
      // Remove from the server's MACs, add to the client's ciphers, switch a side's strict kex off.
      const serverMacs = list(page, 'MACs', 'Server');
      const firstMac = (await names(serverMacs))[0];
      await serverMacs.getByRole('button', { name: `Remove ${firstMac} (server MAC)` }).click();
      await sideGroup(page, 'Server').getByRole('checkbox', { name: /^Strict kex/ }).uncheck();
      await page.getByLabel('Seed').fill('7');
      // page.url() follows history.replaceState a moment later: wait for it.
      const param = (name: string) => async () => new URL(page.url()).searchParams.get(name);
      await eventually(param('seed'), '7', 'seed parameter');
      await eventually(param('client-strict'), '1', 'client-strict parameter');
      await eventually(param('server-strict'), '0', 'server-strict parameter');
      expect((await param('server-mac')())?.split(',')).not.toContain(firstMac);

      await page.reload();
      await button(page, 'Run handshake').waitFor();
      expect(await names(list(page, 'Key exchange', 'Client'))).toEqual(moved);
      expect(await names(list(page, 'MACs', 'Server'))).not.toContain(firstMac);
      expect(await sideGroup(page, 'Server').getByRole('checkbox', { name: /^Strict kex/ }).isChecked()).toBe(false);
      expect(await page.getByLabel('Seed').inputValue()).toBe('7');
    }));

  // Run 8 of a ten-run loop pressed Enter twice on "Move down" and got one move. Both ways a quick
  // second press could be lost are checked here without depending on timing.
  test('reordering never drops a key press: focus stays on a button throughout, and two activations before a re-render both count', () =>
    withPage('playground-fast-keys', {}, async ({ page }) => {
      await page.goto(url('/playground/'));
      await button(page, 'Run handshake').waitFor();
      const clientKex = list(page, 'Key exchange', 'Client');
      const before = await names(clientKex);
      const down = clientKex.getByRole('button', { name: `Move down ${before[0]} (client key exchange)` });
      await down.focus();
      // Every focus change from here on must go from one control to another: a moment on <body> is
      // a moment in which a key press is dropped.
      await page.evaluate(() => {
        const w = window as unknown as { focusGaps: number };
        w.focusGaps = 0;
        document.addEventListener('focusout', (e) => (w.focusGaps += (e as FocusEvent).relatedTarget === null ? 1 : 0), true);
      });
      await page.keyboard.press('Enter');
      await page.keyboard.press('Enter');
      const moved = [before[1], before[2], before[0], ...before.slice(3)];
      await eventually(() => names(clientKex), moved, 'client kex after two moves down');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`Move down ${before[0]} (client key exchange)`);
      expect(await page.evaluate(() => (window as unknown as { focusGaps: number }).focusGaps), 'focus passed through <body>').toBe(0);
      // Two clicks in one task: React has not re-rendered between them, yet the second builds on the first.
      await page.evaluate((name) => {
        const b = document.querySelector<HTMLButtonElement>(`button[aria-label="Move down ${name} (client key exchange)"]`)!;
        b.click();
        b.click();
      }, before[0]);
      const twice = [before[1], before[2], before[3], before[4], before[0], ...before.slice(5)];
      await eventually(() => names(clientKex), twice, 'client kex after two more moves in one task');
      await eventually(() => Promise.resolve(new URL(page.url()).searchParams.get('kex')), twice.join(','), 'kex parameter');
    }));

  test('no common cipher: the run fails, opens in the viewer and says why', () =>
    withPage('playground-no-cipher', {}, async ({ page }) => {
      await page.goto(url('/playground/?cipher=aes128-ctr&server-cipher=chacha20-poly1305@openssh.com'));
      await runAndWait(page);
      const why = 'no common cipher client→server algorithm: client offers [aes128-ctr], server offers [chacha20-poly1305@openssh.com]';
      expect(await page.getByTestId('run-outcome').textContent()).toContain(`The handshake failed: ${why}`);
      expect(await page.getByTestId('outcome').textContent()).toContain(why);
      await expect(button(page, 'Download recording').isVisible()).resolves.toBe(true);
      await screenshot(page, 'playground-no-cipher-1440');
    }));

  test('a bad link is explained, names what it could not use, and the page still works', () =>
    withPage('playground-bad-link', {}, async ({ page }) => {
      await page.goto(url('/playground/?kex=curve25519-sha256,curve9999-sha1&cypher=aes128-ctr&seed=abc&strict=maybe&server-mac=,'));
      const alert = page.getByRole('alert', { name: 'Parts of this link were not used' });
      await alert.waitFor();
      const text = (await alert.textContent()) ?? '';
      for (const s of ['curve9999-sha1', 'cypher', 'seed', 'strict', 'server-mac']) expect(text, s).toContain(s);
      expect(await names(list(page, 'Key exchange', 'Client'))).toEqual(['curve25519-sha256']);
      expect(await page.getByLabel('Seed').inputValue()).toBe('1');
      await runAndWait(page);
      expect(await page.getByTestId('run-outcome').textContent()).toContain('The handshake completed');
    }));

  test('keys step the result; Space on a setup button presses that button, not play', () =>
    withPage('playground-keys', {}, async ({ page }) => {
      await page.goto(url('/playground/?seed=3'));
      await runAndWait(page);
      // Focus is on the result after a run: the viewer's keys work at once.
      const count = Number(/of (\d+)/.exec(await liveText(page))?.[1]);
      expect(count).toBeGreaterThan(5);
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await eventually(() => liveText(page).then((t) => t.startsWith('Step 3 of')), true, 'step 3 after two →');
      await page.keyboard.press('End');
      await eventually(() => liveText(page).then((t) => t.startsWith(`Step ${count} of`)), true, 'last step after End');
      await page.keyboard.press('Home');
      await eventually(() => liveText(page).then((t) => t.startsWith('Step 1 of')), true, 'first step after Home');
      await page.keyboard.press('PageDown');
      await eventually(() => liveText(page).then((t) => t.startsWith('Step 2 of')), true, 'step 2 after PageDown');

      const clientCiphers = list(page, 'Ciphers', 'Client');
      const before = await names(clientCiphers);
      await clientCiphers.getByRole('button', { name: `Move down ${before[0]} (client cipher)` }).focus();
      await page.keyboard.press(' ');
      await eventually(() => names(clientCiphers).then((n) => n[1]), before[0], 'Space moved the cipher down');
      expect((await liveText(page)).startsWith('Step 2 of')).toBe(true);
      expect(await page.getByText('The setup has changed since this run').isVisible()).toBe(true);
    }));

  test('axe finds nothing on /playground, before and after a run (light and dark)', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      await withPage(`playground-axe-${colorScheme}`, { colorScheme }, async ({ page }) => {
        await page.goto(url('/playground/?kex=curve25519-sha256,nope'));
        await button(page, 'Run handshake').waitFor();
        await axe(page, `/playground before a run (${colorScheme})`);
        await runAndWait(page);
        await axe(page, `/playground after a run (${colorScheme})`);
      });
    }
  });

  test('screenshots: desktop, projector and phone, before and after a run', async () => {
    for (const [name, viewport] of [
      ['1280x800', { width: 1280, height: 800 }],
      ['1280x720', { width: 1280, height: 720 }],
      ['390x844', { width: 390, height: 844 }],
    ] as const) {
      await withPage(`playground-shots-${name}`, { viewport }, async ({ page }) => {
        await page.goto(url('/playground/?server-cipher=aes128-ctr,aes256-ctr&seed=5'));
        await button(page, 'Run handshake').waitFor();
        await screenshot(page, `playground-${name}-setup`);
        await page.getByRole('group', { name: /^MACs/ }).scrollIntoViewIfNeeded();
        await screenshot(page, `playground-${name}-lists`);
        await runAndWait(page);
        await screenshot(page, `playground-${name}-result`);
        // Nothing sideways: the page is never wider than the screen.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      });
    }
  });
});
