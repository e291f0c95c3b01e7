// Host private keys never reach a recording: the engine asks its driver to sign (needSignature),
// the writer keeps public halves only, and old files that carry a private key still open, with a
// warning. The bundled recordings are checked for every demo key's private numbers.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostKeyAlgorithms } from '../ssh/algorithms/hostkey';
import { keyringSigner } from '../ssh/algorithms/hostkey/signer';
import { defaultConfig } from '../ssh/transport/config';
import { step } from '../ssh/transport/engine';
import type { Effect, EngineEvent } from '../ssh/transport/events';
import { initialState, type EngineState } from '../ssh/transport/state';
import { bigintToBytes, toHex } from '../ssh/wire/bytes';
import { Reader } from '../ssh/wire/reader';
import { cachedDemoKey } from './scenarios/scenario';
import { DEMO_KEY_TYPES, demoHostKeys } from './demoKeys';
import { openRecording } from './open';
import { parseRecording, PRIVATE_KEY_WARNING, stringifyRecording } from './recording';
import { simulate } from './simulate';

/** The secret numbers of a demo key, as hex. */
function secretHex(keyType: string, privateBlob: Uint8Array): string[] {
  const r = new Reader(privateBlob);
  if (keyType === 'ssh-ed25519') {
    r.string('pub');
    return [toHex(r.string('priv').subarray(0, 32))];
  }
  if (keyType.startsWith('ecdsa-')) {
    r.text('curve');
    r.string('Q');
    return [toHex(bigintToBytes(r.mpint('d')))];
  }
  r.mpint('n');
  r.mpint('e');
  return ['d', 'iqmp', 'p', 'q'].map((n) => toHex(bigintToBytes(r.mpint(n))));
}

const root = 'public/recordings';
const bundled = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.json')).sort();

describe('no host private key in any recording', () => {
  it('the engine never sees a private key: a simulation keeps them with the driver', () => {
    const r = simulate({ client: defaultConfig('client'), server: defaultConfig('server', { hostKeys: demoHostKeys() }), seed: 3 });
    expect(r.outcome.ok).toBe(true);
    expect(JSON.stringify(r.server.config.hostKeys?.map((k) => Object.keys(k)))).not.toContain('privateBlob');
    const file = stringifyRecording({ meta: { title: 't', description: '', created: '', tool: 't', source: 'simulated' }, server: { config: r.server.config, events: r.server.events } });
    for (const k of demoHostKeys()) for (const h of secretHex(k.keyType, k.privateBlob)) expect(file).not.toContain(h);
  });

  it('the writer drops a private half even when it is handed one', () => {
    const keys = demoHostKeys(['ssh-ed25519']);
    const text = stringifyRecording({
      meta: { title: 't', description: '', created: '', tool: 't', source: 'simulated' },
      server: { config: defaultConfig('server', { hostKeys: keys }), events: [] },
    });
    expect(text).not.toContain('privateBlob');
    expect(text).not.toContain(secretHex('ssh-ed25519', keys[0].privateBlob)[0]);
  });

  it(`no bundled recording (${bundled.length} files) holds a demo key's private numbers`, () => {
    const secrets = DEMO_KEY_TYPES.flatMap((t) => [cachedDemoKey(t), cachedDemoKey(t, 'attacker')]).flatMap((k) => secretHex(k.keyType, k.privateBlob));
    expect(bundled.length).toBeGreaterThan(20);
    for (const f of bundled) {
      const text = readFileSync(join(root, f), 'utf8');
      expect(text, f).not.toContain('privateBlob');
      for (const s of secrets) expect(text.includes(s), `${f} contains a private number`).toBe(false);
    }
  });

  it('the check can fail: the old bundled file still carries one', () => {
    const text = readFileSync('test/fixtures/legacy-private-key.sshscope.json', 'utf8');
    const k = cachedDemoKey('ssh-ed25519');
    expect(text).toContain(secretHex(k.keyType, k.privateBlob)[0]);
  });
});

