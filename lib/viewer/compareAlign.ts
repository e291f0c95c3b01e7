// Two sessions side by side: which step of one sits level with which step of the other. A diff
// (longest common subsequence) over each step's identity — a packet's direction and message name,
// a computation's party and action, a close's party — so the same message lines up across both,
// and a step present on one side only leaves a gap on the other. Pure: plain steps in, rows out.

import type { Step } from '../session/session';

/** Only what alignment needs from a step, so tests can build steps without a replay. */
export type AlignStep =
  | { kind: 'message'; flow: 'c2s' | 's2c'; title: string }
  | { kind: 'computation'; by: string; action: string }
  | { kind: 'closed'; by: string };

/** One row of the comparison: a step of A, of B, or of both (never neither). Indices into each side's steps. */
export interface AlignedRow {
  a?: number;
  b?: number;
}

/** What makes two steps "the same step" in two sessions. */
export function alignKey(s: AlignStep): string {
  switch (s.kind) {
    case 'message':
      return `message ${s.flow} ${s.title}`;
    case 'computation':
      return `computation ${s.by} ${s.action}`;
    case 'closed':
      return `closed ${s.by}`;
  }
}

/** Above this many cells the LCS table is not built (memory): the middle is paired up in order. */
const MAX_CELLS = 4_000_000;

/**
 * Aligns `a` and `b`: every step of each side appears exactly once, in its own order; matched
 * steps share a row. Where the two sides differ between matches, A's extra steps come first,
 * then B's (as a unified diff lists removals before additions).
 */
export function alignSteps(a: readonly AlignStep[], b: readonly AlignStep[]): AlignedRow[] {
  const ka = a.map(alignKey);
  const kb = b.map(alignKey);
  // Common prefix and suffix need no table (identical sessions cost linear time).
  let pre = 0;
  while (pre < ka.length && pre < kb.length && ka[pre] === kb[pre]) pre++;
  let suf = 0;
  while (suf < ka.length - pre && suf < kb.length - pre && ka[ka.length - 1 - suf] === kb[kb.length - 1 - suf]) suf++;
  const rows: AlignedRow[] = [];
  for (let i = 0; i < pre; i++) rows.push({ a: i, b: i });
  const n = ka.length - pre - suf;
  const m = kb.length - pre - suf;
  if (n > 0 && m > 0 && (n + 1) * (m + 1) <= MAX_CELLS) {
    // lcs[i][j]: length of the LCS of a's middle from i and b's middle from j.
    const w = m + 1;
    const lcs = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * w + j] = ka[pre + i] === kb[pre + j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    const pendingA: number[] = [];
    const pendingB: number[] = [];
    const flush = () => {
      for (const x of pendingA) rows.push({ a: x });
      for (const y of pendingB) rows.push({ b: y });
      pendingA.length = 0;
      pendingB.length = 0;
    };
    while (i < n && j < m) {
      if (ka[pre + i] === kb[pre + j] && lcs[i * w + j] === lcs[(i + 1) * w + j + 1] + 1) {
        flush();
        rows.push({ a: pre + i, b: pre + j });
        i++;
        j++;
      } else if (lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) pendingA.push(pre + i++);
      else pendingB.push(pre + j++);
    }
    while (i < n) pendingA.push(pre + i++);
    while (j < m) pendingB.push(pre + j++);
    flush();
  } else {
    // Too large to diff (or one side's middle is empty): each side's middle in order, A's first.
    for (let i = 0; i < n; i++) rows.push({ a: pre + i });
    for (let j = 0; j < m; j++) rows.push({ b: pre + j });
  }
  for (let k = 0; k < suf; k++) rows.push({ a: ka.length - suf + k, b: kb.length - suf + k });
  return rows;
}

/** The alignment view of a session's step. */
export function alignStepOf(s: Step): AlignStep {
  if (s.kind === 'message') return { kind: 'message', flow: s.flow, title: s.title };
  if (s.kind === 'computation') return { kind: 'computation', by: s.by, action: s.action };
  return { kind: 'closed', by: s.by };
}
