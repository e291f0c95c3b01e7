// Both endpoints' state after any step: ONE model, folded from the steps. Each step carries the
// effects it stands for (a packet: the sender's `sent` entry and the receiver's `received` entry; a
// note: its computations; a close: the disconnect), so an endpoint's state after step N is its
// state before the step's event plus exactly the effects of that event drawn up to step N, in the
// engine's order (an endpoint's own steps are in its effect order). A packet counts for its reader
// where its arrow is drawn. The state inspector, the lifeline heads, the phase tracks and the
// counter strip all read this fold, so they cannot disagree with the diagram.
//
// The fold mirrors the engine's bookkeeping (sequence numbers, NEWKEYS, strict kex, the kex flow for
// "waiting for") from effects alone; sessionState.test.ts checks it against the engine's own state
// at every event boundary of every bundled session. Seeking: a snapshot every N steps and a
// forward fold from the nearest one (the last seek, when stepping one at a time).

import type { Choice } from '../ssh/transport/negotiate';
import type { Computation, TraceEntry } from '../ssh/transport/events';
import { INITIAL_PHASE, phaseChanges } from './phase';
import type { EndpointState, Party, SessionState, StateSection, Step } from './session';

/** A snapshot every this many steps bounds the work of one seek. */
export const SNAPSHOT_EVERY_STEPS = 256;

type Known = EndpointState['known'];

/** Where an endpoint is in a key exchange, as far as its effects tell (the engine's KexState, reduced). */
type FlowStep =
  | 'await-kexinit'
  | 'negotiate' // the peer's KEXINIT is in; the negotiation (or its failure) comes next
  | 'negotiated' // a client that will send its first kex packet next
  | 'await-gex-request'
  | 'await-gex-group'
  | 'await-init'
  | 'await-reply'
  | 'computing' // the peer's kex packet is in; K, H and the keys come next
  | 'await-signature' // server: H is computed; its driver signs it (the engine's needSignature)
  | 'await-newkeys'
  | 'failed'; // the negotiation failed: the endpoint disconnects

interface KexFlow {
  step: FlowStep;
  initial: boolean;
  kexName?: string;
  keysDerived: boolean;
  /** What a kex packet this endpoint already sent makes it wait for (a guessing client sends one
   *  before the negotiation). */
  sentKexPacket?: FlowStep;
  newKeysSent: boolean;
  newKeysReceived: boolean;
  /** The sequence number of the peer's KEXINIT and whether it offers ext-info (first exchange). */
  peerKexinit?: { seq: number; extInfo: boolean };
  /** The sequence number of our own KEXINIT (a peer's SSH_MSG_UNIMPLEMENTED may name it). */
  sentKexinitSeq?: number;
}

/** One endpoint's running state: what the inspector shows plus the bookkeeping to go on folding. */
export interface PartyRun {
  view: EndpointState;
  started: boolean;
  kex: KexFlow | null;
}

const emptyKnown = (): Known => ({ keys: {} });

function initialRun(role: Party, present: boolean, version: string | undefined): PartyRun {
  return {
    view: {
      role,
      present,
      ...(present ? {} : { inferred: true as const }),
      ...(version !== undefined ? { version } : {}),
      phase: INITIAL_PHASE,
      waitingFor: present ? 'start' : UNKNOWN_WAIT,
      seq: { send: 0, recv: 0 },
      packets: { sent: 0, received: 0 },
      kexCount: 0,
      strictKex: null,
      extInfo: { peerAdvertised: false, extensions: {} },
      service: {},
      known: emptyKnown(),
    },
    started: false,
    kex: null,
  };
}

const UNKNOWN_WAIT = 'unknown (not run by sshscope)';

/** Folds one computation into what an endpoint knows: a new negotiation starts a new key exchange. */
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

