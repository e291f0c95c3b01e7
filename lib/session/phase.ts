// Which phase of the handshake a wire message belongs to, and which phase each party is in after a
// step. Its own module (types only) so the viewer's diagram can use the rules without loading the
// replay code; the session's state model (sessionState.ts) and the phase tracks both call them.

import type { Actor, Party, StepPhase } from './session';

/**
 * The phase a wire message belongs to, by what it is (RFC 4253 §4.2, §7, §7.3): the version
 * exchange, KEXINIT negotiation, numbers 30–49 key exchange, NEWKEYS new keys, anything under the
 * new keys the encrypted service; any other clear packet (IGNORE, DEBUG…) stays in `current`.
 */
export function packetPhase(entry: { kind: string; number?: number; encrypted: boolean }, current: StepPhase): StepPhase {
  if (entry.kind !== 'packet') return 'version exchange';
  const n = entry.number;
  if (n === 20) return 'algorithm negotiation';
  if (n !== undefined && n >= 30 && n <= 49) return 'key exchange';
  if (n === 21) return 'new keys';
  return entry.encrypted ? 'encrypted service' : current;
}

/** Only what the phase rule needs from a step, so tests can build rows without a replay. */
export type PhaseStep =
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

/** Every party starts by exchanging version strings (RFC 4253 §4.2). */
export const INITIAL_PHASE: StepPhase = 'version exchange';

/**
 * The phase each party enters at step `s` (absent: it does not move there). A party moves at its
 * own steps (packets it sent, its computations, its close) and where it detects a failure in a
 * packet it read (a MAC that does not verify, a strict-kex violation): the sender of that packet
 * did its part and moved on. A packet read without trouble does not move its reader: what it does
 * about it is a step of its own.
 */
export function phaseChanges(s: PhaseStep, current: Record<Party, StepPhase>): Partial<Record<Party, StepPhase>> {
  if (s.kind !== 'message') return { [s.by]: s.phase };
  const out: Partial<Record<Party, StepPhase>> = {};
  const receiverFailed = s.phase === 'failure' && Boolean(s.received?.error) && !s.sent?.error;
  if (s.from === 'client' || s.from === 'server') {
    out[s.from] = receiverFailed ? packetPhase({ kind: s.entry.kind, number: s.number, encrypted: s.encrypted }, current[s.from]) : s.phase;
  }
  if (receiverFailed && (s.to === 'client' || s.to === 'server')) out[s.to] = 'failure';
  return out;
}
