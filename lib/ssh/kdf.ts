// Key derivation (RFC 4253 §7.2): HASH(K || H || letter || session_id), extended with
// HASH(K || H || K1 || …) when the hash is shorter than the key.

import { hash, hashes, type HashName } from './algorithms/hash';
import { concat } from './wire/bytes';

export type KeyLetter = 'A' | 'B' | 'C' | 'D' | 'E' | 'F';

export interface DeriveKeyInput {
  hash: HashName;
  /** The shared secret exactly as it enters the exchange hash: an mpint, or a string for the PQ/T hybrid methods. */
  K: Uint8Array;
  H: Uint8Array;
  letter: KeyLetter;
  sessionId: Uint8Array;
  length: number;
}

export function deriveKey({ hash: h, K, H, letter, sessionId, length }: DeriveKeyInput): Uint8Array {
  if (length === 0) return new Uint8Array(0);
  let key = hash(h, concat(K, H, Uint8Array.of(letter.charCodeAt(0)), sessionId));
  while (key.length < length) key = concat(key, hash(h, concat(K, H, key)));
  return key.slice(0, length);
}

export const keyPurposes: Record<KeyLetter, string> = {
  A: 'initial IV, client to server',
  B: 'initial IV, server to client',
  C: 'encryption key, client to server',
  D: 'encryption key, server to client',
  E: 'integrity key, client to server',
  F: 'integrity key, server to client',
};

/** The formula for the UI, with the extension steps spelled out when they are needed. */
export function kdfFormula(h: HashName, letter: KeyLetter, length: number): string {
  const base = `HASH(K || H || "${letter}" || session_id)`;
  const out = hashes[h].outputLen;
  if (length <= out) return `${base}, first ${length} bytes (HASH = ${hashes[h].title})`;
  return `K1 = ${base}; K2 = HASH(K || H || K1); … key = (K1 || K2 || …), first ${length} bytes (HASH = ${hashes[h].title})`;
}
