import { sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';

export type HashName = 'sha1' | 'sha256' | 'sha384' | 'sha512';

export const hashes: Record<HashName, { fn: (m: Uint8Array) => Uint8Array; outputLen: number; title: string }> = {
  sha1: { fn: (m) => sha1(m), outputLen: 20, title: 'SHA-1' },
  sha256: { fn: (m) => sha256(m), outputLen: 32, title: 'SHA-256' },
  sha384: { fn: (m) => sha384(m), outputLen: 48, title: 'SHA-384' },
  sha512: { fn: (m) => sha512(m), outputLen: 64, title: 'SHA-512' },
};

export function hash(name: HashName, data: Uint8Array): Uint8Array {
  return hashes[name].fn(data);
}
