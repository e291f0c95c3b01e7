// The checked-in recordings of real OpenSSH handshakes replay to complete, verified handshakes,
// and their files are in the canonical form sshscope writes. scripts/record-fixtures.ts made them:
// OpenSSH 9.2 (Debian 12) with chosen algorithms, OpenSSH 10.0 (Debian 13) with its defaults.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRecording, stringifyRecording } from '../lib/session/recording';
import { openRecording } from '../lib/session/open';
import { traceOf } from '../lib/session/trace';

const dir = 'public/recordings/real';
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('real OpenSSH recordings', () => {
  it('there are some', () => expect(files.length).toBeGreaterThanOrEqual(5));
  for (const f of files) {
    it(f, () => {
      const text = readFileSync(join(dir, f), 'utf8');
      expect(text.length).toBeLessThan(64 * 1024);
      const rec = parseRecording(text);
      expect(stringifyRecording(rec)).toBe(text);
      expect(rec.meta.source).toBe('recorded-client');
      const t = traceOf(rec.client!);
      expect(t.state.peerVersion).toMatch(/^SSH-2\.0-OpenSSH_(9\.2|10\.0)/);
      expect(t.state.service.accepted).toBe('ssh-userauth');
      const sig = t.computations.find((c) => c.computation.name === 'signature')?.computation;
      expect(sig).toMatchObject({ action: 'verify', ok: true });
      // Messages after NEWKEYS are decrypted: SERVICE_ACCEPT's fields are readable.
      const accept = t.messages.find((m) => m.name === 'SSH_MSG_SERVICE_ACCEPT');
      expect(accept).toMatchObject({ encrypted: true, values: { service_name: 'ssh-userauth' } });
    });
  }
});

describe('the real OpenSSH 10.0 recording', () => {
  const file = 'openssh10-mlkem768x25519-ed25519-chacha20.json';
  it(`${file}: OpenSSH 10.0's default post-quantum handshake, K a string of SHA-256 size`, () => {
    const text = readFileSync(join(dir, file), 'utf8');
    const rec = parseRecording(text);
    // Default options on our side: the full default lists, not a chosen method.
    expect(rec.client!.config.kex.length).toBeGreaterThan(1);
    const t = traceOf(rec.client!);
    expect(t.state.peerVersion).toMatch(/^SSH-2\.0-OpenSSH_10\.0/);
    expect(t.state.negotiated).toMatchObject({ kex: 'mlkem768x25519-sha256', hostKey: 'ssh-ed25519', cipherC2S: 'chacha20-poly1305@openssh.com' });
    expect(t.state.strict).toBe(true);
    // The server offered OpenSSH 10's own default list, post-quantum first.
    const offer = t.messages.find((m) => m.flow === 's2c' && m.name === 'SSH_MSG_KEXINIT')?.values as { kex_algorithms: string[] };
    expect(offer.kex_algorithms[0]).toBe('mlkem768x25519-sha256');
    const session = openRecording(text);
    expect(session.summary.kex).toBe('mlkem768x25519-sha256');
    expect(rec.meta.description).toContain('scripts/record-fixtures.ts debian13');
  });
});
