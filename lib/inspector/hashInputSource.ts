// Where each input of the exchange hash H came from on the wire: I_C is the payload of the
// client's KEXINIT, K_S and f (or Q_S) fields of the server's reply, V_C the client's
// identification line, and so on (RFC 4253 §8, RFC 5656 §4, RFC 4419 §3). K never crosses the wire.
// Pure: the state inspector links each input to the step and field found here.

import type { Party, Step } from '../session/session';
import type { FieldPath } from './fieldAt';

export interface HashInputSource {
  /** The step that carried the bytes. */
  step: number;
  /** The field of that packet's plaintext tree holding them (absent: the whole identification line). */
  field?: FieldPath;
  /** "the client's KEXINIT payload" */
  what: string;
}

const KEXINIT = 20;

/** Inputs read off a payload field of the latest packet in one direction: name → direction. */
const FIELD_DIRECTION: Record<string, 'c2s' | 's2c'> = {
  Q_C: 'c2s',
  C_INIT: 'c2s',
  e: 'c2s',
  min: 'c2s',
  n: 'c2s',
  max: 'c2s',
  K_S: 's2c',
  Q_S: 's2c',
  S_REPLY: 's2c',
  f: 's2c',
  p: 's2c',
  g: 's2c',
};

/**
 * The sources of the inputs of the H that `by` computed last at or before step `at`: the latest
 * packets before that computation, then (for the server's own reply) the ones after it up to the
 * next KEXINIT, so another key exchange's packets are never picked.
 */
export function hashInputSources(steps: readonly Step[], by: Party, at: number): Record<string, HashInputSource> {
  let h = Math.min(at, steps.length - 1);
  for (; h >= 0; h--) {
    const s = steps[h];
    if (s.kind === 'computation' && s.by === by && s.computations.some((c) => c.name === 'H')) break;
  }
  const out: Record<string, HashInputSource> = {};
  if (h < 0) return out;
  const want = new Set(['V_C', 'V_S', 'I_C', 'I_S', ...Object.keys(FIELD_DIRECTION)]);
  const visit = (i: number, backward: boolean) => {
    const s = steps[i];
    // Injected packets and ones the receiver ignored (a wrong kex guess) fed no hash.
    if (s.kind !== 'message' || s.tampered === 'injected' || s.entry.ignored) return;
    const e = s.entry;
    const side = s.flow === 'c2s' ? 'client' : 'server';
    const take = (name: string, src: HashInputSource) => {
      if (want.delete(name)) out[name] = src;
    };
    if (e.kind === 'version') {
      take(s.flow === 'c2s' ? 'V_C' : 'V_S', { step: i, what: `the ${side}'s identification line` });
      return;
    }
    // Past both KEXINITs of this round (going backwards) lie older rounds: only V_C and V_S are left.
    if (e.kind !== 'packet' || (backward && !want.has('I_C') && !want.has('I_S'))) return;
    const payload = e.fields.findIndex((f) => f.name === 'payload');
    if (payload < 0) return;
    if (e.number === KEXINIT) {
      take(s.flow === 'c2s' ? 'I_C' : 'I_S', { step: i, field: String(payload), what: `the ${side}'s KEXINIT payload` });
      return;
    }
    e.fields[payload].children?.forEach((f, j) => {
      if (FIELD_DIRECTION[f.name] === s.flow) take(f.name, { step: i, field: `${payload}.${j}`, what: `${f.name} in ${e.name}` });
    });
  };
  for (let i = h - 1; i >= 0 && want.size > 0; i--) visit(i, true);
  // The server hashes before it sends its reply (which carries the signature over H): K_S, f or
  // Q_S come in the packet after, before any new KEXINIT.
  for (let i = h + 1; i < steps.length && want.size > 0; i++) {
    const s = steps[i];
    if (s.kind === 'message' && s.entry.number === KEXINIT && s.entry.kind === 'packet') break;
    visit(i, false);
  }
  return out;
}
