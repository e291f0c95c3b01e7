// Diffie-Hellman group exchange (RFC 4419) size limits and the client's check of the server's
// group. Every size is checked before any arithmetic on the values it bounds.

import { groups } from './dh';
import { isProbablePrime } from './primality';

/** RFC 8270 §3 and OpenSSH's DH_GRP_MIN: smaller groups are refused whatever was requested. */
export const GEX_MIN_BITS = 2048;
/** RFC 8270 §3 and OpenSSH's DH_GRP_MAX: larger groups only cost time (and a hostile server can ask for it). */
export const GEX_MAX_BITS = 8192;
/**
 * The smallest size a request may name: RFC 4419's old 1024-bit floor, kept so a session can
 * show such a request. The group that comes back must still have GEX_MIN_BITS.
 */
export const GEX_REQUEST_MIN_BITS = 1024;

export interface GexRequest {
  min: number;
  n: number;
  max: number;
}

/** Why our own configured request is unusable, or null: whole numbers within 1024–8192, min ≤ n ≤ max. */
export function gexRequestProblem(req: GexRequest): string | null {
  const { min, n, max } = req;
  for (const [name, v] of [['min', min], ['n', n], ['max', max]] as const) {
    if (!Number.isInteger(v) || v < GEX_REQUEST_MIN_BITS || v > GEX_MAX_BITS) {
      return `${name} ${v} is not a whole number of bits from ${GEX_REQUEST_MIN_BITS} to ${GEX_MAX_BITS}`;
    }
  }
  if (!(min <= n && n <= max)) return `sizes are out of order: min ${min}, n ${n}, max ${max}`;
  return null;
}

/**
 * The server's reading of a client's request (already min ≤ n ≤ max), as OpenSSH does it
 * (kexgexs.c): min, n and max are clamped into 2048–8192 for choosing the group (the exchange
 * hash keeps the values sent), and a request whose max is below 2048 is refused.
 */
export function serverGexSizes(req: GexRequest): { ok: true; sizes: GexRequest } | { ok: false; reason: string } {
  if (req.max < GEX_MIN_BITS) {
    return { ok: false, reason: `the client's max of ${req.max} bits is below the ${GEX_MIN_BITS}-bit minimum group size (RFC 8270)` };
  }
  const clamp = (v: number) => Math.min(GEX_MAX_BITS, Math.max(GEX_MIN_BITS, v));
  return { ok: true, sizes: { min: Math.max(GEX_MIN_BITS, req.min), n: clamp(req.n), max: Math.min(GEX_MAX_BITS, req.max) } };
}

const bitLength = (n: bigint) => (n > 0n ? n.toString(2).length : 0);

/**
 * Fixed Miller–Rabin bases (the engine has no randomness): 2 and 3 up to 4096 bits, base 2 alone
 * above, where each round costs 0.6–1.5 s at 8192 bits (scripts/bench-limits.ts). One round
 * already settles any composite that was not built to fool it. A server that builds one gains
 * nothing: it holds the session keys anyway, and a man in the middle cannot swap p, which the
 * host key signs as part of H. The test is hygiene against broken servers, not a proof.
 */
const primeBases = (bits: number) => (bits <= 4096 ? [2n, 3n] : [2n]);

/** The RFC 2409/3526 primes are known; a few recent verdicts are kept so a replay does not retest. */
const knownPrimes = new Set(Object.values(groups).map((g) => g.p));
const verdicts = new Map<bigint, boolean>();
const MAX_VERDICTS = 16;

function probablyPrimeGroup(p: bigint, bits: number): boolean {
  if (knownPrimes.has(p)) return true;
  const hit = verdicts.get(p);
  if (hit !== undefined) return hit;
  const verdict = isProbablePrime(p, primeBases(bits));
  if (verdicts.size >= MAX_VERDICTS) verdicts.delete(verdicts.keys().next().value!);
  verdicts.set(p, verdict);
  return verdict;
}

/**
 * Why the server's SSH_MSG_KEX_DH_GEX_GROUP is unacceptable, or null. The size comes first
 * (RFC 8270's 2048–8192 bits and within what we asked), then g, and only then the prime test.
 */
export function gexGroupProblem(p: bigint, g: bigint, req: GexRequest): string | null {
  const bits = bitLength(p);
  const lo = Math.max(GEX_MIN_BITS, req.min);
  const hi = Math.min(GEX_MAX_BITS, req.max);
  if (bits < lo || bits > hi) {
    return `the server's group p has ${bits} bits, outside the ${lo}–${hi} accepted (requested ${req.min}–${req.max}; RFC 8270 allows ${GEX_MIN_BITS}–${GEX_MAX_BITS})`;
  }
  if ((p & 1n) === 0n) return "the server's group p is even, so it is not a prime";
  if (g <= 1n || g >= p - 1n) return "the server's generator g is out of range (it must be between 2 and p-2)";
  if (!probablyPrimeGroup(p, bits)) return "the server's group p is not a prime (it fails a Miller–Rabin test)";
  return null;
}
