// Real clients (OpenSSH ssh, Dropbear dbclient, PuTTY plink) against `sshscope serve`. Each must
// show our DISCONNECT (reason 11, "sshscope: handshake recorded", no path of ours), which proves it
// verified our host key signature and decrypted our packets; the recording must say the same.

import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from '../../lib/node/cli/serve';
import { parseRecording } from '../../lib/session/recording';
import { traceOf } from '../../lib/session/trace';
import { ciphers } from '../../lib/ssh/algorithms/cipher';
import { hostKeyAlgorithms } from '../../lib/ssh/algorithms/hostkey';
import { kexAlgorithms } from '../../lib/ssh/algorithms/kex';
import { macs } from '../../lib/ssh/algorithms/mac';
import { DEFAULT_CIPHER, DEFAULT_HOST_KEY, DEFAULT_KEX, DEFAULT_MAC } from '../../lib/ssh/transport/config';
import { LineLog } from './servekit';

const has = (p: string) => existsSync(p);
const ci = Boolean(process.env.CI);
function available(bin: string): boolean {
  if (!has(bin) && ci) throw new Error(`${bin} is missing: .ci/run installs it`);
  return has(bin);
}

interface Served {
  port: number;
  dir: string;
  lines: string[];
  log: LineLog;
  fingerprints: Record<string, string>;
  stop: () => Promise<void>;
}

