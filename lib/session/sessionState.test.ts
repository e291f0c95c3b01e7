// The state model never runs ahead of the diagram, and never disagrees with the engine:
// - over every bundled session and every step, each endpoint's counters equal the packet steps
//   drawn so far, its phase is the phase of its last step (and of its phase track), and "changed
//   in this step" is exactly a diff with the previous step; the same check fails on a mutated copy;
// - folded in each endpoint's own effect order, the model equals the engine's state at every
//   event boundary (sequence numbers, counts, key exchanges, strict kex, ext-info, service,
//   negotiation, waiting for);
// - a failure an endpoint detects in a packet it read is drawn after everything it did before.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toHex } from '../ssh/wire/bytes';
import { waitingFor as engineWaitingFor } from '../ssh/transport/state';
import { phaseTracks, segmentAt } from '../viewer/phaseTracks';
import { engineStateAfter, replayEndpoint, type EndpointReplay } from './endpointReplay';
import { openRecording } from './open';
import { packetPhase } from './phase';
import { parseRecording } from './recording';
import type { EndpointState, MessageStep, Party, SessionState, StateSection, Step, StepPhase } from './session';
import { buildStateIndex, foldStep, initialRuns } from './sessionState';
import { buildSteps } from './steps';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return files(p);
    return f.endsWith('.json') && f !== 'index.json' ? [p] : [];
  });
}
const BUNDLED = files('public/recordings');
const PARTIES = ['client', 'server'] as const;

// ------------------------------------------------------------------ the checker

/** Did `p` send this packet (injected ones are the attacker's), or read it? */
const sentBy = (m: MessageStep, p: Party, present: boolean) => m.entry.kind === 'packet' && m.from === p && (present ? Boolean(m.sent) : true);
const readBy = (m: MessageStep, p: Party, present: boolean) => m.entry.kind === 'packet' && m.to === p && (present ? Boolean(m.received) : true);

/** The phase of `p`'s last step up to row i: its own sends, notes and close, or a failure it read. */
function lastStepPhase(steps: readonly Step[], i: number, p: Party): StepPhase {
  for (let j = i; j >= 0; j--) {
    const s = steps[j];
    if (s.kind !== 'message') {
      if (s.by === p) return s.phase;
      continue;
    }
    const readerFailed = s.phase === 'failure' && Boolean(s.received?.error) && !s.sent?.error;
    if (s.to === p && readerFailed) return 'failure';
    if (s.from === p) {
      if (!readerFailed) return s.phase;
      // The sender of a packet its reader failed on is in the phase of that packet.
      let before: StepPhase = 'version exchange';
      if (j > 0) before = lastStepPhase(steps, j - 1, p);
      return packetPhase({ kind: s.entry.kind, number: s.number, encrypted: s.encrypted }, before);
    }
  }
  return 'version exchange';
}

/** Each section's values, serialised (bytes as hex): a diff independent of the model's own. */
function sections(e: EndpointState): Record<StateSection, string> {
  const j = (v: unknown) => JSON.stringify(v, (_, x) => (x instanceof Uint8Array ? toHex(x) : x));
  const { keys, ...kex } = e.known;
  return {
    phase: j([e.phase, e.waitingFor, e.kexCount, e.closed]),
    packets: j([e.seq, e.packets]),
    negotiated: j([e.negotiated, e.negotiationFailure]),
    extensions: j([e.strictKex, e.extInfo, e.service]),
    kex: j(kex),
    keys: j(keys),
  };
}

