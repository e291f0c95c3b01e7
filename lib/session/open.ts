// openRecording: a recording file → the Session a viewer walks. Parse and validate, replay each
// endpoint, check the replay against the recorded truth, then build steps, summary and stateAt.
// Either the whole session opens or a RecordingError says what and where: never half a session.

import { fingerprintSha256 } from '../ssh/algorithms/hostkey';
import { DISCONNECT } from '../ssh/messages/numbers';
import { waitingFor } from '../ssh/transport/state';
import { checkSentDigests, streamDivergence } from './consistency';
import { keyringSigner } from '../ssh/algorithms/hostkey/signer';
import { EndpointReplayer, type EndpointReplay, type ReplayHooks } from './endpointReplay';
import { parseRecording, RecordingError, RecordingInconsistentError, type Recording } from './recording';
import type { ClosedStep, MessageStep, Party, Session, SessionSummary, Step } from './session';
import { buildStateIndex, type StateIndex } from './sessionState';
import { openObserved } from './observer/open';
import { buildSteps, markDivergence, type BuiltSteps } from './steps';

export interface OpenedSession extends Session {
  /** stateAt without snapshots: every event and step from the start (slow; for tests). */
  stateAtFromScratch: StateIndex['stateAtFromScratch'];
  /** The parsed recording the session was opened from. */
  recording: Recording;
}

export interface OpenOptions {
  /** Engine-state snapshot interval in events while replaying (default SNAPSHOT_EVERY_EVENTS). */
  snapshotEveryEvents?: number;
  /** State snapshot interval in steps (default SNAPSHOT_EVERY_STEPS). */
  snapshotEverySteps?: number;
  /** Watches the replay: hooks per endpoint (given its event count), and the start of building steps. */
  observer?: OpenObserver;
}

export interface OpenObserver {
  endpoint?(party: Party, events: number): ReplayHooks | undefined;
  /** Every event is replayed; the steps are built and checked next. */
  replayed?(): void;
}

export function openRecording(json: string | unknown, options: OpenOptions = {}): OpenedSession {
  const recording = parseRecording(json);
  return openParsedRecording(recording, options);
}

/** Opens a recording that is already parsed (e.g. one a scenario built in memory). */
export function openParsedRecording(recording: Recording, options: OpenOptions = {}): OpenedSession {
  if (isObserved(recording)) return openObserved(recording, options);
  const replayers = startReplays(recording, options);
  for (const r of Object.values(replayers)) r.advance(Infinity);
  return finishOpening(recording, replayers, options);
}

export interface OpenAsyncOptions extends OpenOptions {
  /** Called between slices with the share of events replayed so far (0–1). */
  onProgress?: (done: number) => void;
  /** Stops opening at the next slice boundary: the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Events replayed between two yields to the event loop (default 500); ignored with `sliceMs`. */
  slice?: number;
  /** Instead of a count: yield once a slice has run this long (by `now`), after the event in progress. */
  sliceMs?: number;
  now?: () => number;
  /** How to yield (default: a zero-delay timeout). */
  yieldTo?: () => Promise<void>;
}

/**
 * openRecording without freezing a page: the replay runs in slices with the event loop in
 * between, reporting progress. Same result, same errors. An event is never split: one costly
 * event still runs to its end before the next yield.
 */
