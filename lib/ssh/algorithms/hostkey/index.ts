// The host key registry, keyed by the signature algorithm name as negotiated.

import { sha256 } from '@noble/hashes/sha2.js';
import type { BlobDecoders, HostKeyAlgorithm } from '../types';
import { base64Encode } from './base64';
import { publicKeyFields, signatureFields } from './blobs';
import { ecdsaAlgorithms } from './ecdsa';
import { sshEd25519 } from './ed25519';
import { rsaAlgorithms } from './rsa';

export { publicKeyFields, signatureFields } from './blobs';

export const hostKeyAlgorithms: Record<string, HostKeyAlgorithm> = Object.fromEntries(
  [sshEd25519, ...ecdsaAlgorithms, ...rsaAlgorithms].map((a) => [a.name, a]),
);

export const blobDecoders: BlobDecoders = { publicKeyFields, signatureFields };

/** OpenSSH's fingerprint form: "SHA256:" and unpadded base64 of SHA-256(blob). */
export function fingerprintSha256(publicBlob: Uint8Array): string {
  return 'SHA256:' + base64Encode(sha256(publicBlob), false);
}
