// The cipher registry (RFC 4344 AES-CTR, RFC 5647 AES-GCM as OpenSSH names it, OpenSSH's
// chacha20-poly1305). Framing lives in ../protection.ts; these are the specs it reads.

import type { CipherAlgorithm } from '../types';

export const ciphers: Record<string, CipherAlgorithm> = Object.fromEntries(
  (
    [
      { name: 'chacha20-poly1305@openssh.com', keyLength: 64, ivLength: 0, blockSize: 8, aead: { tagLength: 16 }, ref: 'OpenSSH PROTOCOL.chacha20poly1305' },
      { name: 'aes128-gcm@openssh.com', keyLength: 16, ivLength: 12, blockSize: 16, aead: { tagLength: 16 }, ref: 'RFC 5647; OpenSSH PROTOCOL §1.6' },
      { name: 'aes256-gcm@openssh.com', keyLength: 32, ivLength: 12, blockSize: 16, aead: { tagLength: 16 }, ref: 'RFC 5647; OpenSSH PROTOCOL §1.6' },
      { name: 'aes128-ctr', keyLength: 16, ivLength: 16, blockSize: 16, ref: 'RFC 4344 §4' },
      { name: 'aes192-ctr', keyLength: 24, ivLength: 16, blockSize: 16, ref: 'RFC 4344 §4' },
      { name: 'aes256-ctr', keyLength: 32, ivLength: 16, blockSize: 16, ref: 'RFC 4344 §4' },
    ] satisfies CipherAlgorithm[]
  ).map((c) => [c.name, c]),
);
