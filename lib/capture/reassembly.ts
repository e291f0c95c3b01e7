// One direction of a TCP connection, put back in sequence order (RFC 9293 §3.4 sequence numbers,
// compared modulo 2^32 so a stream may wrap around and run past 4 GiB).
//
// - Out-of-order segments wait until the bytes before them arrive.
// - Bytes seen twice (retransmissions, overlapping segments): the first copy to arrive wins, as
//   it is what the receiver most likely took; a later copy that differs is counted and reported.
// - A gap (bytes the capture never saw) ends the stream there: nothing after it is delivered,
//   because joining bytes across a hole would make a stream that never was.

import type { TcpSegment } from './segment';

/** Where a direction's bytes came from, for messages that point into the capture file. */
export interface SegmentOrigin {
  packet: number;
  fileOffset: number;
  t: number;
}

export interface Gap {
  /** First missing byte, counted from the start of this direction's stream. */
  streamOffset: number;
  /** How many bytes are missing, when known (a hole before later data, or before FIN). */
  missing?: number;
  /** The packet whose data would have come next (the first one after the gap), if any. */
  nextPacket?: number;
  nextFileOffset?: number;
  /** The last packet whose data was delivered before the gap. */
  lastPacket?: number;
  /** Why, in words: the hole, and the cut packet or fragment that explains it when there is one. */
  reason: string;
}

interface Pending extends SegmentOrigin {
  off: number;
  bytes: Uint8Array;
}

/** Out-of-order segments a direction holds before giving up on the missing bytes in front of them. */
export const MAX_PENDING = 16_384;

export type Deliver = (bytes: Uint8Array, origin: SegmentOrigin) => void;

/** A packet whose TCP payload the capture holds only in part. */
interface Cut {
  end: number;
  packet: number;
  fileOffset: number;
  missing: number;
  why: 'snaplen' | 'fragment';
}

export class DirectionReassembler {
  /** Sequence number of stream offset 0 (the SYN's sequence number + 1). */
  private isn = 0;
  started = false;
  /** True when a SYN fixed the stream's start; false if the capture began mid-connection. */
  sawSyn = false;
  /** Next stream offset to deliver: everything before it has been delivered. */
  next = 0;
  private pending: Pending[] = [];
  finAt?: number;
  rst = false;
  /** Set once a gap ends the stream. */
  gap?: Gap;
  /** Bytes seen again after the first copy (retransmissions and overlaps). */
  duplicateBytes = 0;
  /** Of those, bytes whose later copy differed from the first. */
  conflictingBytes = 0;
  firstConflictAt?: { streamOffset: number; packet: number };
  lastPacket?: number;
  private lastAck?: number;
  private cuts: Cut[] = [];
  /** Delivered bytes by stream offset, kept only while `keep` is true (to compare retransmissions). */
  private delivered: { off: number; bytes: Uint8Array }[] = [];
  keep = true;

  constructor(private readonly deliver: Deliver) {}

  /** Stream offset of a sequence number, relative to the next byte to deliver (wrap-around safe). */
  private offsetOf(seq: number): number {
    return this.next + ((seq - this.isn - this.next) | 0);
  }

  /** The other direction's acknowledgement number: tells how far this direction really went. */
  acknowledged(ack: number): void {
    this.lastAck = ack;
  }

  segment(s: TcpSegment, origin: SegmentOrigin): void {
    if (this.gap) return;
    const syn = (s.flags & 0x02) !== 0;
    if (syn) {
      // A repeated SYN (retransmitted) names the same start; a different one is not this stream.
      if (!this.started || !this.sawSyn) {
        this.isn = (s.seq + 1) >>> 0;
        this.started = true;
        this.sawSyn = true;
        this.next = 0;
      }
    } else if (!this.started) {
      if (s.payload.length === 0 && !(s.flags & 0x01) && s.missing === 0) return;
      // No SYN in the capture: the stream starts with the first byte we see.
      this.isn = s.seq;
      this.started = true;
    }
    const dataSeq = syn ? (s.seq + 1) >>> 0 : s.seq;
    const off = this.offsetOf(dataSeq);
    const length = s.payload.length + s.missing;
    if (s.flags & 0x01 && this.finAt === undefined) this.finAt = off + length;
    if (s.flags & 0x04) this.rst = true;
    if (s.missing > 0 || s.missingWhy === 'fragment') {
      if (this.cuts.length < MAX_PENDING) this.cuts.push({ end: off + s.payload.length, packet: origin.packet, fileOffset: origin.fileOffset, missing: s.missing, why: s.missingWhy ?? 'snaplen' });
    }
    if (s.payload.length > 0) this.add(off, s.payload, origin);
  }

