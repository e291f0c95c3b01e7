// One direction of an observed connection, read as its receiver would: the identification line
// (and, from the server, banner lines), then binary packets (RFC 4253 §6) under whatever protection
// NEWKEYS switched to. The observer holds the keys only when a key log gave them; otherwise the
// packets are framed where their length travels in the clear (EtM MACs, AES-GCM) and read as one
// opaque stream where it does not (chacha20-poly1305, encrypt-and-MAC). Pure; never throws.

import { ciphers } from '../../ssh/algorithms/cipher';
import { macs } from '../../ssh/algorithms/mac';
import { noProtection } from '../../ssh/algorithms/protection';
import type { PacketProtection, WireLayout } from '../../ssh/algorithms/types';
import { DEFAULT_MAX_PACKET } from '../../ssh/transport/config';
import { checkPacket } from '../../ssh/transport/packet';
import { readLine, type LineResult } from '../../ssh/transport/version';
import { readU32 } from '../../ssh/wire/bytes';

export type Flow = 'c2s' | 's2c';

/** Without keys: how the packets of a direction can still be cut apart. */
export interface SealedProtection {
  cipher: string;
  mac: string;
  /** The length is in the clear (EtM, AES-GCM): packets are framed; otherwise one opaque stream. */
  framed: boolean;
  macLength: number;
  blockSize: number;
  mode: WireLayout['mode'];
}

/** What a sealed direction looks like for a negotiated cipher and MAC, by the registries. */
export function sealedProtection(cipher: string, mac: string): SealedProtection {
  const c = ciphers[cipher];
  const m = macs[mac];
  const gcm = Boolean(c?.aead) && !cipher.startsWith('chacha20');
  const etm = !c?.aead && Boolean(m?.etm);
  const blockSize = Math.max(8, c?.blockSize ?? 8);
  if (gcm) return { cipher, mac: '<implicit>', framed: true, macLength: c!.aead!.tagLength, blockSize, mode: 'aead' };
  if (etm && c) return { cipher, mac, framed: true, macLength: m!.macLength, blockSize, mode: 'encrypt-then-mac' };
  return { cipher, mac, framed: false, macLength: 0, blockSize, mode: c?.aead ? 'aead' : 'encrypt-and-mac' };
}

export type Framed =
  | { kind: 'line'; line: Extract<LineResult, { kind: 'version' | 'banner' }>; streamOffset: number }
  /** A packet read in the clear or decrypted and verified: `packet` is its plaintext. */
  | { kind: 'packet'; index: number; seq: number; wire: Uint8Array; packet: Uint8Array; streamOffset: number; protection: PacketProtection; malformed?: string }
  /** Framed but not decrypted (no keys). */
  | { kind: 'sealed'; index: number; seq: number; wire: Uint8Array; streamOffset: number; sealed: SealedProtection }
  /** Reading this direction stops here: `wire` is what was there (at most a few KB of it). */
  | { kind: 'error'; index: number; seq?: number; wire: Uint8Array; streamOffset: number; reason: string; mac?: boolean };

const SHOWN_ON_ERROR = 4096;

export const DIRECTION_WORDS: Record<Flow, string> = { c2s: 'client → server', s2c: 'server → client' };

export class DirectionReader {
  private buf: Uint8Array = new Uint8Array(0);
  // Chunks not yet joined to buf: joined only once the next item can be complete, so a packet
  // arriving in many small chunks costs one copy, not one per chunk.
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  /** Stream offset of buf[0]. */
  private offset = 0;
  private versionSeen = false;
  private protection: PacketProtection | null = noProtection;
  private sealed: SealedProtection | null = null;
  /** The opaque rest of the stream (no keys, length not visible): where it starts and its bytes. */
  opaque: { streamOffset: number; seq: number; index: number; chunks: Uint8Array[]; sealed: SealedProtection } | null = null;
  stopped = false;
  /** Sequence number of the next packet (RFC 4253 §6.4) and its index among this direction's packets. */
  seq = 0;
  index = 0;

  constructor(readonly flow: Flow) {}

  get streamOffset(): number {
    return this.offset;
  }

  push(bytes: Uint8Array): void {
    if (this.stopped) return;
    if (this.opaque) {
      this.opaque.chunks.push(bytes);
      this.offset += bytes.length;
      return;
    }
    if (!bytes.length) return;
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
  }

