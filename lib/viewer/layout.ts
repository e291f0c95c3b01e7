// The sequence diagram's geometry as a pure function of the steps: where each row sits, where each
// party's phase track changes (with a gap above that row for the label), what is in view. React
// renders only the rows this says are visible, so a session with thousands of packets costs the
// same per frame as one with ten.

import { scalePoint } from 'd3-scale';
import type { Actor, Party, StepPhase } from '../session/session';
import { PARTIES, phaseTracks, trackChangeRows, type TrackSegment, type TrackStep } from './phaseTracks';

/** Only what layout needs from a step (its kind, its phase, who acted), so tests can build rows
 *  without a replay. */
export type LayoutStep = TrackStep;

/** Row heights in CSS pixels at scale 1: packets need room for a label above the arrow, notes are compact. */
export const ROW_HEIGHT: Record<LayoutStep['kind'], number> = { message: 46, computation: 34, closed: 46 };
/** Space above the first row for the first phase labels. */
export const TOP_PAD = 28;
export const BOTTOM_PAD = 24;
/** Gap above a row where some party's phase changes, for that party's phase label. */
export const LABEL_GAP = 22;

/** A run of consecutive steps with the same phase (the timeline's ticks): wire order, either party. */
export interface Band {
  phase: StepPhase;
  /** First step index in the run and one past the last. */
  start: number;
  end: number;
}

/** A party's phase segment placed on the page: from the label gap above its first row to the next
 *  segment's (or the bottom). */
export interface PlacedSegment extends TrackSegment {
  y0: number;
  y1: number;
  /** Vertical centre of the segment's label (in the gap above its first row). */
  labelY: number;
}

export interface DiagramLayout {
  count: number;
  /** Multiplier on every height (presenter mode draws 1.5×). */
  scale: number;
  /** tops[i] is row i's top; tops[count] is the bottom of the last row. */
  tops: Float64Array;
  height: number;
  bands: Band[];
  tracks: Record<Party, PlacedSegment[]>;
}

/** Height of one row of `kind` at `scale`. */
export function rowHeight(kind: LayoutStep['kind'], scale = 1): number {
  return (ROW_HEIGHT[kind] ?? ROW_HEIGHT.message) * scale;
}

export function layoutRows(steps: readonly LayoutStep[], scale = 1): DiagramLayout {
  const n = steps.length;
  const tops = new Float64Array(n + 1);
  const gap = LABEL_GAP * scale;
  const tracks = phaseTracks(steps);
  const changes = trackChangeRows(tracks);
  const bands: Band[] = [];
  let y = TOP_PAD * scale;
  for (let i = 0; i < n; i++) {
    const s = steps[i];
    // Row 0's labels sit in TOP_PAD; later changes get a gap of their own.
    if (i > 0 && changes.has(i)) y += gap;
    tops[i] = y;
    y += rowHeight(s.kind, scale);
    const last = bands[bands.length - 1];
    if (last && last.phase === s.phase) last.end = i + 1;
    else bands.push({ phase: s.phase, start: i, end: i + 1 });
  }
  tops[n] = y;
  const height = y + BOTTOM_PAD * scale;
  const placed = { client: [], server: [] } as Record<Party, PlacedSegment[]>;
  for (const p of PARTIES) {
    const segs = tracks[p];
    const y0 = (seg: TrackSegment) => (seg.start === 0 ? 0 : tops[seg.start] - gap);
    placed[p] = segs.map((seg, k) => ({
      ...seg,
      y0: y0(seg),
      y1: k + 1 < segs.length ? y0(segs[k + 1]) : height,
      labelY: seg.start === 0 ? (TOP_PAD * scale) / 2 : tops[seg.start] - gap / 2,
    }));
  }
  return { count: n, scale, tops, height, bands, tracks: placed };
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

/** Segments overlapping [top, bottom]. Segments are sorted, so a binary search finds the first. */
export function segmentsInView(segments: readonly PlacedSegment[], top: number, bottom: number): PlacedSegment[] {
  let lo = 0;
  let hi = segments.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (segments[mid].y1 < top) lo = mid + 1;
    else hi = mid;
  }
  const out: PlacedSegment[] = [];
  for (let i = lo; i < segments.length && segments[i].y0 <= bottom; i++) out.push(segments[i]);
  return out;
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

/** Lifeline positions: client on the left, server on the right, the attacker between them.
 *  `padding`: space outside the outer lifelines, in units of the gap between two (presenter mode
 *  uses less, so that its larger labels fit between the lifelines). */
export function lifelineX(actors: readonly Actor[], width: number, padding = 0.6): Record<Actor, number> {
  const x = scalePoint<Actor>().domain(actors).range([0, width]).padding(padding);
  const out = { client: NaN, server: NaN, attacker: NaN } as Record<Actor, number>;
  for (const a of actors) out[a] = x(a) ?? NaN;
  return out;
}

/**
 * The layout with nothing after row `last`: for "what comes next?" (hide future steps). The
 * height ends at that row's bottom (not at the next row's top, whose label gap would tell that a
 * phase changes next), the bands and phase tracks stop there too.
 */
export function truncateLayout(layout: DiagramLayout, steps: readonly Pick<LayoutStep, 'kind'>[], last: number): DiagramLayout {
  if (last >= layout.count - 1 || layout.count === 0) return layout;
  const n = Math.max(0, last + 1);
  const tops = layout.tops.slice(0, n + 1);
  const bottom = n === 0 ? 0 : tops[n - 1] + rowHeight(steps[n - 1].kind, layout.scale);
  tops[n] = bottom;
  const height = bottom + BOTTOM_PAD * layout.scale;
  const bands = layout.bands.filter((b) => b.start < n).map((b) => ({ ...b, end: Math.min(b.end, n) }));
  const cut = (segs: PlacedSegment[]) => {
    const kept = segs.filter((s) => s.start < n);
    return kept.map((s, k) => (k === kept.length - 1 ? { ...s, end: Math.min(s.end, n), y1: height } : s));
  };
  return { count: n, scale: layout.scale, tops, height, bands, tracks: { client: cut(layout.tracks.client), server: cut(layout.tracks.server) } };
}
