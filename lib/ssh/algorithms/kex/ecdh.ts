// Elliptic-curve Diffie-Hellman: X25519 (RFC 8731) and the NIST curves (RFC 5656 §4).

import { x25519 } from '@noble/curves/ed25519.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { bigintToBytes, bytesToBigint } from '../../wire/bytes';
import { encodeMpintFromUnsigned } from '../../wire/writer';
import type { HashName } from '../hash';
import type { KexAlgorithm } from '../types';

function curve25519(name: string, ref: string): KexAlgorithm {
  return {
    name,
    family: 'ecdh',
    hash: 'sha256',
    ref,
    entropyLength: () => 32,
    // The entropy is the X25519 private scalar as-is (clamping happens inside X25519).
    keypair: (entropy) => ({ privateKey: entropy.slice(), publicKey: x25519.getPublicKey(entropy) }),
    sharedSecret(privateKey, peerPublic) {
      if (peerPublic.length !== 32) return { ok: false, reason: `X25519 public key must be 32 bytes, got ${peerPublic.length}` };
      let shared: Uint8Array;
      try {
        shared = x25519.getSharedSecret(privateKey, peerPublic);
      } catch (e) {
        // noble refuses low-order points (an all-zero result), as RFC 8731 §3 requires.
        return { ok: false, reason: `X25519 failed: ${(e as Error).message}` };
      }
      if (shared.every((b) => b === 0)) return { ok: false, reason: 'X25519 shared secret is all zeros' };
      // RFC 8731 §3: the 32 bytes are read as an unsigned big-endian number and encoded as mpint.
      return { ok: true, K: encodeMpintFromUnsigned(shared) };
    },
  };
}

type NistCurve = typeof p256;

function nist(name: string, curve: NistCurve, hash: HashName, scalarBytes: number): KexAlgorithm {
  const n = curve.Point.Fn.ORDER;
  return {
    name,
    family: 'ecdh',
    hash,
    ref: 'RFC 5656 §4',
    // Extra bytes beyond the scalar size make the reduction mod n unbiased.
    entropyLength: () => scalarBytes + 16,
    keypair(entropy) {
      const d = (bytesToBigint(entropy) % (n - 1n)) + 1n;
      const privateKey = bigintToBytes(d, scalarBytes);
      return { privateKey, publicKey: curve.getPublicKey(privateKey, false) };
    },
    sharedSecret(privateKey, peerPublic) {
      try {
        // fromBytes checks the point is on the curve; the identity cannot be encoded uncompressed.
        const Q = curve.Point.fromBytes(peerPublic);
        if (peerPublic[0] !== 0x04) return { ok: false, reason: 'ECDH public key must be an uncompressed point (0x04 …)' };
        Q.assertValidity();
        const shared = curve.getSharedSecret(privateKey, peerPublic, true);
        // The shared secret is the x-coordinate of d·Q (RFC 5656 §4), as an mpint.
        return { ok: true, K: encodeMpintFromUnsigned(shared.subarray(1)) };
      } catch (e) {
        return { ok: false, reason: `not a valid point on ${name.replace('ecdh-sha2-', '')}: ${(e as Error).message}` };
      }
    },
  };
}

export const ecdhMethods: KexAlgorithm[] = [
  curve25519('curve25519-sha256', 'RFC 8731 §3'),
  curve25519('curve25519-sha256@libssh.org', 'RFC 8731 §3 (its pre-standard name)'),
  nist('ecdh-sha2-nistp256', p256, 'sha256', 32),
  nist('ecdh-sha2-nistp384', p384, 'sha384', 48),
  nist('ecdh-sha2-nistp521', p521 as unknown as NistCurve, 'sha512', 66),
];
