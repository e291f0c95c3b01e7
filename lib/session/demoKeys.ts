// Deterministic demo host keys, one per key type, so simulations need no key files.

import { hostKeyAlgorithms } from '../ssh/algorithms/hostkey';
import type { HostKeyPair } from '../ssh/algorithms/types';
import { fromHex } from '../ssh/wire/bytes';
import { DEMO_KEY_TABLE } from './demoKeyTable';

/** One signing algorithm per key type; rsa-sha2-256 and -512 share the ssh-rsa key. */
const representative: Record<string, string> = {
  'ssh-ed25519': 'ssh-ed25519',
  'ecdsa-sha2-nistp256': 'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384': 'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521': 'ecdsa-sha2-nistp521',
  'ssh-rsa': 'rsa-sha2-256',
};

export const DEMO_KEY_TYPES = Object.keys(representative);

export const DEMO_KEY_SEED = 'sshscope demo host key';

/** Derives the demo key of a type from a seed (slow for ssh-rsa: a prime search). */
export function deriveDemoHostKey(keyType: string, seed = DEMO_KEY_SEED): HostKeyPair {
  const alg = hostKeyAlgorithms[representative[keyType]];
  if (!alg) throw new Error(`no demo key for key type ${keyType}`);
  return alg.demoKey(new TextEncoder().encode(`${seed} ${keyType}`));
}

export function demoHostKey(keyType: string, seed = DEMO_KEY_SEED): HostKeyPair {
  // The default seed's keys are stored (demoKeyTable.ts says why); the same bytes either way.
  const stored = seed === DEMO_KEY_SEED && Object.hasOwn(DEMO_KEY_TABLE, keyType) ? DEMO_KEY_TABLE[keyType] : undefined;
  if (stored) return { keyType, publicBlob: fromHex(stored.publicBlob), privateBlob: fromHex(stored.privateBlob) };
  return deriveDemoHostKey(keyType, seed);
}

export function demoHostKeys(keyTypes: string[] = DEMO_KEY_TYPES, seed?: string): HostKeyPair[] {
  return keyTypes.map((t) => demoHostKey(t, seed));
}
