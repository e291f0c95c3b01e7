// What a man in the middle changed: the sender's and the receiver's copies of one packet compared.

import type { TraceEntry } from '../ssh/transport/events';

/** How the receiver's copy differs from the sender's, in one sentence. */
export function copyDifference(sent: TraceEntry, received: TraceEntry): string {
  const a = sent.wire;
  const b = received.wire;
  if (a.length !== b.length) return `The receiver got ${b.length} ${b.length === 1 ? 'byte' : 'bytes'} where ${a.length} were sent.`;
  const diff: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff.push(i);
  if (diff.length === 0) return 'The receiver got the same bytes that were sent.';
  const shown = diff.slice(0, 8).join(', ') + (diff.length > 8 ? ', …' : '');
  return `${diff.length} ${diff.length === 1 ? 'byte differs' : 'bytes differ'} on the wire, at offset${diff.length === 1 ? '' : 's'} ${shown}.`;
}
