// What a man in the middle changed: the sender's and the receiver's copies of one packet compared.

import type { TraceEntry } from '../ssh/transport/events';

export interface ByteDifference {
  /** Offsets whose byte differs (past the shorter copy's end, every byte of the longer one). */
  offsets: number[];
  /** Bits that differ over the part both copies have. */
  bits: number;
  sameLength: boolean;
}

/** Byte by byte: where two copies of the same bytes differ, and by how many bits. */
export function byteDifference(a: Uint8Array, b: Uint8Array): ByteDifference {
  const offsets: number[] = [];
  let bits = 0;
  const common = Math.min(a.length, b.length);
  for (let i = 0; i < common; i++) {
    let x = a[i] ^ b[i];
    if (!x) continue;
    offsets.push(i);
    for (; x; x &= x - 1) bits++;
  }
  for (let i = common; i < Math.max(a.length, b.length); i++) offsets.push(i);
  return { offsets, bits, sameLength: a.length === b.length };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "1 byte (1 bit), at offset 131", or with `verb` "1 byte (1 bit) differs, at offset 131". */
export function describeDifference(d: ByteDifference, verb = true): string {
  const shown = d.offsets.slice(0, 8).join(', ') + (d.offsets.length > 8 ? ', …' : '');
  const n = d.offsets.length;
  return `${plural(n, 'byte', 'bytes')} (${plural(d.bits, 'bit', 'bits')})${verb ? (n === 1 ? ' differs' : ' differ') : ''}, at offset${n === 1 ? '' : 's'} ${shown}`;
}

/** How the receiver's copy differs from the sender's, in one sentence. */
export function copyDifference(sent: TraceEntry, received: TraceEntry): string {
  const a = sent.wire;
  const b = received.wire;
  if (a.length !== b.length) return `The receiver got ${plural(b.length, 'byte', 'bytes')} where ${a.length} were sent.`;
  const d = byteDifference(a, b);
  if (d.offsets.length === 0) return 'The receiver got the same bytes that were sent.';
  return `On the wire, ${describeDifference(d)}.`;
}
