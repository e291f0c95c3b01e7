// How each diagram phase is named and told apart on screen. Colour is never the only cue: every
// phase also has a short text tag and a CSS pattern class (see app/globals.css).

import type { StepPhase } from '../session/session';

export interface PhaseStyle {
  /** The phase's label in the diagram, as issue 5 names the phases. */
  label: string;
  /** Short text cue for the timeline ticks. */
  tag: string;
  /** A shorter label for a phase track where the full one does not fit. */
  short: string;
  /** CSS custom property holding the phase colour. */
  cssVar: string;
  /** Suffix for classes like `phase-kex` (fill pattern, track style). */
  key: string;
}

export const PHASE_STYLES: Record<StepPhase, PhaseStyle> = {
  'version exchange': { label: 'Version exchange', tag: 'VER', short: 'Version', cssVar: '--phase-version', key: 'version' },
  'algorithm negotiation': { label: 'Algorithm negotiation', tag: 'NEG', short: 'Negotiation', cssVar: '--phase-negotiation', key: 'negotiation' },
  'key exchange': { label: 'Key exchange', tag: 'KEX', short: 'Key exch.', cssVar: '--phase-kex', key: 'kex' },
  'new keys': { label: 'New keys', tag: 'NEW', short: 'New keys', cssVar: '--phase-newkeys', key: 'newkeys' },
  'encrypted service': { label: 'Encrypted service', tag: 'ENC', short: 'Encrypted', cssVar: '--phase-encrypted', key: 'encrypted' },
  failure: { label: 'Failure', tag: 'ERR', short: 'Failure', cssVar: '--phase-failure', key: 'failure' },
};

/** Styling for a phase; an unknown phase (a newer recording) falls back to the neutral failure-free look. */
export function phaseStyle(phase: string): PhaseStyle {
  return (PHASE_STYLES as Record<string, PhaseStyle>)[phase] ?? { label: phase, tag: '?', short: phase, cssVar: '--muted', key: 'unknown' };
}
