// The checked-in recordings of real OpenSSH handshakes replay to complete, verified handshakes,
// and their files are in the canonical form sshscope writes.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRecording, stringifyRecording } from '../lib/session/recording';
import { traceOf } from '../lib/session/trace';

const dir = 'public/recordings/real';
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('real OpenSSH recordings', () => {
  it('there are some', () => expect(files.length).toBeGreaterThanOrEqual(4));
  for (const f of files) {
    it(f, () => {
      const text = readFileSync(join(dir, f), 'utf8');
      expect(text.length).toBeLessThan(64 * 1024);
      const rec = parseRecording(text);
      expect(stringifyRecording(rec)).toBe(text);
      expect(rec.meta.source).toBe('recorded-client');
      const t = traceOf(rec.client!);
      expect(t.state.peerVersion).toMatch(/^SSH-2\.0-OpenSSH_9\.2/);
      expect(t.state.service.accepted).toBe('ssh-userauth');
      const sig = t.computations.find((c) => c.computation.name === 'signature')?.computation;
      expect(sig).toMatchObject({ action: 'verify', ok: true });
      // Messages after NEWKEYS are decrypted: SERVICE_ACCEPT's fields are readable.
      const accept = t.messages.find((m) => m.name === 'SSH_MSG_SERVICE_ACCEPT');
      expect(accept).toMatchObject({ encrypted: true, values: { service_name: 'ssh-userauth' } });
    });
  }
});
