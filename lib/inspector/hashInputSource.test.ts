// Each H input's source must hold exactly the bytes that were hashed: the field's encoding (or the
// identification line without CR LF) is compared with the input as the engine hashed it.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openRecording } from '../session/open';
import { encodeString } from '../ssh/wire/writer';
import { fieldAtPath } from './fieldAt';
import { toHex } from './format';
import { hashInputSources } from './hashInputSource';

const FILES = [
  'public/recordings/basics/curve25519-ed25519-chacha20.json',
  'public/recordings/algorithms/gex-rsa-sha2-512-aes128ctr-umac-64.json',
  'public/recordings/algorithms/dh-group14-rsa-sha2-256-aes128ctr-hmac-sha2-256.json',
  'public/recordings/algorithms/rekey-after-service.json',
  'public/recordings/algorithms/guess-wrong.json',
  'public/recordings/real/openssh-p256-ecdsa-aes128gcm.json',
];

describe('hashInputSources', () => {
  for (const file of FILES) {
    it(`points every input but K at the bytes hashed: ${file}`, () => {
      const s = openRecording(JSON.parse(readFileSync(file, 'utf8')));
      let rounds = 0;
      for (const step of s.steps) {
        if (step.kind !== 'computation') continue;
        const h = step.computations.find((c) => c.name === 'H');
        if (!h || h.name !== 'H') continue;
        rounds++;
        const src = hashInputSources(s.steps, step.by, step.index);
        for (const input of h.inputs) {
          const where = src[input.name];
          if (input.name === 'K') {
            expect(where).toBeUndefined();
            continue;
          }
          expect(where, `${input.name} at step ${step.index + 1}`).toBeDefined();
          const m = s.steps[where!.step];
          if (m.kind !== 'message') throw new Error('not a message');
          let bytes: Uint8Array;
          if (where!.field === undefined) {
            // V_C / V_S: the line without CR LF, hashed as a string.
            bytes = encodeString(new TextDecoder().decode(m.entry.wire).replace(/\r?\n$/, ''));
          } else {
            const f = fieldAtPath(m.entry.fields, where!.field)!;
            const raw = (m.entry.packet ?? m.entry.wire).subarray(f.offset, f.offset + f.length);
            // I_C, I_S are the payload wrapped as a string; fields are already encoded as on the wire.
            bytes = input.name === 'I_C' || input.name === 'I_S' ? encodeString(raw) : raw;
          }
          expect(toHex(bytes), `${input.name} at step ${step.index + 1}`).toBe(toHex(input.bytes));
        }
      }
      expect(rounds).toBeGreaterThan(0);
    });
  }
});
