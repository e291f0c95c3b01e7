// A real capture, decoded passively: Debian 12's ssh → a test sshd on 127.0.0.1, taken with
// tcpdump on lo, imported (lib/capture) and opened with openRecording. Neither endpoint is ours and
// there is no key log: the handshake reads in the clear, and after NEWKEYS the packets are framed
// (AES-GCM: the length is clear) or one opaque stream (chacha20-poly1305), as tshark would frame them.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureToRecording, listSshStreams } from '../../lib/capture';
import { openRecording } from '../../lib/session/open';
import { stringifyRecording } from '../../lib/session/recording';
import type { MessageStep } from '../../lib/session/session';
import { sshdAvailable, startSshd, type Sshd } from './sshd';
import { captureToolsAvailable, run, startTcpdump, waitForCapture } from './tcpdump';

const SSH_OPTS = ['-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR'];
const CASES = [
  { kex: 'curve25519-sha256', cipher: 'aes128-gcm@openssh.com', framed: true },
  { kex: 'ecdh-sha2-nistp256', cipher: 'chacha20-poly1305@openssh.com', framed: false },
];

describe.skipIf(!sshdAvailable() || !captureToolsAvailable())('observer: a tcpdump capture of Debian 12 ssh → sshd, without a key log', () => {
  let sshd: Sshd;
  let tmp: string;
  const file = () => join(tmp, 'observer.pcap');
  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'sshscope-observer-'));
    sshd = await startSshd({ hostKeyTypes: ['ed25519'] });
    const dump = await startTcpdump('lo', file(), `tcp port ${sshd.port}`, ['-B', '32768']);
    for (const c of CASES) {
      const r = await run('/usr/bin/ssh', [...SSH_OPTS, '-o', `KexAlgorithms=${c.kex}`, '-o', `Ciphers=${c.cipher}`, '-p', String(sshd.port), 'nobody@127.0.0.1', 'true']);
      expect(r.stderr).toContain('Permission denied'); // the handshake ran; no user may log in
    }
    await waitForCapture(file(), (bytes) => {
      const s = listSshStreams(bytes).streams;
      return s.length === CASES.length && s.every((x) => [x.client, x.server].every((d) => (d.fin || d.rst) && !d.gap));
    });
    await dump.stop();
  }, 60_000);
  afterAll(async () => {
    await sshd?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  CASES.forEach((c, i) => {
    it(`${c.kex} + ${c.cipher}: the handshake decoded, then ${c.framed ? 'framed packets' : 'one opaque stream'} per direction`, () => {
      const rec = captureToRecording(readFileSync(file()), { stream: i + 1 });
      const s = openRecording(stringifyRecording(rec));
      expect(s.observer).toEqual({ keylog: 'none', sealed: true });
      expect(s.summary).toMatchObject({ kex: c.kex, cipherC2S: c.cipher, cipherS2C: c.cipher, hostKey: 'ssh-ed25519', ok: true });
      expect(s.summary.hostKeyFingerprint).toMatch(/^SHA256:/);
      expect(s.summary.outcome).toBe("observer's view, no key log: handshake complete; the encrypted packets stay unread (a key log would decrypt them)");
      expect(s.parties.client.version).toMatch(/^SSH-2\.0-OpenSSH_9\./);
      expect(s.parties.server.version).toMatch(/^SSH-2\.0-OpenSSH_9\./);
      const m = s.steps.filter((x): x is MessageStep => x.kind === 'message');
      for (const flow of ['c2s', 's2c'] as const) {
        const titles = m.filter((x) => x.flow === flow).map((x) => x.title);
        const kexReply = flow === 'c2s' ? 'SSH_MSG_KEX_ECDH_INIT' : 'SSH_MSG_KEX_ECDH_REPLY';
        expect(titles.slice(0, 4)).toEqual(['identification string', 'SSH_MSG_KEXINIT', kexReply, 'SSH_MSG_NEWKEYS']);
        const rest = titles.slice(4);
        expect(rest.length).toBeGreaterThan(0);
        expect(new Set(rest)).toEqual(new Set([c.framed ? 'encrypted packet' : 'encrypted stream']));
        // Every byte the capture holds for this direction is in exactly one step, in order.
        const bytes = Buffer.concat(rec.peerBytes!.filter((p) => p.direction === flow).map((p) => p.bytes));
        expect(Buffer.concat(m.filter((x) => x.flow === flow).map((x) => x.entry.wire)).equals(bytes)).toBe(true);
      }
      expect(s.steps.filter((x) => x.phase === 'failure')).toEqual([]);
      expect(m.filter((x) => x.entry.note)).toHaveLength(1);
    });
  });
});
