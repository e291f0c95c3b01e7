// RSA host keys over bigint: rsa-sha2-256/512 (RFC 8332) and ssh-rsa (SHA-1, verify only).
// PKCS#1 v1.5 (RFC 8017 §8.2) verified strictly: the whole expected encoding is rebuilt and
// compared, never parsed.

import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bigintToBytes, bytesToBigint, concat, equalBytes, fromHex } from '../../wire/bytes';
import { Reader } from '../../wire/reader';
import { Writer } from '../../wire/writer';
import { modPow } from '../kex/dh';
import { isProbablePrime } from '../kex/primality';
import { hash, type HashName } from '../hash';
import type { HostKeyAlgorithm, HostKeyPair } from '../types';
import { describeDecodeError, openBlob } from './blobs';

/** DER DigestInfo prefixes (RFC 8017 §9.2 note 1). */
const digestInfo: Record<'sha1' | 'sha256' | 'sha512', Uint8Array> = {
  sha1: fromHex('3021300906052b0e03021a05000414'),
  sha256: fromHex('3031300d060960864801650304020105000420'),
  sha512: fromHex('3051300d060960864801650304020305000440'),
};

export const MIN_RSA_BITS = 1024;
/** OpenSSH's limit (SSH_RSA_MAXIMUM_MODULUS_SIZE): larger moduli are refused before any arithmetic. */
export const MAX_RSA_BITS = 16384;
/** e must be below 2^32: a public exponent of thousands of bits makes one verification take minutes. */
export const MAX_RSA_EXPONENT_BITS = 32;

const bitLength = (n: bigint) => (n > 0n ? n.toString(2).length : 0);

/**
 * Why an RSA public key (n, e) is unusable, or null. Only sizes and parity: it runs before any
 * modular arithmetic, so a hostile key costs nothing however large it is.
 */
export function rsaPublicKeyProblem(n: bigint, e: bigint): string | null {
  const bits = bitLength(n);
  if (bits < MIN_RSA_BITS) return `RSA modulus of ${bits} bits is below the ${MIN_RSA_BITS}-bit minimum`;
  if (bits > MAX_RSA_BITS) return `RSA modulus of ${bits} bits is above the ${MAX_RSA_BITS}-bit maximum`;
  const eBits = bitLength(e);
  if (eBits > MAX_RSA_EXPONENT_BITS) return `RSA public exponent of ${eBits} bits is too large (e must be below 2^${MAX_RSA_EXPONENT_BITS})`;
  if (e < 3n || e % 2n === 0n) return `RSA public exponent ${e} is invalid (it must be odd and at least 3)`;
  return null;
}

/** EMSA-PKCS1-v1_5: 00 01 FF…FF 00 || DigestInfo || HASH(m). */
export function emsaPkcs1v15(h: 'sha1' | 'sha256' | 'sha512', data: Uint8Array, k: number): Uint8Array | null {
  const t = concat(digestInfo[h], hash(h, data));
  if (k < t.length + 11) return null;
  const em = new Uint8Array(k).fill(0xff);
  em[0] = 0;
  em[1] = 1;
  em[k - t.length - 1] = 0;
  em.set(t, k - t.length);
  return em;
}

export interface RsaPrivate {
  n: bigint;
  e: bigint;
  d: bigint;
  iqmp: bigint;
  p: bigint;
  q: bigint;
}

/** The openssh-key-v1 private fields of an ssh-rsa key (HostKeyPair.privateBlob). */
export function readPrivate(blob: Uint8Array): RsaPrivate {
  const r = new Reader(blob);
  const n = r.mpint('n');
  const e = r.mpint('e');
  const d = r.mpint('d');
  const iqmp = r.mpint('iqmp');
  const p = r.mpint('p');
  const q = r.mpint('q');
  // The same size limits as for a public key, and primes no larger than n: a hostile recording's
  // "private key" must not turn signing into minutes of exponentiation either.
  const problem = rsaPublicKeyProblem(n, e) ?? (bitLength(p) + bitLength(q) > bitLength(n) + 1 ? 'RSA primes p and q are larger than the modulus' : null);
  if (problem) throw new Error(problem);
  return { n, e, d, iqmp, p, q };
}

const byteLength = (n: bigint) => Math.ceil(n.toString(2).length / 8);

function signRaw(key: RsaPrivate, em: Uint8Array): Uint8Array {
  const m = bytesToBigint(em);
  // CRT: two half-size exponentiations instead of one full one.
  const m1 = modPow(m, key.d % (key.p - 1n), key.p);
  const m2 = modPow(m, key.d % (key.q - 1n), key.q);
  const h = (key.iqmp * (((m1 - m2) % key.p) + key.p)) % key.p;
  const s = m2 + h * key.q;
  return bigintToBytes(s, byteLength(key.n));
}