/** Starts serve in-process with host keys made by ssh-keygen. */
async function startServe(keyTypes: ('ed25519' | 'ecdsa' | 'rsa')[]): Promise<Served> {
  const dir = mkdtempSync(join(tmpdir(), 'sshscope-serve-'));
  const keyFlags = keyTypes.flatMap((t) => {
    const path = join(dir, `key_${t}`);
    execFileSync('/usr/bin/ssh-keygen', ['-q', '-N', '', '-t', t, ...(t === 'rsa' ? ['-b', '2048'] : []), '-f', path]);
    return ['--host-key', path];
  });
  const log = new LineLog();
  const lines = log.lines;
  const ac = new AbortController();
  const done = serve(['--port', '0', '--out', dir, ...keyFlags], log.push, ac.signal);
  const port = Number((await log.waitFor(/^Listening on 127\.0\.0\.1:(\d+)/))[1]);
  const fingerprints: Record<string, string> = {};
  for (const l of lines) {
    const m = /^Host key: (\S+) (SHA256:\S+)/.exec(l);
    if (m) fingerprints[m[1]] = m[2];
  }
  return {
    port,
    dir,
    lines,
    log,
    fingerprints,
    stop: async () => {
      ac.abort();
      await done;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function run(bin: string, args: string[], env?: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(bin, args, { timeout: 20_000, env: { ...process.env, ...env } }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

/**
 * The recording serve announced for the connection made after log line `from` must show a
 * complete, accepted handshake; the client must not have been told where it is.
 */
async function expectRecorded(s: Served, from: number, output: string, negotiated: Record<string, string>) {
  expect(output).not.toContain(s.dir);
  // serve writes the file once the connection has closed, then logs its path.
  const path = (await s.log.waitFor(/recorded to (\S+\.sshscope\.json)$/, from))[1];
  expect(existsSync(path), `recording ${path}\n${output}\n${s.lines.join('\n')}`).toBe(true);
  expect(statSync(path).mode & 0o777).toBe(0o600);
  const rec = parseRecording(readFileSync(path, 'utf8'));
  expect(rec.meta.source).toBe('recorded-server');
  const t = traceOf(rec.server!);
  expect(t.state.service.accepted).toBe('ssh-userauth');
  expect(t.state.negotiated).toMatchObject(negotiated);
  const bye = t.messages.find((m) => m.flow === 's2c' && m.name === 'SSH_MSG_DISCONNECT');
  expect(bye?.values).toMatchObject({ reason_code: 11 });
  expect(bye?.encrypted).toBe(true);
}

const supported = (list: string[], registry: Record<string, unknown>) => list.filter((n) => registry[n]);

describe.skipIf(!available('/usr/bin/ssh'))('OpenSSH ssh → sshscope serve', () => {
  let s: Served;
  beforeAll(async () => {
    s = await startServe(['ed25519', 'ecdsa', 'rsa']);
  });
  afterAll(async () => s?.stop());

  const q = (what: string) => execFileSync('/usr/bin/ssh', ['-Q', what]).toString().trim().split('\n');
  const kexes = supported(q('kex'), kexAlgorithms).filter((k) => DEFAULT_KEX.includes(k));
  const hostKeys = supported(q('HostKeyAlgorithms'), hostKeyAlgorithms).filter((h) => DEFAULT_HOST_KEY.includes(h) && ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'rsa-sha2-256', 'rsa-sha2-512'].includes(h));
  const cipherList = supported(q('cipher'), ciphers).filter((c) => DEFAULT_CIPHER.includes(c));
  const macList = supported(q('mac'), macs).filter((m) => DEFAULT_MAC.includes(m));
  const cases: { kex: string; hostKey: string; cipher: string; mac: string }[] = [];
  kexes.forEach((kex, i) => cases.push({ kex, hostKey: hostKeys[i % hostKeys.length], cipher: cipherList[i % cipherList.length], mac: macList[i % macList.length] }));
  hostKeys.forEach((hostKey, i) => cases.push({ kex: kexes[(i + 3) % kexes.length], hostKey, cipher: cipherList[(i + 1) % cipherList.length], mac: macList[(i + 5) % macList.length] }));
  cipherList.forEach((cipher, i) => cases.push({ kex: 'curve25519-sha256', hostKey: hostKeys[i % hostKeys.length], cipher, mac: macList[(i + 2) % macList.length] }));
  macList.forEach((mac, i) => cases.push({ kex: kexes[i % kexes.length], hostKey: 'ssh-ed25519', cipher: ['aes128-ctr', 'aes192-ctr', 'aes256-ctr'][i % 3], mac }));

  for (const c of cases) {
    it(`${c.kex} / ${c.hostKey} / ${c.cipher} / ${c.mac}`, async () => {
      const from = s.lines.length;
      const { output } = await run('/usr/bin/ssh', [
        '-o', 'BatchMode=yes',
        '-o', 'StrictHostKeyChecking=no',
        '-o', 'UserKnownHostsFile=/dev/null',
        '-o', 'LogLevel=ERROR',
        '-o', `KexAlgorithms=${c.kex}`,
        '-o', `HostKeyAlgorithms=${c.hostKey}`,
        '-o', `Ciphers=${c.cipher}`,
        '-o', `MACs=${c.mac}`,
        '-p', String(s.port),
        '127.0.0.1',
        'true',
      ]);
      expect(output).toMatch(new RegExp(`Received disconnect from 127\\.0\\.0\\.1 port ${s.port}:11: sshscope: handshake recorded\r?$`, 'm'));
      await expectRecorded(s, from, output, { kex: c.kex, hostKey: c.hostKey, cipherC2S: c.cipher, ...(ciphers[c.cipher].aead ? {} : { macC2S: c.mac }) });
    });
  }
});

describe.skipIf(!available('/usr/bin/dbclient'))('Dropbear dbclient → sshscope serve', () => {
  let s: Served;
  beforeAll(async () => {
    s = await startServe(['ed25519', 'ecdsa', 'rsa']);
  });
  afterAll(async () => s?.stop());
  for (const [cipher, mac] of [
    ['chacha20-poly1305@openssh.com', 'hmac-sha2-256'],
    ['aes128-ctr', 'hmac-sha1'],
    ['aes256-ctr', 'hmac-sha2-256'],
    ['aes128-ctr', 'hmac-sha2-256'],
    ['aes256-ctr', 'hmac-sha1'],
  ]) {
    it(`${cipher} / ${mac}`, async () => {
      const from = s.lines.length;
      const { output } = await run('/usr/bin/dbclient', ['-y', '-y', '-c', cipher, '-m', mac, '-p', String(s.port), '127.0.0.1', 'true']);
      // dbclient does not print the description; it says the server disconnected.
      expect(output).toMatch(/Disconnect received/);
      await expectRecorded(s, from, output, { cipherC2S: cipher, ...(ciphers[cipher].aead ? {} : { macC2S: mac }) });
    });
  }
});

describe.skipIf(!available('/usr/bin/dbclient'))('Dropbear dbclient → sshscope serve, one host key type at a time', () => {
  // dbclient has no option for host key algorithms: a server with a single key decides it.
  for (const [keyType, algorithm] of [
    ['ed25519', 'ssh-ed25519'],
    ['ecdsa', 'ecdsa-sha2-nistp256'],
    ['rsa', 'rsa-sha2-256'],
  ] as const) {
    it(`host key ${algorithm}`, async () => {
      const s = await startServe([keyType]);
      try {
        const { output } = await run('/usr/bin/dbclient', ['-y', '-y', '-p', String(s.port), '127.0.0.1', 'true']);
        expect(output).toMatch(/Disconnect received/);
        await expectRecorded(s, 0, output, { hostKey: algorithm });
      } finally {
        await s.stop();
      }
    });
  }
});

describe.skipIf(!available('/usr/bin/plink'))('PuTTY plink → sshscope serve', () => {
  // plink takes algorithms from saved settings, so each host key type gets its own server.
  for (const keyType of ['ed25519', 'ecdsa', 'rsa'] as const) {
    it(`host key ${keyType}`, async () => {
      const s = await startServe([keyType]);
      try {
        const fp = Object.values(s.fingerprints)[0];
        const home = mkdtempSync(join(tmpdir(), 'sshscope-putty-'));
        const { output } = await run('/usr/bin/plink', ['-batch', '-ssh', '-P', String(s.port), '-hostkey', fp, '-l', 'test', '127.0.0.1', 'true'], { HOME: home });
        rmSync(home, { recursive: true, force: true });
        expect(output).toMatch(/disconnect message\s+type 11 \(by application\):\s+"sshscope: handshake recorded"/);
        await expectRecorded(s, 0, output, {});
      } finally {
        await s.stop();
      }
    });
  }
});
