// What a viewer walks: a recording opened into ordered steps, and both endpoints' state at any
// step. Plain data only (no classes the UI must know), so components can take it as props.
// Everything here is derived by replaying the recording's event logs: never stored as truth.

import type { Computation, TraceEntry } from '../ssh/transport/events';
import type { Choice, Negotiated } from '../ssh/transport/negotiate';
import type { RecordingMeta } from './recording';

export type Party = 'client' | 'server';
/** Who an arrow starts or ends at; the attacker appears only in scenarios with a man in the middle. */
export type Actor = Party | 'attacker';

/** The band a step belongs to in the sequence diagram (a rekey opens new negotiation/kex bands). */
export type StepPhase =
  | 'version exchange'
  | 'algorithm negotiation'
  | 'key exchange'
  | 'new keys'
  | 'encrypted service'
  | 'failure';

export const STEP_PHASES: StepPhase[] = [
  'version exchange',
  'algorithm negotiation',
  'key exchange',
  'new keys',
  'encrypted service',
  'failure',
];

interface StepBase {
  /** Position in session.steps (0-based). */
  index: number;
  phase: StepPhase;
  /** Short text for the live region and the diagram: "SSH_MSG_KEXINIT", "compute K". */
  title: string;
  /** Who, in words: "client → server", "server", "attacker → server". */
  who: string;
  /** Timestamp (ms) of the event that produced the step: wall clock for recordings, virtual for simulations. */
  t: number;
  /** Set when this step is (part of) a failure: what went wrong, in one sentence. */
  error?: string;
  /** Key into content/ for the explanation panel: "messages/kexinit", "concepts/exchange-hash". */
  explain: string;
}

/** One packet or line on the wire. */
export interface MessageStep extends StepBase {
  kind: 'message';
  flow: 'c2s' | 's2c';
  from: Actor;
  to: Actor;
  /** SSH message number (packets only). */
  number?: number;
  /** The entry as its sender logged it; absent if injected by the attacker or the sender was not run. */
  sent?: TraceEntry;
  /** The entry as its receiver logged it; absent if dropped, or the receiver was not run. */
  received?: TraceEntry;
  /** What to show: `sent ?? received`. */
  entry: TraceEntry;
  /** What a man in the middle did to this packet. */
  tampered?: 'injected' | 'dropped' | 'modified';
  /** Bytes on the wire. */
  size: number;
  /** Sent under keys from NEWKEYS (the diagram draws a lock). */
  encrypted: boolean;
  /**
   * Packets only: the sequence number (RFC 4253 §6.4) the sender sealed it with and the one the
   * receiver counted it as. They differ exactly when a counter was shifted (a packet injected or
   * taken out earlier). Absent on a side that never had the packet (injected: no sender; dropped
   * or never read: no receiver). `inferred` names the side sshscope did not run, whose number is
   * read off the other side's (a real peer's counter is not observable).
   */
  counters?: { sender?: number; receiver?: number; inferred?: 'sender' | 'receiver' };
}

/**
 * A negotiation that ended the connection (RFC 4253 §7.1): no algorithm in common for a category,
 * or one this implementation cannot run. The engine says so only in its DISCONNECT; the steps
 * recompute the negotiation from the two KEXINITs to show both lists.
 */
export interface FailedNegotiation {
  name: 'failed negotiation';
  /** The reason the endpoint gave, as in its DISCONNECT. */
  reason: string;
  /** The categories decided before the one that failed, then the failing one (chosen: null). */
  choices: Choice[];
}

/** Something one endpoint computed locally (a note on its lifeline). */
export interface ComputationStep extends StepBase {
  kind: 'computation';
  by: Party;
  /** 'negotiate' | 'ephemeral key' | 'compute K' | 'compute H' | 'session id' | 'sign H' | 'verify signature'
   *  | 'check host key' | 'derive keys' | 'guess' | 'strict kex' | 'ext-info' */
  action: string;
  /** The engine's computations behind this step (derive keys: the six keys A–F); a failed
   *  negotiation has no computation of the engine's, only what the steps worked out. */
  computations: (Computation | FailedNegotiation)[];
  /** False for a failed check (bad signature, unknown host key, wrong guess). */
  ok: boolean;
}

