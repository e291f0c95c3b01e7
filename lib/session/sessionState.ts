// Both endpoints' state after any step, fast: engine-state snapshots every N events (in each
// endpoint's replay) and known-value snapshots every N steps, with a forward replay from the
// nearest one. A slow path from scratch exists for tests to compare against. The same index also
// runs over engine-view tables (engineViews.ts) where a replay ran elsewhere, in a worker.

import type { Computation } from '../ssh/transport/events';
import type { EngineState } from '../ssh/transport/state';
import { engineStateAfter, engineStateAfterFromScratch, type SeekableReplay } from './endpointReplay';
import { engineView, viewAt, type EngineView, type EngineViewTable } from './engineViews';
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

function endpointState(role: Party, v: EngineView, known: Known): EndpointState {
  return {
    role,
    present: true,
    version: v.version,
    ...(v.peerVersion !== undefined ? { peerVersion: v.peerVersion } : {}),
    phase: v.phase,
    waitingFor: v.waitingFor,
    ...(v.negotiated ? { negotiated: v.negotiated } : {}),
    seq: { ...v.seq },
    packets: { ...v.packets },
    kexCount: v.kexCount,
    strictKex: v.strictKex,
    extInfo: { peerAdvertised: v.extInfo.peerAdvertised, extensions: { ...v.extInfo.extensions } },
    service: { ...v.service },
    ...(v.closed ? { closed: { ...v.closed } } : {}),
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

/** An endpoint's engine view after its event e (-1: before any). */
type ViewSource = (e: number) => EngineView;

/**
 * stateAt over any source of engine views: the known values are folded from the steps (with a
 * snapshot every `every` steps), the rest comes from `views` at the endpoint's last event.
 */
function indexOver(
  steps: Step[],
  views: Partial<Record<Party, ViewSource>>,
  lastEvent: Record<Party, Int32Array>,
  every: number,
): (i: number) => SessionState {
  const parties = ['client', 'server'] as const;
  // knownSnaps[party][k]: known values after the steps before k·every.
  const knownSnaps: Record<Party, Known[]> = { client: [emptyKnown()], server: [emptyKnown()] };
  const running = { client: emptyKnown(), server: emptyKnown() };
  for (let i = 0; i < steps.length; i++) {
    for (const p of parties) running[p] = foldStep(running[p], steps[i], p);
    if ((i + 1) % every === 0) for (const p of parties) knownSnaps[p].push(running[p]);
  }
  function knownAt(p: Party, i: number): Known {
    const k = Math.floor((i + 1) / every);
    let known = knownSnaps[p][k];
    for (let j = k * every; j <= i; j++) known = foldStep(known, steps[j], p);
    return known;
  }
  return (i) => {
    checkIndex(i, steps.length);
    return assemble(i, views, lastEvent, (p) => knownAt(p, i));
  };
}

function checkIndex(i: number, n: number): void {
  if (!Number.isInteger(i) || i < -1 || i >= n) throw new RangeError(`stateAt: step index ${i} is outside -1..${n - 1}`);
}

function assemble(i: number, views: Partial<Record<Party, ViewSource>>, lastEvent: Record<Party, Int32Array>, known: (p: Party) => Known): SessionState {
  const eventAt = (p: Party) => (i < 0 ? -1 : lastEvent[p][i]);
  const one = (p: Party): EndpointState => {
    const view = views[p];
    if (!view) {
      const partner = views[p === 'client' ? 'server' : 'client'];
      return absentState(p, partner ? partner(eventAt(p === 'client' ? 'server' : 'client')).peerVersion : undefined);
    }
    return endpointState(p, view(eventAt(p)), known(p));
  };
  return { index: i, client: one('client'), server: one('server') };
}

export function buildStateIndex(
  steps: Step[],
  replays: Partial<Record<Party, SeekableReplay>>,
  lastEvent: Record<Party, Int32Array>,
  every = SNAPSHOT_EVERY_STEPS,
): StateIndex {
  // The last seek per endpoint: stepping forward one step at a time replays at most one event.
  const lastSeek: Partial<Record<Party, { event: number; state: EngineState }>> = {};
  const views: Partial<Record<Party, ViewSource>> = {};
  const scratch: Partial<Record<Party, ViewSource>> = {};
  for (const p of ['client', 'server'] as const) {
    const r = replays[p];
    if (!r) continue;
    views[p] = (e) => {
      const s = engineStateAfter(r, e, lastSeek[p]);
      lastSeek[p] = { event: e, state: s };
      return engineView(s);
    };
    scratch[p] = (e) => engineView(engineStateAfterFromScratch(r, e));
  }
  return {
    stateAt: indexOver(steps, views, lastEvent, every),
    stateAtFromScratch(i) {
      checkIndex(i, steps.length);
      return assemble(i, scratch, lastEvent, (p) => {
        let k = emptyKnown();
        for (let j = 0; j <= i; j++) k = foldStep(k, steps[j], p);
        return k;
      });
    },
  };
}

/** stateAt from engine-view tables (made by a replay elsewhere, e.g. in a worker): no engine here. */
export function stateIndexFromTables(
  steps: Step[],
  tables: Partial<Record<Party, EngineViewTable>>,
  lastEvent: Record<Party, Int32Array>,
  every = SNAPSHOT_EVERY_STEPS,
): (i: number) => SessionState {
  const views: Partial<Record<Party, ViewSource>> = {};
  for (const p of ['client', 'server'] as const) {
    const t = tables[p];
    if (t) views[p] = (e) => viewAt(t, e);
  }
  return indexOver(steps, views, lastEvent, every);
}
