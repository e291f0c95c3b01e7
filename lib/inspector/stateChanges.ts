// Which parts of an endpoint's state a step changes, so the state inspector can point at them
// ("changed in this step") instead of leaving the reader to diff two columns of hex.

import type { Party, Step } from '../session/session';

export type StateSection = 'phase' | 'packets' | 'negotiated' | 'extensions' | 'kex' | 'keys';

const BY_ACTION: Record<string, StateSection[]> = {
  negotiate: ['negotiated'],
  'ephemeral key': ['kex'],
  'compute K': ['kex'],
  'compute H': ['kex'],
  'session id': ['kex'],
  'sign H': ['kex'],
  'verify signature': ['kex'],
  'check host key': ['kex'],
  'derive keys': ['keys'],
  guess: ['negotiated'],
  'strict kex': ['extensions'],
  'ext-info': ['extensions'],
};

/** Sections of `role`'s state that `step` changes; empty for the other endpoint's computations. */
export function changedSections(step: Step | undefined, role: Party): Set<StateSection> {
  const out = new Set<StateSection>();
  if (!step) return out;
  if (step.kind === 'message') {
    // A packet moves the sender's and receiver's counters, and may move either into a new phase.
    const involved = step.from === role || step.to === role;
    if (involved) {
      if (step.entry.kind === 'packet') out.add('packets');
      out.add('phase');
      const n = step.number ?? step.entry.number;
      if (n === 5 || n === 6 || n === 7) out.add('extensions'); // SERVICE_REQUEST/ACCEPT, EXT_INFO
    }
    return out;
  }
  if (step.by !== role) return out;
  if (step.kind === 'closed') {
    out.add('phase');
    return out;
  }
  for (const s of BY_ACTION[step.action] ?? []) out.add(s);
  return out;
}
