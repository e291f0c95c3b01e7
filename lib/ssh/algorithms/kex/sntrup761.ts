// Streamlined NTRU Prime sntrup761, the KEM of sntrup761x25519-sha512, written from the NTRU Prime
// NIST round-3 submission ("NTRU Prime: round 3", 2020-10-07, §3 Streamlined NTRU Prime, §4
// encodings and hashes; the same algorithm as draft-josefsson-ntruprime-streamlined-00).
// Parameters p = 761, q = 4591, w = 286 over R = Z[x]/(x^p − x − 1).
//
//   KeyGen: g small and invertible in R/3, f short; h = g/(3f) in R/q.
//   Encrypt(r): c = Round(h·r).   Decrypt(c): e = 3f·c lifted, mod 3; r = e/g in R/3.
//   KEM: the ciphertext is Rounded(c) ‖ HashConfirm(r, pk); the session key HashSession(1, r, C).
//   Decapsulation re-encrypts; a ciphertext that is not the one it would send gives
//   HashSession(0, ρ, C) with the secret ρ (implicit rejection) instead of an error.
//
// Pure and deterministic: the caller's randomness is a 32-byte seed. Key generation may need
// more than one g (not every g is invertible mod 3) and each attempt takes p random words, so
// the seed is expanded with SHAKE256 into as many words as needed; one entropy event suffices.
// The words are used as the reference implementation uses its random words (Small and Short
// from 32-bit words), so the NIST KAT generator's stream can drive it (sntrup761.kat.test.ts).
// Speed: coefficients in Int16/Int32 typed arrays, schoolbook products (p² ≈ 580k steps) and an
// extended-Euclid inverse; no BigInt. Not constant-time: sshscope records handshakes, it does not
// protect long-term secrets with these ephemeral keys.

import { sha512 } from '@noble/hashes/sha2.js';
import { shake256 } from '@noble/hashes/sha3.js';

export const SNTRUP761_SPEC = 'NTRU Prime round 3 (2020) §3';
export const P = 761;
export const Q = 4591;
export const W = 286;
const Q12 = (Q - 1) / 2; // 2295: R/q elements are stored centered in [−Q12, Q12]

/** Byte lengths (spec §4: Rq encoding, Rounded encoding, Small encoding, 32-byte hashes). */
export const PUBLIC_KEY_BYTES = 1158;
export const ROUNDED_BYTES = 1007;
export const CONFIRM_BYTES = 32;
export const CIPHERTEXT_BYTES = ROUNDED_BYTES + CONFIRM_BYTES; // 1039
export const SMALL_BYTES = (P + 3) >> 2; // 191
export const SESSION_KEY_BYTES = 32;
/** Our secret key: Small(f) ‖ Small(1/g) ‖ pk ‖ ρ ‖ Hash4(pk), the reference layout (1763 bytes). */
export const SECRET_KEY_BYTES = 2 * SMALL_BYTES + PUBLIC_KEY_BYTES + SMALL_BYTES + 32;
/** The seed each of keypair and encapsulate takes. */
export const SEED_BYTES = 32;

// ---------------------------------------------------------------- randomness

/** Random 32-bit words and bytes, in the order the algorithm asks for them. */
export interface Randomness {
  uint32(): number;
  bytes(n: number): Uint8Array;
}

