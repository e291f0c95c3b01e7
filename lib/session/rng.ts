// A seeded byte stream for simulations: ChaCha20 keystream under a key hashed from the seed.
// Same seed and label ⇒ same bytes, on every platform.

import { chacha20 } from '@noble/ciphers/chacha.js';
import { sha256 } from '@noble/hashes/sha2.js';

export class SeededRandom {
  private readonly key: Uint8Array;
  private readonly nonce = new Uint8Array(12);
  private produced = 0;

  constructor(seed: number | string, label: string) {
    this.key = sha256(new TextEncoder().encode(`sshscope seed ${seed} ${label}`));
  }

  bytes(n: number): Uint8Array {
    // Keystream from the current 64-byte block; cheap enough for handshake-sized requests.
    const startBlock = Math.floor(this.produced / 64);
    const skip = this.produced - startBlock * 64;
    const stream = chacha20(this.key, this.nonce, new Uint8Array(skip + n), undefined, startBlock);
    this.produced += n;
    return stream.slice(skip);
  }
}
