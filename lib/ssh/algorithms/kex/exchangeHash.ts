// The exchange hash H (RFC 4253 §8, RFC 5656 §4, RFC 8731 §3, RFC 4419 §3,
// draft-ietf-sshm-mlkem-hybrid-kex §2.5), with every input kept separately so the UI can show what
// was hashed, byte for byte.

import { bytesToBigint, concat, u32be } from '../../wire/bytes';
import { encodeMpint, encodeString } from '../../wire/writer';
import { hash, type HashName } from '../hash';
import type { KexFamily } from '../types';

export interface HashInput {
  name: string;
  type: 'string' | 'mpint' | 'uint32';
  /** Encoded exactly as it enters the hash. */
  bytes: Uint8Array;
  ref: string;
}

export interface ExchangeHashParts {
  family: KexFamily;
  V_C: string;
  V_S: string;
  I_C: Uint8Array;
  I_S: Uint8Array;
  K_S: Uint8Array;
  /** Q_C, C_INIT, or e as unsigned big-endian bytes. */
  clientPublic: Uint8Array;
  /** Q_S, S_REPLY, or f as unsigned big-endian bytes. */
  serverPublic: Uint8Array;
  /** Encoded with its length prefix: an mpint, or a string for the hybrid methods. */
  K: Uint8Array;
  gex?: { min: number; n: number; max: number; p: bigint; g: bigint };
}

export function exchangeHashInputs(x: ExchangeHashParts): HashInput[] {
  const ref = {
    ecdh: 'RFC 5656 §4',
    'dh-gex': 'RFC 4419 §3',
    dh: 'RFC 4253 §8',
    hybrid: 'draft-ietf-sshm-mlkem-hybrid-kex-10 §2.5',
  }[x.family];
  const str = (name: string, v: Uint8Array | string): HashInput => ({ name, type: 'string', bytes: encodeString(v), ref });
  const mp = (name: string, v: bigint): HashInput => ({ name, type: 'mpint', bytes: encodeMpint(v), ref });
  const u32 = (name: string, v: number): HashInput => ({ name, type: 'uint32', bytes: u32be(v), ref });
  const inputs: HashInput[] = [str('V_C', x.V_C), str('V_S', x.V_S), str('I_C', x.I_C), str('I_S', x.I_S), str('K_S', x.K_S)];
  if (x.family === 'ecdh') {
    inputs.push(str('Q_C', x.clientPublic), str('Q_S', x.serverPublic));
  } else if (x.family === 'hybrid') {
    inputs.push(str('C_INIT', x.clientPublic), str('S_REPLY', x.serverPublic));
  } else {
    if (x.family === 'dh-gex') {
      const g = x.gex!;
      inputs.push(u32('min', g.min), u32('n', g.n), u32('max', g.max), mp('p', g.p), mp('g', g.g));
    }
    inputs.push(mp('e', bytesToBigint(x.clientPublic)), mp('f', bytesToBigint(x.serverPublic)));
  }
  // The hybrid K is a hash output, not an integer: it is a string there (§2.5), an mpint elsewhere.
  inputs.push({ name: 'K', type: x.family === 'hybrid' ? 'string' : 'mpint', bytes: x.K, ref });
  return inputs;
}

export function exchangeHash(h: HashName, inputs: HashInput[]): Uint8Array {
  return hash(h, concat(...inputs.map((i) => i.bytes)));
}
