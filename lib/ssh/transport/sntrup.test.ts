// sntrup761x25519-sha512 (both names) in the engine: K = SHA-512(K_PQ || K_CL) as a string in H
// and the KDF, a C_INIT of the wrong length refused with a reason naming it, and a changed
// ciphertext caught by implicit rejection: the client's K differs, so the server's signature of H
// does not verify. Runs both roles through the simulator directly (no shared testkit).

import { sha512 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { demoHostKeys } from '../../session/demoKeys';
import { simulate, type SimulateOptions, type SimulationResult } from '../../session/simulate';
import { DISCONNECT } from '../messages/numbers';
import { encodeLayout } from '../messages/layout';
import { KEX_HYBRID_INIT } from '../messages/specs';
import { concat, readU32, toHex, u32be } from '../wire/bytes';
import { defaultConfig } from './config';
import type { Computation, Effect, TraceEntry } from './events';
import { buildPacket } from './packet';

const NAMES = ['sntrup761x25519-sha512', 'sntrup761x25519-sha512@openssh.com'];

function run(kex: string, network?: SimulateOptions['network']): SimulationResult {
  return simulate({
    client: defaultConfig('client', { kex: [kex], hostKey: ['ssh-ed25519'] }),
    server: defaultConfig('server', { hostKeys: demoHostKeys(['ssh-ed25519']), kex: [kex] }),
    seed: kex,
    network,
  });
}

const effects = <T extends Effect['type']>(r: SimulationResult, endpoint: 'client' | 'server', type: T) =>
  r.effects.filter((e) => e.endpoint === endpoint && e.effect.type === type).map((e) => e.effect as Extract<Effect, { type: T }>);
const computed = <N extends Computation['name']>(r: SimulationResult, endpoint: 'client' | 'server', name: N) =>
  effects(r, endpoint, 'computed')
    .map((e) => e.computation)
    .filter((c): c is Extract<Computation, { name: N }> => c.name === name);
const messages = (r: SimulationResult, endpoint: 'client' | 'server'): TraceEntry[] => effects(r, endpoint, 'message').map((e) => e.entry);

/** A plaintext (pre-NEWKEYS) packet, as an attacker on the wire would forge it. */
function plainPacket(payload: Uint8Array): Uint8Array {
  let pad = 8 - ((5 + payload.length) % 8);
  if (pad < 4) pad += 8;
  return buildPacket(payload, new Uint8Array(pad));
}

for (const kex of NAMES) {
  describe(`${kex} in the engine`, () => {
    it('K = SHA-512(K_PQ || K_CL) as a string, H is SHA-512, both sides agree; C_INIT 1158 + 32, S_REPLY 1039 + 32', () => {
      const r = run(kex);
      expect(r.outcome.ok, r.outcome.description).toBe(true);
      expect(r.client.state.negotiated?.kex).toBe(kex);
      const [kc] = computed(r, 'client', 'K');
      const [ks] = computed(r, 'server', 'K');
      expect(toHex(kc.value)).toBe(toHex(ks.value));
      expect(kc.encoding).toBe('string');
      const [pq, cl] = kc.parts!;
      expect(toHex(kc.value)).toBe(toHex(concat(u32be(64), sha512(concat(pq.value, cl.value)))));
      const [H] = computed(r, 'client', 'H');
      expect(H.value.length).toBe(64);
      const init = messages(r, 'client').find((e) => e.name === 'SSH_MSG_KEX_HYBRID_INIT' && e.direction === 'sent')!;
      expect((init.values!.C_INIT as Uint8Array).length).toBe(1190);
      const reply = messages(r, 'client').find((e) => e.name === 'SSH_MSG_KEX_HYBRID_REPLY')!;
      expect((reply.values!.S_REPLY as Uint8Array).length).toBe(1071);
    });

    it('a C_INIT one byte short is refused by the server, naming the lengths', () => {
      let forged = false;
      const r = run(kex, (chunk) => {
        if (chunk.from !== 'client' || forged || chunk.bytes[5] !== 30) return [chunk.bytes];
        forged = true;
        // The client's SSH_MSG_KEX_HYBRID_INIT (30), rebuilt with its C_INIT cut by one byte.
        const cInit = chunk.bytes.subarray(10, 10 + readU32(chunk.bytes, 6));
        return [plainPacket(encodeLayout(KEX_HYBRID_INIT, { C_INIT: cInit.subarray(0, cInit.length - 1) }))];
      });
      expect(forged).toBe(true);
      expect(r.outcome.ok).toBe(false);
      const [d] = effects(r, 'server', 'disconnect');
      expect(d).toMatchObject({ by: 'local', reason: DISCONNECT.KEY_EXCHANGE_FAILED });
      expect(d.description).toContain("the client's C_INIT is unusable: C_INIT must be 1190 bytes (1158 + 32), got 1189");
    });

    it('a changed ciphertext byte: implicit rejection gives the client another K, so H\'s signature fails', () => {
      let forged = false;
      const r = run(kex, (chunk) => {
        if (chunk.from !== 'server' || forged || chunk.bytes[5] !== 31) return [chunk.bytes];
        forged = true;
        // SSH_MSG_KEX_HYBRID_REPLY (31): skip K_S, then flip a byte inside S_CT2.
        const b = chunk.bytes.slice();
        const kS = readU32(b, 6);
        b[6 + 4 + kS + 4 + 100] ^= 0x01;
        return [b];
      });
      expect(forged).toBe(true);
      const [kc] = computed(r, 'client', 'K');
      const [ks] = computed(r, 'server', 'K');
      expect(toHex(kc.parts![0].value)).not.toBe(toHex(ks.parts![0].value));
      expect(toHex(kc.parts![1].value)).toBe(toHex(ks.parts![1].value));
      const [d] = effects(r, 'client', 'disconnect');
      expect(d).toMatchObject({ by: 'local', reason: DISCONNECT.HOST_KEY_NOT_VERIFIABLE });
      expect(d.description).toMatch(/signature of H does not verify/);
    });
  });
}
