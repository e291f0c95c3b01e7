// What the state inspector shows of an endpoint's engine (phase, sequence numbers, negotiated
// algorithms, service…), after every event of a replay, kept as plain tables. The browser replays a
// recording in a worker and hands the page these tables instead of engine states (which hold
// cipher instances and cannot cross a worker boundary): the page then answers stateAt by lookup,
// with no engine and none of the replay's arithmetic on its own thread.

import { phaseOf, waitingFor, type EngineState } from '../ssh/transport/state';
import type { EndpointState } from './session';

/** The engine's part of an endpoint's state (the rest is who it is and what it computed). */
export type EngineView = Omit<EndpointState, 'role' | 'present' | 'known'>;

export function engineView(s: EngineState): EngineView {
  return {
    version: s.config.version,
    ...(s.peerVersion !== undefined ? { peerVersion: s.peerVersion } : {}),
    phase: phaseOf(s),
    waitingFor: waitingFor(s),
    ...(s.negotiated ? { negotiated: s.negotiated } : {}),
    seq: { send: s.send.seq, recv: s.recv.seq },
    packets: { sent: s.send.packets, received: s.recv.packets },
    kexCount: s.kexCount,
    strictKex: s.strict,
    extInfo: { peerAdvertised: s.peerExtInfo, extensions: s.extensions },
    service: s.service,
    ...(s.closed ? { closed: s.closed } : {}),
  };
}

/** What changes only at a few events of a session (everything but the counters). */
type SlowView = Omit<EngineView, 'seq' | 'packets'>;

/** One endpoint's views: row k is the state after event k − 1 (row 0: before any event). */
export interface EngineViewTable {
  seqSend: Float64Array;
  seqRecv: Float64Array;
  sent: Float64Array;
  received: Float64Array;
  /** Row → index into `slowViews`: consecutive rows with equal slow parts share one object. */
  slow: Int32Array;
  slowViews: SlowView[];
}

/** Equal own keys with identical values (engine state is never mutated, so shared parts stay ===). */
function shallowEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => (a as Record<string, unknown>)[k] === (b as Record<string, unknown>)[k]);
}

function sameSlow(a: SlowView, b: SlowView): boolean {
  return (
    a.version === b.version &&
    a.peerVersion === b.peerVersion &&
    a.phase === b.phase &&
    a.waitingFor === b.waitingFor &&
    a.kexCount === b.kexCount &&
    a.strictKex === b.strictKex &&
    a.negotiated === b.negotiated &&
    a.extInfo.peerAdvertised === b.extInfo.peerAdvertised &&
    shallowEqual(a.extInfo.extensions, b.extInfo.extensions) &&
    shallowEqual(a.service, b.service) &&
    shallowEqual(a.closed, b.closed)
  );
}

/** Fills one endpoint's table as its replay goes: `record(-1, initial)`, then after each event. */
export class EngineViewRecorder {
  private readonly t: EngineViewTable;

  constructor(events: number) {
    const rows = events + 1;
    this.t = {
      seqSend: new Float64Array(rows),
      seqRecv: new Float64Array(rows),
      sent: new Float64Array(rows),
      received: new Float64Array(rows),
      slow: new Int32Array(rows),
      slowViews: [],
    };
  }

  record(event: number, s: EngineState): void {
    const row = event + 1;
    const { seq, packets, ...slow } = engineView(s);
    const t = this.t;
    t.seqSend[row] = seq.send;
    t.seqRecv[row] = seq.recv;
    t.sent[row] = packets.sent;
    t.received[row] = packets.received;
    const last = t.slowViews.length - 1;
    if (last >= 0 && sameSlow(t.slowViews[last], slow)) t.slow[row] = last;
    else {
      t.slowViews.push(slow);
      t.slow[row] = last + 1;
    }
  }

  table(): EngineViewTable {
    return this.t;
  }
}

/** The view after event `e` (-1: before any). */
export function viewAt(t: EngineViewTable, e: number): EngineView {
  const row = e + 1;
  if (!Number.isInteger(e) || row < 0 || row >= t.slow.length) throw new RangeError(`event index ${e} is outside -1..${t.slow.length - 2}`);
  const slow = t.slowViews[t.slow[row]];
  return {
    ...slow,
    seq: { send: t.seqSend[row], recv: t.seqRecv[row] },
    packets: { sent: t.sent[row], received: t.received[row] },
  };
}

/** The buffers a table can hand over to another thread without copying. */
export function tableBuffers(t: EngineViewTable): ArrayBuffer[] {
  return [t.seqSend, t.seqRecv, t.sent, t.received, t.slow].map((a) => a.buffer as ArrayBuffer);
}
