// One endpoint's event log folded through a fresh engine, keeping what seeking needs: the effects
// of every event, and engine-state snapshots to restart from. step() never mutates its input, so a
// snapshot is just a reference to the state it returned.

import type { EndpointConfig } from '../ssh/transport/config';
import { step } from '../ssh/transport/engine';
import type { Effect } from '../ssh/transport/events';
import { initialState, type EngineState } from '../ssh/transport/state';
import type { LoggedEvent } from './simulate';
import type { Signer } from '../ssh/algorithms/hostkey/signer';
import type { EngineEvent } from '../ssh/transport/events';
import type { StepResult } from '../ssh/transport/engine';

/**
 * One logged event. Files made before signing became an event have no signature events: for
 * them `sign` (over the private keys such a file carries) answers a needSignature at once, as the
 * old engine did inside the same event, so their event indices and sent digests still line up.
 */
export function stepLogged(state: EngineState, event: EngineEvent, sign?: Signer): StepResult {
  const r = step(state, event);
  if (!sign) return r;
  const ask = r.effects.find((e) => e.type === 'needSignature');
  if (!ask || ask.type !== 'needSignature') return r;
  let signature: Uint8Array;
  try {
    signature = sign(ask);
  } catch {
    signature = new Uint8Array(0); // the engine then fails the exchange with a reason
  }
  const more = step(r.state, { type: 'signature', algorithm: ask.algorithm, signature });
  return { state: more.state, effects: [...r.effects, ...more.effects] };
}

/** A snapshot at least every this many events bounds the work of one seek. */
export const SNAPSHOT_EVERY_EVENTS = 16;

export interface EndpointReplay {
  config: EndpointConfig;
  /** Old files only: signs where the log has no signature events (see stepLogged). */
  sign?: Signer;
  events: LoggedEvent[];
  /** effects[i]: what event i produced. */
  effects: Effect[][];
  /** Ascending event indices with a snapshot; -1 is the initial state. */
  snapshotEvents: number[];
  /** snapshotStates[k]: the engine state after event snapshotEvents[k]. */
  snapshotStates: EngineState[];
  final: EngineState;
}

/** What seeking needs once a session is open: the effects have served (steps, checks) and can go. */
export type SeekableReplay = Pick<EndpointReplay, 'config' | 'events' | 'snapshotEvents' | 'snapshotStates' | 'final' | 'sign'>;

export function seekable(r: EndpointReplay): SeekableReplay {
  return { config: r.config, events: r.events, snapshotEvents: r.snapshotEvents, snapshotStates: r.snapshotStates, final: r.final, ...(r.sign ? { sign: r.sign } : {}) };
}

export function replayEndpoint(config: EndpointConfig, events: LoggedEvent[], every = SNAPSHOT_EVERY_EVENTS, sign?: Signer): EndpointReplay {
  const r = new EndpointReplayer(config, events, every, sign);
  r.advance(events.length);
  return r.result();
}

/** Watches one endpoint's replay event by event (a worker reports progress, records views). */
export interface ReplayHooks {
  /** Before event `i` is replayed. */
  before?(i: number, event: LoggedEvent): void;
  /** After event `i` (-1: the initial state, reported on construction), with the state it left. */
  after?(i: number, state: EngineState): void;
}

/** The same fold, a slice at a time: lets a browser open a long session without freezing. */
export class EndpointReplayer {
  private state: EngineState;
  private next = 0;
  private readonly effects: Effect[][];
  private readonly snapshotEvents = [-1];
  private readonly snapshotStates: EngineState[];

  constructor(
    private readonly config: EndpointConfig,
    private readonly events: LoggedEvent[],
    private readonly every = SNAPSHOT_EVERY_EVENTS,
    private readonly sign?: Signer,
    private readonly hooks: ReplayHooks = {},
  ) {
    this.state = initialState(config);
    this.snapshotStates = [this.state];
    this.effects = new Array(events.length);
    hooks.after?.(-1, this.state);
  }

  get done(): number {
    return this.next;
  }

  /** Replays up to `n` more events; returns true when the log is finished. */
  advance(n: number): boolean {
    const end = Math.min(this.events.length, this.next + n);
    const { before, after } = this.hooks;
    for (let i = this.next; i < end; i++) {
      before?.(i, this.events[i]);
      const r = stepLogged(this.state, this.events[i].event, this.sign);
      this.state = r.state;
      after?.(i, r.state);
      // Kept for the whole session: an exact-size copy (the engine's list grew by push, with room to spare).
      this.effects[i] = r.effects.slice();
      // Events that computed something (a key exchange: DH/ECDH, signatures) are expensive to
      // replay, so they always get a snapshot; the rest every `every` events.
      if ((i + 1) % this.every === 0 || r.effects.some((e) => e.type === 'computed')) {
        this.snapshotEvents.push(i);
        this.snapshotStates.push(this.state);
      }
    }
    this.next = end;
    return end === this.events.length;
  }

  result(): EndpointReplay {
    if (this.next < this.events.length) throw new Error(`replay not finished: ${this.next} of ${this.events.length} events`);
    const { config, events, effects, snapshotEvents, snapshotStates, sign } = this;
    return { config, events, effects, snapshotEvents, snapshotStates, final: this.state, ...(sign ? { sign } : {}) };
  }
}

/** The engine state after event `e` (-1: before any), replayed forward from the nearest snapshot. */
export function engineStateAfter(r: SeekableReplay, e: number, from?: { event: number; state: EngineState }): EngineState {
  if (e < -1 || e >= r.events.length || !Number.isInteger(e)) throw new RangeError(`event index ${e} is outside -1..${r.events.length - 1}`);
  let lo = 0;
  let hi = r.snapshotEvents.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (r.snapshotEvents[mid] <= e) lo = mid;
    else hi = mid - 1;
  }
  let at = r.snapshotEvents[lo];
  let state = r.snapshotStates[lo];
  // A nearer starting point (the previous seek) saves work when stepping forward one at a time.
  if (from && from.event <= e && from.event > at) {
    at = from.event;
    state = from.state;
  }
  for (let i = at + 1; i <= e; i++) state = stepLogged(state, r.events[i].event, r.sign).state;
  return state;
}

/** The same state the slow way, for tests: every event from the start. */
export function engineStateAfterFromScratch(r: SeekableReplay, e: number): EngineState {
  let state = initialState(r.config);
  for (let i = 0; i <= e; i++) state = stepLogged(state, r.events[i].event, r.sign).state;
  return state;
}
