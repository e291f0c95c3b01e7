// Passwords and keyboard-interactive responses are masked by default wherever a packet is shown:
// the field tree, the hex dump, the copy buttons, `sshscope inspect`. The decoder marks them
// (`secret` on Field, from the layout tables); these helpers are what every view masks with.

import type { Field } from '../ssh/wire/field';

/** What a masked value reads as. */
export const MASK = '••••••••';

/** Every secret field in a tree, outermost first (a secret's children are not listed again). */
export function secretFields(fields: readonly Field[]): Field[] {
  const out: Field[] = [];
  const walk = (list: readonly Field[]) => {
    for (const f of list) {
      if (f.secret) out.push(f);
      else if (f.children) walk(f.children);
    }
  };
  walk(fields);
  return out;
}

/**
 * The byte offsets a secret field covers, for a hex dump of the same buffer. The 4-byte length of
 * a secret string stays visible (a reader may count it: the wire shows the packet length anyway),
 * its content does not.
 */
export function secretOffsets(fields: readonly Field[]): Set<number> {
  const out = new Set<number>();
  for (const f of secretFields(fields)) {
    const skip = f.type === 'string' && f.length >= 4 ? 4 : 0;
    for (let i = f.offset + skip; i < f.offset + f.length; i++) out.add(i);
  }
  return out;
}

/** Whether a field is secret itself or lies inside one. */
export function isSecretField(fields: readonly Field[], target: Field): boolean {
  return secretFields(fields).some((s) => target.offset >= s.offset && target.offset + target.length <= s.offset + s.length && target.length > 0);
}

/** Bytes with the secret offsets replaced (for a copy or a printed dump): `fill` (0x2a '*') each. */
export function maskBytes(bytes: Uint8Array, offsets: ReadonlySet<number>, fill = 0x2a): Uint8Array {
  if (offsets.size === 0) return bytes;
  const out = bytes.slice();
  for (const o of offsets) if (o < out.length) out[o] = fill;
  return out;
}

/** Decoded values with secret ones replaced by MASK (arrays of items are walked). */
export function maskValues(values: Record<string, unknown>, fields: readonly Field[]): Record<string, unknown> {
  const names = new Set(secretFields(fields).map((f) => f.name.replace(/\[\d+\]$/, '')));
  if (names.size === 0) return values;
  const mask = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(mask);
    if (v && typeof v === 'object' && !(v instanceof Uint8Array)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, names.has(k) ? MASK : mask(x)]));
    }
    return v;
  };
  return mask(values) as Record<string, unknown>;
}
