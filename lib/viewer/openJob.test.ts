// The worker's job and the page's side of it, without the Worker: every message goes through a
// real structured clone (with its transfer list), as postMessage would. The session the page
// assembles must be the session openRecording gives (steps, summary, stateAt at every step).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demoHostKeys } from '../session/demoKeys';
import { openRecording } from '../session/open';
import { SessionReceiver, stepChunks, type SessionHead, type StepChunk } from '../session/portable';
import { stringifyRecording } from '../session/recording';
import type { Session } from '../session/session';
import { simulate } from '../session/simulate';
import { defaultConfig } from '../ssh/transport/config';
import { describeError } from './errors';
import { ReportGate, runOpen } from './openJob';
import { OpenDeadlineError, deadlineFrom, percentOf, progressDetail, type FromWorker, type OpenProgress } from './openProtocol';
import { OpenTracker } from './openTracker';

const yieldTo = () => new Promise<void>((resolve) => setImmediate(resolve));

async function throughWorker(text: string, signal = new AbortController().signal): Promise<{ messages: FromWorker[]; session: () => Session }> {
  const messages: FromWorker[] = [];
  await runOpen(text, (msg, transfer) => messages.push(structuredClone(msg, { transfer: transfer ?? [] })), { now: () => performance.now(), yieldTo, signal });
  return {
    messages,
    session: () => {
      const t = new OpenTracker();
      let s: Session | null = null;
      for (const m of messages) s = t.handle(m, 0) ?? s;
      if (!s) throw new Error('no session');
      return s;
    },
  };
}

/** A handshake, then `ignores` IGNORE packets and a rekey: enough steps for several chunks. */
function longText(ignores: number): string {
  const client = defaultConfig('client', { cipher: ['aes128-ctr'], mac: ['hmac-sha2-256-etm@openssh.com'] });
  const server = defaultConfig('server', { hostKeys: demoHostKeys() });
  const ignore = (i: number) => ({ type: 'request' as const, request: { kind: 'ignore' as const, data: new Uint8Array([i & 0xff]) } });
  const sim = simulate({
    client,
    server,
    seed: 9,
    afterService: [...Array.from({ length: ignores }, (_, i) => ignore(i)), { type: 'request', request: { kind: 'rekey' } }, ignore(1)],
    maxEvents: 100_000,
  });
  return stringifyRecording({
    meta: { title: 'long', description: '', created: '', tool: 'test', source: 'simulated', attacker: false },
    client: { config: client, events: sim.client.events },
    server: { config: server, events: sim.server.events },
  });
}

const files = [
  'basics/curve25519-ed25519-chacha20.json',
  'real/openssh-gex-rsa512-aes128ctr-umac.json',
  'attacks/terrapin-chacha20-no-strict-kex.json',
  'failures/flipped-byte-mac-error.json',
  'algorithms/rekey-after-service.json',
];

