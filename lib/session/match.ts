// Pairs what one endpoint sent with what the other received, per direction, by wire bytes. Without
// a man in the middle the two lists are the same packets in the same order; with one, a received
// packet nobody sent was injected, a sent packet the receiver skipped over was dropped, and a
// different packet in the same position was modified.

import type { TraceEntry } from '../ssh/transport/events';
import { equalBytes } from '../ssh/wire/bytes';

export interface EntryRef {
  /** Index of the event (in its endpoint's log) that produced the entry. */
  event: number;
  /** Position among that event's effects. */
  effect: number;
  t: number;
  entry: TraceEntry;
}

export type Pairing =
  | { kind: 'pair'; sent: EntryRef; received: EntryRef; modified: boolean }
  | { kind: 'dropped'; sent: EntryRef }
  /** Sent, but the receiver stopped (or was never given it) before it could arrive: no tampering. */
  | { kind: 'undelivered'; sent: EntryRef }
  | { kind: 'injected'; received: EntryRef };

/** How far ahead to look for the packet that resynchronises the two lists after a drop or an injection. */
const LOOKAHEAD = 64;

const same = (a: EntryRef, b: EntryRef) => equalBytes(a.entry.wire, b.entry.wire);

/**
 * @param receiverListening whether the receiver was still reading at the end of its log (never
 *   closed, or closed only because the connection ended): then a packet sent after everything it
 *   logged was taken off the wire; otherwise it was merely never read.
 */
export function matchDirection(sent: EntryRef[], received: EntryRef[], receiverListening: boolean): Pairing[] {
  const out: Pairing[] = [];
  let i = 0;
  let j = 0;
  while (i < sent.length && j < received.length) {
    if (same(sent[i], received[j])) {
      out.push({ kind: 'pair', sent: sent[i++], received: received[j++], modified: false });
      continue;
    }
    const later = indexWithin(sent, i + 1, received[j]);
    if (later >= 0) {
      while (i < later) out.push({ kind: 'dropped', sent: sent[i++] });
      continue;
    }
    const laterReceived = indexWithin(received, j + 1, sent[i]);
    if (laterReceived >= 0) {
      while (j < laterReceived) out.push({ kind: 'injected', received: received[j++] });
      continue;
    }
    // Two well-formed packets with different message numbers are not one packet rewritten: the
    // received one was slipped in (the sent one may still follow, or never arrive).
    if (differentMessages(sent[i].entry, received[j].entry)) {
      out.push({ kind: 'injected', received: received[j++] });
      continue;
    }
    out.push({ kind: 'pair', sent: sent[i++], received: received[j++], modified: true });
  }
  while (j < received.length) out.push({ kind: 'injected', received: received[j++] });
  while (i < sent.length) {
    const s = sent[i++];
    out.push(receiverListening ? { kind: 'dropped', sent: s } : { kind: 'undelivered', sent: s });
  }
  return out;
}

function differentMessages(a: TraceEntry, b: TraceEntry): boolean {
  const decoded = (e: TraceEntry) => e.kind === 'packet' && e.number !== undefined && !/^(undecryptable|malformed)/.test(e.name);
  return decoded(a) && decoded(b) && a.number !== b.number;
}

function indexWithin(list: EntryRef[], from: number, target: EntryRef): number {
  const end = Math.min(list.length, from + LOOKAHEAD);
  for (let k = from; k < end; k++) if (same(list[k], target)) return k;
  return -1;
}
