// A scripted man in the middle on the simulator's network hook. Rules are data: which chunk
// (direction + message number, n-th encrypted packet, or n-th chunk) and what to do with it
// (drop, inject before/after, rewrite, delay = reorder). Each rule fires once, at its first
// match. Forged bytes come from a seeded stream, so the same rules and seed give the same wire.

import { SeededRandom } from '../rng';
import type { Endpoint, WireChunk } from '../simulate';
import { createObserver, type SeenChunk, type Transcript } from './observe';

export interface Match {
  from: Endpoint;
  /** A plaintext packet with this message number (readable only before that direction's NEWKEYS). */
  message?: number;
  /** The n-th encrypted packet in this direction (0: the first after NEWKEYS). */
  encrypted?: number;
  /** The n-th chunk in this direction, whatever it is (0: the identification line). */
  chunk?: number;
}

export interface AttackContext {
  /** Seeded bytes for padding and keys of forged packets. */
  rng: SeededRandom;
  /** What the attacker has read so far. */
  transcript: Transcript;
}

export type Tamper =
  | { kind: 'drop' }
  | { kind: 'inject'; where: 'before' | 'after'; forge: (ctx: AttackContext) => Uint8Array[] }
  | { kind: 'rewrite'; rewrite: (seen: SeenChunk, ctx: AttackContext) => Uint8Array }
  /** Hold the chunk and deliver it after the next `by` chunks in the same direction (lost if the stream ends first). */
  | { kind: 'delay'; by: number };

export interface AttackRule {
  match: Match;
  tamper: Tamper;
  /** One line for the student: "injects SSH_MSG_IGNORE before the server's NEWKEYS". */
  note: string;
}

export type TamperKind = 'dropped' | 'injected' | 'modified' | 'delayed';

/** What happened to one chunk the attacker intercepted. */
export interface Interception {
  from: Endpoint;
  index: number;
  /** The bytes the sender sent. */
  sent: Uint8Array;
  /** What the attacker put on the wire at this moment, in order (may include released chunks). */
  delivered: Uint8Array[];
  /** The rule that fired on this chunk, if any. */
  tampered?: { kind: TamperKind; note: string };
}

export interface Attacker {
  network(chunk: WireChunk): Uint8Array[];
  /** One entry per chunk, in the order the sender produced them. */
  log: Interception[];
}

export function matches(m: Match, seen: SeenChunk): boolean {
  if (m.from !== seen.from) return false;
  if (m.chunk !== undefined && m.chunk !== seen.index) return false;
  if (m.message !== undefined && (seen.kind !== 'packet' || seen.number !== m.message)) return false;
  if (m.encrypted !== undefined && seen.encryptedIndex !== m.encrypted) return false;
  return true;
}

export function createAttacker(rules: AttackRule[], seed: number | string): Attacker {
  const observer = createObserver();
  const ctx: AttackContext = { rng: new SeededRandom(seed, 'attacker'), transcript: observer.transcript };
  const fired = rules.map(() => false);
  const held: Record<Endpoint, { bytes: Uint8Array; after: number }[]> = { client: [], server: [] };
  const log: Interception[] = [];

  function network(chunk: WireChunk): Uint8Array[] {
    const seen = observer.see(chunk);
    const i = rules.findIndex((r, k) => !fired[k] && matches(r.match, seen));
    let out: Uint8Array[] = [chunk.bytes];
    let tampered: Interception['tampered'];
    // Chunks held earlier count this one as passing them.
    const queue = held[chunk.from];
    for (const h of queue) h.after--;
    if (i >= 0) {
      fired[i] = true;
      const { tamper, note } = rules[i];
      switch (tamper.kind) {
        case 'drop':
          out = [];
          tampered = { kind: 'dropped', note };
          break;
        case 'inject': {
          const forged = tamper.forge(ctx);
          out = tamper.where === 'before' ? [...forged, chunk.bytes] : [chunk.bytes, ...forged];
          tampered = { kind: 'injected', note };
          break;
        }
        case 'rewrite':
          out = [tamper.rewrite(seen, ctx)];
          tampered = { kind: 'modified', note };
          break;
        case 'delay':
          out = [];
          queue.push({ bytes: chunk.bytes, after: tamper.by });
          tampered = { kind: 'delayed', note };
          break;
      }
    }
    const due = queue.filter((h) => h.after <= 0);
    held[chunk.from] = queue.filter((h) => h.after > 0);
    out = [...out, ...due.map((h) => h.bytes)];
    log.push({ from: chunk.from, index: chunk.index, sent: chunk.bytes, delivered: out, ...(tampered ? { tampered } : {}) });
    return out;
  }

  return { network, log };
}
