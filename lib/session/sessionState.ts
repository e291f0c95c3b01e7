// Both endpoints' state after any step, fast: engine-state snapshots every N events (in each
// endpoint's replay) and known-value snapshots every N steps, with a forward replay from the
// nearest one. A slow path from scratch exists for tests to compare against.

import type { Computation } from '../ssh/transport/events';
import { phaseOf, waitingFor, type EngineState } from '../ssh/transport/state';
import { engineStateAfter, engineStateAfterFromScratch, type SeekableReplay } from './endpointReplay';
import type { EndpointState, Party, SessionState, Step } from './session';

/** A known-values snapshot every this many steps. */
export const SNAPSHOT_EVERY_STEPS = 256;

type Known = EndpointState['known'];

const emptyKnown = (): Known => ({ keys: {} });

/** Folds one step into what an endpoint knows: a new negotiation starts a new key exchange. */
function foldKnown(k: Known, c: Computation): Known {
  switch (c.name) {
    case 'negotiation':
      // K, H and the keys belong to one key exchange; the session id stays for the connection.
      return { ...(k.sessionId ? { sessionId: k.sessionId } : {}), keys: {} };
    case 'ephemeral key':
      return { ...k, ephemeral: c };
    case 'K':
      return { ...k, K: c };
    case 'H':
      return { ...k, H: c };
    case 'session_id':
      return { ...k, sessionId: c };
    case 'host key':
      return { ...k, hostKey: c };
    case 'signature':
      return { ...k, signature: c };
    case 'key':
      return { ...k, keys: { ...k.keys, [c.letter]: c } };
    default:
      return k;
  }
}

function foldStep(k: Known, step: Step, party: Party): Known {
  if (step.kind !== 'computation' || step.by !== party) return k;
  for (const c of step.computations) k = foldKnown(k, c);
  return k;
}

function endpointState(role: Party, s: EngineState, known: Known): EndpointState {
  return {
    role,
    present: true,
    version: s.config.version,
    ...(s.peerVersion !== undefined ? { peerVersion: s.peerVersion } : {}),
    phase: phaseOf(s),
    waitingFor: waitingFor(s),
    ...(s.negotiated ? { negotiated: s.negotiated } : {}),
    seq: { send: s.send.seq, recv: s.recv.seq },
    packets: { sent: s.send.packets, received: s.recv.packets },
    kexCount: s.kexCount,
    strictKex: s.strict,
    extInfo: { peerAdvertised: s.peerExtInfo, extensions: { ...s.extensions } },
    service: { ...s.service },
    ...(s.closed ? { closed: { ...s.closed } } : {}),
    known: { ...known, keys: { ...known.keys } },
  };
}

/** An endpoint sshscope did not run (a real peer): only what its partner learnt about it. */
function absentState(role: Party, version: string | undefined): EndpointState {
  return {
    role,
    present: false,
    ...(version !== undefined ? { version } : {}),
    phase: 'not started',
    waitingFor: 'unknown (not run by sshscope)',
    seq: { send: 0, recv: 0 },
    packets: { sent: 0, received: 0 },
    kexCount: 0,
    strictKex: null,
    extInfo: { peerAdvertised: false, extensions: {} },
    service: {},
    known: { keys: {} },
  };
}

export interface StateIndex {
  stateAt(i: number): SessionState;
  /** The same result by replaying every event and folding every step from the start. */
  stateAtFromScratch(i: number): SessionState;
}

export function buildStateIndex(
  steps: Step[],
  replays: Partial<Record<Party, SeekableReplay>>,
  lastEvent: Record<Party, Int32Array>,
  every = SNAPSHOT_EVERY_STEPS,
): StateIndex {
  const parties = ['client', 'server'] as const;
  // knownSnaps[party][k]: known values after the steps before k·every.
  const knownSnaps: Record<Party, Known[]> = { client: [emptyKnown()], server: [emptyKnown()] };
  const running = { client: emptyKnown(), server: emptyKnown() };
  for (let i = 0; i < steps.length; i++) {
    for (const p of parties) running[p] = foldStep(running[p], steps[i], p);
    if ((i + 1) % every === 0) for (const p of parties) knownSnaps[p].push(running[p]);
  }
  // The last seek per endpoint: stepping forward one step at a time replays at most one event.
  const lastSeek: Partial<Record<Party, { event: number; state: EngineState }>> = {};

  const check = (i: number) => {
    if (!Number.isInteger(i) || i < -1 || i >= steps.length) {
      throw new RangeError(`stateAt: step index ${i} is outside -1..${steps.length - 1}`);
    }
  };
  const eventAt = (p: Party, i: number) => (i < 0 ? -1 : lastEvent[p][i]);
  const peerVersionOf = (p: Party, i: number): string | undefined => {
    const r = replays[p];
    if (!r) return undefined;
    return engineStateAfter(r, eventAt(p, i), lastSeek[p]).peerVersion;
  };

  function knownAt(p: Party, i: number): Known {
    const k = Math.floor((i + 1) / every);
    let known = knownSnaps[p][k];
    for (let j = k * every; j <= i; j++) known = foldStep(known, steps[j], p);
    return known;
  }

  function assemble(i: number, engine: (p: Party, e: number) => EngineState, known: (p: Party) => Known): SessionState {
    const one = (p: Party): EndpointState => {
      const r = replays[p];
      if (!r) {
        const partner = p === 'client' ? 'server' : 'client';
        return absentState(p, replays[partner] ? peerVersionOf(partner, i) : undefined);
      }
      return endpointState(p, engine(p, eventAt(p, i)), known(p));
    };
    return { index: i, client: one('client'), server: one('server') };
  }

  return {
    stateAt(i) {
      check(i);
      return assemble(
        i,
        (p, e) => {
          const s = engineStateAfter(replays[p]!, e, lastSeek[p]);
          lastSeek[p] = { event: e, state: s };
          return s;
        },
        (p) => knownAt(p, i),
      );
    },
    stateAtFromScratch(i) {
      check(i);
      return assemble(
        i,
        (p, e) => engineStateAfterFromScratch(replays[p]!, e),
        (p) => {
          let k = emptyKnown();
          for (let j = 0; j <= i; j++) k = foldStep(k, steps[j], p);
          return k;
        },
      );
    },
  };
}
