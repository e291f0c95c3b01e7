// ssh-ed25519 (RFC 8709) over noble's Ed25519 (RFC 8032).

import { ed25519 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { concat } from '../../wire/bytes';
import { Reader } from '../../wire/reader';
import { Writer } from '../../wire/writer';
import type { HostKeyAlgorithm, HostKeyPair } from '../types';
import { describeDecodeError, openBlob } from './blobs';

const NAME = 'ssh-ed25519';

export function ed25519Pair(seed32: Uint8Array): HostKeyPair {
  const pub = ed25519.getPublicKey(seed32);
  return {
    keyType: NAME,
    publicBlob: new Writer().string(NAME).string(pub).bytes(),
    privateBlob: new Writer().string(pub).string(concat(seed32, pub)).bytes(),
  };
}

export const sshEd25519: HostKeyAlgorithm = {
  name: NAME,
  keyType: NAME,
  ref: 'RFC 8709',
  sign(key, data) {
    const r = new Reader(key.privateBlob);
    r.string('public_key');
    const priv = r.string('private_key');
    const sig = ed25519.sign(data, priv.subarray(0, 32));
    return new Writer().string(NAME).string(sig).bytes();
  },
  verify(publicBlob, signatureBlob, data) {
    try {
      const k = openBlob(publicBlob, 'public key');
      if (k.type !== NAME) return { ok: false, reason: `host key is ${k.type}, not ${NAME}` };
      const pub = k.r.string('public_key');
      k.r.end();
      if (pub.length !== 32) return { ok: false, reason: `Ed25519 public key must be 32 bytes, got ${pub.length}` };
      const s = openBlob(signatureBlob, 'signature');
      if (s.type !== NAME) return { ok: false, reason: `signature is ${s.type}, expected ${NAME}` };
      const sig = s.r.string('signature_blob');
      s.r.end();
      if (sig.length !== 64) return { ok: false, reason: `Ed25519 signature must be 64 bytes, got ${sig.length}` };
      return ed25519.verify(sig, data, pub) ? { ok: true } : { ok: false, reason: 'Ed25519 signature does not match' };
    } catch (e) {
      return { ok: false, reason: `malformed blob: ${describeDecodeError(e)}` };
    }
  },
  demoKey(seed) {
    return ed25519Pair(sha512(concat(new TextEncoder().encode('sshscope ed25519 '), seed)).slice(0, 32));
  },
};
