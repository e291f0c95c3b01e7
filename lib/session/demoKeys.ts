// Deterministic demo host keys, one per key type, so simulations need no key files.

import { hostKeyAlgorithms } from '../ssh/algorithms/hostkey';
import type { HostKeyPair } from '../ssh/algorithms/types';

/** One signing algorithm per key type; rsa-sha2-256 and -512 share the ssh-rsa key. */
const representative: Record<string, string> = {
  'ssh-ed25519': 'ssh-ed25519',
  'ecdsa-sha2-nistp256': 'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384': 'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521': 'ecdsa-sha2-nistp521',
  'ssh-rsa': 'rsa-sha2-256',
};

export const DEMO_KEY_TYPES = Object.keys(representative);

export function demoHostKey(keyType: string, seed = 'sshscope demo host key'): HostKeyPair {
  const alg = hostKeyAlgorithms[representative[keyType]];
  if (!alg) throw new Error(`no demo key for key type ${keyType}`);
  return alg.demoKey(new TextEncoder().encode(`${seed} ${keyType}`));
}

export function demoHostKeys(keyTypes: string[] = DEMO_KEY_TYPES, seed?: string): HostKeyPair[] {
  return keyTypes.map((t) => demoHostKey(t, seed));
}
