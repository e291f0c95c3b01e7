// PQ/T hybrid key exchange (draft-ietf-sshm-mlkem-hybrid-kex): ML-KEM (FIPS 203) and ECDH in one
// round trip. C_INIT = C_PK2 || C_PK1, S_REPLY = S_CT2 || S_PK1 (§2.1); K = HASH(K_PQ || K_CL)
// with both secrets as fixed-length byte arrays (§2.4), and K enters H and the KDF as a string (§2.5).
// Randomness comes only from the caller: ML-KEM key generation from a 64-byte seed (d || z),
// encapsulation from a 32-byte message m (FIPS 203 §7.1, §7.2), through noble's seeded variants.

import { ml_kem1024, ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { concat } from '../../wire/bytes';
import { encodeString } from '../../wire/writer';
import { hash, hashes, type HashName } from '../hash';
import type { HybridKexAlgorithm, HybridSecrets } from '../types';
import { nist, X25519_ENTROPY, x25519Keypair, x25519Secret, type RawSecret } from './ecdh';

export const DRAFT = 'draft-ietf-sshm-mlkem-hybrid-kex-10';

/** The post-quantum half: an ML-KEM parameter set. */
interface Kem {
  title: string;
  kem: typeof ml_kem768;
  publicKeyLength: number;
  cipherTextLength: number;
}

const mlkem768: Kem = { title: 'ML-KEM-768', kem: ml_kem768, publicKeyLength: 1184, cipherTextLength: 1088 };
const mlkem1024: Kem = { title: 'ML-KEM-1024', kem: ml_kem1024, publicKeyLength: 1568, cipherTextLength: 1568 };

/** ML-KEM's seeds: 64 bytes (d || z) for key generation, 32 bytes (m) for encapsulation. */
const KEYGEN_SEED = 64;
const ENCAPS_MESSAGE = 32;

/** The traditional half: an ECDH group whose shared secret comes out as fixed-length bytes. */
interface Classical {
  title: string;
  publicLength: number;
  /** Bytes of the private key (it ends the client's private key, after the KEM decapsulation key). */
  privateLength: number;
  entropyLength: number;
  keypair(entropy: Uint8Array): { privateKey: Uint8Array; publicKey: Uint8Array };
  secret(privateKey: Uint8Array, peerPublic: Uint8Array): RawSecret;
  /** K_CL's formula; `mine`/`theirs` name the private key and the peer's public key. */
  formula(mine: string, theirs: string): string;
}

const x25519: Classical = {
  title: 'X25519',
  publicLength: 32,
  privateLength: 32,
  entropyLength: X25519_ENTROPY,
  keypair: x25519Keypair,
  secret: x25519Secret,
  // The standalone method reads these 32 bytes as a big-endian number; re-encoded at fixed size
  // they are the same bytes, so K_CL is X25519's output as it is (§2.4).
  formula: (mine, theirs) => `K_CL = X25519(${mine}, ${theirs}): its 32 bytes as they are, not an mpint (RFC 8731 §3, ${DRAFT} §2.4)`,
};

function nistClassical(c: typeof nist.p256, title: string): Classical {
  return {
    title,
    publicLength: c.publicLength,
    privateLength: c.scalarBytes,
    entropyLength: c.entropyLength,
    keypair: (e) => c.keypair(e),
    secret: (d, q) => c.secret(d, q),
    formula: (mine, theirs) =>
      `K_CL = x-coordinate of ${mine} · ${theirs}, as ${c.scalarBytes} big-endian bytes, not an mpint (RFC 5656 §4, ${DRAFT} §2.4)`,
  };
}

function hybrid(name: string, kem: Kem, ecdh: Classical, hashName: HashName, section: string): HybridKexAlgorithm {
  const init = [
    { name: 'C_PK2', what: `${kem.title} encapsulation key`, length: kem.publicKeyLength },
    { name: 'C_PK1', what: `${ecdh.title} public key`, length: ecdh.publicLength },
  ] as const;
  const reply = [
    { name: 'S_CT2', what: `${kem.title} ciphertext`, length: kem.cipherTextLength },
    { name: 'S_PK1', what: `${ecdh.title} public key`, length: ecdh.publicLength },
  ] as const;
  const initLength = kem.publicKeyLength + ecdh.publicLength;
  const replyLength = kem.cipherTextLength + ecdh.publicLength;

  const combine = (K_PQ: Uint8Array, K_CL: Uint8Array): HybridSecrets => ({
    K_PQ,
    K_CL,
    K: encodeString(hash(hashName, concat(K_PQ, K_CL))),
  });

  return {
    name,
    family: 'hybrid',
    hash: hashName,
    ref: `${DRAFT} ${section}`,
    init,
    reply,
    keypairEntropyLength: KEYGEN_SEED + ecdh.entropyLength,
    keypair(entropy) {
      const pq = kem.kem.keygen(entropy.subarray(0, KEYGEN_SEED));
      const cl = ecdh.keypair(entropy.subarray(KEYGEN_SEED, KEYGEN_SEED + ecdh.entropyLength));
      return { privateKey: concat(pq.secretKey, cl.privateKey), publicKey: concat(pq.publicKey, cl.publicKey) };
    },
    encapsulateEntropyLength: ecdh.entropyLength + ENCAPS_MESSAGE,
    encapsulate(clientInit, entropy) {
      // §2.1: the length first, so a longer C_INIT cannot pass as a shorter key plus extra bytes.
      if (clientInit.length !== initLength) {
        return { ok: false, reason: `C_INIT must be ${initLength} bytes (${kem.publicKeyLength} + ${ecdh.publicLength}), got ${clientInit.length}` };
      }
      const C_PK2 = clientInit.subarray(0, kem.publicKeyLength);
      const C_PK1 = clientInit.subarray(kem.publicKeyLength);
      const cl = ecdh.keypair(entropy.subarray(0, ecdh.entropyLength));
      const K_CL = ecdh.secret(cl.privateKey, C_PK1);
      if (!K_CL.ok) return { ok: false, reason: `C_PK1: ${K_CL.reason}` };
      let encapsulated: { cipherText: Uint8Array; sharedSecret: Uint8Array };
      try {
        // noble performs FIPS 203 §7.2's encapsulation key (modulus) check and throws if it fails.
        encapsulated = kem.kem.encapsulate(C_PK2, entropy.subarray(ecdh.entropyLength, ecdh.entropyLength + ENCAPS_MESSAGE));
      } catch (e) {
        return { ok: false, reason: `C_PK2 is not a valid ${kem.title} encapsulation key: ${(e as Error).message}` };
      }
      return {
        ok: true,
        reply: concat(encapsulated.cipherText, cl.publicKey),
        privateKey: cl.privateKey,
        publicKey: cl.publicKey,
        secrets: combine(encapsulated.sharedSecret, K_CL.secret),
      };
    },
    decapsulate(privateKey, serverReply) {
      if (serverReply.length !== replyLength) {
        return { ok: false, reason: `S_REPLY must be ${replyLength} bytes (${kem.cipherTextLength} + ${ecdh.publicLength}), got ${serverReply.length}` };
      }
      const S_CT2 = serverReply.subarray(0, kem.cipherTextLength);
      const S_PK1 = serverReply.subarray(kem.cipherTextLength);
      const dk = privateKey.subarray(0, privateKey.length - ecdh.privateLength);
      const d = privateKey.subarray(dk.length);
      const K_CL = ecdh.secret(d, S_PK1);
      if (!K_CL.ok) return { ok: false, reason: `S_PK1: ${K_CL.reason}` };
      let K_PQ: Uint8Array;
      try {
        // With the lengths right ML-KEM decapsulation does not fail: a bad ciphertext gives an
        // unrelated secret (implicit rejection), and the signature check of H then fails.
        K_PQ = kem.kem.decapsulate(S_CT2, dk);
      } catch (e) {
        return { ok: false, reason: `${kem.title} decapsulation failed: ${(e as Error).message}` };
      }
      return { ok: true, secrets: combine(K_PQ, K_CL.secret) };
    },
    formulas(role) {
      const H = hashes[hashName].title;
      return role === 'client'
        ? {
            K_PQ: `K_PQ = ${kem.title}.Decaps(decapsulation key, S_CT2) (FIPS 203 §7.3)`,
            K_CL: ecdh.formula('d_C', 'S_PK1'),
            K: `K = ${H}(K_PQ || K_CL), encoded as a string, not an mpint (${DRAFT} §2.4, §2.5)`,
          }
        : {
            K_PQ: `(S_CT2, K_PQ) = ${kem.title}.Encaps(C_PK2) (FIPS 203 §7.2)`,
            K_CL: ecdh.formula('d_S', 'C_PK1'),
            K: `K = ${H}(K_PQ || K_CL), encoded as a string, not an mpint (${DRAFT} §2.4, §2.5)`,
          };
    },
  };
}

export const hybridMethods: HybridKexAlgorithm[] = [
  hybrid('mlkem768x25519-sha256', mlkem768, x25519, 'sha256', '§2.3.3'),
  hybrid('mlkem768nistp256-sha256', mlkem768, nistClassical(nist.p256, 'P-256'), 'sha256', '§2.3.1'),
  hybrid('mlkem1024nistp384-sha384', mlkem1024, nistClassical(nist.p384, 'P-384'), 'sha384', '§2.3.2'),
];