/** An endpoint concluded the connection (its `disconnect` effect). */
export interface ClosedStep extends StepBase {
  kind: 'closed';
  by: Party;
  reason: number;
  reasonName: string;
  description: string;
  /** Who ended it: this endpoint, the peer's DISCONNECT, or the TCP connection. */
  cause: 'local' | 'peer' | 'connection';
}

export type Step = MessageStep | ComputationStep | ClosedStep;

/** One endpoint's state after a step: its state before the step's event plus that event's effects
 *  drawn so far (lib/session/sessionState.ts). */
export interface EndpointState {
  role: Party;
  /** False when this endpoint was not run by sshscope (a real peer): only its packets are known. */
  present: boolean;
  /** Set for an endpoint not run by sshscope: its counters (and phase) are read off the packets its
   *  partner logged, not observed. */
  inferred?: true;
  version?: string;
  peerVersion?: string;
  /** The phase of its lifeline: the phase of its last own step (or of a failure it detected). */
  phase: StepPhase;
  /** "the server's SSH_MSG_KEX_ECDH_REPLY" */
  waitingFor: string;
  negotiated?: Negotiated;
  /** The negotiation that failed (and ended the connection). */
  negotiationFailure?: { reason: string; choices: Choice[] };
  /** Sequence number of the next packet in each direction (RFC 4253 §6.4). */
  seq: { send: number; recv: number };
  packets: { sent: number; received: number };
  /** Completed key exchanges. */
  kexCount: number;
  strictKex: boolean | null;
  extInfo: { peerAdvertised: boolean; extensions: Record<string, unknown> };
  service: { requested?: string; accepted?: string };
  closed?: { reason: number; description: string; by: 'local' | 'peer' | 'connection' };
  /** Values computed so far in the current key exchange (and the session id, which stays). */
  known: {
    sessionId?: Extract<Computation, { name: 'session_id' }>;
    ephemeral?: Extract<Computation, { name: 'ephemeral key' }>;
    K?: Extract<Computation, { name: 'K' }>;
    H?: Extract<Computation, { name: 'H' }>;
    hostKey?: Extract<Computation, { name: 'host key' }>;
    signature?: Extract<Computation, { name: 'signature' }>;
    keys: Partial<Record<'A' | 'B' | 'C' | 'D' | 'E' | 'F', Extract<Computation, { name: 'key' }>>>;
  };
}

/** The parts of an endpoint's state the state inspector shows as sections. */
export type StateSection = 'phase' | 'packets' | 'negotiated' | 'extensions' | 'kex' | 'keys';

export interface SessionState {
  /** The step this state follows; -1 is before the first step. */
  index: number;
  client: EndpointState;
  server: EndpointState;
  /** Sections whose values differ from the state after the previous step (none at -1). */
  changed: Record<Party, StateSection[]>;
}

export interface SessionSummary {
  kex?: string;
  hostKey?: string;
  cipherC2S?: string;
  cipherS2C?: string;
  macC2S?: string;
  macS2C?: string;
  hostKeyFingerprint?: string;
  /** "handshake complete, service ssh-userauth accepted" or the failure in one sentence. */
  outcome: string;
  ok: boolean;
}

/** A session sshscope watched rather than took part in: decoded from both directions' bytes. */
export interface ObserverInfo {
  /** Whether a key log was given and opened every key exchange it was needed for. */
  keylog: 'none' | 'used' | 'not used';
  /** Some packets stayed encrypted (no keys for them). */
  sealed: boolean;
}

export interface Session {
  meta: RecordingMeta;
  /** Set for an observer's recording (peer bytes only, no endpoint run by sshscope). */
  observer?: ObserverInfo;
  /** What the opener must be told about the file itself (e.g. an old file that holds a host private key). */
  warnings?: string[];
  /** Lifelines: each party's identification string (if known) and whether sshscope ran it. */
  parties: Record<Party, { version?: string; present: boolean }>;
  /** True when packets were injected, dropped or modified in transit (draw the attacker lifeline). */
  attacker: boolean;
  steps: Step[];
  summary: SessionSummary;
  /**
   * Both endpoints' state after step i (-1: before any step). Fast for any i (snapshots). Throws a
   * RangeError for an i outside -1..steps.length-1 (or not an integer).
   */
  stateAt(i: number): SessionState;
}