function rsa(name: string, h: 'sha1' | 'sha256' | 'sha512', ref: string): HostKeyAlgorithm {
  return {
    name,
    keyType: 'ssh-rsa',
    ref,
    verifyOnly: h === 'sha1',
    sign(key, data) {
      if (h === 'sha1') throw new Error('ssh-rsa (SHA-1) signatures are verify-only here');
      const k = readPrivate(key.privateBlob);
      const em = emsaPkcs1v15(h, data, byteLength(k.n));
      if (!em) throw new Error('RSA modulus too small for the digest');
      return new Writer().string(name).string(signRaw(k, em)).bytes();
    },
    verify(publicBlob, signatureBlob, data) {
      try {
        const kb = openBlob(publicBlob, 'public key');
        if (kb.type !== 'ssh-rsa') return { ok: false, reason: `host key is ${kb.type}, not ssh-rsa` };
        const e = kb.r.mpint('e');
        const n = kb.r.mpint('n');
        kb.r.end();
        const problem = rsaPublicKeyProblem(n, e);
        if (problem) return { ok: false, reason: problem };
        const sb = openBlob(signatureBlob, 'signature');
        if (sb.type !== name) return { ok: false, reason: `signature is ${sb.type}, but ${name} was negotiated` };
        const sig = sb.r.string('signature_blob');
        sb.r.end();
        const k = byteLength(n);
        // Like OpenSSH, a signature one or more bytes short is left-padded; a longer one is refused.
        if (sig.length > k) return { ok: false, reason: `RSA signature is ${sig.length} bytes, longer than the ${k}-byte modulus` };
        const s = bytesToBigint(sig);
        if (s >= n) return { ok: false, reason: 'RSA signature value is not less than the modulus' };
        const em = bigintToBytes(modPow(s, e, n), k);
        const expected = emsaPkcs1v15(h, data, k);
        if (!expected) return { ok: false, reason: 'RSA modulus too small for the digest' };
        return equalBytes(em, expected) ? { ok: true } : { ok: false, reason: `RSA PKCS#1 v1.5 ${h.toUpperCase()} signature does not match` };
      } catch (err) {
        return { ok: false, reason: `malformed blob: ${describeDecodeError(err)}` };
      }
    },
    demoKey: (seed) => rsaDemoKey(seed),
  };
}

export const rsaAlgorithms: HostKeyAlgorithm[] = [
  rsa('rsa-sha2-256', 'sha256', 'RFC 8332 §3'),
  rsa('rsa-sha2-512', 'sha512', 'RFC 8332 §3'),
  rsa('ssh-rsa', 'sha1', 'RFC 4253 §6.6'),
];

// ---- Deterministic key generation -------------------------------------------------------------

/** An HMAC-SHA-256 counter-mode stream: a seed becomes as many bytes as prime search needs. */
class Drbg {
  private counter = 0;
  constructor(private readonly key: Uint8Array) {}
  bytes(n: number): Uint8Array {
    const out: Uint8Array[] = [];
    let have = 0;
    while (have < n) {
      const block = hmac(sha256, this.key, Uint8Array.of(this.counter >>> 24, this.counter >>> 16, this.counter >>> 8, this.counter));
      this.counter++;
      out.push(block);
      have += block.length;
    }
    return concat(...out).slice(0, n);
  }
}

/** `rounds` Miller–Rabin bases in [2, n-2], drawn from the stream only as the test asks for them. */
function* randomBases(n: bigint, rng: Drbg, rounds: number): Generator<bigint> {
  const bytes = byteLength(n);
  for (let i = 0; i < rounds; i++) yield (bytesToBigint(rng.bytes(bytes)) % (n - 3n)) + 2n;
}

function generatePrime(bits: number, rng: Drbg, e: bigint): bigint {
  for (;;) {
    const b = rng.bytes(bits / 8);
    b[0] |= 0xc0; // top two bits set: the product has exactly 2·bits bits
    b[b.length - 1] |= 1;
    const p = bytesToBigint(b);
    if ((p - 1n) % e === 0n) continue;
    if (isProbablePrime(p, randomBases(p, rng, 24))) return p;
  }
}

function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [((a % m) + m) % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw new Error('not invertible');
  return ((oldS % m) + m) % m;
}

export function rsaPairFromPrimes(p: bigint, q: bigint, e = 65537n): HostKeyPair {
  if (p < q) [p, q] = [q, p];
  const n = p * q;
  const lambda = ((p - 1n) * (q - 1n)) / gcd(p - 1n, q - 1n);
  const d = modInverse(e, lambda);
  const iqmp = modInverse(q, p);
  return {
    keyType: 'ssh-rsa',
    publicBlob: new Writer().string('ssh-rsa').mpint(e).mpint(n).bytes(),
    privateBlob: new Writer().mpint(n).mpint(e).mpint(d).mpint(iqmp).mpint(p).mpint(q).bytes(),
  };
}

function gcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a;
}

const memo = new Map<string, HostKeyPair>();

/** A 2048-bit RSA key from a seed: the same seed always gives the same key (memoised). */
export function rsaDemoKey(seed: Uint8Array, bits = 2048): HostKeyPair {
  const id = `${bits}:${Array.from(seed).join(',')}`;
  const hit = memo.get(id);
  if (hit) return hit;
  const rng = new Drbg(sha256(concat(new TextEncoder().encode(`sshscope rsa ${bits} `), seed)));
  const e = 65537n;
  const p = generatePrime(bits / 2, rng, e);
  let q = generatePrime(bits / 2, rng, e);
  while (q === p) q = generatePrime(bits / 2, rng, e);
  const pair = rsaPairFromPrimes(p, q, e);
  memo.set(id, pair);
  return pair;
}

export type { HashName };