/** Every disagreement between the states and the steps drawn so far (empty: none). */
function problems(steps: readonly Step[], stateAt: (i: number) => SessionState, present: Record<Party, boolean>): string[] {
  const out: string[] = [];
  const tracks = phaseTracks(steps);
  const count = { client: { sent: 0, received: 0 }, server: { sent: 0, received: 0 } };
  const lastSeq: Record<Party, { send?: MessageStep; recv?: MessageStep }> = { client: {}, server: {} };
  let prev = stateAt(-1);
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i];
    const st = stateAt(i);
    for (const p of PARTIES) {
      if (s.kind === 'message') {
        if (sentBy(s, p, present[p])) {
          count[p].sent++;
          lastSeq[p].send = s;
        }
        if (readBy(s, p, present[p])) {
          count[p].received++;
          lastSeq[p].recv = s;
        }
      }
      const e = st[p];
      const where = `step ${i + 1} (${s.title}), ${p}`;
      if (e.packets.sent !== count[p].sent || e.packets.received !== count[p].received) {
        out.push(`${where}: packets ${e.packets.sent}/${e.packets.received}, drawn ${count[p].sent}/${count[p].received}`);
      }
      // The next sequence number follows the last packet drawn (restarting at 0 after a strict NEWKEYS).
      const next = (m: MessageStep | undefined, n: number | undefined) => (m === undefined ? 0 : m.number === 21 && e.strictKex ? 0 : ((n ?? 0) + 1) >>> 0);
      const send = next(lastSeq[p].send, lastSeq[p].send?.counters?.sender);
      const recv = next(lastSeq[p].recv, lastSeq[p].recv?.counters?.receiver);
      if (e.seq.send !== send || e.seq.recv !== recv) out.push(`${where}: next seq ${e.seq.send}/${e.seq.recv}, drawn ${send}/${recv}`);
      const phase = lastStepPhase(steps, i, p);
      if (e.phase !== phase) out.push(`${where}: phase ${e.phase}, its last step's ${phase}`);
      const track = segmentAt(tracks[p], i)?.phase;
      if (e.phase !== track) out.push(`${where}: phase ${e.phase}, its track ${track}`);
      const a = sections(prev[p]);
      const b = sections(e);
      const diff = (Object.keys(a) as StateSection[]).filter((k) => a[k] !== b[k]).sort();
      if (diff.join() !== [...st.changed[p]].sort().join()) out.push(`${where}: marked changed [${st.changed[p]}], differs in [${diff}]`);
    }
    prev = st;
  }
  return out;
}

// ------------------------------------------------------------------ over every bundled session

describe('the state model follows the diagram', () => {
  it('there are bundled sessions with one and with two endpoints', () => {
    expect(BUNDLED.length).toBeGreaterThanOrEqual(20);
  });

  for (const f of BUNDLED) {
    it(f.replace('public/recordings/', ''), () => {
      const s = openRecording(readFileSync(f, 'utf8'));
      const present = { client: s.parties.client.present, server: s.parties.server.present };
      expect(problems(s.steps, s.stateAt, present)).toEqual([]);
    });
  }

  it('the check fails on a mutated copy: a packet its reader never counted, two steps swapped', () => {
    const s = openRecording(readFileSync('public/recordings/attacks/terrapin-chacha20-no-strict-kex.json', 'utf8'));
    const present = { client: true, server: true };
    const parties = { client: { present: true }, server: { present: true } };
    // The model is built over a copy where the server's NEWKEYS lost its received entry…
    const k = s.steps.findIndex((x) => x.kind === 'message' && x.flow === 's2c' && x.title === 'SSH_MSG_NEWKEYS');
    const lost = s.steps.map((x, i) => (i === k ? ({ ...x, received: undefined } as Step) : x));
    const a = problems(s.steps, buildStateIndex(lost, parties).stateAt, present);
    expect(a.some((p) => p.startsWith(`step ${k + 1} (SSH_MSG_NEWKEYS), client: packets`))).toBe(true);
    // …or where the injected IGNORE and that NEWKEYS changed places.
    const swapped = [...s.steps];
    [swapped[k - 1], swapped[k]] = [swapped[k], swapped[k - 1]];
    const b = problems(s.steps, buildStateIndex(swapped, parties).stateAt, present);
    expect(b.some((p) => p.includes('client: next seq'))).toBe(true);
  });
});

// ------------------------------------------------------------------ against the engine

function opened(f: string) {
  const rec = parseRecording(readFileSync(f, 'utf8'));
  const replays: Partial<Record<Party, EndpointReplay>> = {};
  for (const p of PARTIES) if (rec[p]) replays[p] = replayEndpoint(rec[p]!.config, rec[p]!.events);
  return { replays, built: buildSteps(replays) };
}

