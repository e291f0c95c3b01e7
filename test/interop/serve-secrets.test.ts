// No recording holds a long-term secret: `serve` with keys made by ssh-keygen, a real `ssh`
// connects, and the recording carries none of the key's private numbers (hex or base64), yet it
// replays and its recorded signature verifies against the H the replay computes.

import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serve } from '../../lib/node/cli/serve';
import { openRecording } from '../../lib/session/open';
import { parseRecording } from '../../lib/session/recording';
import { traceOf } from '../../lib/session/trace';
import { hostKeyAlgorithms } from '../../lib/ssh/algorithms/hostkey';
import { parseOpenSshPrivateKey } from '../../lib/ssh/algorithms/hostkey/opensshKey';
import { bigintToBytes, toHex } from '../../lib/ssh/wire/bytes';
import { Reader } from '../../lib/ssh/wire/reader';

const ci = Boolean(process.env.CI);
function available(bin: string): boolean {
  if (!existsSync(bin) && ci) throw new Error(`${bin} is missing: .ci/run installs it`);
  return existsSync(bin);
}

/** The secret numbers inside an openssh-key-v1 private section, as unsigned big-endian bytes. */
function secretNumbers(keyType: string, privateBlob: Uint8Array): Uint8Array[] {
  const r = new Reader(privateBlob);
  if (keyType === 'ssh-ed25519') {
    r.string('pub');
    return [r.string('priv').subarray(0, 32)];
  }
  if (keyType.startsWith('ecdsa-')) {
    r.text('curve');
    r.string('Q');
    return [bigintToBytes(r.mpint('d'))];
  }
  r.mpint('n');
  r.mpint('e');
  const d = r.mpint('d');
  const iqmp = r.mpint('iqmp');
  const p = r.mpint('p');
  const q = r.mpint('q');
  return [d, iqmp, p, q].map((x) => bigintToBytes(x));
}

const cases = [
  { keygen: ['-t', 'ed25519'], alg: 'ssh-ed25519' },
  { keygen: ['-t', 'ecdsa', '-b', '256'], alg: 'ecdsa-sha2-nistp256' },
  { keygen: ['-t', 'ecdsa', '-b', '384'], alg: 'ecdsa-sha2-nistp384' },
  { keygen: ['-t', 'ecdsa', '-b', '521'], alg: 'ecdsa-sha2-nistp521' },
  { keygen: ['-t', 'rsa', '-b', '2048'], alg: 'rsa-sha2-256' },
  { keygen: ['-t', 'rsa', '-b', '3072'], alg: 'rsa-sha2-512' },
];

describe.skipIf(!available('/usr/bin/ssh') || !available('/usr/bin/ssh-keygen'))('serve keeps host private keys out of recordings', () => {
  for (const c of cases) {
    it(`${c.alg}: key from ssh-keygen, real ssh, no private number in the recording`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'sshscope-secrets-'));
      try {
        const keyPath = join(dir, 'host_key');
        execFileSync('/usr/bin/ssh-keygen', ['-q', '-N', '', ...c.keygen, '-f', keyPath]);
        const pair = parseOpenSshPrivateKey(readFileSync(keyPath, 'utf8'));
        const out = join(dir, 'out');
        const lines: string[] = [];
        let listening!: (port: number) => void;
        const port = new Promise<number>((r) => (listening = r));
        const done = serve(['--port', '0', '--once', '--out', out, '--host-key', keyPath], (s) => {
          lines.push(s);
          const m = /Listening on 127\.0\.0\.1:(\d+)/.exec(s);
          if (m) listening(Number(m[1]));
        });
        const p = await port;
        const ssh = await new Promise<string>((resolve) =>
          execFile(
            '/usr/bin/ssh',
            ['-p', String(p), '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', `HostKeyAlgorithms=${c.alg}`, '-o', 'ConnectTimeout=10', '127.0.0.1', 'true'],
            { timeout: 20_000 },
            (_e, stdout, stderr) => resolve(`${stdout}${stderr}`),
          ),
        );
        expect(await done, `${ssh}\n${lines.join('\n')}`).toBe(0);
        // ssh printed our reason-11 DISCONNECT: it verified the signature node:crypto made.
        expect(ssh).toMatch(/Received disconnect from 127\.0\.0\.1 port \d+:11: sshscope: handshake recorded/);
        const files = readdirSync(out).filter((f) => f.endsWith('.sshscope.json'));
        expect(files).toHaveLength(1);
        const text = readFileSync(join(out, files[0]), 'utf8');

        // None of the private numbers, in any encoding a leak would take.
        expect(text).not.toContain('privateBlob');
        expect(text).not.toContain(toHex(pair.privateBlob));
        for (const secret of secretNumbers(pair.keyType, pair.privateBlob)) {
          expect(secret.length).toBeGreaterThanOrEqual(32);
          for (const enc of [toHex(secret), Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('base64url')]) {
            expect(text.toLowerCase()).not.toContain(enc.slice(0, 40).toLowerCase());
          }
        }

        // It still replays, byte-exact, and the recorded signature verifies against the replay's H.
        const rec = parseRecording(text);
        expect(rec.warnings).toBeUndefined();
        const session = openRecording(text);
        expect(session.steps.length).toBeGreaterThan(10);
        const t = traceOf(rec.server!);
        const H = t.computations.find((x) => x.computation.name === 'H')!.computation as { value: Uint8Array };
        const signed = rec.server!.events.find((e) => e.event.type === 'signature')!.event as { algorithm: string; signature: Uint8Array };
        expect(signed.algorithm).toBe(c.alg);
        expect(hostKeyAlgorithms[c.alg].verify(pair.publicBlob, signed.signature, H.value)).toEqual({ ok: true });
        expect(t.state.service.accepted).toBe('ssh-userauth');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