const KEX_PACKET_SENT: Record<string, FlowStep> = {
  SSH_MSG_KEX_DH_GEX_REQUEST: 'await-gex-group',
  SSH_MSG_KEX_ECDH_INIT: 'await-reply',
  SSH_MSG_KEX_HYBRID_INIT: 'await-reply',
  SSH_MSG_KEXDH_INIT: 'await-reply',
  SSH_MSG_KEX_DH_GEX_INIT: 'await-reply',
  SSH_MSG_KEX_DH_GEX_GROUP: 'await-init',
};

const serviceName = (e: TraceEntry): string => String((e.values as { service_name?: unknown } | undefined)?.service_name ?? '');

function openKex(run: PartyRun): KexFlow {
  return { step: 'await-kexinit', initial: run.view.kexCount === 0, keysDerived: false, newKeysSent: false, newKeysReceived: false };
}

/** Both NEWKEYS are through: the exchange is complete (RFC 4253 §7.3). */
function finishIfDone(run: PartyRun): void {
  if (run.kex?.newKeysSent && run.kex.newKeysReceived) {
    run.kex = null;
    run.view.kexCount += 1;
  }
}

function foldSent(run: PartyRun, e: TraceEntry): void {
  const v = run.view;
  if (e.kind !== 'packet') {
    if (e.kind === 'version') run.started = true;
    return;
  }
  run.started = true;
  v.packets = { ...v.packets, sent: v.packets.sent + 1 };
  v.seq = { ...v.seq, send: ((e.seq ?? v.seq.send) + 1) >>> 0 };
  const kex = run.kex;
  if (e.number === 20) {
    run.kex = { ...(kex ?? openKex(run)), sentKexinitSeq: e.seq };
  } else if (e.number === 21 && kex) {
    // The engine's own NEWKEYS: from here on this direction uses the new keys; strict kex
    // restarts the counter (OpenSSH PROTOCOL, kex-strict).
    run.kex = { ...kex, newKeysSent: true, step: 'await-newkeys' };
    if (v.strictKex) v.seq = { ...v.seq, send: 0 };
    finishIfDone(run);
  } else if (kex && KEX_PACKET_SENT[e.name]) {
    run.kex = { ...kex, step: KEX_PACKET_SENT[e.name], sentKexPacket: KEX_PACKET_SENT[e.name] };
  } else if (e.number === 5 && run.view.role === 'client') {
    v.service = { requested: serviceName(e) };
  } else if (e.number === 6 && run.view.role === 'server') {
    const name = serviceName(e);
    v.service = { requested: name, accepted: name };
  }
}

function foldReceived(run: PartyRun, e: TraceEntry): void {
  const v = run.view;
  run.started = true;
  if (e.kind !== 'packet') {
    if (e.kind === 'version') v.peerVersion = new TextDecoder().decode(e.wire).replace(/\r?\n$/, '').replace(/\r$/, '');
    return;
  }
  v.packets = { ...v.packets, received: v.packets.received + 1 };
  v.seq = { ...v.seq, recv: ((e.seq ?? v.seq.recv) + 1) >>> 0 };
  const kex = run.kex;
  // As the engine does: an UNIMPLEMENTED naming our rekey's KEXINIT ends that key exchange.
  const unimplemented = e.number === 3 ? (e.values as { packet_sequence_number?: number } | undefined)?.packet_sequence_number : undefined;
  if (kex && !kex.initial && !kex.peerKexinit && unimplemented !== undefined && unimplemented === kex.sentKexinitSeq) {
    run.kex = null;
    return;
  }
  // A packet the engine failed on, or set aside (IGNORE, a wrong guess), moves nothing else.
  if (e.error || e.ignored) return;
  if (e.number === 20) {
    const k = kex ?? openKex(run);
    const lists = k.initial ? (e.values as { kex_algorithms?: string[] } | undefined)?.kex_algorithms : undefined;
    const marker = v.role === 'client' ? 'ext-info-s' : 'ext-info-c';
    run.kex = { ...k, step: 'negotiate', peerKexinit: { seq: e.seq ?? 0, extInfo: Boolean(lists?.includes(marker)) } };
  } else if (e.number === 21 && kex) {
    // Counted where its arrow is drawn, which may be before this endpoint's own computations of
    // the same event (the peer's NEWKEYS arrived together with its reply).
    run.kex = { ...kex, newKeysReceived: true };
    if (v.strictKex) v.seq = { ...v.seq, recv: 0 };
    finishIfDone(run);
  } else if (kex && e.number !== undefined && e.number >= 30 && e.number <= 49) {
    // The peer's kex packet: what follows is this endpoint's own computation (or its answer).
    run.kex = { ...kex, step: 'computing' };
  } else if (e.number === 6 && v.role === 'client') {
    v.service = { ...v.service, accepted: serviceName(e) };
  }
}

