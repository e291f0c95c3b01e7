// The working copy of one step: a fresh shallow copy of the state plus the effects produced.
// Nested values are replaced, never mutated, so the state given to step() stays intact.

import { nestedDecoders } from '../algorithms/decoders';
import { kexAlgorithms } from '../algorithms/kex';
import type { KexFamily } from '../algorithms/types';
import { decodeMessage, type DecodedMessage } from '../messages/codec';
import { encodeLayout, type MessageSpec, type MessageValues } from '../messages/layout';
import { DISCONNECT as REASON, disconnectReasonName, MSG } from '../messages/numbers';
import type { DecodeContext } from '../messages/specs';
import { DISCONNECT } from '../messages/specs';
import { concat } from '../wire/bytes';
import type { Computation, Effect, TraceEntry } from './events';
import { internLayout, sentPacketEntry } from './lazyFields';
import { buildPacket, paddingLength } from './packet';
import type { EngineState } from './state';

export class Ctx {
  s: EngineState;
  effects: Effect[] = [];

  constructor(state: EngineState) {
    this.s = { ...state };
  }

  emit(e: Effect): void {
    this.effects.push(e);
  }

  computed(c: Computation): void {
    this.effects.push({ type: 'computed', computation: c });
  }

  /**
   * Takes n random bytes from the pool. The pump keeps a reserve larger than any one action
   * needs; if a hostile sequence still drains it, zeros keep the engine total (never throws).
   */
  take(n: number): Uint8Array {
    const pool = this.s.pool;
    if (pool.length >= n) {
      this.s.pool = pool.subarray(n);
      return pool.slice(0, n);
    }
    this.s.pool = new Uint8Array(0);
    return concat(pool, new Uint8Array(n - pool.length));
  }

  /** The kex family that gives numbers 30–49 their meaning right now. */
  family(): KexFamily | undefined {
    const name = this.s.kex?.negotiated?.kex ?? this.s.negotiated?.kex;
    return name ? kexAlgorithms[name]?.family : undefined;
  }

  /** The user authentication method in progress, for numbers 60–79 (undefined: none seen). */
  decodeContext(): DecodeContext | undefined {
    return this.s.authMethod === undefined ? undefined : { authMethod: this.s.authMethod };
  }

  decode(payload: Uint8Array, base: number, family?: KexFamily): DecodedMessage {
    return decodeMessage(payload, base, nestedDecoders, family ?? this.family(), this.decodeContext());
  }

  /** A USERAUTH_REQUEST (either way) sets the method that gives 60–79 their meaning. */
  noteAuthMethod(msg: DecodedMessage): void {
    if (msg.number === MSG.USERAUTH_REQUEST && typeof msg.values.method_name === 'string') this.s.authMethod = msg.values.method_name;
  }

  /** Encodes, pads, protects and sends one message; yields its trace entry. */
  sendMessage(spec: MessageSpec, values: MessageValues, family?: KexFamily): TraceEntry {
    return this.sendPayload(encodeLayout(spec, values), family);
  }

  sendPayload(payload: Uint8Array, family?: KexFamily): TraceEntry {
    const dir = this.s.send;
    const prot = dir.protection;
    const padding = this.take(paddingLength(payload.length, prot.blockSize, prot.mode));
    const packet = buildPacket(payload, padding);
    const { wire, next } = prot.seal(dir.seq, packet);
    const kexFamily = family ?? this.family();
    // Decoded now so that a payload we cannot decode fails here; the trees are built when read.
    const context = this.decodeContext();
    const msg = this.decode(payload, 5, kexFamily);
    this.noteAuthMethod(msg);
    const layout = internLayout(prot.layout(packet.length - 4));
    const entry = sentPacketEntry(
      {
        kind: 'packet',
        direction: 'sent',
        seq: dir.seq,
        number: msg.number,
        name: msg.name,
        wire,
        packet,
        encrypted: prot.mode !== 'none',
        layout,
        cipher: prot.cipher,
        mac: prot.mac,
        streamOffset: dir.streamOffset,
      },
      kexFamily,
      context,
    );
    this.s.send = { ...dir, seq: (dir.seq + 1) >>> 0, protection: next, packets: dir.packets + 1, streamOffset: dir.streamOffset + wire.length };
    this.emit({ type: 'message', entry });
    this.emit({ type: 'send', bytes: wire });
    return entry;
  }

  /**
   * Ends the connection because of a protocol violation (or a local decision): a DISCONNECT to
   * the peer when it can still understand one, then the disconnect effect.
   */
  fail(reason: number, description: string): void {
    if (this.s.closed) return;
    if (this.s.versionSent && this.s.peerVersion) {
      this.sendMessage(DISCONNECT, { reason_code: reason, description, language_tag: '' });
    }
    this.close(reason, description, 'local');
  }

  close(reason: number, description: string, by: 'local' | 'peer' | 'connection'): void {
    if (this.s.closed) return;
    this.s.closed = { reason, description, by };
    this.s.outbox = [];
    this.emit({ type: 'disconnect', reason, reasonName: disconnectReasonName(reason), description, by });
  }

  protocolError(description: string): void {
    this.fail(REASON.PROTOCOL_ERROR, description);
  }
}
