// Host key signatures made by node:crypto (OpenSSL): constant-time, with RSA blinding. The pure
// signers in lib/ssh serve the simulator and the browser, where no secret from a real server is
// ever at stake; `serve` signs with real keys, so it signs here.

import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { hostKeyAlgorithms } from '../ssh/algorithms/hostkey';
import { readPrivate } from '../ssh/algorithms/hostkey/rsa';
import { findKey, type Signer } from '../ssh/algorithms/hostkey/signer';
import type { HostKeyPair } from '../ssh/algorithms/types';
import { bytesToBigint } from '../ssh/wire/bytes';
import { Reader } from '../ssh/wire/reader';
import { Writer } from '../ssh/wire/writer';

const b64url = (b: Uint8Array) => Buffer.from(b).toString('base64url');
/** A bigint as unsigned big-endian bytes (JWK wants no sign byte). */
const unsigned = (n: bigint) => {
  const hex = n.toString(16);
  return Buffer.from(hex.length % 2 ? '0' + hex : hex, 'hex');
};

const curves: Record<string, { crv: string; hash: string; size: number }> = {
  nistp256: { crv: 'P-256', hash: 'sha256', size: 32 },
  nistp384: { crv: 'P-384', hash: 'sha384', size: 48 },
  nistp521: { crv: 'P-521', hash: 'sha512', size: 66 },
};

/** The private key as a KeyObject, from the openssh-key-v1 private fields (HostKeyPair.privateBlob). */
export function keyObject(pair: HostKeyPair): KeyObject {
  const r = new Reader(pair.privateBlob);
  if (pair.keyType === 'ssh-ed25519') {
    const pub = r.string('pub');
    const priv = r.string('priv');
    return createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b64url(pub), d: b64url(priv.subarray(0, 32)) }, format: 'jwk' });
  }
  if (pair.keyType.startsWith('ecdsa-sha2-')) {
    const c = curves[r.text('curve')];
    if (!c) throw new Error(`unsupported ECDSA curve in ${pair.keyType}`);
    const Q = r.string('Q');
    const d = r.mpint('d');
    const x = Q.subarray(1, 1 + c.size);
    const y = Q.subarray(1 + c.size);
    const dBytes = Buffer.alloc(c.size);
    unsigned(d).copy(dBytes, c.size - unsigned(d).length);
    return createPrivateKey({ key: { kty: 'EC', crv: c.crv, x: b64url(x), y: b64url(y), d: b64url(dBytes) }, format: 'jwk' });
  }
  if (pair.keyType === 'ssh-rsa') {
    const { n, e, d, iqmp, p, q } = readPrivate(pair.privateBlob);
    const jwk = { kty: 'RSA', n: b64url(unsigned(n)), e: b64url(unsigned(e)), d: b64url(unsigned(d)), p: b64url(unsigned(p)), q: b64url(unsigned(q)), dp: b64url(unsigned(d % (p - 1n))), dq: b64url(unsigned(d % (q - 1n))), qi: b64url(unsigned(iqmp)) };
    return createPrivateKey({ key: jwk, format: 'jwk' });
  }
  throw new Error(`unsupported host key type ${pair.keyType}`);
}

/** Signs with node:crypto; the blobs are the same layout the pure signers produce (RFC 8709, 5656, 8332). */
export function nodeSigner(keys: readonly HostKeyPair[]): Signer {
  const objects = new Map<HostKeyPair, KeyObject>(keys.map((k) => [k, keyObject(k)]));
  return ({ algorithm, publicKey, data }) => {
    const alg = hostKeyAlgorithms[algorithm];
    const key = findKey(keys, publicKey);
    if (!alg || alg.verifyOnly) throw new Error(`cannot sign with ${algorithm}`);
    if (!key || key.keyType !== alg.keyType) throw new Error(`no private key for the ${algorithm} host key asked for`);
    const ko = objects.get(key)!;
    let sig: Uint8Array;
    if (algorithm === 'ssh-ed25519') sig = sign(null, data, ko);
    else if (algorithm.startsWith('ecdsa-sha2-')) {
      const c = curves[algorithm.slice('ecdsa-sha2-'.length)];
      const rs = sign(c.hash, data, { key: ko, dsaEncoding: 'ieee-p1363' });
      sig = new Writer().mpint(bytesToBigint(rs.subarray(0, c.size))).mpint(bytesToBigint(rs.subarray(c.size))).bytes();
    } else if (algorithm === 'rsa-sha2-256' || algorithm === 'rsa-sha2-512') {
      // PKCS#1 v1.5, the output as long as the modulus (RFC 8332 §3).
      sig = sign(algorithm === 'rsa-sha2-256' ? 'sha256' : 'sha512', data, ko);
    } else throw new Error(`cannot sign with ${algorithm}`);
    return new Writer().string(algorithm).string(sig).bytes();
  };
}
