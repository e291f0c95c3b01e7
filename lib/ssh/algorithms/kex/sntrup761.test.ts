// sntrup761 (NTRU Prime round 3 spec). The byte-exact check is interop: OpenSSH and Dropbear
// decapsulate our ciphertexts and we theirs (test/interop/sntrup.test.ts). Here: the KEM's
// properties, the sizes the spec gives, and implicit rejection recomputed with SHA-512 directly
// from the spec's formula HashSession(0, ρ, C) = Hash_0(Hash_3(ρ) ‖ C), Hash_b(s) = SHA-512(b ‖ s)[0..32].

import { sha512 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concat, toHex } from '../../wire/bytes';
import {
  CIPHERTEXT_BYTES,
  decapsulate,
  decodeRounded,
  decodeRq,
  decodeSmall,
  encapsulate,
  encodeRounded,
  encodeRq,
  encodeSmall,
  keypair,
  P,
  PUBLIC_KEY_BYTES,
  Q,
  SECRET_KEY_BYTES,
  SESSION_KEY_BYTES,
  SMALL_BYTES,
} from './sntrup761';

const seed = fc.uint8Array({ minLength: 32, maxLength: 32 });
const hashPrefix = (b: number, s: Uint8Array) => sha512(concat(Uint8Array.of(b), s)).subarray(0, 32);
/** ρ sits after Small(f), Small(1/g) and the public key in the secret key. */
const rhoOf = (sk: Uint8Array) => sk.subarray(2 * SMALL_BYTES + PUBLIC_KEY_BYTES, 3 * SMALL_BYTES + PUBLIC_KEY_BYTES);
const rejectionKey = (sk: Uint8Array, C: Uint8Array) => hashPrefix(0, concat(hashPrefix(3, rhoOf(sk)), C));

describe('sntrup761 sizes (spec: p = 761, q = 4591, w = 286)', () => {
  it('public key 1158, ciphertext 1007 + 32 = 1039, session key 32, secret key 1763 bytes', () => {
    const kp = keypair(new Uint8Array(32));
    expect(kp.publicKey.length).toBe(1158);
    expect(kp.secretKey.length).toBe(1763);
    expect(PUBLIC_KEY_BYTES).toBe(1158);
    expect(SECRET_KEY_BYTES).toBe(1763);
    const e = encapsulate(kp.publicKey, new Uint8Array(32).fill(1));
    expect(e.cipherText.length).toBe(1039);
    expect(CIPHERTEXT_BYTES).toBe(1039);
    expect(e.sharedSecret.length).toBe(32);
    expect(SESSION_KEY_BYTES).toBe(32);
  });

  it('the public key is Hash_4-bound in the secret key: its last 32 bytes are SHA-512(4 ‖ pk)[0..32]', () => {
    const kp = keypair(new Uint8Array(32).fill(5));
    expect(toHex(kp.secretKey.subarray(2 * SMALL_BYTES, 2 * SMALL_BYTES + PUBLIC_KEY_BYTES))).toBe(toHex(kp.publicKey));
    expect(toHex(kp.secretKey.subarray(SECRET_KEY_BYTES - 32))).toBe(toHex(hashPrefix(4, kp.publicKey)));
  });
});

