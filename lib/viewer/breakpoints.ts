// Breakpoints on message types: "run to next breakpoint" stops at the next packet whose message
// name is in the set (searching forward from the current step, not including it).

import type { Step } from '../session/session';

type BreakStep = Pick<Step, 'kind' | 'title'>;

/** Message names a session contains, in first-seen order: the choices for breakpoints. */
export function messageTypes(steps: readonly BreakStep[]): string[] {
  const seen = new Set<string>();
  for (const s of steps) if (s.kind === 'message') seen.add(s.title);
  return [...seen];
}

/** Index of the next step after `from` that hits a breakpoint, or -1 if none does. */
export function nextBreakpoint(steps: readonly BreakStep[], from: number, breakpoints: ReadonlySet<string>): number {
  if (breakpoints.size === 0) return -1;
  for (let i = Math.max(from + 1, 0); i < steps.length; i++) {
    const s = steps[i];
    if (s.kind === 'message' && breakpoints.has(s.title)) return i;
  }
  return -1;
}
