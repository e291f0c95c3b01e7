// The recording writers (sshscope record, serve, simulate) write the sent digests from the live
// run, and openRecording accepts what they wrote: a replay that reproduces what really went over
// the wire to OpenSSH. One flipped byte in what sshd sent makes the file inconsistent.

import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { record } from '../../lib/node/cli/record';
import { serve } from '../../lib/node/cli/serve';
import { simulateCommand } from '../../lib/node/cli/simulate';
import { openRecording } from '../../lib/session/open';
import { parseRecording } from '../../lib/session/recording';
import { traceOf } from '../../lib/session/trace';
import { sshdAvailable, startSshd, type Sshd } from './sshd';

const dir = mkdtempSync(join(tmpdir(), 'sshscope-digests-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sshscope simulate writes digests and meta.attacker = false', () => {
  it('opens, with digests for both endpoints', () => {
    const file = join(dir, 'sim.json');
    expect(simulateCommand(['--out', file, '--seed', '4'], () => {})).toBe(0);
    const json = JSON.parse(readFileSync(file, 'utf8'));
    expect(json.meta.attacker).toBe(false);
    // One digest per event that logged a sent message, with the total of their wire lengths.
    const rec = parseRecording(json);
    for (const party of ['client', 'server'] as const) {
      const byEvent = new Map<number, number>();
      for (const m of traceOf(rec[party]!).messages) if (m.direction === 'sent') byEvent.set(m.eventIndex, (byEvent.get(m.eventIndex) ?? 0) + m.wire.length);
      expect(json[party].sent.map((d: { event: number; length: number }) => [d.event, d.length])).toEqual([...byEvent.entries()]);
    }
    const s = openRecording(json);
    expect(s.summary.ok).toBe(true);
    expect(s.attacker).toBe(false);
  });
});

describe.skipIf(!sshdAvailable())('sshscope record / serve against OpenSSH', () => {
  let sshd: Sshd | undefined;
  afterAll(async () => sshd?.stop());

  it('record: the file carries the live digests and opens; a flipped byte from sshd is refused', async () => {
    sshd = await startSshd({ hostKeyTypes: ['ed25519'] });
    const file = join(dir, 'rec.json');
    const code = await record([`127.0.0.1:${sshd.port}`, '--out', file, '--timeout', '15000'], () => {});
    expect(code).toBe(0);
    const json = JSON.parse(readFileSync(file, 'utf8'));
    // Every event that produced a send has a digest; the version line, KEXINIT, ECDH_INIT, NEWKEYS… at least.
    expect(json.client.sent.length).toBeGreaterThanOrEqual(4);
    const s = openRecording(json);
    expect(s.summary.outcome).toBe('handshake complete, service ssh-userauth accepted');

    // sshd's KEX_ECDH_REPLY is in some bytesReceived event; flip a byte of its signature blob.
    const i = json.client.events.findIndex((e: { type: string; bytes?: string }, k: number) => e.type === 'bytesReceived' && k > 2 && e.bytes!.length > 400);
    expect(i).toBeGreaterThan(0);
    const ev = json.client.events[i];
    const at = ev.bytes.length - 40;
    ev.bytes = ev.bytes.slice(0, at) + (ev.bytes[at] === '0' ? '1' : '0') + ev.bytes.slice(at + 1);
    expect(() => openRecording(json)).toThrow(/^recording is inconsistent at event \d+ \(client, \$\.client\.events\[\d+\]\): the replayed client sends/);
  });

  // The live digests equal the replay's for every cipher/MAC family and kex family: replay is
  // byte-identical to what really went to sshd.
  const combos = [
    ['--kex', 'curve25519-sha256', '--cipher', 'chacha20-poly1305@openssh.com'],
    ['--kex', 'ecdh-sha2-nistp256', '--cipher', 'aes128-gcm@openssh.com'],
    ['--kex', 'diffie-hellman-group14-sha256', '--cipher', 'aes256-ctr', '--mac', 'hmac-sha2-512'],
    ['--kex', 'diffie-hellman-group-exchange-sha256', '--cipher', 'aes128-ctr', '--mac', 'umac-64-etm@openssh.com'],
    ['--kex', 'curve25519-sha256', '--cipher', 'aes192-ctr', '--mac', 'hmac-sha1', '--no-strict'],
  ];
  for (const flags of combos) {
    it(`record ${flags.filter((f) => !f.startsWith('--')).join(' ')}: opens against its live digests`, async () => {
      sshd ??= await startSshd({ hostKeyTypes: ['ed25519'] });
      const file = join(dir, `combo-${combos.indexOf(flags)}.json`);
      expect(await record([`127.0.0.1:${sshd.port}`, '--out', file, '--timeout', '15000', ...flags], () => {})).toBe(0);
      const json = JSON.parse(readFileSync(file, 'utf8'));
      expect(json.client.sent.length).toBeGreaterThanOrEqual(4);
      const s = openRecording(json);
      expect(s.summary.ok).toBe(true);
      expect(s.summary.cipherC2S).toBe(flags[flags.indexOf('--cipher') + 1]);
    });
  }

  it('serve: OpenSSH ssh connects, the server recording carries digests and opens', async () => {
    const out = mkdtempSync(join(dir, 'serve-'));
    const key = join(out, 'key');
    execFileSync('/usr/bin/ssh-keygen', ['-q', '-N', '', '-t', 'ed25519', '-f', key]);
    const lines: string[] = [];
    const ac = new AbortController();
    const done = serve(['--port', '0', '--out', out, '--host-key', key], (l) => lines.push(l), ac.signal);
    const deadline = Date.now() + 10_000;
    while (!lines.some((l) => l.startsWith('Listening on')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    const port = /Listening on 127\.0\.0\.1:(\d+)/.exec(lines.join('\n'))![1];
    await new Promise<void>((resolve) =>
      execFile('/usr/bin/ssh', ['-p', port, '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '127.0.0.1', 'true'], { timeout: 20_000 }, () => resolve()),
    );
    const recorded = Date.now() + 10_000;
    while (!readdirSync(out).some((f) => f.endsWith('.sshscope.json')) && Date.now() < recorded) await new Promise((r) => setTimeout(r, 20));
    ac.abort();
    await done;
    const f = readdirSync(out).find((x) => x.endsWith('.sshscope.json'))!;
    const json = JSON.parse(readFileSync(join(out, f), 'utf8'));
    expect(json.server.sent.length).toBeGreaterThanOrEqual(4);
    const s = openRecording(json);
    expect(s.parties.client.version).toMatch(/^SSH-2\.0-OpenSSH/);
    expect(s.parties.server.present).toBe(true);
    expect(s.summary.ok).toBe(true);
  });
});
