// Each party's own phase at every row of the diagram. Steps are in wire order and a step's phase is
// the phase of whoever acted, so one full-width band per run of phases would alternate ("Key exchange
// → New keys → Encrypted service → Key exchange …") whenever the server runs ahead of the client.
// A track per lifeline tells the truth: a party's phase changes only at its own steps (packets it
// sent, its computations, its close) and holds until its next one. The attacker has no track.

import { packetPhase } from '../session/phase';
import type { Actor, Party, StepPhase } from '../session/session';

/** Only what the tracks need from a step, so tests can build rows without a replay. */
export type TrackStep =
  | {
      kind: 'message';
      phase: StepPhase;
      from: Actor;
      to: Actor;
      number?: number;
      encrypted: boolean;
      entry: { kind: string };
      sent?: { error?: string };
      received?: { error?: string };
    }
  | { kind: 'computation' | 'closed'; phase: StepPhase; by: Party };

export interface TrackSegment {
  phase: StepPhase;
  /** First row of the segment and one past its last. */
  start: number;
  end: number;
}

export type PhaseTracks = Record<Party, TrackSegment[]>;

export const PARTIES: readonly Party[] = ['client', 'server'];

/** Every party starts by exchanging version strings (RFC 4253 §4.2). */
const INITIAL: StepPhase = 'version exchange';

/** The phase each party enters at step `s` (absent: it does not act there). */
export function phaseChanges(s: TrackStep, current: Record<Party, StepPhase>): Partial<Record<Party, StepPhase>> {
  if (s.kind !== 'message') return { [s.by]: s.phase };
  const out: Partial<Record<Party, StepPhase>> = {};
  // A failure found only by the receiver (a MAC that does not verify, a strict-kex violation) is the
  // receiver's: the sender did its part and moved on.
  const receiverFailed = s.phase === 'failure' && Boolean(s.received?.error) && !s.sent?.error;
  if (s.from === 'client' || s.from === 'server') {
    out[s.from] = receiverFailed ? packetPhase({ kind: s.entry.kind, number: s.number, encrypted: s.encrypted }, current[s.from]) : s.phase;
  }
  if (receiverFailed && (s.to === 'client' || s.to === 'server')) out[s.to] = 'failure';
  return out;
}

/** Segments per party covering rows [0, steps.length) without gap or overlap; adjacent segments
 *  differ in phase. An empty session has no segments. */
export function phaseTracks(steps: readonly TrackStep[]): PhaseTracks {
  const tracks: PhaseTracks = { client: [], server: [] };
  if (steps.length === 0) return tracks;
  const current: Record<Party, StepPhase> = { client: INITIAL, server: INITIAL };
  for (const p of PARTIES) tracks[p].push({ phase: INITIAL, start: 0, end: steps.length });
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
