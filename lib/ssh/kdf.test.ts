import { describe, expect, it } from 'vitest';
import { deriveKey, type KeyLetter } from './kdf';
import { fromHex, toHex } from './wire/bytes';
import doc from './kdf.vectors.json';
import type { HashName } from './algorithms/hash';

describe('deriveKey (RFC 4253 §7.2) against NIST CAVP SSH KDF vectors', () => {
  it('has vectors for every hash and letter', () => {
    const seen = new Set(doc.vectors.map((v) => `${v.hash}${v.letter}`));
    for (const h of ['sha1', 'sha256', 'sha384', 'sha512']) for (const l of 'ABCDEF') expect(seen.has(h + l)).toBe(true);
  });
  for (const [i, v] of doc.vectors.entries()) {
    const length = v.output.length / 2;
    it(`#${i} ${v.hash} ${v.letter} (${length} bytes${length > { sha1: 20, sha256: 32, sha384: 48, sha512: 64 }[v.hash]! ? ', key extension' : ''})`, () => {
      const out = deriveKey({
        hash: v.hash as HashName,
        K: fromHex(v.K),
        H: fromHex(v.H),
        sessionId: fromHex(v.sessionId),
        letter: v.letter as KeyLetter,
        length,
      });
      expect(toHex(out)).toBe(v.output);
    });
  }
});
