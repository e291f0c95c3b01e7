// The six keys of one key exchange (RFC 4253 §7.2) and the protection each direction gets from
// them: one pure function shared by the engine's kex flow and the passive observer
// (lib/session/observer), so both derive exactly the same bytes.

import { ciphers } from '../algorithms/cipher';
import type { HashName } from '../algorithms/hash';
import { macs } from '../algorithms/mac';
import type { ProtectionKeys } from '../algorithms/types';
import { deriveKey, kdfFormula, keyPurposes } from '../kdf';
import type { Computation } from './events';
import type { Negotiated } from './negotiate';

const letters = [
  { letter: 'A', dir: 'c2s', use: 'iv' },
  { letter: 'B', dir: 's2c', use: 'iv' },
  { letter: 'C', dir: 'c2s', use: 'enc' },
  { letter: 'D', dir: 's2c', use: 'enc' },
  { letter: 'E', dir: 'c2s', use: 'mac' },
  { letter: 'F', dir: 's2c', use: 'mac' },
] as const;

export interface SessionKeys {
  /** The six `key` computations, A to F, each with its formula. */
  computations: Extract<Computation, { name: 'key' }>[];
  /** What each direction's packet protection is made from. */
  keys: { c2s: ProtectionKeys; s2c: ProtectionKeys };
}

/** Derives keys A–F for the negotiated ciphers and MACs. The algorithms must be in the registries. */
export function deriveSessionKeys(hash: HashName, K: Uint8Array, H: Uint8Array, sessionId: Uint8Array, n: Negotiated): SessionKeys {
  const names = { c2s: { cipher: n.cipherC2S, mac: n.macC2S }, s2c: { cipher: n.cipherS2C, mac: n.macS2C } };
  const keys = { c2s: {} as ProtectionKeys, s2c: {} as ProtectionKeys };
  const computations: SessionKeys['computations'] = [];
  for (const l of letters) {
    const { cipher, mac } = names[l.dir];
    const c = ciphers[cipher];
    const length = l.use === 'iv' ? c.ivLength : l.use === 'enc' ? c.keyLength : c.aead ? 0 : macs[mac].keyLength;
    const value = deriveKey({ hash, K, H, letter: l.letter, sessionId, length });
    const formula =
      length === 0
        ? `not used: ${l.use === 'mac' ? `${cipher} authenticates with its own tag` : `${cipher} needs no IV`}`
        : kdfFormula(hash, l.letter, length);
    computations.push({ name: 'key', letter: l.letter, purpose: keyPurposes[l.letter], value, formula });
    const k = keys[l.dir];
    k.cipher = cipher;
    k.mac = mac;
    if (l.use === 'iv') k.iv = value;
    else if (l.use === 'enc') k.encKey = value;
    else k.macKey = value;
  }
  return { computations, keys };
}
