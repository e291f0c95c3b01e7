import { describe, expect, it } from 'vitest';
import { hostKeyAlgorithms } from '../ssh/algorithms/hostkey';
import { DEMO_KEY_TABLE } from './demoKeyTable';
import { DEMO_KEY_TYPES, demoHostKey, deriveDemoHostKey } from './demoKeys';

describe('stored demo host keys', () => {
  it('covers every demo key type', () => {
    expect(Object.keys(DEMO_KEY_TABLE).sort()).toEqual([...DEMO_KEY_TYPES].sort());
  });

  // The table is a cache of the derivation: each entry must be what deriving the key gives.
  it.each(DEMO_KEY_TYPES)('%s equals the key derived from the seed', (keyType) => {
    const stored = demoHostKey(keyType);
    const derived = deriveDemoHostKey(keyType);
    expect(stored.keyType).toBe(derived.keyType);
    expect(Buffer.from(stored.publicBlob).toString('hex')).toBe(Buffer.from(derived.publicBlob).toString('hex'));
    expect(Buffer.from(stored.privateBlob).toString('hex')).toBe(Buffer.from(derived.privateBlob).toString('hex'));
  }, 60_000);

  it('signs with a stored key so that the public half verifies', () => {
    for (const name of ['ssh-ed25519', 'ecdsa-sha2-nistp384', 'rsa-sha2-512']) {
      const alg = hostKeyAlgorithms[name];
      const key = demoHostKey(alg.keyType);
      const data = new TextEncoder().encode('exchange hash stand-in');
      expect(alg.verify(key.publicBlob, alg.sign(key, data), data)).toEqual({ ok: true });
    }
  });

  it('derives keys for other seeds', () => {
    const a = demoHostKey('ssh-ed25519', 'another seed');
    expect(Buffer.from(a.publicBlob).equals(Buffer.from(demoHostKey('ssh-ed25519').publicBlob))).toBe(false);
  });
});
