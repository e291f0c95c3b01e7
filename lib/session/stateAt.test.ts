// stateAt through snapshots equals stateAt from scratch (every event replayed, every step folded),
// for any sequence of seeks: the property the viewer's time travel stands on.

import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../ssh/transport/config';
import { demoHostKeys } from './demoKeys';
import { openRecording, openRecordingAsync, type OpenedSession } from './open';
import { stringifyRecording } from './recording';
import { simulate } from './simulate';

/** A session with a bit of everything after the handshake: IGNORE, DEBUG, a rekey, more IGNOREs. */
function richSession(): string {
  const client = defaultConfig('client', { cipher: ['aes128-ctr'], mac: ['hmac-sha2-256-etm@openssh.com'] });
  const server = defaultConfig('server', { hostKeys: demoHostKeys() });
  const ignore = (n: number) => ({ type: 'request' as const, request: { kind: 'ignore' as const, data: new Uint8Array(n) } });
  const sim = simulate({
    client,
    server,
    seed: 5,
    afterService: [
      ignore(3),
      { type: 'request', request: { kind: 'debug', message: 'hello' } },
      { type: 'request', request: { kind: 'rekey' } },
      ...Array.from({ length: 40 }, (_, i) => ignore(i)),
    ],
  });
  return stringifyRecording({
    meta: { title: 'rich', description: '', created: '', tool: 'test', source: 'simulated', attacker: false },
    client: { config: client, events: sim.client.events },
    server: { config: server, events: sim.server.events },
  });
}

const text = richSession();
// Small intervals so that seeks cross many snapshots (the defaults would put this session in one).
const s = openRecording(text, { snapshotEveryEvents: 3, snapshotEverySteps: 5 });
const real = openRecording(readFileSync('public/recordings/real/openssh-gex-rsa512-aes128ctr-umac.json', 'utf8'), { snapshotEveryEvents: 2, snapshotEverySteps: 3 });

function seeks(session: OpenedSession) {
  const n = session.steps.length;
  fc.assert(
    fc.property(fc.array(fc.integer({ min: -1, max: n - 1 }), { minLength: 1, maxLength: 12 }), (is) => {
      for (const i of is) expect(session.stateAt(i)).toEqual(session.stateAtFromScratch(i));
    }),
    { numRuns: 25 },
  );
}

describe('stateAt', () => {
  it('the rich session has two key exchanges and many steps', () => {
    expect(s.steps.filter((x) => x.kind === 'computation' && x.action === 'negotiate').length).toBe(4);
    expect(s.steps.length).toBeGreaterThan(80);
    expect(s.summary.ok).toBe(true);
  });

  it('snapshot path = from scratch, random seeks (simulated, rekey)', () => seeks(s));
  it('snapshot path = from scratch, random seeks (real OpenSSH, group exchange)', () => seeks(real));

  it('stepping forward one by one and back again gives the same states', () => {
    const fwd = s.steps.map((_, i) => s.stateAt(i));
    for (let i = s.steps.length - 1; i >= 0; i--) expect(s.stateAt(i)).toEqual(fwd[i]);
  });

  it('a rekey resets K, H and the keys but keeps the session id', () => {
    const negotiations = s.steps.filter((x) => x.kind === 'computation' && x.action === 'negotiate' && x.by === 'client');
    const second = negotiations[1].index;
    const before = s.stateAt(second - 1).client;
    const after = s.stateAt(second).client;
    expect(before.known.K).toBeDefined();
    expect(after.known.K).toBeUndefined();
    expect(after.known.keys).toEqual({});
    expect(after.known.sessionId).toEqual(before.known.sessionId);
    const end = s.stateAt(s.steps.length - 1).client;
    expect(end.kexCount).toBe(2);
    expect(end.known.K!.value).not.toEqual(before.known.K!.value);
    // The session id is H of the first exchange, not of the rekey (RFC 4253 §7.2).
    expect(end.known.sessionId!.value).toEqual(before.known.sessionId!.value);
    expect(end.known.H!.value).not.toEqual(end.known.sessionId!.value);
  });

  it('sequence numbers and packet counts match the steps seen so far', () => {
    for (let i = 0; i < s.steps.length; i += 7) {
      const st = s.stateAt(i);
      const upto = s.steps.slice(0, i + 1);
      // Packets the client logged as sent up to here (independent count over the steps).
      const sent = upto.filter((x) => x.kind === 'message' && x.flow === 'c2s' && x.sent?.kind === 'packet').length;
      expect(st.client.packets.sent).toBeGreaterThanOrEqual(sent);
    }
  });

  it('refuses snapshot intervals that are not whole numbers ≥ 1', () => {
    expect(() => openRecording(text, { snapshotEveryEvents: 0 })).toThrow(/snapshotEveryEvents must be a whole number of at least 1, not 0/);
    expect(() => openRecording(text, { snapshotEverySteps: 2.5 })).toThrow(RangeError);
  });

  it('refuses an index outside -1..n-1 with a clear error', () => {
    expect(() => s.stateAt(s.steps.length)).toThrow(/step index \d+ is outside -1\.\.\d+/);
    expect(() => s.stateAt(-2)).toThrow(RangeError);
    expect(() => s.stateAt(1.5)).toThrow(RangeError);
    expect(() => s.stateAt(Number.NaN)).toThrow(RangeError);
  });
});

describe('openRecordingAsync', () => {
  it('gives the same session as openRecording, reporting progress up to 1', async () => {
    const progress: number[] = [];
    const a = await openRecordingAsync(text, { slice: 7, onProgress: (p) => progress.push(p) });
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.every((p, k) => p >= (progress[k - 1] ?? 0) && p <= 1)).toBe(true);
    expect(progress.at(-1)).toBe(1);
    const b = openRecording(text);
    expect(a.steps).toEqual(b.steps);
    expect(a.stateAt(a.steps.length - 1)).toEqual(b.stateAt(b.steps.length - 1));
  });

  it('slices by time when asked, yielding through yieldTo between events', async () => {
    let t = 0;
    let yields = 0;
    const events = (JSON.parse(text) as { client: { events: unknown[] }; server: { events: unknown[] } });
    // The clock moves one unit per reading: a 3-unit slice is a couple of events.
    const a = await openRecordingAsync(text, { sliceMs: 3, now: () => t++, yieldTo: async () => void yields++ });
    expect(yields).toBeGreaterThan((events.client.events.length + events.server.events.length) / 4);
    expect(a.steps).toEqual(s.steps);
  });

  it('stops when aborted, and refuses bad files the same way', async () => {
    const ac = new AbortController();
    const p = openRecordingAsync(text, { slice: 5, onProgress: (x) => x > 0.2 && ac.abort(new Error('user went elsewhere')), signal: ac.signal });
    await expect(p).rejects.toThrow('user went elsewhere');
    await expect(openRecordingAsync('{"format": "sshscope-recording", "version": 2}')).rejects.toThrow(/\$\.version: version 2 is newer/);
  });
});