describe('signing is an input', () => {
  /** Runs a server engine against a simulated client's bytes, with a driver that answers needSignature late. */
  function serverUntilSignature() {
    const sim = simulate({ client: defaultConfig('client', { hostKey: ['ssh-ed25519'] }), server: defaultConfig('server', { hostKeys: demoHostKeys(['ssh-ed25519']) }), seed: 9 });
    const events = sim.server.events;
    const at = events.findIndex((e) => e.event.type === 'signature');
    expect(at).toBeGreaterThan(0);
    let state: EngineState = initialState(sim.server.config);
    let effects: Effect[] = [];
    for (let i = 0; i < at; i++) ({ state, effects } = step(state, events[i].event));
    return { sim, events, at, state, effects };
  }

  it('the server asks for a signature of H with the negotiated algorithm and public key, then waits', () => {
    const { state, effects, sim } = serverUntilSignature();
    const ask = effects.find((e) => e.type === 'needSignature');
    expect(ask).toMatchObject({ type: 'needSignature', algorithm: 'ssh-ed25519', publicKey: sim.server.config.hostKeys![0].publicBlob });
    const H = effects.flatMap((e) => (e.type === 'computed' && e.computation.name === 'H' ? [e.computation.value] : []))[0];
    expect(toHex((ask as { data: Uint8Array }).data)).toBe(toHex(H));
    expect(state.kex?.step).toBe('await-signature');
    // Nothing is sent after the request until the signature comes.
    const sends = effects.slice(effects.indexOf(ask!)).filter((e) => e.type === 'send');
    expect(sends).toHaveLength(0);
  });

  it('the signature event sends the reply with exactly those signature bytes', () => {
    const { state, events, at } = serverUntilSignature();
    const sig = events[at].event as Extract<EngineEvent, { type: 'signature' }>;
    const r = step(state, sig);
    const reply = r.effects.find((e) => e.type === 'message' && e.entry.name === 'SSH_MSG_KEX_HYBRID_REPLY');
    expect(reply).toBeDefined();
    const values = (reply as Extract<Effect, { type: 'message' }>).entry.values!;
    expect(toHex(values.signature as Uint8Array)).toBe(toHex(sig.signature));
    expect(r.effects.some((e) => e.type === 'message' && e.entry.name === 'SSH_MSG_NEWKEYS')).toBe(true);
  });

  it('a signature nobody asked for ends the connection as an internal error, never a throw', () => {
    const s = step(initialState(defaultConfig('server', { hostKeys: demoHostKeys(['ssh-ed25519']) })), { type: 'start' }).state;
    const r = step(s, { type: 'signature', algorithm: 'ssh-ed25519', signature: new Uint8Array(3) });
    expect(r.state.closed?.description).toMatch(/signature was given while none was asked for/);
  });

  it('a signer for one key cannot sign for another', () => {
    const [ed, ecdsa] = demoHostKeys(['ssh-ed25519', 'ecdsa-sha2-nistp256']);
    expect(() => keyringSigner([ed])({ algorithm: 'ecdsa-sha2-nistp256', publicKey: ecdsa.publicBlob, data: new Uint8Array(32) })).toThrow(/no private key/);
    const sig = keyringSigner([ed])({ algorithm: 'ssh-ed25519', publicKey: ed.publicBlob, data: new Uint8Array(32) });
    expect(hostKeyAlgorithms['ssh-ed25519'].verify(ed.publicBlob, sig, new Uint8Array(32))).toEqual({ ok: true });
  });
});

describe('old files that carry a private key', () => {
  const legacy = readFileSync('test/fixtures/legacy-private-key.sshscope.json', 'utf8');

  it('open, replay byte-exact against their recorded digests, and warn not to share them', () => {
    const rec = parseRecording(legacy);
    expect(rec.warnings).toEqual([PRIVATE_KEY_WARNING]);
    expect(rec.server!.legacyHostKeys).toHaveLength(1);
    // The engine's config holds the public half only.
    expect(Object.keys(rec.server!.config.hostKeys![0]).sort()).toEqual(['keyType', 'publicBlob']);
    const s = openRecording(legacy);
    expect(s.warnings).toEqual([PRIVATE_KEY_WARNING]);
    expect(s.summary).toBeDefined();
    const last = s.stateAt(s.steps.length - 1);
    expect(JSON.stringify(last, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).toContain('ssh-userauth');
    // The sign step is there, as in a new file.
    expect(s.steps.some((x) => x.kind === 'computation' && x.title.toLowerCase().includes('sign'))).toBe(true);
  });

  it('re-saving one loses nothing (it must still replay) and it still warns', () => {
    const again = stringifyRecording(parseRecording(legacy));
    expect(again).toBe(legacy);
    expect(openRecording(again).warnings).toEqual([PRIVATE_KEY_WARNING]);
  });
});