function foldComputation(run: PartyRun, c: Computation | { name: 'failed negotiation'; reason: string; choices: Choice[] }): void {
  const v = run.view;
  if (c.name === 'failed negotiation') {
    v.negotiationFailure = { reason: c.reason, choices: c.choices };
    if (run.kex) run.kex = { ...run.kex, step: 'failed' };
    return;
  }
  v.known = foldKnown(v.known, c);
  const kex = run.kex;
  switch (c.name) {
    case 'strict kex': {
      v.strictKex = c.enabled;
      // Under strict kex the peer's KEXINIT must be its first packet, else the engine stops before
      // it takes note of ext-info.
      const pk = kex?.peerKexinit;
      if (pk && !(c.enabled && pk.seq !== 0)) v.extInfo = { ...v.extInfo, peerAdvertised: pk.extInfo };
      break;
    }
    case 'negotiation': {
      v.negotiated = c.negotiated;
      if (!kex) break;
      const gex = c.negotiated.kex.startsWith('diffie-hellman-group-exchange');
      // A client that guessed already sent its kex packet and waits for the reply.
      const step: FlowStep = v.role === 'server' ? (gex ? 'await-gex-request' : 'await-init') : (kex.sentKexPacket ?? 'negotiated');
      run.kex = { ...kex, kexName: c.negotiated.kex, step };
      break;
    }
    case 'guess':
      // Our guess was wrong: the engine sends its kex packet again, for the negotiated method.
      if (kex && !c.right && c.explanation.startsWith('We sent')) run.kex = { ...kex, sentKexPacket: undefined, step: 'negotiated' };
      break;
    case 'H':
      if (kex && v.role === 'server') run.kex = { ...kex, step: 'await-signature' };
      break;
    case 'signature':
      if (kex && c.action === 'sign') run.kex = { ...kex, step: 'computing' };
      break;
    case 'key':
      if (kex) run.kex = { ...kex, keysDerived: true };
      break;
    case 'ext-info':
      v.extInfo = { ...v.extInfo, extensions: c.extensions };
      break;
  }
}

