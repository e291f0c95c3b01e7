// Each party's own phase at every row of the diagram. Steps are in wire order and a step's phase is
// the phase of whoever acted, so one full-width band per run of phases would alternate ("Key exchange
// → New keys → Encrypted service → Key exchange …") whenever the server runs ahead of the client.
// A track per lifeline tells the truth: a party's phase changes only at its own steps (packets it
// sent, its computations, its close) and holds until its next one. The attacker has no track.

import { INITIAL_PHASE, phaseChanges, type PhaseStep } from '../session/phase';
import type { Party, StepPhase } from '../session/session';

export { phaseChanges };

/** Only what the tracks need from a step, so tests can build rows without a replay. */
export type TrackStep = PhaseStep;

export interface TrackSegment {
  phase: StepPhase;
  /** First row of the segment and one past its last. */
  start: number;
  end: number;
}

export type PhaseTracks = Record<Party, TrackSegment[]>;

export const PARTIES: readonly Party[] = ['client', 'server'];

/** Segments per party covering rows [0, steps.length) without gap or overlap; adjacent segments
 *  differ in phase. An empty session has no segments. */
export function phaseTracks(steps: readonly TrackStep[]): PhaseTracks {
  const tracks: PhaseTracks = { client: [], server: [] };
  if (steps.length === 0) return tracks;
  const current: Record<Party, StepPhase> = { client: INITIAL_PHASE, server: INITIAL_PHASE };
  for (const p of PARTIES) tracks[p].push({ phase: INITIAL_PHASE, start: 0, end: steps.length });
  for (let i = 0; i < steps.length; i++) {
    const changes = phaseChanges(steps[i], current);
    for (const p of PARTIES) {
      const next = changes[p];
      if (next === undefined || next === current[p]) continue;
      current[p] = next;
      const segs = tracks[p];
      const last = segs[segs.length - 1];
      if (last.start === i) {
        // Only at row 0 (a party changes at most once per row): its first step sets the opening phase.
        last.phase = next;
      } else {
        last.end = i;
        segs.push({ phase: next, start: i, end: steps.length });
      }
    }
  }
  return tracks;
}

/** Rows where some party's track starts a new segment (row 0 always, when there are rows). */
export function trackChangeRows(tracks: PhaseTracks): Set<number> {
  const rows = new Set<number>();
  for (const p of PARTIES) for (const s of tracks[p]) rows.add(s.start);
  return rows;
}

/** The segment of `track` containing `row` (binary search; segments are sorted and tile the rows). */
export function segmentAt(track: readonly TrackSegment[], row: number): TrackSegment | undefined {
  let lo = 0;
  let hi = track.length - 1;
  if (hi < 0) return undefined;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (track[mid].start <= row) lo = mid;
    else hi = mid - 1;
  }
  return track[lo];
}
