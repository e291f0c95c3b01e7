// Elliptic-curve Diffie-Hellman: X25519 (RFC 8731) and the NIST curves (RFC 5656 §4).
// The raw shared secrets are exported for the PQ/T hybrid methods, which hash them as fixed-length
// byte arrays instead of encoding them as an mpint.

import { x25519 } from '@noble/curves/ed25519.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { bigintToBytes, bytesToBigint } from '../../wire/bytes';
import { encodeMpintFromUnsigned } from '../../wire/writer';
import type { HashName } from '../hash';
import type { DhKexAlgorithm } from '../types';

export type RawSecret = { ok: true; secret: Uint8Array } | { ok: false; reason: string };

export const X25519_ENTROPY = 32;

/** The entropy is the X25519 private scalar as-is (clamping happens inside X25519). */
export function x25519Keypair(entropy: Uint8Array) {
  return { privateKey: entropy.slice(), publicKey: x25519.getPublicKey(entropy) };
}

/** The 32-byte X25519 output, after the checks RFC 8731 §3 asks for. */
export function x25519Secret(privateKey: Uint8Array, peerPublic: Uint8Array): RawSecret {
  if (peerPublic.length !== 32) return { ok: false, reason: `X25519 public key must be 32 bytes, got ${peerPublic.length}` };
  let shared: Uint8Array;
  try {
    shared = x25519.getSharedSecret(privateKey, peerPublic);
  } catch (e) {
    // noble refuses low-order points (an all-zero result), as RFC 8731 §3 requires.
    return { ok: false, reason: `X25519 failed: ${(e as Error).message}` };
  }
  if (shared.every((b) => b === 0)) return { ok: false, reason: 'X25519 shared secret is all zeros' };
  return { ok: true, secret: shared };
}

function curve25519(name: string, ref: string): DhKexAlgorithm {
  return {
    name,
    family: 'ecdh',
    hash: 'sha256',
    ref,
    entropyLength: () => X25519_ENTROPY,
    keypair: x25519Keypair,
    sharedSecret(privateKey, peerPublic) {
      const r = x25519Secret(privateKey, peerPublic);
      // RFC 8731 §3: the 32 bytes are read as an unsigned big-endian number and encoded as mpint.
      return r.ok ? { ok: true, K: encodeMpintFromUnsigned(r.secret) } : r;
    },
  };
}

type NistCurve = typeof p256;

export interface NistEcdh {
  /** "nistp256" */
  id: string;
  /** Bytes of a scalar and of a coordinate. */
  scalarBytes: number;
  entropyLength: number;
  /** The uncompressed point's length: 1 + 2 coordinates. */
  publicLength: number;
  keypair(entropy: Uint8Array): { privateKey: Uint8Array; publicKey: Uint8Array };
  /** The x-coordinate of d·Q as a fixed-length big-endian array (RFC 5656 §4), after point checks. */
  secret(privateKey: Uint8Array, peerPublic: Uint8Array): RawSecret;
}

export function nistEcdh(id: string, curve: NistCurve, scalarBytes: number): NistEcdh {
  const n = curve.Point.Fn.ORDER;
  return {
    id,
    scalarBytes,
    // Extra bytes beyond the scalar size make the reduction mod n unbiased.
    entropyLength: scalarBytes + 16,
    publicLength: 1 + 2 * scalarBytes,
    keypair(entropy) {
      const d = (bytesToBigint(entropy) % (n - 1n)) + 1n;
      const privateKey = bigintToBytes(d, scalarBytes);
      return { privateKey, publicKey: curve.getPublicKey(privateKey, false) };
    },
    secret(privateKey, peerPublic) {
      try {
        // fromBytes checks the point is on the curve; the identity cannot be encoded uncompressed.
        const Q = curve.Point.fromBytes(peerPublic);
        if (peerPublic[0] !== 0x04) return { ok: false, reason: 'ECDH public key must be an uncompressed point (0x04 …)' };
        Q.assertValidity();
        const shared = curve.getSharedSecret(privateKey, peerPublic, true);
        return { ok: true, secret: shared.subarray(1) };
      } catch (e) {
        return { ok: false, reason: `not a valid point on ${id}: ${(e as Error).message}` };
      }
    },
  };
}

export const nist = {
  p256: nistEcdh('nistp256', p256, 32),
  p384: nistEcdh('nistp384', p384, 48),
  p521: nistEcdh('nistp521', p521 as unknown as NistCurve, 66),
};

function nistMethod(name: string, c: NistEcdh, hash: HashName): DhKexAlgorithm {
  return {
    name,
    family: 'ecdh',
    hash,
    ref: 'RFC 5656 §4',
    entropyLength: () => c.entropyLength,
    keypair: (entropy) => c.keypair(entropy),
    sharedSecret(privateKey, peerPublic) {
      const r = c.secret(privateKey, peerPublic);
      // The shared secret is the x-coordinate of d·Q (RFC 5656 §4), as an mpint.
      return r.ok ? { ok: true, K: encodeMpintFromUnsigned(r.secret) } : r;
    },
  };
}

export const ecdhMethods: DhKexAlgorithm[] = [
  curve25519('curve25519-sha256', 'RFC 8731 §3'),
  curve25519('curve25519-sha256@libssh.org', 'RFC 8731 §3 (its pre-standard name)'),
  nistMethod('ecdh-sha2-nistp256', nist.p256, 'sha256'),
  nistMethod('ecdh-sha2-nistp384', nist.p384, 'sha384'),
  nistMethod('ecdh-sha2-nistp521', nist.p521, 'sha512'),
];