/** What the endpoint waits for, in the engine's words (transport/state.ts waitingFor). */
function waitingFor(run: PartyRun): string {
  const v = run.view;
  if (!v.present) return UNKNOWN_WAIT;
  const peer = v.role === 'client' ? "the server's" : "the client's";
  if (v.closed) return 'nothing (closed)';
  if (!run.started) return 'start';
  if (!v.peerVersion) return `${peer} identification line`;
  const k = run.kex;
  if (k) {
    const name = k.kexName ?? '';
    // By name: this runs on the page, which does not load the algorithm registry.
    const family = name.startsWith('diffie-hellman-group-exchange')
      ? 'gex'
      : name.startsWith('diffie-hellman')
        ? 'dh'
        : name.startsWith('mlkem') || name.startsWith('sntrup')
          ? 'hybrid'
          : 'ecdh';
    switch (k.step) {
      case 'await-kexinit':
        return `${peer} SSH_MSG_KEXINIT`;
      case 'negotiate':
        return 'nothing: it negotiates the algorithms next';
      case 'negotiated':
        return 'nothing: it sends its first key exchange packet next';
      case 'await-gex-request':
        return "the client's SSH_MSG_KEX_DH_GEX_REQUEST";
      case 'await-gex-group':
        return "the server's SSH_MSG_KEX_DH_GEX_GROUP";
      case 'await-init':
        return `the client's ${{ gex: 'SSH_MSG_KEX_DH_GEX_INIT', dh: 'SSH_MSG_KEXDH_INIT', hybrid: 'SSH_MSG_KEX_HYBRID_INIT', ecdh: 'SSH_MSG_KEX_ECDH_INIT' }[family]}`;
      case 'await-reply':
        return `the server's ${{ gex: 'SSH_MSG_KEX_DH_GEX_REPLY', dh: 'SSH_MSG_KEXDH_REPLY', hybrid: 'SSH_MSG_KEX_HYBRID_REPLY', ecdh: 'SSH_MSG_KEX_ECDH_REPLY' }[family]}`;
      case 'computing':
        return k.keysDerived ? 'nothing: it sends its SSH_MSG_NEWKEYS next' : 'nothing: it computes its part of the key exchange next';
      case 'await-signature':
        return `a signature of H by the host key (${v.negotiated?.hostKey ?? 'host key'}), from the program that holds it`;
      case 'failed':
        return 'nothing: the negotiation failed, it disconnects';
      case 'await-newkeys':
        return k.newKeysSent ? `${peer} SSH_MSG_NEWKEYS` : 'nothing: it sends its SSH_MSG_NEWKEYS next';
    }
  }
  if (v.kexCount === 0) return `${peer} SSH_MSG_KEXINIT`;
  if (v.role === 'client' && v.service.requested && !v.service.accepted) return "the server's SSH_MSG_SERVICE_ACCEPT";
  return v.role === 'server' ? "the client's next request" : 'the application';
}

const copyRun = (r: PartyRun): PartyRun => ({ ...r, view: { ...r.view } });

/**
 * The state after `step` of both parties, from their states before it. An endpoint sshscope did
 * not run is folded from its partner's entries (its packets as the partner logged them), its
 * strict-kex setting taken from its partner (both sides decide it alike): counters and phase only.
 */
export function foldStep(prev: Record<Party, PartyRun>, step: Step): Record<Party, PartyRun> {
  const next = { client: prev.client, server: prev.server };
  const touch = (p: Party) => (next[p] === prev[p] ? (next[p] = copyRun(prev[p])) : next[p]);
  if (step.kind === 'message') {
    const sender: Party = step.flow === 'c2s' ? 'client' : 'server';
    const receiver: Party = sender === 'client' ? 'server' : 'client';
    const sent = step.sent ?? (!prev[sender].view.present ? step.received : undefined);
    const received = step.received ?? (!prev[receiver].view.present ? step.sent : undefined);
    if (sent && step.from === sender) foldSent(touch(sender), sent);
    if (received && step.to === receiver) foldReceived(touch(receiver), received);
  } else if (step.kind === 'computation') {
    const run = touch(step.by);
    for (const c of step.computations) foldComputation(run, c);
  } else {
    const run = touch(step.by);
    run.view.closed = { reason: step.reason, description: step.description, by: step.cause };
    run.kex = null;
  }
  const phases = phaseChanges(step, { client: prev.client.view.phase, server: prev.server.view.phase });
  for (const p of ['client', 'server'] as const) {
    const ph = phases[p];
    if (ph !== undefined && ph !== next[p].view.phase) touch(p).view.phase = ph;
  }
  for (const p of ['client', 'server'] as const) {
    const other = next[p === 'client' ? 'server' : 'client'];
    if (!next[p].view.present && other.view.strictKex !== next[p].view.strictKex) touch(p).view.strictKex = other.view.strictKex;
    if (next[p] !== prev[p]) next[p].view.waitingFor = waitingFor(next[p]);
  }
  return next;
}

// ---------------------------------------------------------------- "changed in this step"

