// OpenSSH private key files (openssh-key-v1, OpenSSH's PROTOCOL.key), unencrypted only.
// The per-key private fields after the type name are exactly HostKeyPair.privateBlob.

import { concat, equalBytes } from '../../wire/bytes';
import { Reader } from '../../wire/reader';
import { Writer } from '../../wire/writer';
import type { HostKeyPair } from '../types';
import { base64Decode, base64Encode } from './base64';
import { rsaPublicKeyProblem } from './rsa';

const MAGIC = new TextEncoder().encode('openssh-key-v1\0');
const BEGIN = '-----BEGIN OPENSSH PRIVATE KEY-----';
const END = '-----END OPENSSH PRIVATE KEY-----';

export class KeyFileError extends Error {}

/** Reads the key-type-specific private fields and the public blob they imply. */
function readKeyFields(r: Reader, keyType: string): { publicBlob: Uint8Array; privateBlob: Uint8Array } {
  const start = r.pos;
  let publicBlob: Uint8Array;
  if (keyType === 'ssh-ed25519') {
    const pub = r.string('public_key');
    const priv = r.string('private_key');
    if (pub.length !== 32 || priv.length !== 64 || !equalBytes(priv.subarray(32), pub)) {
      throw new KeyFileError('ssh-ed25519 key fields are inconsistent');
    }
    publicBlob = new Writer().string(keyType).string(pub).bytes();
  } else if (keyType.startsWith('ecdsa-sha2-')) {
    const curve = r.text('curve');
    const Q = r.string('Q');
    r.mpint('d');
    if (`ecdsa-sha2-${curve}` !== keyType) throw new KeyFileError(`${keyType} key names curve ${curve}`);
    publicBlob = new Writer().string(keyType).string(curve).string(Q).bytes();
  } else if (keyType === 'ssh-rsa') {
    const n = r.mpint('n');
    const e = r.mpint('e');
    for (const f of ['d', 'iqmp', 'p', 'q']) r.mpint(f);
    const problem = rsaPublicKeyProblem(n, e);
    if (problem) throw new KeyFileError(problem);
    publicBlob = new Writer().string(keyType).mpint(e).mpint(n).bytes();
  } else {
    throw new KeyFileError(`key type ${keyType} is not supported (ed25519, ecdsa and rsa are)`);
  }
  return { publicBlob, privateBlob: r.buf.slice(start, r.pos) };
}

export function parseOpenSshPrivateKey(text: string): HostKeyPair {
  const begin = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (begin < 0 || end < begin) {
    if (text.includes('BEGIN RSA PRIVATE KEY') || text.includes('BEGIN EC PRIVATE KEY') || text.includes('BEGIN PRIVATE KEY')) {
      throw new KeyFileError('this is a PEM/PKCS key, not an OpenSSH key: convert it with ssh-keygen -p -f FILE (it rewrites in OpenSSH format)');
    }
    throw new KeyFileError(`not an OpenSSH private key (no "${BEGIN}" line)`);
  }
  let bin: Uint8Array;
  try {
    bin = base64Decode(text.slice(begin + BEGIN.length, end));
  } catch {
    throw new KeyFileError('the key body is not valid base64');
  }
  if (!equalBytes(bin.subarray(0, MAGIC.length), MAGIC)) throw new KeyFileError('missing the openssh-key-v1 magic');
  try {
    const r = new Reader(bin.subarray(MAGIC.length));
    const cipher = r.text('ciphername');
    const kdf = r.text('kdfname');
    r.string('kdfoptions');
    if (cipher !== 'none' || kdf !== 'none') {
      throw new KeyFileError('encrypted keys are not supported: remove the passphrase with ssh-keygen -p -N "" -f FILE');
    }
    const count = r.uint32('number of keys');
    if (count !== 1) throw new KeyFileError(`the file holds ${count} keys; one is supported`);
    const publicBlob = r.string('publickey');
    const priv = new Reader(r.string('private section'));
    r.end();
    const c1 = priv.uint32('checkint');
    const c2 = priv.uint32('checkint');
    if (c1 !== c2) throw new KeyFileError('checkints differ: the key is corrupt (or was encrypted)');
    const keyType = priv.text('keytype');
    const k = readKeyFields(priv, keyType);
    priv.text('comment');
    // Padding is 1, 2, 3, … up to the cipher block size.
    for (let i = 1; priv.remaining > 0; i++) {
      if (priv.byte('padding') !== i) throw new KeyFileError('bad padding in the private section');
    }
    if (!equalBytes(k.publicBlob, publicBlob)) throw new KeyFileError('the public key does not match the private key');
    return { keyType, publicBlob, privateBlob: k.privateBlob };
  } catch (e) {
    if (e instanceof KeyFileError) throw e;
    throw new KeyFileError(`malformed key: ${(e as Error).message}`);
  }
}

export function serializeOpenSshPrivateKey(pair: HostKeyPair, comment: string, checkint: number): string {
  let priv = new Writer().uint32(checkint).uint32(checkint).string(pair.keyType).raw(pair.privateBlob).string(comment).bytes();
  const pad: number[] = [];
  for (let i = 1; (priv.length + pad.length) % 8 !== 0; i++) pad.push(i);
  priv = concat(priv, Uint8Array.from(pad));
  const body = concat(
    MAGIC,
    new Writer().string('none').string('none').string(new Uint8Array(0)).uint32(1).string(pair.publicBlob).string(priv).bytes(),
  );
  const b64 = base64Encode(body);
  const lines = b64.match(/.{1,70}/g) ?? [];
  return `${BEGIN}\n${lines.join('\n')}\n${END}\n`;
}

/** "ssh-ed25519 AAAA… comment": the .pub line for a key. */
export function publicKeyLine(pair: HostKeyPair, comment = ''): string {
  return `${pair.keyType} ${base64Encode(pair.publicBlob)}${comment ? ' ' + comment : ''}`;
}
