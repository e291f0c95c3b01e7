// The hybrid kex flow in the engine: SSH_MSG_KEX_HYBRID_INIT/REPLY, K as a string in H and the
// KDF, K_PQ and K_CL shown with their formulas, guessing, and a rekey.

import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { deriveKey } from '../kdf';
import { concat, toHex, u32be } from '../wire/bytes';
import type { Computation, Effect } from './events';
import { DEFAULT_KEX } from './config';
import { entries, run } from '../../session/testkit';
import type { SimulationResult } from '../../session/simulate';

function computations(r: SimulationResult, endpoint: 'client' | 'server'): Computation[] {
  return r.effects
    .filter((e) => e.endpoint === endpoint && e.effect.type === 'computed')
    .map((e) => (e.effect as Extract<Effect, { type: 'computed' }>).computation);
}
const find = <N extends Computation['name']>(cs: Computation[], name: N) =>
  cs.filter((c): c is Extract<Computation, { name: N }> => c.name === name);

describe('mlkem768x25519-sha256 in the engine', () => {
  it('is the first method offered by default, as in OpenSSH 10.0', () => {
    expect(DEFAULT_KEX[0]).toBe('mlkem768x25519-sha256');
    const r = run();
    expect(r.outcome.ok, r.outcome.description).toBe(true);
    expect(r.client.state.negotiated?.kex).toBe('mlkem768x25519-sha256');
    expect(entries(r, 'client', 'sent').map((e) => e.name)).toContain('SSH_MSG_KEX_HYBRID_INIT');
    expect(entries(r, 'client', 'received').map((e) => e.name)).toContain('SSH_MSG_KEX_HYBRID_REPLY');
  });

  it('K = SHA-256(K_PQ || K_CL) as a string enters H and the KDF; both sides agree', () => {
    const r = run({ kex: ['mlkem768x25519-sha256'] }, {}, { seed: 'hybrid K' });
    expect(r.outcome.ok, r.outcome.description).toBe(true);
    const [kc] = find(computations(r, 'client'), 'K');
    const [ks] = find(computations(r, 'server'), 'K');
    expect(toHex(kc.value)).toBe(toHex(ks.value));
    expect(kc.encoding).toBe('string');
    expect(kc.parts!.map((p) => p.name)).toEqual(['K_PQ', 'K_CL']);
    const [pq, cl] = kc.parts!;
    expect(pq.value.length).toBe(32);
    expect(cl.value.length).toBe(32);
    expect(toHex(kc.value)).toBe(toHex(concat(u32be(32), sha256(concat(pq.value, cl.value)))));
    expect(kc.formula).toMatch(/SHA-256\(K_PQ \|\| K_CL\), encoded as a string/);
    expect(pq.formula).toMatch(/Decaps/);
    expect(find(computations(r, 'server'), 'K')[0].parts![0].formula).toMatch(/Encaps/);

    const [H] = find(computations(r, 'client'), 'H');
    expect(H.inputs.map((i) => `${i.name}:${i.type}`)).toEqual([
      'V_C:string', 'V_S:string', 'I_C:string', 'I_S:string', 'K_S:string', 'C_INIT:string', 'S_REPLY:string', 'K:string',
    ]);
    expect(toHex(H.inputs[7].bytes)).toBe(toHex(kc.value));
    // C_INIT in H is exactly what the INIT message carried.
    const init = entries(r, 'client', 'sent').find((e) => e.name === 'SSH_MSG_KEX_HYBRID_INIT')!;
    expect(toHex(H.inputs[5].bytes.subarray(4))).toBe(toHex(init.values!.C_INIT as Uint8Array));

    const [A] = find(computations(r, 'client'), 'key').filter((k) => k.letter === 'C');
    const expected = deriveKey({ hash: 'sha256', K: kc.value, H: H.value, letter: 'C', sessionId: H.value, length: A.value.length });
    expect(toHex(A.value)).toBe(toHex(expected));
  });

  it('the client shows C_INIT as its ephemeral public key, the server S_PK1', () => {
    const r = run({ kex: ['mlkem768x25519-sha256'] });
    const [ec] = find(computations(r, 'client'), 'ephemeral key');
    expect(ec).toMatchObject({ publicName: 'C_INIT' });
    expect(ec.publicKey.length).toBe(1216);
    const [es] = find(computations(r, 'server'), 'ephemeral key');
    expect(es).toMatchObject({ publicName: 'S_PK1' });
    expect(es.publicKey.length).toBe(32);
  });

  it('a right guess: the guessed SSH_MSG_KEX_HYBRID_INIT stands', () => {
    const r = run({ kex: ['mlkem768x25519-sha256', 'curve25519-sha256'], guessKex: true }, {}, { seed: 'guess right' });
    expect(r.outcome.ok, r.outcome.description).toBe(true);
    expect(entries(r, 'client', 'sent').filter((e) => e.name === 'SSH_MSG_KEX_HYBRID_INIT')).toHaveLength(1);
  });

  it('a wrong guess: the server drops the guessed hybrid INIT and the exchange runs as curve25519', () => {
    const r = run(
      { kex: ['mlkem768x25519-sha256', 'curve25519-sha256'], guessKex: true },
      { kex: ['curve25519-sha256'] },
      { seed: 'guess wrong' },
    );
    expect(r.outcome.ok, r.outcome.description).toBe(true);
    expect(r.server.state.negotiated?.kex).toBe('curve25519-sha256');
    const dropped = entries(r, 'server', 'received').find((e) => e.ignored);
    expect(dropped?.name).toBe('SSH_MSG_KEX_HYBRID_INIT');
  });

  it('a rekey makes a fresh hybrid exchange and keeps the session id', () => {
    const r = run({ kex: ['mlkem1024nistp384-sha384'] }, { kex: ['mlkem1024nistp384-sha384'] }, { seed: 'rekey', afterService: [{ type: 'request', request: { kind: 'rekey' } }] });
    expect(r.outcome.ok, r.outcome.description).toBe(true);
    const ks = find(computations(r, 'client'), 'K');
    expect(ks).toHaveLength(2);
    expect(toHex(ks[0].value)).not.toBe(toHex(ks[1].value));
    expect(ks[1].value.length).toBe(4 + 48);
    const ids = find(computations(r, 'client'), 'session_id');
    expect(ids).toHaveLength(1);
  });
});