/** Structural equality over plain data (numbers, strings, byte arrays, arrays, objects). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    if (!(a instanceof Uint8Array && b instanceof Uint8Array) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (!same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

/** The values each section of the state inspector shows. */
export function sectionValues(e: EndpointState): Record<StateSection, unknown> {
  const { keys, ...kex } = e.known;
  return {
    phase: [e.phase, e.waitingFor, e.kexCount, e.closed],
    packets: [e.seq, e.packets],
    negotiated: [e.negotiated, e.negotiationFailure],
    extensions: [e.strictKex, e.extInfo, e.service],
    kex,
    keys,
  };
}

const SECTIONS: StateSection[] = ['phase', 'packets', 'negotiated', 'extensions', 'kex', 'keys'];

/** Sections whose values differ between two states of one endpoint. */
export function changedSections(before: EndpointState, after: EndpointState): StateSection[] {
  if (before === after) return [];
  const a = sectionValues(before);
  const b = sectionValues(after);
  return SECTIONS.filter((s) => !same(a[s], b[s]));
}

// ---------------------------------------------------------------- seeking

export interface StateIndex {
  stateAt(i: number): SessionState;
  /** The same result by folding every step from the start (no snapshots, no cache). */
  stateAtFromScratch(i: number): SessionState;
}

export interface PartyInfo {
  present: boolean;
  version?: string;
}

export function initialRuns(parties: Record<Party, PartyInfo>): Record<Party, PartyRun> {
  return {
    client: initialRun('client', parties.client.present, parties.client.version),
    server: initialRun('server', parties.server.present, parties.server.version),
  };
}

export function buildStateIndex(steps: readonly Step[], parties: Record<Party, PartyInfo>, every = SNAPSHOT_EVERY_STEPS): StateIndex {
  // snaps[k]: the runs after the steps before k·every.
  const start = initialRuns(parties);
  const snaps: Record<Party, PartyRun>[] = [start];
  let running = start;
  for (let i = 0; i < steps.length; i++) {
    running = foldStep(running, steps[i]);
    if ((i + 1) % every === 0) snaps.push(running);
  }
  // The last few seeks: stepping forward (or back) by one, or the diagram and the panels asking
  // for neighbouring steps, folds at most a step or two.
  const recent: { i: number; runs: Record<Party, PartyRun> }[] = [];

  const check = (i: number) => {
    if (!Number.isInteger(i) || i < -1 || i >= steps.length) {
      throw new RangeError(`stateAt: step index ${i} is outside -1..${steps.length - 1}`);
    }
  };
  const runsAt = (i: number): Record<Party, PartyRun> => {
    const k = Math.floor((i + 1) / every);
    let from = k * every - 1;
    let runs = snaps[k];
    for (const r of recent) {
      if (r.i === i) return r.runs;
      if (r.i < i && r.i > from) [from, runs] = [r.i, r.runs];
    }
    for (let j = from + 1; j <= i; j++) runs = foldStep(runs, steps[j]);
    recent.unshift({ i, runs });
    if (recent.length > 4) recent.pop();
    return runs;
  };
  const assemble = (i: number, before: Record<Party, PartyRun> | undefined, after: Record<Party, PartyRun>): SessionState => ({
    index: i,
    client: after.client.view,
    server: after.server.view,
    changed: {
      client: before ? changedSections(before.client.view, after.client.view) : [],
      server: before ? changedSections(before.server.view, after.server.view) : [],
    },
  });

  return {
    stateAt(i) {
      check(i);
      if (i < 0) return assemble(i, undefined, start);
      const before = runsAt(i - 1);
      return assemble(i, before, runsAt(i));
    },
    stateAtFromScratch(i) {
      check(i);
      let runs = initialRuns(parties);
      let before: Record<Party, PartyRun> | undefined;
      for (let j = 0; j <= i; j++) {
        before = runs;
        runs = foldStep(runs, steps[j]);
      }
      return assemble(i, before, runs);
    },
  };
}
