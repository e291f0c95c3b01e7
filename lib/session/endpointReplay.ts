// One endpoint's event log folded through a fresh engine, keeping what seeking needs: the effects
// of every event, and engine-state snapshots to restart from. step() never mutates its input, so a
// snapshot is just a reference to the state it returned.

import type { EndpointConfig } from '../ssh/transport/config';
import { step } from '../ssh/transport/engine';
import type { Effect } from '../ssh/transport/events';
import { initialState, type EngineState } from '../ssh/transport/state';
import type { LoggedEvent } from './simulate';

/** A snapshot at least every this many events bounds the work of one seek. */
export const SNAPSHOT_EVERY_EVENTS = 16;

export interface EndpointReplay {
  config: EndpointConfig;
  events: LoggedEvent[];
  /** effects[i]: what event i produced. */
  effects: Effect[][];
  /** Ascending event indices with a snapshot; -1 is the initial state. */
  snapshotEvents: number[];
  /** snapshotStates[k]: the engine state after event snapshotEvents[k]. */
  snapshotStates: EngineState[];
  final: EngineState;
}

export function replayEndpoint(config: EndpointConfig, events: LoggedEvent[], every = SNAPSHOT_EVERY_EVENTS): EndpointReplay {
  let state = initialState(config);
  const effects: Effect[][] = new Array(events.length);
  const snapshotEvents = [-1];
  const snapshotStates = [state];
  for (let i = 0; i < events.length; i++) {
    const r = step(state, events[i].event);
    state = r.state;
    effects[i] = r.effects;
    // Events that computed something (a key exchange: DH/ECDH, signatures) are expensive to
    // replay, so they always get a snapshot; the rest every `every` events.
    if ((i + 1) % every === 0 || r.effects.some((e) => e.type === 'computed')) {
      snapshotEvents.push(i);
      snapshotStates.push(state);
    }
  }
  return { config, events, effects, snapshotEvents, snapshotStates, final: state };
}

/** The engine state after event `e` (-1: before any), replayed forward from the nearest snapshot. */
export function engineStateAfter(r: EndpointReplay, e: number, from?: { event: number; state: EngineState }): EngineState {
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
  for (let i = at + 1; i <= e; i++) state = step(state, r.events[i].event).state;
  return state;
}

/** The same state the slow way, for tests: every event from the start. */
export function engineStateAfterFromScratch(r: EndpointReplay, e: number): EngineState {
  let state = initialState(r.config);
  for (let i = 0; i <= e; i++) state = step(state, r.events[i].event).state;
  return state;
}
