// Which phase of the handshake a wire message belongs to. Its own module (types only) so the
// viewer's diagram can use the rule without loading the replay code.

import type { StepPhase } from './session';

/**
 * The phase a wire message belongs to, by what it is (RFC 4253 §4.2, §7, §7.3): the version
 * exchange, KEXINIT negotiation, numbers 30–49 key exchange, NEWKEYS new keys, anything under the
 * new keys the encrypted service; any other clear packet (IGNORE, DEBUG…) stays in `current`.
 * The viewer's per-lifeline phase tracks use the same rule.
 */
export function packetPhase(entry: { kind: string; number?: number; encrypted: boolean }, current: StepPhase): StepPhase {
  if (entry.kind !== 'packet') return 'version exchange';
  const n = entry.number;
  if (n === 20) return 'algorithm negotiation';
  if (n !== undefined && n >= 30 && n <= 49) return 'key exchange';
  if (n === 21) return 'new keys';
  return entry.encrypted ? 'encrypted service' : current;
}