describe('the state model agrees with the engine', () => {
  for (const f of BUNDLED) {
    it(f.replace('public/recordings/', ''), () => {
      const { replays, built } = opened(f);
      for (const p of PARTIES) {
        const r = replays[p];
        if (!r) continue;
        // This endpoint's steps in its own effect order (the diagram may draw a packet it read
        // earlier than things it did first): at each event boundary the fold is the engine.
        const own = built.steps.map((s, i) => ({ s, at: built.at[i][p] })).filter((x) => x.at !== undefined);
        own.sort((x, y) => x.at!.event - y.at!.event || x.at!.effect - y.at!.effect);
        let runs = initialRuns({ client: { present: Boolean(replays.client) }, server: { present: Boolean(replays.server) } });
        let compared = 0;
        own.forEach((x, k) => {
          runs = foldStep(runs, x.s);
          const event = x.at!.event;
          if (k + 1 < own.length && own[k + 1].at!.event === event) return;
          const e = engineStateAfter(r, event);
          const v = runs[p].view;
          const where = `${p} after event ${event}`;
          expect({ seq: v.seq, packets: v.packets }, where).toEqual({ seq: { send: e.send.seq, recv: e.recv.seq }, packets: { sent: e.send.packets, received: e.recv.packets } });
          expect(v.kexCount, where).toBe(e.kexCount);
          expect(v.strictKex, where).toBe(e.strict);
          expect(v.extInfo, where).toEqual({ peerAdvertised: e.peerExtInfo, extensions: e.extensions });
          expect(v.service, where).toEqual(e.service);
          expect(v.closed, where).toEqual(e.closed);
          expect(v.negotiated?.kex, where).toBe(e.negotiated?.kex);
          expect(v.peerVersion, where).toBe(e.peerVersion);
          expect(v.waitingFor, where).toBe(engineWaitingFor(e));
          compared++;
        });
        expect(compared).toBeGreaterThan(1);
      }
    });
  }
});

describe('failures where they happen', () => {
  for (const f of BUNDLED) {
    it(`${f.replace('public/recordings/', '')}: a failure found in a packet read comes after what its reader did first`, () => {
      const { built } = opened(f);
      built.steps.forEach((s, i) => {
        if (s.kind !== 'message' || !s.received?.error) return;
        const reader = s.flow === 'c2s' ? 'server' : 'client';
        const at = built.at[i][reader]!;
        for (let j = i + 1; j < built.steps.length; j++) {
          const later = built.at[j][reader];
          if (!later) continue;
          const earlier = later.event < at.event || (later.event === at.event && later.effect < at.effect);
          expect(earlier, `${reader} did step ${j + 1} (${built.steps[j].title}) before it read step ${i + 1}`).toBe(false);
        }
      });
    });
  }
});

describe('inferred counters', () => {
  it('the counters of a real peer are read off the recorded endpoint, and say so', () => {
    const s = openRecording(readFileSync('public/recordings/real/openssh-curve25519-ed25519-chacha20.json', 'utf8'));
    const msgs = s.steps.filter((x): x is MessageStep => x.kind === 'message' && x.entry.kind === 'packet');
    for (const m of msgs) {
      expect(m.counters?.inferred).toBe(m.flow === 'c2s' ? 'receiver' : 'sender');
      expect(m.counters?.sender).toBe(m.entry.seq);
      expect(m.counters?.receiver).toBe(m.entry.seq);
    }
    const st = s.stateAt(s.steps.length - 1);
    expect(st.server).toMatchObject({ present: false, inferred: true, strictKex: true, waitingFor: 'unknown (not run by sshscope)' });
    expect(st.server.kexCount).toBe(1);
  });
});

describe('seeking', () => {
  const s = openRecording(readFileSync('public/recordings/algorithms/rekey-after-service.json', 'utf8'), { snapshotEverySteps: 3 });
  it('any order of seeks gives the from-scratch fold', () => {
    const order = [5, 4, 30, 0, -1, s.steps.length - 1, 17, 18, 19, 2];
    for (const i of order) if (i < s.steps.length) expect(s.stateAt(i)).toEqual(s.stateAtFromScratch(i));
  });
  it('a state is never changed by a later seek (the fold copies what it changes)', () => {
    const a = s.stateAt(10);
    const frozen = JSON.stringify(a, (_, x) => (x instanceof Uint8Array ? toHex(x) : x));
    s.stateAt(s.steps.length - 1);
    s.stateAt(11);
    expect(JSON.stringify(a, (_, x) => (x instanceof Uint8Array ? toHex(x) : x))).toBe(frozen);
  });
});