  private flatten(): void {
    if (!this.pendingBytes) return;
    this.buf = !this.buf.length && this.pending.length === 1 ? this.pending[0] : concatAll([this.buf, ...this.pending]);
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** True when n bytes are in buf (joining the pending chunks if that makes them so). */
  private ensure(n: number): boolean {
    if (this.buf.length >= n) return true;
    if (this.buf.length + this.pendingBytes < n) return false;
    this.flatten();
    return true;
  }

  /** Called at this direction's NEWKEYS: the protection for the packets after it. */
  switchTo(next: PacketProtection | SealedProtection, resetSeq: boolean): void {
    if (resetSeq) this.seq = 0;
    if ('seal' in next) {
      this.protection = next;
      this.sealed = null;
      return;
    }
    this.protection = null;
    this.sealed = next;
    if (!next.framed) this.goOpaque(next);
  }

  private goOpaque(sealed: SealedProtection): void {
    this.flatten();
    this.opaque = { streamOffset: this.offset, seq: this.seq, index: this.index, chunks: this.buf.length ? [this.buf] : [], sealed };
    this.offset += this.buf.length;
    this.buf = new Uint8Array(0);
  }

  /** Stops reading this direction (after an error). */
  stop(): void {
    this.stopped = true;
    this.buf = new Uint8Array(0);
    this.pending = [];
    this.pendingBytes = 0;
  }

  private consume(n: number): Uint8Array {
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    this.offset += n;
    return out;
  }

  private fail(reason: string, extra: { seq?: number; mac?: boolean; wire?: Uint8Array } = {}): Framed {
    const at = this.offset;
    const wire = extra.wire ?? this.buf.subarray(0, SHOWN_ON_ERROR);
    this.stop();
    return { kind: 'error', index: this.index, wire, streamOffset: at, reason, ...(extra.seq !== undefined ? { seq: extra.seq } : {}), ...(extra.mac ? { mac: true } : {}) };
  }

  /** Where: "client → server packet index 4 (sequence number 1) at byte 1234 of that direction's stream". */
  where(seq: number | undefined, offset = this.offset, index = this.index): string {
    return `${DIRECTION_WORDS[this.flow]} packet index ${index}${seq !== undefined ? ` (sequence number ${seq})` : ''} at byte ${offset} of that direction's stream`;
  }

  /** The next line or packet, or null when more bytes are needed (or the direction has stopped). */
  next(): Framed | null {
    if (this.stopped || this.opaque) return null;
    if (!this.versionSeen) {
      // A line is at most 1024 bytes before readLine gives up on it: joining everything is cheap.
      this.flatten();
      const at = this.offset;
      const r = readLine(this.buf, at, this.flow === 's2c');
      if (r.kind === 'need-more') return null;
      if (r.kind === 'error') return this.fail(`${DIRECTION_WORDS[this.flow]} identification at byte ${r.offset} of that direction's stream: ${r.reason}`);
      this.consume(r.bytes.length);
      if (r.kind === 'version') this.versionSeen = true;
      return { kind: 'line', line: r, streamOffset: at };
    }
    const prot = this.protection;
    const sealed = this.sealed;
    const prefix = prot ? prot.lengthPrefixSize : 4;
    if (!this.ensure(prefix)) return null;
    const seq = this.seq;
    const len = prot ? prot.peekLength(seq, this.buf.subarray(0, prefix)) : readU32(this.buf, 0);
    const mode = prot ? prot.mode : sealed!.mode;
    const blockSize = prot ? prot.blockSize : sealed!.blockSize;
    const macLength = prot ? prot.macLength : sealed!.macLength;
    const hint = prot && prot.mode !== 'none' ? ' (decrypted with the keys from the key log: they may not be this connection\'s)' : '';
    if (len > DEFAULT_MAX_PACKET) return this.fail(`packet_length ${len} in the ${this.where(seq)} exceeds ${DEFAULT_MAX_PACKET} bytes${hint}`, { seq });
    if (len < 5) return this.fail(`packet_length ${len} in the ${this.where(seq)} is too small for a packet${hint}`, { seq });
    const aligned = mode === 'encrypt-then-mac' || mode === 'aead' ? len : len + 4;
    if (aligned % blockSize !== 0) return this.fail(`packet_length ${len} in the ${this.where(seq)} is not a multiple of the ${blockSize}-byte block size${hint}`, { seq });
    const total = 4 + len + macLength;
    if (!this.ensure(total)) return null;
    const streamOffset = this.offset;
    const index = this.index;
    const wire = this.consume(total);
    this.seq = (seq + 1) >>> 0;
    this.index++;
    if (!prot) return { kind: 'sealed', index, seq, wire, streamOffset, sealed: sealed! };
    const opened = prot.open(seq, wire);
    if (!opened.ok) {
      this.offset = streamOffset;
      return this.fail(`${opened.reason}, in the ${this.where(seq, streamOffset, index)}`, { seq, mac: true, wire });
    }
    this.protection = opened.next;
    const checked = checkPacket(opened.packet);
    return {
      kind: 'packet',
      index,
      seq,
      wire,
      packet: opened.packet,
      streamOffset,
      protection: prot,
      ...(checked.ok ? {} : { malformed: `${checked.reason} (packet byte ${checked.offset})` }),
    };
  }

  /** What is left unread when the stream ends: a partial line or packet, in words (null if nothing). */
  leftover(): { streamOffset: number; bytes: Uint8Array; reason: string } | null {
    this.flatten();
    if (this.stopped || this.opaque || this.buf.length === 0) return null;
    const n = this.buf.length;
    let what: string;
    if (!this.versionSeen) what = `the stream ends inside the identification line (${n} byte${n === 1 ? "" : "s"} without a line feed)`;
    else if (n < (this.protection?.lengthPrefixSize ?? 4)) what = `the stream ends ${n} bytes into the ${this.where(this.seq)}, before its packet_length is complete`;
    else {
      const need = this.protection
        ? 4 + this.protection.peekLength(this.seq, this.buf.subarray(0, this.protection.lengthPrefixSize)) + this.protection.macLength
        : 4 + readU32(this.buf, 0) + this.sealed!.macLength;
      what = `the stream ends inside the ${this.where(this.seq)}: ${n} of its ${need} bytes arrived`;
    }
    const out = { streamOffset: this.offset, bytes: this.buf.subarray(0, SHOWN_ON_ERROR), reason: `truncated: ${what}` };
    this.stop();
    return out;
  }
}

/** Joins many chunks (more than a spread argument list may hold) into one buffer. */
export function concatAll(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