export async function openRecordingAsync(json: string | unknown, options: OpenAsyncOptions = {}): Promise<OpenedSession> {
  const recording = parseRecording(json);
  if (isObserved(recording)) {
    options.onProgress?.(0);
    options.signal?.throwIfAborted();
    const session = openObserved(recording, options);
    options.onProgress?.(1);
    return session;
  }
  const replayers = startReplays(recording, options);
  const total = (recording.client?.events.length ?? 0) + (recording.server?.events.length ?? 0);
  const slice = options.slice ?? 500;
  const { sliceMs, now = () => performance.now() } = options;
  const yieldTo = options.yieldTo ?? (() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
  const advance = (r: EndpointReplayer): boolean => {
    if (sliceMs === undefined) return r.advance(slice);
    const t = now();
    for (;;) {
      if (r.advance(1)) return true;
      if (now() - t >= sliceMs) return false;
    }
  };
  for (const r of Object.values(replayers)) {
    for (;;) {
      options.signal?.throwIfAborted();
      const finished = advance(r);
      options.onProgress?.(total ? Object.values(replayers).reduce((n, x) => n + x.done, 0) / total : 1);
      if (finished) break;
      await yieldTo();
    }
  }
  options.signal?.throwIfAborted();
  return finishOpening(recording, replayers, options);
}

/** Peer bytes and no endpoint of ours: an observer's recording (./observer). */
function isObserved(recording: Recording): boolean {
  return !recording.client && !recording.server && recording.peerBytes !== undefined;
}

function startReplays(recording: Recording, options: OpenOptions): Partial<Record<Party, EndpointReplayer>> {
  for (const [k, v] of Object.entries(options)) {
    if (['snapshotEveryEvents', 'snapshotEverySteps'].includes(k) && v !== undefined && !(Number.isInteger(v) && v >= 1)) {
      throw new RangeError(`openRecording: ${k} must be a whole number of at least 1, not ${v}`);
    }
  }
  const replayers: Partial<Record<Party, EndpointReplayer>> = {};
  for (const party of ['client', 'server'] as const) {
    const e = recording[party];
    if (!e) continue;
    if (e.config.role !== party) {
      throw new RecordingError([{ path: `$.${party}.config.role`, problem: `must be "${party}" in the ${party} slot, not "${e.config.role}"` }]);
    }
    const sign = e.legacyHostKeys ? keyringSigner(e.legacyHostKeys) : undefined;
    replayers[party] = new EndpointReplayer(e.config, e.events, options.snapshotEveryEvents, sign, options.observer?.endpoint?.(party, e.events.length));
  }
  if (!replayers.client && !replayers.server) {
    throw new RecordingError([{ path: '$', problem: 'there is no client or server event log to replay' }]);
  }
  return replayers;
}

function finishOpening(recording: Recording, replayers: Partial<Record<Party, EndpointReplayer>>, options: OpenOptions): OpenedSession {
  options.observer?.replayed?.();
  const replays: Partial<Record<Party, EndpointReplay>> = {};
  for (const party of ['client', 'server'] as const) {
    const r = replayers[party];
    if (!r) continue;
    replays[party] = r.result();
    const sent = recording[party]!.sent;
    if (sent) checkSentDigests(party, replays[party]!, sent);
  }

  const built = buildSteps(replays);
  if (replays.client && replays.server) {
    for (const [sender, receiver] of [['client', 'server'], ['server', 'client']] as const) {
      const d = streamDivergence(sender, replays[sender]!, receiver, replays[receiver]!);
      if (!d) continue;
      // Wired directly, different bytes can only mean the file is wrong. Otherwise a man in the
      // middle may have been there: the packet where the streams part is marked as tampered.
      if (recording.meta.attacker === false) throw new RecordingInconsistentError(receiver, d.event, d.problem);
      markDivergence(built, sender === 'client' ? 'c2s' : 's2c', d.offset, d.ahead);
    }
    if (recording.meta.attacker === false && built.attacker) throw tamperedButDirect(built.steps, built.refs);
  }
  const version = (p: Party): string | undefined => {
    const own = replays[p];
    if (own) return own.config.version;
    return replays[p === 'client' ? 'server' : 'client']?.final.peerVersion;
  };
  // The state at every step is folded from the steps (sessionState.ts): the replays' effects and
  // engine snapshots have served (steps, checks) and are let go here.
  const index = buildStateIndex(
    built.steps,
    {
      client: { present: Boolean(replays.client), ...optional('version', replays.client?.config.version) },
      server: { present: Boolean(replays.server), ...optional('version', replays.server?.config.version) },
    },
    options.snapshotEverySteps,
  );
  return {
    meta: recording.meta,
    ...(recording.warnings ? { warnings: recording.warnings } : {}),
    parties: {
      client: { ...optional('version', version('client')), present: Boolean(replays.client) },
      server: { ...optional('version', version('server')), present: Boolean(replays.server) },
    },
    attacker: built.attacker,
    steps: built.steps,
    summary: summarize(built.steps, replays),
    stateAt: index.stateAt,
    stateAtFromScratch: index.stateAtFromScratch,
    recording,
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

function summarize(steps: Step[], replays: Partial<Record<Party, EndpointReplay>>): SessionSummary {
  const main = replays.client?.final ?? replays.server!.final;
  const n = replays.client?.final.negotiated ?? replays.server?.final.negotiated;
  let fingerprint: string | undefined;
  for (const s of steps) {
    if (s.kind === 'computation' && s.computations[0].name === 'host key') {
      fingerprint = s.computations[0].fingerprint;
      break;
    }
    const ks = s.kind === 'message' ? s.entry.values?.K_S : undefined;
    if (ks instanceof Uint8Array) {
      fingerprint = fingerprintSha256(ks);
      break;
    }
  }
  // A side that finds the connection gone after the other said goodbye (SSH_DISCONNECT_BY_APPLICATION)
  // has seen a normal end, even if the goodbye itself never reached it: a bare TCP close is no
  // detection, as the scenario outcome counts it (scenarios/outcome.ts: only local closes).
  const saidGoodbye = steps.some((s) => s.kind === 'closed' && s.cause === 'local' && s.reason === DISCONNECT.BY_APPLICATION);
  const failure = steps.find((s) => s.phase === 'failure' && !(saidGoodbye && s.kind === 'closed' && s.cause === 'connection'));
  // The client's view when it was run: a SERVICE_ACCEPT the server sent but the client never got is no service.
  const accepted = replays.client ? replays.client.final.service.accepted : replays.server?.final.service.accepted;
  const done = main.kexCount > 0;
  // The client asked for a service and the run ended with no answer and no close: it stalled
  // (a man in the middle kept the request or the answer back), so it did not end well.
  const unanswered = Boolean(!accepted && !main.closed && main.role === 'client' && main.service.requested);
  // Who ended it and why, as the DISCONNECT said it, when one of our endpoints made that decision.
  const decided = steps.find((x): x is ClosedStep => x.kind === 'closed' && x.cause === 'local' && x.reason !== DISCONNECT.BY_APPLICATION);
  const outcome = failure
    ? decided
      ? `${decided.by} disconnects: ${decided.reasonName} (${decided.reason}): ${decided.description}`
      : `failed: ${failure.error}`
    : accepted
      ? `handshake complete, service ${accepted} accepted`
      : done && !unanswered
        ? 'handshake complete'
        : `incomplete: the ${main.role} was still waiting for ${waitingFor(main)}`;
  // A handshake that completed although a man in the middle changed the streams: say what went
  // unnoticed (Terrapin's point is precisely that nobody notices).
  const unnoticed = failure
    ? []
    : steps.filter((x): x is MessageStep => x.kind === 'message' && x.tampered !== undefined).map(tamperingInWords);
  return {
    ...optional('kex', n?.kex),
    ...optional('hostKey', n?.hostKey),
    ...optional('cipherC2S', n?.cipherC2S),
    ...optional('cipherS2C', n?.cipherS2C),
    ...optional('macC2S', n?.macC2S),
    ...optional('macS2C', n?.macS2C),
    ...optional('hostKeyFingerprint', fingerprint),
    outcome: unnoticed.length ? `${outcome}; unnoticed by either side: ${unnoticed.join(', ')}` : outcome,
    ok: !failure && done && !unanswered,
  };
}

function tamperingInWords(m: MessageStep): string {
  const sender: Party = m.flow === 'c2s' ? 'client' : 'server';
  const receiver: Party = sender === 'client' ? 'server' : 'client';
  if (m.tampered === 'dropped') return `the ${sender}'s ${m.title} never arrived`;
  if (m.tampered === 'injected') return `the ${receiver} received an ${m.title} the ${sender} never sent`;
  return `the ${sender}'s ${m.title} arrived modified`;
}

/** Declared wired directly, yet a packet went missing, appeared or changed: the file is wrong. */
function tamperedButDirect(steps: Step[], refs: BuiltSteps['refs']): RecordingInconsistentError {
  const m = steps.find((x): x is MessageStep => x.kind === 'message' && x.tampered !== undefined)!;
  const sender: Party = m.flow === 'c2s' ? 'client' : 'server';
  const receiver: Party = sender === 'client' ? 'server' : 'client';
  const r = refs[m.index];
  if (m.tampered === 'dropped') {
    return new RecordingInconsistentError(sender, r.sentEvent!, `the ${receiver} never read the ${m.title} the ${sender} sent at this event, though it went on reading`);
  }
  return new RecordingInconsistentError(
    receiver,
    r.receivedEvent!,
    m.tampered === 'injected' ? `the ${receiver} read a ${m.title} the ${sender} never sent` : `the ${receiver} read a ${m.title} that differs from what the ${sender} sent`,
  );
}
