// The field tree inside C_INIT and S_REPLY: the draft concatenates fixed-length parts without
// lengths of their own (§2.1), so the split is known only from the method. The total length
// names the method: no two hybrid methods share one, except the two names of sntrup761x25519-sha512,
// whose parts are the same (checked in hybrid.test.ts).

import type { Field } from '../../wire/field';
import { hybridMethods } from './hybrid';

/** Children of a C_INIT ('init') or S_REPLY ('reply') string body at `base`; null when no method has that length. */
export function hybridParts(kind: 'init' | 'reply', body: Uint8Array, base: number): Field[] | null {
  const parts = hybridMethods.map((m) => m[kind]).find(([a, b]) => a.length + b.length === body.length);
  if (!parts) return null;
  let at = 0;
  return parts.map((p) => {
    const f: Field = { name: p.name, type: 'bytes', offset: base + at, length: p.length, value: body.subarray(at, at + p.length), note: p.what, ref: p.ref };
    at += p.length;
    return f;
  });
}
