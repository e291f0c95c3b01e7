// The observer's decode of a connection must equal what the two endpoints themselves logged:
// recordings of our own simulations (every kex family, every cipher family, strict kex on and
// off, rekeys) turned into what a capture would hold, decoded with and without a key log.

import { describe, expect, it } from 'vitest';
import { ciphers } from '../../ssh/algorithms/cipher';
import { kexAlgorithms } from '../../ssh/algorithms/kex';
import { defaultConfig, type EndpointConfig } from '../../ssh/transport/config';
import { toHex } from '../../ssh/wire/bytes';
import { demoHostKeys } from '../demoKeys';
import { openParsedRecording, openRecording, type OpenedSession } from '../open';
import { stringifyRecording, type Recording } from '../recording';
import type { ComputationStep, MessageStep } from '../session';
import { simulate, type SimulateOptions } from '../simulate';
import { observerRecording, type KeylogChoice } from './fromEndpoints';

function simulated(client: Partial<EndpointConfig>, server: Partial<EndpointConfig>, extra: Partial<SimulateOptions> = {}): Recording {
  const r = simulate({
    client: defaultConfig('client', client),
    server: defaultConfig('server', { hostKeys: demoHostKeys(), ...server }),
    seed: JSON.stringify([client, server]),
    ...extra,
  });
  return {
    meta: { title: 'sim', description: '', created: '2026-01-01T00:00:00Z', tool: 'test', source: 'simulated', attacker: false },
    client: { config: r.client.config, events: r.client.events },
    server: { config: r.server.config, events: r.server.events },
  };
}

const messages = (s: OpenedSession, flow: 'c2s' | 's2c') =>
  s.steps
    .filter((x): x is MessageStep => x.kind === 'message' && x.flow === flow && x.sent !== undefined)
    .map((m) => ({
      name: m.entry.name,
      number: m.number,
      seq: m.counters?.sender,
      wire: toHex(m.entry.wire),
      packet: m.entry.packet ? toHex(m.entry.packet) : undefined,
      values: m.entry.values,
      ignored: (m.received ?? m.entry).ignored !== undefined,
    }));

/** K, H, session id and keys in the order computed, from one party's computations (or any party's). */
const secrets = (s: OpenedSession, by?: 'client' | 'server') =>
  s.steps
    .filter((x): x is ComputationStep => x.kind === 'computation' && (by === undefined || x.by === by))
    .flatMap((x) => x.computations)
    .flatMap((c) => (c.name === 'K' || c.name === 'H' || c.name === 'session_id' || c.name === 'key' ? [`${c.name}${c.name === 'key' ? c.letter : ''}=${toHex(c.value)}`] : []));

function expectSameAsReplay(rec: Recording, keylog: KeylogChoice) {
  const endpoints = openParsedRecording(rec);
  expect(endpoints.summary.ok, endpoints.summary.outcome).toBe(true);
  // Through the JSON text, as a file would come.
  const observed = openRecording(stringifyRecording(observerRecording(rec, keylog)));
  expect(observed.observer).toEqual({ keylog: 'used', sealed: false });
  expect(observed.summary.ok, observed.summary.outcome).toBe(true);
  expect(observed.summary.outcome).toMatch(/^observer's view, decrypted with the key log: handshake complete, service ssh-userauth accepted$/);
  for (const flow of ['c2s', 's2c'] as const) expect(messages(observed, flow)).toEqual(messages(endpoints, flow));
  const computed = secrets(observed);
  expect(computed.length).toBeGreaterThanOrEqual(9);
  expect(computed).toEqual(secrets(endpoints, 'client'));
  expect(observed.steps.filter((x) => x.phase === 'failure')).toEqual([]);
  // The signature over H verified, and the summary agrees with the endpoints'.
  const verified = observed.steps.flatMap((x) => (x.kind === 'computation' ? x.computations : [])).filter((c) => c.name === 'signature');
  expect(verified.length).toBeGreaterThan(0);
  for (const v of verified) expect(v).toMatchObject({ action: 'verify', ok: true });
  const { outcome: _a, ok: _b, ...rest } = endpoints.summary;
  const { outcome: _c, ok: _d, ...mine } = observed.summary;
  expect(mine).toEqual(rest);
  // The state both lifelines end in: counters (strict kex resets included), key exchanges, strict kex.
  const end = (x: OpenedSession) => {
    const st = x.stateAt(x.steps.length - 1);
    return (['client', 'server'] as const).map((p) => ({ seq: st[p].seq, packets: st[p].packets, kexCount: st[p].kexCount, strictKex: st[p].strictKex, negotiated: st[p].negotiated?.kex }));
  };
  expect(end(observed)).toEqual(end(endpoints));
  return observed;
}

const hybrids = Object.values(kexAlgorithms).filter((k) => k.family === 'hybrid').map((k) => k.name);

describe('observer decode = endpoint replay, with a key log', () => {
  Object.keys(kexAlgorithms).forEach((kex, i) => {
    const strict = i % 2 === 0;
    // A server key log cannot open a hybrid (K_PQ needs the client's decapsulation key).
    const choices: KeylogChoice[] = hybrids.includes(kex) ? ['client-private', 'server-shared'] : ['client-private', 'server-private', 'client-shared'];
    for (const keylog of choices) {
      it(`${kex}, strict ${strict ? 'on' : 'off'}, ${keylog}`, () => {
        expectSameAsReplay(simulated({ kex: [kex], strictKex: strict }, { kex: [kex], strictKex: strict }), keylog);
      });
    }
  });

  const cipherCases: [string, string | undefined][] = [
    ['chacha20-poly1305@openssh.com', undefined],
    ...Object.values(ciphers).filter((c) => c.aead && !c.name.startsWith('chacha')).map((c): [string, undefined] => [c.name, undefined]),
    ['aes128-ctr', 'hmac-sha2-256'],
    ['aes256-ctr', 'hmac-sha2-512-etm@openssh.com'],
    ['aes192-ctr', 'umac-64-etm@openssh.com'],
    ['aes128-ctr', 'hmac-sha1'],
  ];
  for (const [cipher, mac] of cipherCases) {
    for (const strict of [true, false]) {
      it(`${cipher}${mac ? ` + ${mac}` : ''}, strict ${strict ? 'on' : 'off'}, with a rekey`, () => {
        const cfg = { kex: ['curve25519-sha256'], cipher: [cipher], ...(mac ? { mac: [mac] } : {}), strictKex: strict };
        const rec = simulated(cfg, cfg, { afterService: [{ type: 'request', request: { kind: 'rekey' } }, { type: 'request', request: { kind: 'ignore', data: new Uint8Array(100) } }] });
        const s = expectSameAsReplay(rec, 'client-private');
        expect(s.steps.filter((x) => x.kind === 'message' && x.number === 20)).toHaveLength(4);
        expect(s.stateAt(s.steps.length - 1).client.kexCount).toBe(2);
      });
    }
  }

  it('a guessed kex packet: right and wrong guesses', () => {
    for (const serverKex of [['curve25519-sha256'], ['ecdh-sha2-nistp256', 'curve25519-sha256']]) {
      const rec = simulated({ kex: ['curve25519-sha256', 'ecdh-sha2-nistp256'], guessKex: true }, { kex: serverKex });
      expectSameAsReplay(rec, 'client-private');
    }
  });

  it('the group exchange (GEX) and its group', () => {
    const kex = ['diffie-hellman-group-exchange-sha256'];
    expectSameAsReplay(simulated({ kex, gex: { min: 2048, n: 2048, max: 4096 } }, { kex }), 'server-private');
  });
});
