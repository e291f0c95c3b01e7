// A packet's two sequence numbers (RFC 4253 §6.4) in words, for the diagram's accessible names and
// the packet inspector: the number its sender sealed it with and the one its receiver counted.

import type { MessageStep, Party } from '../session/session';

export function countersInWords(step: Pick<MessageStep, 'flow' | 'counters'>): string | undefined {
  const c = step.counters;
  if (!c) return undefined;
  const sender: Party = step.flow === 'c2s' ? 'client' : 'server';
  const receiver: Party = sender === 'client' ? 'server' : 'client';
  const side = (p: Party, n: number | undefined, inferred: boolean) =>
    n === undefined ? `none at the ${p}` : `${n} at the ${p}${inferred ? ' (inferred)' : ''}`;
  return `sequence number ${side(sender, c.sender, c.inferred === 'sender')}, ${side(receiver, c.receiver, c.inferred === 'receiver')}`;
}

/** How far the receiver's count is from the sender's (0: in step), or undefined if one side has none. */
export function counterShift(step: Pick<MessageStep, 'counters'>): number | undefined {
  const c = step.counters;
  if (c?.sender === undefined || c.receiver === undefined) return undefined;
  return ((c.receiver - c.sender) | 0);
}
