// The sequence diagram's geometry as a pure function of the steps: where each row sits, which
// phase bands exist, what is in view. React renders only the rows this says are visible, so a
// session with thousands of packets costs the same per frame as one with ten.

import { scalePoint } from 'd3-scale';
import type { Actor, Step, StepPhase } from '../session/session';

/** Only what layout needs from a step, so tests can build rows without a replay. */
export type LayoutStep = Pick<Step, 'kind' | 'phase'>;

/** Row heights in CSS pixels: packets need room for a label above the arrow, notes are compact. */
export const ROW_HEIGHT: Record<Step['kind'], number> = { message: 46, computation: 34, closed: 46 };
/** Space above the first row for the first band's label. */
export const TOP_PAD = 28;
export const BOTTOM_PAD = 24;

export interface Band {
  phase: StepPhase;
  /** First step index in the band and one past the last. */
  start: number;
  end: number;
  y0: number;
  y1: number;
}

export interface DiagramLayout {
  count: number;
  /** tops[i] is row i's top; tops[count] is the bottom of the last row. */
  tops: Float64Array;
  height: number;
  bands: Band[];
}

export function layoutRows(steps: readonly LayoutStep[]): DiagramLayout {
  const n = steps.length;
  const tops = new Float64Array(n + 1);
  let y = TOP_PAD;
  const bands: Band[] = [];
  for (let i = 0; i < n; i++) {
    const s = steps[i];
    const last = bands[bands.length - 1];
    // A new band starts where the phase changes; leave a gap for its label (not before the first row,
    // whose label sits in TOP_PAD).
    if (!last || last.phase !== s.phase) {
      if (last) {
        last.end = i;
        last.y1 = y;
        y += 22;
      }
      bands.push({ phase: s.phase, start: i, end: i + 1, y0: y - (last ? 22 : TOP_PAD), y1: 0 });
    }
    tops[i] = y;
    y += ROW_HEIGHT[s.kind] ?? ROW_HEIGHT.message;
  }
  tops[n] = y;
  const last = bands[bands.length - 1];
  if (last) {
    last.end = n;
    last.y1 = y;
  }
  return { count: n, tops, height: y + BOTTOM_PAD, bands };
}

/** Index of the last row whose top is ≤ y (0 when y is above everything). */
export function rowAt(layout: DiagramLayout, y: number): number {
  let lo = 0;
  let hi = layout.count - 1;
  if (hi < 0) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (layout.tops[mid] <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Rows [first, end) that intersect the viewport, widened by `overscan` rows each side. */
export function visibleRange(
  layout: DiagramLayout,
  scrollTop: number,
  viewportHeight: number,
  overscan = 4,
): { first: number; end: number } {
  if (layout.count === 0) return { first: 0, end: 0 };
  const first = Math.max(0, rowAt(layout, scrollTop) - overscan);
  const end = Math.min(layout.count, rowAt(layout, scrollTop + viewportHeight) + 1 + overscan);
  return { first, end };
}

/** Bands overlapping [top, bottom]. Bands are sorted, so a binary search finds the first. */
export function bandsInView(layout: DiagramLayout, top: number, bottom: number): Band[] {
  const { bands } = layout;
  let lo = 0;
  let hi = bands.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bands[mid].y1 < top) lo = mid + 1;
    else hi = mid;
  }
  const out: Band[] = [];
  for (let i = lo; i < bands.length && bands[i].y0 <= bottom; i++) out.push(bands[i]);
  return out;
}

/** Where a band's label goes: at its top, but held at the viewport's top while the band scrolls past
 *  (a "sticky" label), and never below the band's own bottom. */
export function bandLabelY(band: Band, scrollTop: number, labelHeight = 20): number {
  return Math.max(band.y0, Math.min(scrollTop, band.y1 - labelHeight));
}

/** The scrollTop that brings row `index` into view with `margin` px to spare, or null if it already is.
 *  Rows that are far away are centred, so the reader sees what comes next. */
export function revealScroll(
  layout: DiagramLayout,
  index: number,
  scrollTop: number,
  viewportHeight: number,
  margin = 60,
): number | null {
  if (index < 0 || index >= layout.count) return null;
  const top = layout.tops[index];
  const bottom = layout.tops[index + 1];
  if (top - margin >= scrollTop && bottom + margin <= scrollTop + viewportHeight) return null;
  const maxScroll = Math.max(0, layout.height - viewportHeight);
  const centred = (top + bottom) / 2 - viewportHeight / 2;
  return Math.min(maxScroll, Math.max(0, centred));
}

/** Lifeline positions: client on the left, server on the right, the attacker between them. */
export function lifelineX(actors: readonly Actor[], width: number): Record<Actor, number> {
  const x = scalePoint<Actor>().domain(actors).range([0, width]).padding(0.6);
  const out = { client: NaN, server: NaN, attacker: NaN } as Record<Actor, number>;
  for (const a of actors) out[a] = x(a) ?? NaN;
  return out;
}
