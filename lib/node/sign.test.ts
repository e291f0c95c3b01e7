// node:crypto signatures in SSH's blob layouts, checked against the pure verifiers (and, where both
// signers are deterministic, byte for byte against the pure signers: two independent implementations).

import { describe, expect, it } from 'vitest';
import { hostKeyAlgorithms } from '../ssh/algorithms/hostkey';
import { keyringSigner } from '../ssh/algorithms/hostkey/signer';
import { toHex } from '../ssh/wire/bytes';
import { demoHostKey } from '../session/demoKeys';
import { nodeSigner } from './sign';

const H = new TextEncoder().encode('an exchange hash stands here: 32+ bytes of it, really');

describe('nodeSigner', () => {
  for (const [alg, keyType] of [
    ['ssh-ed25519', 'ssh-ed25519'],
    ['ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp256'],
    ['ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp384'],
    ['ecdsa-sha2-nistp521', 'ecdsa-sha2-nistp521'],
    ['rsa-sha2-256', 'ssh-rsa'],
    ['rsa-sha2-512', 'ssh-rsa'],
  ]) {
    it(`${alg}: verifies with the pure verifier${alg.startsWith('ecdsa') ? '' : ' and equals the pure signature'}`, () => {
      const key = demoHostKey(keyType);
      const sig = nodeSigner([key])({ algorithm: alg, publicKey: key.publicBlob, data: H });
      expect(hostKeyAlgorithms[alg].verify(key.publicBlob, sig, H)).toEqual({ ok: true });
      const flipped = sig.slice();
      flipped[flipped.length - 1] ^= 1;
      expect(hostKeyAlgorithms[alg].verify(key.publicBlob, flipped, H).ok).toBe(false);
      // Ed25519 and PKCS#1 v1.5 are deterministic; ECDSA in OpenSSL draws a random k.
      if (!alg.startsWith('ecdsa')) expect(toHex(sig)).toBe(toHex(keyringSigner([key])({ algorithm: alg, publicKey: key.publicBlob, data: H })));
    });
  }

  it('refuses SHA-1 ssh-rsa and keys it does not hold', () => {
    const rsa = demoHostKey('ssh-rsa');
    const ed = demoHostKey('ssh-ed25519');
    expect(() => nodeSigner([rsa])({ algorithm: 'ssh-rsa', publicKey: rsa.publicBlob, data: H })).toThrow(/cannot sign/);
    expect(() => nodeSigner([rsa])({ algorithm: 'ssh-ed25519', publicKey: ed.publicBlob, data: H })).toThrow(/no private key/);
  });
});