/** SHAKE256(label ‖ seed) as an endless stream, read 4 bytes (little-endian) per word. */
export function shakeRandomness(label: string, seed: Uint8Array): Randomness {
  const xof = shake256.create({});
  xof.update(new TextEncoder().encode(label));
  xof.update(seed);
  let buf = new Uint8Array(0);
  let at = 0;
  const take = (n: number) => {
    if (at + n > buf.length) {
      const more = xof.xof(Math.max(4096, n));
      const next = new Uint8Array(buf.length - at + more.length);
      next.set(buf.subarray(at));
      next.set(more, buf.length - at);
      buf = next;
      at = 0;
    }
    const out = buf.subarray(at, at + n);
    at += n;
    return out;
  };
  return {
    uint32: () => {
      const b = take(4);
      return (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
    },
    bytes: (n) => take(n).slice(),
  };
}

/** A uniform-ish small polynomial: each coefficient ⌊3·(u mod 2^30)/2^30⌋ − 1 ∈ {−1, 0, 1}. */
function smallRandom(rand: Randomness): Int8Array {
  const g = new Int8Array(P);
  for (let i = 0; i < P; i++) g[i] = Math.floor(((rand.uint32() & 0x3fffffff) * 3) / 0x40000000) - 1;
  return g;
}

/**
 * A short polynomial (exactly w coefficients ±1, the rest 0) from p random words: the first w
 * words are marked ±1 by their bit 1 and the others 0 in their two low bits; sorting by the high
 * bits puts the marks in random places.
 */
function shortRandom(rand: Randomness): Int8Array {
  const L = new Uint32Array(P);
  for (let i = 0; i < P; i++) {
    const u = rand.uint32();
    L[i] = i < W ? u & ~1 : (u & ~3) | 1;
  }
  L.sort();
  const r = new Int8Array(P);
  for (let i = 0; i < P; i++) r[i] = (L[i] & 3) - 1;
  return r;
}

// ---------------------------------------------------------------- arithmetic in R/q and R/3

/** x mod q, centered in [−Q12, Q12]. */
function modQ(x: number): number {
  let r = x % Q;
  if (r > Q12) r -= Q;
  else if (r < -Q12) r += Q;
  return r;
}

/** x mod 3, centered in {−1, 0, 1}. */
function mod3(x: number): number {
  let r = x % 3;
  if (r > 1) r -= 3;
  else if (r < -1) r += 3;
  return r;
}

/** a · b in Z[x]/(x^p − x − 1), b small; coefficients as integers, not yet reduced. */
function multiplySmall(a: ArrayLike<number>, b: Int8Array): Int32Array {
  const full = new Int32Array(2 * P - 1);
  for (let j = 0; j < P; j++) {
    const bj = b[j];
    if (bj === 1) for (let i = 0; i < P; i++) full[i + j] += a[i];
    else if (bj === -1) for (let i = 0; i < P; i++) full[i + j] -= a[i];
  }
  // x^p = x + 1, so x^k (k ≥ p) folds onto x^(k−p+1) + x^(k−p), both below p.
  for (let k = 2 * P - 2; k >= P; k--) {
    full[k - P + 1] += full[k];
    full[k - P] += full[k];
  }
  return full.subarray(0, P);
}

const inverseTables = new Map<number, Int32Array>();
/** Multiplicative inverses mod a small prime m (index 0 unused). */
function inverses(m: number): Int32Array {
  let t = inverseTables.get(m);
  if (!t) {
    t = new Int32Array(m);
    for (let x = 1; x < m; x++) {
      // Fermat: x^(m−2); products stay below 2^26.
      let r = 1;
      let b = x;
      for (let e = m - 2; e > 0; e >>= 1) {
        if (e & 1) r = (r * b) % m;
        b = (b * b) % m;
      }
      t[x] = r;
    }
    inverseTables.set(m, t);
  }
  return t;
}

/**
 * 1/a in F_m[x]/(x^p − x − 1) (m prime) by the extended Euclidean algorithm, one leading term at
 * a time; null when a shares a factor with x^p − x − 1 mod m. Coefficients in [0, m).
 * Keeps s_i · a ≡ r_i for the pair (r0, s0), (r1, s1), starting from (x^p − x − 1, 0), (a, 1).
 */
function invert(a: ArrayLike<number>, m: number): Int32Array | null {
  const inv = inverses(m);
  let r0 = new Int32Array(P + 1);
  let r1 = new Int32Array(P + 1);
  let s0 = new Int32Array(P + 1);
  let s1 = new Int32Array(P + 1);
  r0[P] = 1;
  r0[1] = m - 1;
  r0[0] = m - 1;
  for (let i = 0; i < P; i++) r1[i] = ((a[i] % m) + m) % m;
  s1[0] = 1;
  let d0 = P;
  let d1 = P - 1;
  while (d1 >= 0 && r1[d1] === 0) d1--;
  let e0 = -1; // degree bounds of s0, s1
  let e1 = 0;
  for (;;) {
    if (d0 < d1) {
      [r0, r1, s0, s1, d0, d1, e0, e1] = [r1, r0, s1, s0, d1, d0, e1, e0];
    }
    if (d1 < 0) return null; // r1 = 0: the gcd r0 has positive degree
    if (d1 === 0) break; // r1 is a nonzero constant: a·s1 ≡ r1
    const c = m - ((r0[d0] * inv[r1[d1]]) % m);
    const shift = d0 - d1;
    for (let i = 0; i <= d1; i++) r0[i + shift] = (r0[i + shift] + c * r1[i]) % m;
    for (let i = 0; i <= e1; i++) s0[i + shift] = (s0[i + shift] + c * s1[i]) % m;
    if (e1 + shift > e0) e0 = e1 + shift;
    while (d0 >= 0 && r0[d0] === 0) d0--;
  }
  const u = inv[r1[0]];
  const out = new Int32Array(P);
  for (let i = 0; i < P && i <= e1; i++) out[i] = (s1[i] * u) % m;
  return out;
}

// ---------------------------------------------------------------- encodings (spec §4)

/**
 * Encode(R, M): the integers R[i] ∈ [0, M[i]) as bytes. Pairs merge into r0 + M0·r1 below M0·M1;
 * while that bound is ≥ 2^14 the low byte goes out; the merged list is encoded the same way, and a
 * single integer ends as its little-endian bytes.
 */
function encode(R: number[], M: number[], out: number[]): void {
  if (R.length === 0) return;
  if (R.length === 1) {
    let r = R[0];
    for (let m = M[0]; m > 1; m = (m + 255) >>> 8) {
      out.push(r & 255);
      r >>>= 8;
    }
    return;
  }
  const R2: number[] = [];
  const M2: number[] = [];
  for (let i = 0; i + 1 < R.length; i += 2) {
    let r = R[i] + M[i] * R[i + 1];
    let m = M[i] * M[i + 1];
    while (m >= 16384) {
      out.push(r & 255);
      r >>>= 8;
      m = (m + 255) >>> 8;
    }
    R2.push(r);
    M2.push(m);
  }
  if (R.length % 2) {
    R2.push(R[R.length - 1]);
    M2.push(M[M.length - 1]);
  }
  encode(R2, M2, out);
}

/** Decode(S, M): the inverse of Encode; out-of-range values are reduced mod M[i] as the spec says. */
function decode(S: Uint8Array, at: number, M: number[]): number[] {
  if (M.length === 0) return [];
  if (M.length === 1) {
    let r = 0;
    let t = 1;
    for (let m = M[0]; m > 1; m = (m + 255) >>> 8) {
      r += S[at++] * t;
      t *= 256;
    }
    return [r % M[0]];
  }
  const bottom: number[] = [];
  const scale: number[] = [];
  const M2: number[] = [];
  for (let i = 0; i + 1 < M.length; i += 2) {
    let m = M[i] * M[i + 1];
    let r = 0;
    let t = 1;
    while (m >= 16384) {
      r += S[at++] * t;
      t *= 256;
      m = (m + 255) >>> 8;
    }
    bottom.push(r);
    scale.push(t);
    M2.push(m);
  }
  if (M.length % 2) M2.push(M[M.length - 1]);
  const R2 = decode(S, at, M2);
  const out: number[] = [];
  for (let i = 0; i + 1 < M.length; i += 2) {
    const r = bottom[i >> 1] + scale[i >> 1] * R2[i >> 1];
    out.push(r % M[i], Math.floor(r / M[i]) % M[i + 1]);
  }
  if (M.length % 2) out.push(R2[R2.length - 1]);
  return out;
}

const ROUNDED_M = (Q + 2) / 3; // 1531 multiples of 3 in [−Q12, Q12]
const rqM = new Array<number>(P).fill(Q);
const roundedM = new Array<number>(P).fill(ROUNDED_M);

/** Rq encoding: each coefficient + Q12 ∈ [0, q). */
export function encodeRq(c: ArrayLike<number>): Uint8Array {
  const out: number[] = [];
  encode(Array.from(c, (x) => x + Q12), rqM, out);
  return Uint8Array.from(out);
}

export function decodeRq(s: Uint8Array): Int16Array {
  return Int16Array.from(decode(s, 0, rqM), (x) => x - Q12);
}

/** Rounded encoding: each coefficient is a multiple of 3; (c + Q12)/3 ∈ [0, 1531). */
export function encodeRounded(c: ArrayLike<number>): Uint8Array {
  const out: number[] = [];
  encode(Array.from(c, (x) => (x + Q12) / 3), roundedM, out);
  return Uint8Array.from(out);
}

export function decodeRounded(s: Uint8Array): Int16Array {
  return Int16Array.from(decode(s, 0, roundedM), (x) => 3 * x - Q12);
}

/** Small encoding: coefficient + 1 in two bits, four to a byte, low bits first (191 bytes). */
export function encodeSmall(f: Int8Array): Uint8Array {
  const out = new Uint8Array(SMALL_BYTES);
  for (let i = 0; i < P; i++) out[i >> 2] |= (f[i] + 1) << (2 * (i & 3));
  return out;
}

export function decodeSmall(s: Uint8Array): Int8Array {
  const f = new Int8Array(P);
  for (let i = 0; i < P; i++) f[i] = ((s[i >> 2] >> (2 * (i & 3))) & 3) - 1;
  return f;
}

// ---------------------------------------------------------------- hashes (spec §4: prefix bytes)

/** Hash_b(s): the first 32 bytes of SHA-512(b ‖ s). */
function hashPrefix(b: number, ...parts: Uint8Array[]): Uint8Array {
  const h = sha512.create();
  h.update(Uint8Array.of(b));
  for (const p of parts) h.update(p);
  return h.digest().subarray(0, 32);
}

/** HashConfirm(r, pk) = Hash_2(Hash_3(r) ‖ Hash_4(pk)); `cache` is Hash_4(pk). */
function hashConfirm(rEnc: Uint8Array, cache: Uint8Array): Uint8Array {
  return hashPrefix(2, hashPrefix(3, rEnc), cache);
}

/** HashSession(b, y, C) = Hash_b(Hash_3(y) ‖ C): b = 1 with the real r, b = 0 with ρ on rejection. */
function hashSession(b: 0 | 1, y: Uint8Array, C: Uint8Array): Uint8Array {
  return hashPrefix(b, hashPrefix(3, y), C);
}

// ---------------------------------------------------------------- the core and the KEM

/** Round(a): each coefficient to the nearest multiple of 3. */
function round3(a: Int16Array): Int16Array {
  return a.map((x) => x - mod3(x));
}

function reduceQ(a: Int32Array): Int16Array {
  return Int16Array.from(a, modQ);
}

/** Core KeyGen: h = g/(3f) in R/q, and the secret f, 1/g in R/3. */
function coreKeyGen(rand: Randomness): { h: Int16Array; f: Int8Array; ginv: Int8Array } {
  let g: Int8Array;
  let ginv3: Int32Array | null;
  do {
    g = smallRandom(rand);
    ginv3 = invert(g, 3);
  } while (!ginv3);
  const ginv = Int8Array.from(ginv3, (x) => (x === 2 ? -1 : x));
  const f = shortRandom(rand);
  // x^p − x − 1 is irreducible mod q, so every nonzero f is invertible.
  const finv = invert(f, Q)!;
  const inv3 = inverses(Q)[3];
  const scaled = Int16Array.from(finv, (x) => modQ(x * inv3));
  return { h: reduceQ(multiplySmall(scaled, g)), f, ginv };
}

/** Core Encrypt: Round(h·r). */
function coreEncrypt(r: Int8Array, h: Int16Array): Int16Array {
  return round3(reduceQ(multiplySmall(h, r)));
}

/** Core Decrypt: e = (3f·c mod q) mod 3, r = e/g; a result not of weight w becomes (1,…,1,0,…,0). */
function coreDecrypt(c: Int16Array, f: Int8Array, ginv: Int8Array): Int8Array {
  const cf = multiplySmall(c, f);
  const e = new Int8Array(P);
  for (let i = 0; i < P; i++) e[i] = mod3(modQ(3 * modQ(cf[i])));
  const ev = multiplySmall(e, ginv);
  const r = new Int8Array(P);
  let weight = 0;
  for (let i = 0; i < P; i++) {
    r[i] = mod3(ev[i]);
    if (r[i] !== 0) weight++;
  }
  if (weight === W) return r;
  const fallback = new Int8Array(P);
  fallback.fill(1, 0, W);
  return fallback;
}

/** The ciphertext for r: Rounded(Encrypt(r)) ‖ HashConfirm(r, pk), and r's Small encoding. */
function hide(r: Int8Array, h: Int16Array, cache: Uint8Array): { C: Uint8Array; rEnc: Uint8Array } {
  const rEnc = encodeSmall(r);
  const C = new Uint8Array(CIPHERTEXT_BYTES);
  C.set(encodeRounded(coreEncrypt(r, h)));
  C.set(hashConfirm(rEnc, cache), ROUNDED_BYTES);
  return { C, rEnc };
}

export interface Sntrup761KeyPair {
  publicKey: Uint8Array;
  secretKey: Uint8Array;
}

/** KEM KeyGen from a randomness stream (words for g, retried until invertible mod 3, and f; then ρ). */
export function keypairFrom(rand: Randomness): Sntrup761KeyPair {
  const { h, f, ginv } = coreKeyGen(rand);
  const publicKey = encodeRq(h);
  const rho = rand.bytes(SMALL_BYTES);
  const secretKey = new Uint8Array(SECRET_KEY_BYTES);
  let at = 0;
  for (const part of [encodeSmall(f), encodeSmall(ginv), publicKey, rho, hashPrefix(4, publicKey)]) {
    secretKey.set(part, at);
    at += part.length;
  }
  return { publicKey, secretKey };
}

/** KEM Encap from a randomness stream (p words for the short r). Throws on a wrong-length key. */
export function encapsulateFrom(publicKey: Uint8Array, rand: Randomness): { cipherText: Uint8Array; sharedSecret: Uint8Array } {
  if (publicKey.length !== PUBLIC_KEY_BYTES) throw new RangeError(`an sntrup761 public key is ${PUBLIC_KEY_BYTES} bytes, got ${publicKey.length}`);
  const r = shortRandom(rand);
  const { C, rEnc } = hide(r, decodeRq(publicKey), hashPrefix(4, publicKey));
  return { cipherText: C, sharedSecret: hashSession(1, rEnc, C) };
}

/** KeyGen from a 32-byte seed, expanded with SHAKE256. */
export function keypair(seed: Uint8Array): Sntrup761KeyPair {
  return keypairFrom(shakeRandomness('sntrup761 keygen', seed));
}

/** Encap from a 32-byte seed, expanded with SHAKE256. */
export function encapsulate(publicKey: Uint8Array, seed: Uint8Array): { cipherText: Uint8Array; sharedSecret: Uint8Array } {
  return encapsulateFrom(publicKey, shakeRandomness('sntrup761 encaps', seed));
}

/**
 * KEM Decap: decrypt, re-encrypt, and compare the whole ciphertext (Rounded part and confirmation).
 * Equal: HashSession(1, r, C). Otherwise HashSession(0, ρ, C): a key unrelated to the sender's,
 * so the failure shows only later, when the peer's keys do not match. Throws on wrong lengths.
 */
export function decapsulate(cipherText: Uint8Array, secretKey: Uint8Array): Uint8Array {
  if (cipherText.length !== CIPHERTEXT_BYTES) throw new RangeError(`an sntrup761 ciphertext is ${CIPHERTEXT_BYTES} bytes, got ${cipherText.length}`);
  if (secretKey.length !== SECRET_KEY_BYTES) throw new RangeError(`an sntrup761 secret key is ${SECRET_KEY_BYTES} bytes, got ${secretKey.length}`);
  let at = 0;
  const take = (n: number) => secretKey.subarray(at, (at += n));
  const f = decodeSmall(take(SMALL_BYTES));
  const ginv = decodeSmall(take(SMALL_BYTES));
  const pk = take(PUBLIC_KEY_BYTES);
  const rho = take(SMALL_BYTES);
  const cache = take(32);
  const r = coreDecrypt(decodeRounded(cipherText.subarray(0, ROUNDED_BYTES)), f, ginv);
  const { C, rEnc } = hide(r, decodeRq(pk), cache);
  let diff = 0;
  for (let i = 0; i < CIPHERTEXT_BYTES; i++) diff |= C[i] ^ cipherText[i];
  return diff === 0 ? hashSession(1, rEnc, cipherText) : hashSession(0, rho, cipherText);
}