describe('a session opened through the worker job equals openRecording', () => {
  const cases: [string, string][] = [...files.map((f): [string, string] => [f, readFileSync(`public/recordings/${f}`, 'utf8')]), ['simulated, 120 IGNOREs and a rekey', longText(120)]];
  for (const [name, text] of cases) {
    it(name, async () => {
      const direct = openRecording(text);
      const { messages, session } = await throughWorker(text);
      expect(messages[0]).toEqual({ type: 'progress', progress: { stage: 'parsing', done: 0, total: 0, exact: true } });
      const s = session();
      expect(s.meta).toEqual(direct.meta);
      expect(s.parties).toEqual(direct.parties);
      expect(s.attacker).toBe(direct.attacker);
      expect(s.summary).toEqual(direct.summary);
      expect(s.steps.length).toBe(direct.steps.length);
      // Packet trees did not cross: the page builds them on first read (then equal to the worker's).
      const packet = s.steps.find((x) => x.kind === 'message' && x.entry.kind === 'packet');
      expect(packet && packet.kind === 'message' && Object.getOwnPropertyDescriptor(packet.entry, 'fields')?.get).toBeTypeOf('function');
      expect(s.steps).toEqual(direct.steps);
      for (let i = -1; i < s.steps.length; i++) expect(s.stateAt(i), `stateAt(${i})`).toEqual(direct.stateAt(i));
      // A message step's entry is still its sent or received entry, not a copy.
      for (const x of s.steps) if (x.kind === 'message') expect(x.entry === x.sent || x.entry === x.received).toBe(true);
    });
  }

  it('reports every event of a handshake, in order, with the endpoint and event type', async () => {
    const text = readFileSync('public/recordings/basics/curve25519-ed25519-chacha20.json', 'utf8');
    const rec = JSON.parse(text) as { client: { events: { type: string }[] }; server: { events: { type: string }[] } };
    const reports = (await throughWorker(text)).messages.filter((m): m is FromWorker & { type: 'progress' } => m.type === 'progress' && m.progress.stage === 'replaying')
      .map((m) => m.progress.at);
    const expected = (['client', 'server'] as const).flatMap((party) => rec[party].events.map((e, event) => ({ party, event, events: rec[party].events.length, type: e.type })));
    expect(reports).toEqual(expected);
  });

  it('a refused recording ends in an error with the JSON path, as describeError shows it', async () => {
    const json = JSON.parse(readFileSync('public/recordings/basics/curve25519-ed25519-chacha20.json', 'utf8'));
    json.client.events[3].bytes = 'zz';
    const { messages } = await throughWorker(JSON.stringify(json));
    const last = messages.at(-1)!;
    expect(last.type).toBe('error');
    let thrown: unknown;
    try {
      const t = new OpenTracker();
      for (const m of messages) t.handle(m, 0);
    } catch (e) {
      thrown = e;
    }
    const problems = describeError(thrown);
    expect(problems[0].where).toBe('$.client.events[3].bytes');
    expect(problems[0].problem).toMatch(/hex/);
  });
});

describe('stopping', () => {
  it('between events when asked: the last word is "stopped", and no session is sent', async () => {
    const ac = new AbortController();
    const messages: FromWorker[] = [];
    await runOpen(
      longText(120),
      (m) => {
        messages.push(m);
        if (m.type === 'progress' && m.progress.done > 50) ac.abort();
      },
      { now: () => performance.now(), yieldTo, signal: ac.signal },
    );
    expect(messages.at(-1)).toEqual({ type: 'stopped' });
    expect(messages.some((m) => m.type === 'head' || m.type === 'steps' || m.type === 'done')).toBe(false);
  });
});

describe('step chunks', () => {
  const direct = openRecording(longText(400));

  /** Every ArrayBuffer a message reaches. */
  function buffersIn(v: unknown, out = new Set<ArrayBufferLike>(), seen = new Set<object>()): Set<ArrayBufferLike> {
    if (!v || typeof v !== 'object' || seen.has(v)) return out;
    seen.add(v);
    if (ArrayBuffer.isView(v)) out.add(v.buffer);
    else for (const x of Object.values(v)) buffersIn(x, out, seen);
    return out;
  }

  it('own every byte they carry (no view into a buffer shared with another chunk), and reassemble', () => {
    const chunks = [...stepChunks(direct.steps, 500)];
    expect(chunks.length).toBeGreaterThan(5);
    const all = new Set<ArrayBufferLike>();
    for (const c of chunks) {
      const reached = buffersIn(c.message);
      for (const b of reached) {
        expect(c.transfer).toContain(b);
        expect(all.has(b)).toBe(false);
      }
      for (const b of c.transfer) all.add(b);
    }
    const head: SessionHead = { meta: direct.meta, parties: direct.parties, attacker: direct.attacker, summary: direct.summary, stepCount: direct.steps.length };
    const r = new SessionReceiver(head);
    for (const c of chunks) r.add(structuredClone(c.message, { transfer: c.transfer }) as StepChunk);
    expect(r.received).toBe(direct.steps.length);
    expect(r.session().steps).toEqual(direct.steps);
  });

  it('must arrive in order', () => {
    const [a, b] = [...stepChunks(direct.steps, 500)];
    const head = { stepCount: direct.steps.length } as SessionHead;
    const r = new SessionReceiver(head);
    expect(() => r.add(b.message)).toThrow(/out of order/);
    r.add(a.message);
    expect(() => r.session()).toThrow(/of \d+ steps arrived/);
  });
});