  private add(off: number, bytes: Uint8Array, origin: SegmentOrigin): void {
    // The common case: the next bytes, nothing waiting.
    if (off === this.next && this.pending.length === 0) {
      this.emit(bytes, origin);
      return;
    }
    const end = off + bytes.length;
    if (off < this.next) {
      const seenEnd = Math.min(end, this.next);
      this.compareDelivered(off, bytes.subarray(0, seenEnd - off), origin);
      if (end <= this.next) return;
      bytes = bytes.subarray(this.next - off);
      off = this.next;
    }
    // Keep only the parts no earlier segment covers: the first copy wins.
    const p = this.pending;
    let i = firstEndingAfter(p, off);
    const pieces: Pending[] = [];
    let at = off;
    while (at < end) {
      const q = p[i];
      if (!q || q.off >= end) {
        pieces.push({ ...origin, off: at, bytes: bytes.subarray(at - off, end - off) });
        break;
      }
      if (q.off > at) pieces.push({ ...origin, off: at, bytes: bytes.subarray(at - off, q.off - off) });
      const from = Math.max(at, q.off);
      const to = Math.min(end, q.off + q.bytes.length);
      this.compare(q.bytes.subarray(from - q.off, to - q.off), bytes.subarray(from - off, to - off), from, origin);
      at = to;
      i++;
    }
    for (const piece of pieces) {
      const j = firstEndingAfter(p, piece.off);
      p.splice(j, 0, piece);
    }
    this.drain(origin);
    if (p.length > MAX_PENDING) this.stop(`more than ${MAX_PENDING} segments are waiting for the missing bytes before them`);
  }

  private drain(origin: SegmentOrigin): void {
    const p = this.pending;
    let k = 0;
    while (k < p.length && p[k].off === this.next) {
      // Delivered at the time of the packet that completed them: that is when a receiver had them.
      this.emit(p[k].bytes, { ...origin, packet: p[k].packet, fileOffset: p[k].fileOffset });
      k++;
    }
    if (k > 0) p.splice(0, k);
  }

  private emit(bytes: Uint8Array, origin: SegmentOrigin): void {
    if (this.keep) this.delivered.push({ off: this.next, bytes });
    this.next += bytes.length;
    this.lastPacket = origin.packet;
    this.deliver(bytes, origin);
  }

  /** Stops keeping copies of delivered bytes (a connection found not to be SSH). */
  forget(): void {
    this.keep = false;
    this.delivered = [];
  }

  private compareDelivered(off: number, later: Uint8Array, origin: SegmentOrigin): void {
    this.duplicateBytes += later.length - Math.max(0, -off);
    if (!this.keep) return;
    const d = this.delivered;
    // Last chunk starting at or before `off`.
    let lo = 0;
    let hi = d.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (d[mid].off <= off) lo = mid;
      else hi = mid - 1;
    }
    // Bytes before stream offset 0 (a capture that began mid-connection) were never delivered.
    let at = Math.max(off, 0);
    const end = off + later.length;
    for (let k = lo; k < d.length && at < end; k++) {
      const c = d[k];
      const cEnd = c.off + c.bytes.length;
      if (cEnd <= at) continue;
      const to = Math.min(end, cEnd);
      this.countConflicts(c.bytes.subarray(at - c.off, to - c.off), later.subarray(at - off, to - off), at, origin);
      at = to;
    }
  }

  private compare(first: Uint8Array, later: Uint8Array, at: number, origin: SegmentOrigin): void {
    this.duplicateBytes += later.length;
    this.countConflicts(first, later, at, origin);
  }

  private countConflicts(first: Uint8Array, later: Uint8Array, at: number, origin: SegmentOrigin): void {
    for (let i = 0; i < later.length; i++) {
      if (first[i] !== later[i]) {
        this.conflictingBytes++;
        this.firstConflictAt ??= { streamOffset: at + i, packet: origin.packet };
      }
    }
  }

  /** Ends the stream at the first missing byte. */
  private stop(why: string): void {
    const first = this.pending[0];
    this.gap = {
      streamOffset: this.next,
      ...(first ? { missing: first.off - this.next, nextPacket: first.packet, nextFileOffset: first.fileOffset } : {}),
      ...(this.lastPacket !== undefined ? { lastPacket: this.lastPacket } : {}),
      reason: this.explain(why),
    };
    this.pending = [];
  }

  private explain(why: string): string {
    const cut = this.cuts.find((c) => c.end === this.next);
    if (!cut) return why;
    return cut.why === 'snaplen'
      ? `${why}; packet ${cut.packet} (file byte ${cut.fileOffset}) was cut by the capture's snap length, ${cut.missing} bytes of its TCP payload are not in the file`
      : `${why}; packet ${cut.packet} (file byte ${cut.fileOffset}) is the first IP fragment of a segment, and fragments are not reassembled`;
  }

  /** At the end of the capture: a hole before waiting data, before FIN, or before acknowledged bytes is a gap. */
  finish(): void {
    if (this.gap || !this.started) return;
    const first = this.pending[0];
    if (first) {
      this.stop(`${first.off - this.next} bytes are missing before the data of packet ${first.packet}`);
      return;
    }
    if (this.finAt !== undefined && this.finAt > this.next) {
      this.stop(`${this.finAt - this.next} bytes before the FIN are missing`);
      return;
    }
    if (this.lastAck !== undefined) {
      // The peer's ACK counts the FIN as one more sequence number.
      const acked = this.offsetOf(this.lastAck) - (this.finAt === this.next ? 1 : 0);
      if (acked > this.next && acked - this.next < 2 ** 31) {
        this.stop(`the other side acknowledged ${acked - this.next} bytes after the last one the capture holds`);
        this.gap!.missing = acked - this.next;
      }
    }
  }
}

/** Index of the first pending segment that ends after `off` (pending segments never overlap). */
function firstEndingAfter(p: Pending[], off: number): number {
  let lo = 0;
  let hi = p.length;
  // Appends are the common case: check the end first.
  if (hi > 0 && p[hi - 1].off + p[hi - 1].bytes.length <= off) return hi;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (p[mid].off + p[mid].bytes.length <= off) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
