// Draws two aligned sessions with the ordinary sequence diagram: each side becomes a session whose
// step i is aligned row i (a gap row holds a placeholder note, "not in A"), and both share one
// geometry (each row as tall as the taller of its two steps, a label gap wherever either side's
// phase changes), so the same message sits at the same height in both diagrams and one cursor, the
// row index, drives both.

import { INITIAL_PHASE, phaseChanges } from '../session/phase';
import type { ComputationStep, Party, Session, SessionState, Step, StepPhase } from '../session/session';
import type { AlignedRow } from './compareAlign';
import { BOTTOM_PAD, LABEL_GAP, TOP_PAD, rowHeight, type Band, type DiagramLayout, type PlacedSegment } from './layout';
import { PARTIES, phaseTracks, trackChangeRows, type TrackSegment } from './phaseTracks';

export interface SideView {
  /** The side as a session whose steps are the aligned rows. */
  session: Session;
  /** For each row, this side's own step index there (undefined in a gap). */
  own: (number | undefined)[];
}

function placeholderParty(other: Step): Party {
  if (other.kind !== 'message') return other.by;
  if (other.from === 'client' || other.from === 'server') return other.from;
  return other.flow === 'c2s' ? 'client' : 'server';
}

/** One side of the comparison as a session over the aligned rows. */
export function sideView(session: Session, rows: readonly AlignedRow[], side: 'a' | 'b', otherSteps: readonly Step[], label: 'A' | 'B'): SideView {
  const other = side === 'a' ? 'b' : 'a';
  const steps: Step[] = [];
  const own: (number | undefined)[] = [];
  /** For each row, the last own step at or before it (-1: none yet), whose state the heads show. */
  const stateIndex: number[] = [];
  const current: Record<Party, StepPhase> = { client: INITIAL_PHASE, server: INITIAL_PHASE };
  let last = -1;
  rows.forEach((r, row) => {
    const i = r[side];
    own.push(i);
    if (i !== undefined) {
      const s = session.steps[i];
      steps.push({ ...s, index: row });
      Object.assign(current, phaseChanges(s, current));
      last = i;
    } else {
      const o = otherSteps[r[other]!];
      const by = placeholderParty(o);
      // The party keeps its phase: a gap changes nothing on this side.
      const gap: ComputationStep = {
        kind: 'computation',
        index: row,
        phase: current[by],
        title: `— not in ${label} (${o.title}) —`,
        who: 'gap',
        t: 0,
        explain: '',
        by,
        action: 'gap',
        computations: [],
        ok: true,
      };
      steps.push(gap);
    }
    stateIndex.push(last);
  });
  const view: Session = {
    ...session,
    steps,
    stateAt(i: number): SessionState {
      if (!Number.isInteger(i) || i < -1 || i >= steps.length) throw new RangeError(`row ${i} is outside -1..${steps.length - 1}`);
      return session.stateAt(i === -1 ? -1 : stateIndex[i]);
    },
  };
  return { session: view, own };
}

/** One geometry for both sides (their steps are the aligned rows, so of equal length). */
export function alignedLayouts(a: readonly Step[], b: readonly Step[], scale = 1): { a: DiagramLayout; b: DiagramLayout } {
  const n = Math.min(a.length, b.length);
  const tops = new Float64Array(n + 1);
  const gap = LABEL_GAP * scale;
  const tracks = { a: phaseTracks(a.slice(0, n)), b: phaseTracks(b.slice(0, n)) };
  const changes = new Set([...trackChangeRows(tracks.a), ...trackChangeRows(tracks.b)]);
  let y = TOP_PAD * scale;
  for (let i = 0; i < n; i++) {
    if (i > 0 && changes.has(i)) y += gap;
    tops[i] = y;
    y += Math.max(rowHeight(a[i].kind, scale), rowHeight(b[i].kind, scale));
  }
  tops[n] = y;
  const height = y + BOTTOM_PAD * scale;
  const place = (steps: readonly Step[], t: Record<Party, TrackSegment[]>): DiagramLayout => {
    const bands: Band[] = [];
    for (let i = 0; i < n; i++) {
      const lastBand = bands[bands.length - 1];
      if (lastBand && lastBand.phase === steps[i].phase) lastBand.end = i + 1;
      else bands.push({ phase: steps[i].phase, start: i, end: i + 1 });
    }
    const placed = { client: [], server: [] } as Record<Party, PlacedSegment[]>;
    const y0 = (seg: TrackSegment) => (seg.start === 0 ? 0 : tops[seg.start] - gap);
    for (const p of PARTIES) {
      const segs = t[p];
      placed[p] = segs.map((seg, k) => ({
        ...seg,
        y0: y0(seg),
        y1: k + 1 < segs.length ? y0(segs[k + 1]) : height,
        labelY: seg.start === 0 ? (TOP_PAD * scale) / 2 : tops[seg.start] - gap / 2,
      }));
    }
    return { count: n, scale, tops, height, bands, tracks: placed };
  };
  return { a: place(a, tracks.a), b: place(b, tracks.b) };
}