describe('report gate', () => {
  it('reports the first 64 events of each 16 ms window; the last of them is not exact', () => {
    let t = 0;
    const g = new ReportGate(() => t);
    const first = Array.from({ length: 70 }, () => g.next());
    expect(first.slice(0, 63).every((x) => x?.exact === true)).toBe(true);
    expect(first[63]).toEqual({ exact: false });
    expect(first.slice(64).every((x) => x === null)).toBe(true);
    t = 15.9;
    expect(g.next()).toBeNull();
    t = 16;
    expect(g.next()).toEqual({ exact: true });
  });
});

describe('deadline', () => {
  it('comes from ?deadline= in seconds, only ever shorter than 20 s', () => {
    expect(deadlineFrom('')).toBe(20_000);
    expect(deadlineFrom('?deadline=2')).toBe(2_000);
    expect(deadlineFrom('?step=3&deadline=0.5')).toBe(500);
    expect(deadlineFrom('?deadline=0')).toBe(100);
    expect(deadlineFrom('?deadline=999')).toBe(20_000);
    expect(deadlineFrom('?deadline=soon')).toBe(20_000);
    expect(deadlineFrom('?deadline=')).toBe(20_000);
  });

  const at = (exact: boolean): OpenProgress => ({ stage: 'replaying', done: 5, total: 9, at: { party: 'client', event: 5, events: 9, type: 'bytesReceived' }, exact });

  it('names the event the replay was stuck in', () => {
    const e = new OpenDeadlineError(20_000, at(true), 19_500);
    expect(describeError(e)).toEqual([
      {
        where: '$.client.events[5]',
        problem: expect.stringMatching(/^Opening was stopped after 20 s: the replay was still in the client's event 6 of 9 \(bytesReceived\), which had been running for 19\.5 s\. One event/),
      },
    ]);
  });

  it('says "got as far as" when reports were thinned, and how much was replayed', () => {
    const [p] = describeError(new OpenDeadlineError(2_000, at(false), 10));
    expect(p.problem).toBe("Opening was stopped after 2 s: the replay had got as far as the client's event 6 of 9 (bytesReceived). 5 of 9 events had been replayed in all.");
  });

  it('before the replay and after it', () => {
    expect(describeError(new OpenDeadlineError(1_000, null, 0))[0].problem).toMatch(/still being read and checked/);
    expect(describeError(new OpenDeadlineError(1_000, { stage: 'building', done: 9, total: 9, exact: true }, 0))[0].problem).toMatch(/still being built/);
    expect(describeError(new OpenDeadlineError(1_000, { stage: 'sending', done: 9, total: 9, exact: true, steps: { received: 2_000, total: 9_000 } }, 0))[0].problem).toMatch(/2,000 of 9,000 steps were ready/);
  });
});

describe('progress', () => {
  it('in percent and words', () => {
    const replay = (done: number): OpenProgress => ({ stage: 'replaying', done, total: 100, at: { party: 'server', event: 9, events: 50, type: 'bytesReceived' }, exact: true });
    expect(percentOf({ stage: 'parsing', done: 0, total: 0, exact: true })).toBe(0);
    expect(percentOf(replay(0))).toBe(2);
    expect(percentOf(replay(50))).toBe(46);
    expect(percentOf({ stage: 'building', done: 100, total: 100, exact: true })).toBe(90);
    expect(percentOf({ stage: 'sending', done: 100, total: 100, exact: true, steps: { received: 5, total: 10 } })).toBe(95);
    expect(progressDetail(replay(50))).toBe("Replaying the server's events: 10 of 50");
  });
});
