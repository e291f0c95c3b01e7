// Probable-prime testing over bigint: trial division, then Miller–Rabin rounds with the bases the
// caller gives. Pure: the engine has no randomness, so group checks use fixed bases; RSA key
// generation passes bases drawn from its seeded stream.

import { modPow } from './dh';

/** The first 400 odd primes (3 … 2749): cheap divisions that settle most composites at once. */
export const SMALL_PRIMES: readonly bigint[] = (() => {
  const ps: bigint[] = [];
  for (let i = 3; ps.length < 400; i += 2) if (ps.every((p) => i % Number(p) !== 0)) ps.push(BigInt(i));
  return ps;
})();

/**
 * false if n is certainly composite; true if n survives trial division and one Miller–Rabin
 * round per base (bases are taken lazily, so a caller's stream is read only as far as needed).
 */
export function isProbablePrime(n: bigint, bases: Iterable<bigint>): boolean {
  if (n < 2n) return false;
  if ((n & 1n) === 0n) return n === 2n;
  for (const p of SMALL_PRIMES) if (n % p === 0n) return n === p;
  let d = n - 1n;
  let r = 0;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    r++;
  }
  outer: for (const base of bases) {
    const a = base % n;
    if (a < 2n || a > n - 2n) continue; // a trivial base proves nothing
    let x = modPow(a, d, n);
    if (x === 1n || x === n - 1n) continue;
    for (let j = 1; j < r; j++) {
      x = (x * x) % n;
      if (x === n - 1n) continue outer;
    }
    return false;
  }
  return true;
}
