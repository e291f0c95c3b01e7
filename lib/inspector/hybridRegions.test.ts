import { describe, expect, it } from 'vitest';
import { demoHostKeys } from '../session/demoKeys';
import { simulate } from '../session/simulate';
import { kexAlgorithms } from '../ssh/algorithms/kex';
import { decodeMessage } from '../ssh/messages/codec';
import { nestedDecoders } from '../ssh/algorithms/decoders';
import { defaultConfig } from '../ssh/transport/config';
import type { Effect, TraceEntry } from '../ssh/transport/events';
import { findField, type Field } from '../ssh/wire/field';
import { fieldAtPath } from './fieldAt';
import { hybridParts } from './hybridRegions';

/** Public key and ciphertext sizes from the standards, not from our registry. */
const SIZES: Record<string, { pk: number; ct: number; cl: number }> = {
  // FIPS 203 Table 3: ML-KEM-768 ek 1184, c 1088 bytes; X25519 keys are 32 bytes (RFC 7748 §5).
  'mlkem768x25519-sha256': { pk: 1184, ct: 1088, cl: 32 },
  // P-256 points uncompressed: 04 || x || y = 65 bytes (SEC 1 §2.3.3, RFC 5656 §3.1).
  'mlkem768nistp256-sha256': { pk: 1184, ct: 1088, cl: 65 },
  // ML-KEM-1024 ek 1568, c 1568 bytes; P-384 uncompressed 97 bytes.
  'mlkem1024nistp384-sha384': { pk: 1568, ct: 1568, cl: 97 },
};

function messages(kex: string): TraceEntry[] {
  const r = simulate({
    client: defaultConfig('client', { kex: [kex] }),
    server: defaultConfig('server', { kex: [kex], hostKeys: demoHostKeys() }),
    seed: `parts ${kex}`,
  });
  expect(r.outcome.ok, kex).toBe(true);
  return r.effects
    .filter((e) => e.endpoint === 'client' && e.effect.type === 'message')
    .map((e) => (e.effect as Extract<Effect, { type: 'message' }>).entry);
}

const bytesOf = (f: Field | undefined) => f?.value as Uint8Array;

describe('hybridParts', () => {
  for (const [kex, size] of Object.entries(SIZES)) {
    it(`${kex}: C_INIT and S_REPLY split into the KEM part, then the classical part`, () => {
      const all = messages(kex);
      const init = all.find((e) => e.name === 'SSH_MSG_KEX_HYBRID_INIT')!;
      const reply = all.find((e) => e.name === 'SSH_MSG_KEX_HYBRID_REPLY')!;
      for (const [entry, container, pq] of [
        [init, 'C_INIT', size.pk],
        [reply, 'S_REPLY', size.ct],
      ] as const) {
        const parts = hybridParts(entry.fields);
        expect(parts.map((p) => p.kind)).toEqual(['pq', 'classical']);
        expect(parts.map((p) => p.length)).toEqual([pq, size.cl]);
        // The parts are the container's bytes after its length prefix, back to back.
        const whole = findField(entry.fields, `payload/${container}`) ?? entry.fields.flatMap((f) => f.children ?? []).find((f) => f.name === container)!;
        const body = bytesOf(whole).length === pq + size.cl ? bytesOf(whole) : undefined;
        expect(body, `${container} holds ${pq} + ${size.cl} bytes`).toBeDefined();
        expect(parts[0].offset).toBe(whole.offset + 4);
        expect(parts[1].offset).toBe(parts[0].offset + parts[0].length);
        expect(parts[1].offset + parts[1].length).toBe(whole.offset + whole.length);
        const packet = entry.packet ?? entry.wire;
        expect(packet.subarray(parts[0].offset, parts[1].offset + parts[1].length)).toEqual(body);
        // Each part's path leads to the field of that name, which the tree shows with its note.
        for (const p of parts) {
          const f = fieldAtPath(entry.fields, p.path)!;
          expect([f.name, f.offset, f.length]).toEqual([p.name, p.offset, p.length]);
          expect(p.what).toBe(f.note);
          expect(p.label).toBe(`${p.name}: ${p.what}`);
        }
        expect(parts[0].what).toMatch(/^ML-KEM-(768|1024) (encapsulation key|ciphertext)$/);
        expect(parts[1].what).toMatch(/^(X25519|P-256|P-384) public key$/);
      }
    });
  }

  it('every hybrid method in the registry is covered above', () => {
    const hybrid = Object.values(kexAlgorithms).filter((k) => k.family === 'hybrid').map((k) => k.name);
    // A method added to the family (sntrup761x25519) needs its sizes here, from its own standard.
    for (const k of hybrid.filter((n) => n.startsWith('mlkem'))) expect(Object.keys(SIZES)).toContain(k);
  });

  it('no parts in a packet without a hybrid container (curve25519 Q_C is one key)', () => {
    const all = messages('curve25519-sha256');
    for (const e of all) expect(hybridParts(e.fields), e.name).toEqual([]);
  });

  it('a C_INIT whose length fits no method stays undivided, so nothing is coloured', () => {
    // SSH_MSG_KEX_HYBRID_INIT (30) with a 5-byte C_INIT.
    const payload = Uint8Array.of(30, 0, 0, 0, 5, 1, 2, 3, 4, 5);
    const m = decodeMessage(payload, 0, nestedDecoders, 'hybrid');
    expect(m.fields.find((f) => f.name === 'C_INIT')?.children).toBeUndefined();
    expect(hybridParts(m.fields)).toEqual([]);
  });
});