describe('sntrup761 KEM', () => {
  it('Decap(Encap(pk)) gives the sender\'s key; keygen and encap are deterministic in their seeds', () => {
    fc.assert(
      fc.property(seed, seed, (ks, es) => {
        const kp = keypair(ks);
        const e = encapsulate(kp.publicKey, es);
        expect(toHex(decapsulate(e.cipherText, kp.secretKey))).toBe(toHex(e.sharedSecret));
        expect(toHex(keypair(ks).publicKey)).toBe(toHex(kp.publicKey));
        expect(toHex(encapsulate(kp.publicKey, es).cipherText)).toBe(toHex(e.cipherText));
      }),
      { numRuns: 8 },
    );
  });

  it('different seeds give different keys and ciphertexts', () => {
    const a = keypair(new Uint8Array(32).fill(1));
    const b = keypair(new Uint8Array(32).fill(2));
    expect(toHex(a.publicKey)).not.toBe(toHex(b.publicKey));
    const e1 = encapsulate(a.publicKey, new Uint8Array(32).fill(3));
    const e2 = encapsulate(a.publicKey, new Uint8Array(32).fill(4));
    expect(toHex(e1.cipherText)).not.toBe(toHex(e2.cipherText));
    expect(toHex(e1.sharedSecret)).not.toBe(toHex(e2.sharedSecret));
  });

  it('implicit rejection: any changed byte gives HashSession(0, ρ, C), deterministic and unlike the real key', () => {
    const kp = keypair(new Uint8Array(32).fill(7));
    const e = encapsulate(kp.publicKey, new Uint8Array(32).fill(8));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: CIPHERTEXT_BYTES - 1 }), fc.integer({ min: 1, max: 255 }), (at, x) => {
        const bad = e.cipherText.slice();
        bad[at] ^= x;
        const k = decapsulate(bad, kp.secretKey);
        expect(toHex(k)).not.toBe(toHex(e.sharedSecret));
        expect(toHex(k)).toBe(toHex(rejectionKey(kp.secretKey, bad)));
        expect(toHex(decapsulate(bad, kp.secretKey))).toBe(toHex(k));
      }),
      { numRuns: 12 },
    );
  });

  it('a ciphertext for another key is rejected the same way (the confirmation hash binds the public key)', () => {
    const a = keypair(new Uint8Array(32).fill(9));
    const b = keypair(new Uint8Array(32).fill(10));
    const e = encapsulate(b.publicKey, new Uint8Array(32).fill(11));
    expect(toHex(decapsulate(e.cipherText, a.secretKey))).toBe(toHex(rejectionKey(a.secretKey, e.cipherText)));
  });

  it('refuses wrong lengths with a RangeError naming the size', () => {
    const kp = keypair(new Uint8Array(32));
    const e = encapsulate(kp.publicKey, new Uint8Array(32));
    expect(() => encapsulate(kp.publicKey.subarray(1), new Uint8Array(32))).toThrow(/public key is 1158 bytes, got 1157/);
    expect(() => decapsulate(concat(e.cipherText, Uint8Array.of(0)), kp.secretKey)).toThrow(/ciphertext is 1039 bytes, got 1040/);
    expect(() => decapsulate(e.cipherText, kp.secretKey.subarray(2))).toThrow(/secret key is 1763 bytes/);
  });
});

describe('sntrup761 encodings (spec §4)', () => {
  const q12 = (Q - 1) / 2;
  it('Rq: every polynomial with coefficients in [−2295, 2295] survives encode/decode in 1158 bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -q12, max: q12 }), { minLength: P, maxLength: P }), (c) => {
        const s = encodeRq(c);
        expect(s.length).toBe(1158);
        expect(Array.from(decodeRq(s))).toEqual(c);
      }),
      { numRuns: 20 },
    );
  });

  it('Rounded: multiples of 3 in [−2295, 2295] survive encode/decode in 1007 bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -765, max: 765 }), { minLength: P, maxLength: P }), (k) => {
        const c = k.map((x) => 3 * x);
        const s = encodeRounded(c);
        expect(s.length).toBe(1007);
        expect(Array.from(decodeRounded(s))).toEqual(c);
      }),
      { numRuns: 20 },
    );
  });

  it('the extremes: all −2295 encode to zero bytes only where the spec\'s radix digits are zero', () => {
    // With every R[i] = 0 each output byte is a digit of 0: the whole encoding is zeros.
    expect(encodeRq(new Array(P).fill(-q12)).every((b) => b === 0)).toBe(true);
    expect(encodeRounded(new Array(P).fill(-q12)).every((b) => b === 0)).toBe(true);
    // And every 1158-byte string decodes to coefficients in range (out-of-range values reduced mod q).
    const d = decodeRq(new Uint8Array(1158).fill(0xff));
    expect(d.every((x) => x >= -q12 && x <= q12)).toBe(true);
  });

  it('Small: coefficient + 1 in two bits, four per byte, lowest first, 191 bytes', () => {
    const f = new Int8Array(P);
    f[0] = 1; // 2 in bits 0–1
    f[1] = -1; // 0 in bits 2–3
    f[760] = 1; // the last byte holds one coefficient
    const s = encodeSmall(f);
    expect(s.length).toBe(191);
    expect(s[0]).toBe(0b01_01_00_10);
    expect(s[190]).toBe(2);
    expect(Array.from(decodeSmall(s))).toEqual(Array.from(f));
  });
});
