// The two parts of a hybrid key exchange's C_INIT and S_REPLY (draft-ietf-sshm-mlkem-hybrid-kex-10
// §2.1), each with a colour of its own in the field tree and the hex dump: the post-quantum part
// (the KEM's public key or ciphertext) and the classical part (the ECDH public key). Generic over
// the hybrid family: the containers are the hybrid message specs' concatenated strings, and the
// parts are whatever the method's decoder put inside them, in the family's order — KEM part first,
// ECDH part second (HybridKexAlgorithm.init / .reply) — whatever their names.

import { kexSpecs } from '../ssh/messages/specs';
import type { Field } from '../ssh/wire/field';
import type { FieldPath } from './fieldAt';
import type { HexRegion } from './wireRegions';

/** Which half of a hybrid exchange a part belongs to. */
export type PartKind = 'pq' | 'classical';

export interface HybridPart extends HexRegion {
  kind: PartKind;
  label: string;
  /** The part's field name ("C_PK2", "S_PK1"). */
  name: string;
  /** What it is, from the decoder ("ML-KEM-768 encapsulation key"). */
  what: string;
  /** Its place in the field tree. */
  path: FieldPath;
}

/** Field names of the concatenated strings of the hybrid messages: C_INIT, S_REPLY. */
export const HYBRID_CONTAINERS: ReadonlySet<string> = new Set(
  kexSpecs.hybrid.flatMap((s) => s.fields.filter((f) => f.type === 'hybrid-init' || f.type === 'hybrid-reply').map((f) => f.name)),
);

const ORDER: readonly PartKind[] = ['pq', 'classical'];

/**
 * The parts of every C_INIT / S_REPLY in a packet's field tree, in byte order. Empty when the
 * packet has none, or when the container's length fits no hybrid method (the decoder then leaves
 * it undivided, and colouring a guess would teach something false).
 */
export function hybridParts(fields: Field[]): HybridPart[] {
  const out: HybridPart[] = [];
  const walk = (list: Field[], parent?: FieldPath) =>
    list.forEach((f, i) => {
      const path = parent === undefined ? String(i) : `${parent}.${i}`;
      if (HYBRID_CONTAINERS.has(f.name) && f.children?.length) {
        // The string's own length prefix is not a part.
        const parts = f.children.map((c, k) => ({ c, k })).filter(({ c }) => c.name !== 'length');
        if (parts.length !== ORDER.length) return;
        parts.forEach(({ c, k }, n) => {
          const what = c.note ?? '';
          out.push({ kind: ORDER[n], name: c.name, what, label: what ? `${c.name}: ${what}` : c.name, offset: c.offset, length: c.length, path: `${path}.${k}` });
        });
        return;
      }
      if (f.children?.length) walk(f.children, path);
    });
  walk(fields);
  return out;
}
