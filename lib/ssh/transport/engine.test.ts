// Determinism, purity, and totality: the engine's contract, checked.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { replay } from '../../session/simulate';
import { toHex } from '../wire/bytes';
import { defaultConfig } from './config';
import { step } from './engine';
import type { Effect, EngineEvent } from './events';
import { initialState, type EngineState } from './state';
import { run, sentBytes } from '../../session/testkit';

const hexes = (bs: Uint8Array[]) => bs.map(toHex);

describe('determinism', () => {
  it('the same seed gives the same bytes on both sides; another seed does not', () => {
    const a = run({}, {}, { seed: 42 });
    const b = run({}, {}, { seed: 42 });
    const c = run({}, {}, { seed: 43 });
    expect(a.outcome.ok).toBe(true);
    expect(hexes(sentBytes(a, 'client'))).toEqual(hexes(sentBytes(b, 'client')));
    expect(hexes(sentBytes(a, 'server'))).toEqual(hexes(sentBytes(b, 'server')));
    expect(hexes(sentBytes(a, 'client'))).not.toEqual(hexes(sentBytes(c, 'client')));
  });

  for (const kex of ['curve25519-sha256', 'diffie-hellman-group-exchange-sha256', 'ecdh-sha2-nistp521']) {
    it(`replaying each endpoint's event log reproduces every wire byte (${kex})`, () => {
      const r = run({ kex: [kex] }, {}, { seed: kex });
      expect(r.outcome.ok).toBe(true);
      for (const side of ['client', 'server'] as const) {
        const replayed = replay(r[side].config, r[side].events)
          .effects.flat()
          .filter((e): e is Extract<Effect, { type: 'send' }> => e.type === 'send')
          .map((e) => e.bytes);
        expect(hexes(replayed)).toEqual(hexes(sentBytes(r, side)));
      }
    });
  }

  it('step never mutates the state it is given', () => {
    const r = run({}, {}, { seed: 7 });
    let s: EngineState = initialState(r.client.config);
    for (const { event } of r.client.events) {
      const before = JSON.stringify(s, (_k, v) => (v instanceof Uint8Array ? toHex(v) : typeof v === 'bigint' ? String(v) : v));
      const first = step(s, event);
      const after = JSON.stringify(s, (_k, v) => (v instanceof Uint8Array ? toHex(v) : typeof v === 'bigint' ? String(v) : v));
      expect(after).toBe(before);
      // Stepping the same state again gives the same effects: no hidden state.
      const again = step(s, event);
      expect(again.effects.length).toBe(first.effects.length);
      s = first.state;
    }
  });
});

function feedAll(s: EngineState, events: EngineEvent[]): { state: EngineState; effects: Effect[] } {
  const effects: Effect[] = [];
  for (const e of events) {
    const r = step(s, e);
    s = r.state;
    effects.push(...r.effects);
  }
  return { state: s, effects };
}

const started = (): EngineEvent[] => [
  { type: 'start' },
  { type: 'entropy', purpose: 'pool', bytes: new Uint8Array(8192).fill(7) },
];

describe('totality: the engine never throws on received bytes', () => {
  it('arbitrary bytes instead of a version line', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.constantFrom('client', 'server'), (bytes, role) => {
        const r = feedAll(initialState(defaultConfig(role as 'client' | 'server')), [...started(), { type: 'bytesReceived', bytes }]);
        // Either still waiting for more, or closed with a reason.
        if (r.state.closed) expect(r.state.closed.description.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('arbitrary packets after a valid version line, in arbitrary chunks', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 6 }), (chunks) => {
        const events: EngineEvent[] = [
          ...started(),
          { type: 'bytesReceived', bytes: new TextEncoder().encode('SSH-2.0-fuzz\r\n') },
          ...chunks.map((bytes) => ({ type: 'bytesReceived' as const, bytes })),
          { type: 'close' },
        ];
        const r = feedAll(initialState(defaultConfig('client')), events);
        expect(r.state.closed).toBeDefined();
      }),
      { numRuns: 300 },
    );
  });

  it('a real server transcript with one byte changed', () => {
    const base = run({ cipher: ['aes128-ctr'], mac: ['hmac-sha2-256-etm@openssh.com'] }, {}, { seed: 'mutate' });
    const serverChunks = sentBytes(base, 'server');
    const clientEvents = base.client.events.map((e) => e.event);
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 255 }), (which, where, xor) => {
        const i = which % serverChunks.length;
        const chunk = serverChunks[i].slice();
        chunk[where % chunk.length] ^= xor;
        let n = 0;
        // The client's own log, with the server's i-th chunk replaced.
        const events = clientEvents.map((e) => (e.type === 'bytesReceived' && n++ === i ? { type: 'bytesReceived' as const, bytes: chunk } : e));
        const r = feedAll(initialState(base.client.config), events);
        // A changed byte either did not matter (padding, IGNORE data) or ended the connection cleanly.
        if (r.state.closed && r.state.closed.by === 'local') {
          expect(r.effects.some((e) => e.type === 'disconnect')).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});
