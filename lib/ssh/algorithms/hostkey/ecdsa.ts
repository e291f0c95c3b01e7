// ecdsa-sha2-nistp256/384/521 (RFC 5656 §3): signatures over HASH(data) with the curve's hash.

import { p256, p384, p521 } from '@noble/curves/nist.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { bigintToBytes, bytesToBigint, concat } from '../../wire/bytes';
import { Reader } from '../../wire/reader';
import { Writer } from '../../wire/writer';
import type { HostKeyAlgorithm, HostKeyPair } from '../types';
import { describeDecodeError, openBlob } from './blobs';

type Curve = typeof p256;

function ecdsa(curveName: 'nistp256' | 'nistp384' | 'nistp521', curve: Curve, bytes: number): HostKeyAlgorithm {
  const name = `ecdsa-sha2-${curveName}`;
  const n = curve.Point.Fn.ORDER;
  const pair = (d: bigint): HostKeyPair => {
    const dBytes = bigintToBytes(d, bytes);
    const Q = curve.getPublicKey(dBytes, false);
    return {
      keyType: name,
      publicBlob: new Writer().string(name).string(curveName).string(Q).bytes(),
      privateBlob: new Writer().string(curveName).string(Q).mpint(d).bytes(),
    };
  };
  return {
    name,
    keyType: name,
    ref: 'RFC 5656 §3.1',
    sign(key, data) {
      const r = new Reader(key.privateBlob);
      r.text('curve');
      r.string('Q');
      const d = r.mpint('d');
      // noble hashes with the curve's hash (SHA-256/384/512) and signs deterministically (RFC 6979).
      const sig = curve.sign(data, bigintToBytes(d, bytes));
      const rs = new Writer()
        .mpint(bytesToBigint(sig.subarray(0, bytes)))
        .mpint(bytesToBigint(sig.subarray(bytes)))
        .bytes();
      return new Writer().string(name).string(rs).bytes();
    },
    verify(publicBlob, signatureBlob, data) {
      try {
        const k = openBlob(publicBlob, 'public key');
        if (k.type !== name) return { ok: false, reason: `host key is ${k.type}, not ${name}` };
        const c = k.r.text('curve');
        if (c !== curveName) return { ok: false, reason: `key blob names curve ${c}, expected ${curveName}` };
        const Q = k.r.string('Q');
        k.r.end();
        const s = openBlob(signatureBlob, 'signature');
        if (s.type !== name) return { ok: false, reason: `signature is ${s.type}, expected ${name}` };
        const inner = new Reader(s.r.string('signature_blob'));
        s.r.end();
        const rv = inner.mpint('r');
        const sv = inner.mpint('s');
        inner.end();
        if (rv <= 0n || rv >= n || sv <= 0n || sv >= n) return { ok: false, reason: 'ECDSA r or s is out of range' };
        const compact = concat(bigintToBytes(rv, bytes), bigintToBytes(sv, bytes));
        // OpenSSH accepts high-s signatures, so do we.
        return curve.verify(compact, data, Q, { lowS: false })
          ? { ok: true }
          : { ok: false, reason: 'ECDSA signature does not match' };
      } catch (e) {
        return { ok: false, reason: `malformed blob or point: ${describeDecodeError(e)}` };
      }
    },
    demoKey(seed) {
      const h = sha512(concat(new TextEncoder().encode(`sshscope ${name} `), seed));
      const wide = concat(h, sha512(h));
      return pair((bytesToBigint(wide) % (n - 1n)) + 1n);
    },
  };
}

export const ecdsaAlgorithms: HostKeyAlgorithm[] = [
  ecdsa('nistp256', p256, 32),
  ecdsa('nistp384', p384 as unknown as Curve, 48),
  ecdsa('nistp521', p521 as unknown as Curve, 66),
];
