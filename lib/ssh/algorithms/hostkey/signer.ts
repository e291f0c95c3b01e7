// Signing belongs to a driver, not to the engine: the engine asks with a needSignature effect and
// a driver answers with a signature event. This is the driver side for code that runs anywhere
// (the simulator, scenarios, the browser): the pure signers of the host key registry. In Node,
// `serve` uses node:crypto instead (lib/node/sign.ts: constant-time, blinded RSA).

import { equalBytes } from '../../wire/bytes';
import type { HostKeyPair, HostPublicKey } from '../types';
import { hostKeyAlgorithms } from '.';

export interface SignatureRequest {
  algorithm: string;
  publicKey: Uint8Array;
  data: Uint8Array;
}

/** Returns the signature blob (string name || string sig). Throws when it holds no such key. */
export type Signer = (req: SignatureRequest) => Uint8Array;

export function findKey<K extends HostPublicKey>(keys: readonly K[], publicKey: Uint8Array): K | undefined {
  return keys.find((k) => equalBytes(k.publicBlob, publicKey));
}

export function keyringSigner(keys: readonly HostKeyPair[]): Signer {
  return ({ algorithm, publicKey, data }) => {
    const alg = hostKeyAlgorithms[algorithm];
    if (!alg) throw new Error(`no signature algorithm ${algorithm}`);
    const key = findKey(keys, publicKey);
    if (!key) throw new Error(`no private key for the ${algorithm} host key asked for`);
    return alg.sign(key, data);
  };
}

/** The public halves only: what an engine config and a recording may hold. */
export function publicHalves(keys: readonly HostPublicKey[]): HostPublicKey[] {
  return keys.map((k) => ({ keyType: k.keyType, publicBlob: k.publicBlob }));
}
