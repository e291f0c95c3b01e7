// What goes into the engine (events) and what comes out (effects). Plain data only.

import type { HashInput } from '../algorithms/kex/exchangeHash';
import type { WireLayout } from '../algorithms/types';
import type { Field } from '../wire/field';
import type { Negotiated } from './negotiate';

export type Request =
  | { kind: 'service'; name: string }
  | { kind: 'rekey' }
  | { kind: 'disconnect'; reason: number; description: string }
  | { kind: 'ignore'; data: Uint8Array }
  | { kind: 'debug'; message: string; alwaysDisplay?: boolean }
  /** Send this payload as it is: for scenarios and tests that need a message the engine would not send. */
  | { kind: 'payload'; payload: Uint8Array };

export type EngineEvent =
  | { type: 'start' }
  /** Random bytes from outside: the engine keeps a pool and asks for more with needEntropy. */
  | { type: 'entropy'; purpose: string; bytes: Uint8Array }
  | { type: 'bytesReceived'; bytes: Uint8Array }
  | { type: 'request'; request: Request }
  /** The peer closed the connection (TCP FIN/RST, or the simulated wire ended). */
  | { type: 'close' }
  /**
   * The driver's answer to needSignature: the signature blob (string name || string sig) made
   * with the host private key, which stays with the driver. Recorded, so replay needs no key.
   */
  | { type: 'signature'; algorithm: string; signature: Uint8Array };

export type Direction = 'sent' | 'received';

export interface TraceEntry {
  kind: 'version' | 'banner' | 'packet';
  direction: Direction;
  /** Packet sequence number in this direction (packets only). */
  seq?: number;
  number?: number;
  name: string;
  /** Bytes exactly as they crossed the wire (ciphertext and MAC for protected packets). */
  wire: Uint8Array;
  /** Plaintext packet: packet_length || padding_length || payload || padding. */
  packet?: Uint8Array;
  /** Field tree over `packet` (or over `wire` for version/banner lines). */
  fields: Field[];
  /** Field tree over `wire`: packet_length (clear or encrypted), ciphertext, MAC/tag. */
  wireFields?: Field[];
  encrypted: boolean;
  layout?: WireLayout;
  cipher?: string;
  mac?: string;
  /** Decoded message values, keyed by RFC field name. */
  values?: Record<string, unknown>;
  /** Why this packet was ignored, if it was (wrong kex guess, IGNORE). */
  ignored?: string;
  /** Present when the packet was the one that made the engine fail. */
  error?: string;
  /** What a reader should know about this packet that is neither an error nor a reason to ignore it
   *  (a passive observer's decode: what a key log would reveal of a packet it cannot decrypt). */
  note?: string;
  /** Absolute offset of the first wire byte in this direction's byte stream. */
  streamOffset: number;
}

/** Values the engine computed, in the order it computed them, each with how. */
export type Computation =
  | { name: 'negotiation'; negotiated: Negotiated }
  | { name: 'ephemeral key'; kex: string; publicKey: Uint8Array; privateKey: Uint8Array; publicName: string }
  | {
      name: 'K';
      /** Exactly as it enters H and the KDF: an mpint, or for hybrid methods a string. */
      value: Uint8Array;
      formula: string;
      /** Absent: mpint (every method before the PQ/T hybrids). */
      encoding?: 'mpint' | 'string';
      /** What a hybrid K is made of: K_PQ and K_CL, each with its formula. */
      parts?: { name: 'K_PQ' | 'K_CL'; value: Uint8Array; formula: string }[];
    }
  | { name: 'H'; value: Uint8Array; formula: string; hash: string; inputs: HashInput[] }
  | { name: 'session_id'; value: Uint8Array; formula: string }
  | { name: 'signature'; action: 'sign' | 'verify'; algorithm: string; ok: boolean; reason?: string; signature: Uint8Array }
  | {
      name: 'host key';
      algorithm: string;
      fingerprint: string;
      known: boolean | null;
      publicKey: Uint8Array;
      /** SHA-256 fingerprints of the client's known host keys (absent: no known_hosts, nothing checked). */
      expected?: string[];
    }
  | { name: 'key'; letter: 'A' | 'B' | 'C' | 'D' | 'E' | 'F'; purpose: string; value: Uint8Array; formula: string }
  | { name: 'guess'; right: boolean; explanation: string }
  | { name: 'strict kex'; enabled: boolean; explanation: string }
  | { name: 'ext-info'; extensions: Record<string, unknown> };

export type Effect =
  | { type: 'send'; bytes: Uint8Array }
  | { type: 'message'; entry: TraceEntry }
  | { type: 'computed'; computation: Computation }
  | {
      type: 'disconnect';
      reason: number;
      reasonName: string;
      description: string;
      /** Who ended it: we did (local), the peer's DISCONNECT, or the connection itself. */
      by: 'local' | 'peer' | 'connection';
    }
  | { type: 'needEntropy'; n: number; purpose: string }
  /**
   * Server: sign `data` (the exchange hash H) with the private half of `publicKey` using
   * `algorithm`; answer with a signature event. The engine waits (reads no further packets) until then.
   */
  | { type: 'needSignature'; algorithm: string; publicKey: Uint8Array; data: Uint8Array };
