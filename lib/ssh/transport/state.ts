// The engine's state: a plain value. step() never mutates a state it was given.

import type { DhGroup, PacketProtection, ProtectionKeys } from '../algorithms/types';
import { kexAlgorithms } from '../algorithms/kex';
import { noProtection } from '../algorithms/protection';
import { specFor } from '../messages/specs';
import type { EndpointConfig, Role } from './config';
import type { Request } from './events';
import type { KexInitLists, Negotiated } from './negotiate';

export interface DirectionState {
  /** uint32 sequence number of the next packet (wraps; reset at NEWKEYS under strict kex). */
  seq: number;
  protection: PacketProtection;
  /** Packets in this direction so far (never reset). */
  packets: number;
  /** Bytes in this direction so far: the stream offset of the next byte. */
  streamOffset: number;
}

export type KexStep =
  | 'await-kexinit'
  | 'await-gex-request' // server
  | 'await-gex-group' // client
  | 'await-init' // server: KEX_ECDH_INIT / KEXDH_INIT / KEX_DH_GEX_INIT
  | 'await-reply' // client
  | 'await-signature' // server: H is computed, its driver signs it
  | 'await-newkeys';

export interface KexState {
  /** True for the first key exchange of the connection (strict kex and ext-info apply). */
  initial: boolean;
  step: KexStep;
  localKexinit: Uint8Array;
  /** Sequence number our KEXINIT was sent with (an SSH_MSG_UNIMPLEMENTED may name it). */
  localKexinitSeq?: number;
  localLists: KexInitLists;
  peerKexinit?: Uint8Array;
  peerLists?: KexInitLists;
  negotiated?: Negotiated;
  /** The peer's guessed kex packet is wrong and must be dropped (RFC 4253 §7). */
  ignoreGuess: boolean;
  /** Why the peer's guess was wrong: the kex method, the host key algorithm, or both. */
  wrongGuess?: string;
  /** We sent a guessed kex packet for this method. */
  guessedKex?: string;
  ephemeral?: { privateKey: Uint8Array; publicKey: Uint8Array };
  group?: DhGroup;
  gexRequest?: { min: number; n: number; max: number };
  keys?: { c2s: ProtectionKeys; s2c: ProtectionKeys };
  /** Server, while its driver signs H: what the reply and the key derivation need afterwards. */
  pendingReply?: { K_S: Uint8Array; K: Uint8Array; H: Uint8Array; algorithm: string };
  newKeysSent: boolean;
  newKeysReceived: boolean;
}

export interface EngineState {
  config: EndpointConfig;
  role: Role;
  started: boolean;
  /** Random bytes given by entropy events, consumed in order. */
  pool: Uint8Array;
  entropyRequested: boolean;
  /** Received bytes not yet processed. */
  input: Uint8Array;
  versionSent: boolean;
  peerVersion?: string;
  bannerLines: string[];
  send: DirectionState;
  recv: DirectionState;
  kex: KexState | null;
  /** Completed key exchanges. */
  kexCount: number;
  sessionId?: Uint8Array;
  /** Negotiated in the first KEXINIT exchange; null until then. */
  strict: boolean | null;
  /** The peer advertised ext-info-c / ext-info-s in its first KEXINIT. */
  peerExtInfo: boolean;
  extensions: Record<string, unknown>;
  /** Requests that wait for the right moment (a service request during key exchange). */
  outbox: Request[];
  /** Server: `acceptAfterKex` when a request came during our key exchange (answered after NEWKEYS, RFC 4253 §7.1). */
  service: { requested?: string; accepted?: string; acceptAfterKex?: boolean };
  /**
   * method_name of the last SSH_MSG_USERAUTH_REQUEST sent or received: numbers 60–79 mean what
   * that method says (RFC 4252 §6). The engine does not authenticate; it only names the messages.
   */
  authMethod?: string;
  negotiated?: Negotiated;
  closed?: { reason: number; description: string; by: 'local' | 'peer' | 'connection' };
}

export function initialState(config: EndpointConfig): EngineState {
  const dir: DirectionState = { seq: 0, protection: noProtection, packets: 0, streamOffset: 0 };
  return {
    config,
    role: config.role,
    started: false,
    pool: new Uint8Array(0),
    entropyRequested: false,
    input: new Uint8Array(0),
    versionSent: false,
    bannerLines: [],
    send: dir,
    recv: dir,
    kex: null,
    kexCount: 0,
    strict: null,
    peerExtInfo: false,
    extensions: {},
    outbox: [],
    service: {},
  };
}

export type Phase =
  | 'not started'
  | 'version exchange'
  | 'algorithm negotiation'
  | 'key exchange'
  | 'new keys'
  | 'encrypted service'
  | 'closed';

export function phaseOf(s: EngineState): Phase {
  if (s.closed) return 'closed';
  if (!s.started) return 'not started';
  if (!s.peerVersion) return 'version exchange';
  if (s.kex) {
    if (s.kex.step === 'await-kexinit') return 'algorithm negotiation';
    if (s.kex.step === 'await-newkeys') return 'new keys';
    return 'key exchange';
  }
  return s.kexCount > 0 ? 'encrypted service' : 'algorithm negotiation';
}

/** The name of a kex method's client message ('init') or server reply ('reply'). */
function kexMessageName(kex: string | undefined, which: 'init' | 'reply'): string {
  const family = (kex ? kexAlgorithms[kex]?.family : undefined) ?? 'ecdh';
  const number = family === 'dh-gex' ? (which === 'init' ? 32 : 33) : which === 'init' ? 30 : 31;
  return specFor(number, family)?.name ?? `kex message ${number}`;
}

/** What the endpoint is waiting for, in words: for the state inspector and for error messages. */
export function waitingFor(s: EngineState): string {
  const peer = s.role === 'client' ? "the server's" : "the client's";
  if (s.closed) return 'nothing (closed)';
  if (!s.started) return 'start';
  if (!s.peerVersion) return `${peer} identification line`;
  const k = s.kex;
  if (k) {
    switch (k.step) {
      case 'await-kexinit':
        return `${peer} SSH_MSG_KEXINIT`;
      case 'await-gex-request':
        return "the client's SSH_MSG_KEX_DH_GEX_REQUEST";
      case 'await-gex-group':
        return "the server's SSH_MSG_KEX_DH_GEX_GROUP";
      case 'await-init':
        return `the client's ${kexMessageName(k.negotiated?.kex, 'init')}`;
      case 'await-reply':
        return `the server's ${kexMessageName(k.negotiated?.kex, 'reply')}`;
      case 'await-signature':
        return `a signature of H by the host key (${k.pendingReply?.algorithm ?? 'host key'}), from the program that holds it`;
      case 'await-newkeys':
        return `${peer} SSH_MSG_NEWKEYS`;
    }
  }
  if (s.kexCount === 0) return `${peer} SSH_MSG_KEXINIT`;
  if (s.role === 'client' && s.service.requested && !s.service.accepted) return "the server's SSH_MSG_SERVICE_ACCEPT";
  return s.role === 'server' ? "the client's next request" : 'the application';
}
