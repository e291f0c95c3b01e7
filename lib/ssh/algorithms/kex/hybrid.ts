// PQ/T hybrid key exchange (draft-ietf-sshm-mlkem-hybrid-kex): ML-KEM (FIPS 203) and ECDH in one
// round trip. C_INIT = C_PK2 || C_PK1, S_REPLY = S_CT2 || S_PK1 (§2.1); K = HASH(K_PQ || K_CL)
// with both secrets as fixed-length byte arrays (§2.4), and K enters H and the KDF as a string (§2.5).
// Randomness comes only from the caller: ML-KEM key generation from a 64-byte seed (d || z),
// encapsulation from a 32-byte message m (FIPS 203 §7.1, §7.2), through noble's seeded variants.
// sntrup761x25519-sha512 (RFC 9941 §3, published 2026 from draft-ietf-sshm-ntruprime-ssh), OpenSSH's
// default from 9.0 to 9.9, has the
// same shape: sntrup761 public key || X25519 public key, then ciphertext || X25519 public key, and
// K = SHA-512(K_PQ || K_CL) as a string; its KEM is ours (sntrup761.ts), seeded with 32 bytes each way.

import { ml_kem1024, ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { concat } from '../../wire/bytes';
import { encodeString } from '../../wire/writer';
import { hash, hashes, type HashName } from '../hash';
import type { HybridKexAlgorithm, HybridSecrets } from '../types';
import { nist, X25519_ENTROPY, x25519Keypair, x25519Secret, type RawSecret } from './ecdh';
import * as sntrup761 from './sntrup761';

export const DRAFT = 'draft-ietf-sshm-mlkem-hybrid-kex-10';
/** sntrup761x25519-sha512's specification (Informational), which the field refs and K's formula cite. */
export const NTRUPRIME_RFC = 'RFC 9941';

/** The post-quantum half: a KEM with seeded key generation and encapsulation. */
interface Kem {
  title: string;
  /** What its standard calls the public key: FIPS 203's "encapsulation key", NTRU Prime's "public key". */
  publicKeyName: string;
  publicKeyLength: number;
  cipherTextLength: number;
  /** Bytes of seed for keygen and for encapsulate. */
  keygenSeed: number;
  encapsSeed: number;
  keygen(seed: Uint8Array): { publicKey: Uint8Array; secretKey: Uint8Array };
  /** Throws when the public key is not a valid one. */
  encapsulate(publicKey: Uint8Array, seed: Uint8Array): { cipherText: Uint8Array; sharedSecret: Uint8Array };
  decapsulate(cipherText: Uint8Array, secretKey: Uint8Array): Uint8Array;
  /** K_PQ's formula per role, with the standard's section. */
  formula: { client: string; server: string };
  /** Where C_INIT and S_REPLY are defined. */
  ref: string;
}

/** ML-KEM's seeds: 64 bytes (d || z) for key generation, 32 bytes (m) for encapsulation. */
function mlkem(title: string, kem: typeof ml_kem768, publicKeyLength: number, cipherTextLength: number): Kem {
  return {
    title,
    publicKeyName: 'encapsulation key',
    publicKeyLength,
    cipherTextLength,
    keygenSeed: 64,
    encapsSeed: 32,
    keygen: (seed) => kem.keygen(seed),
    encapsulate: (pk, m) => kem.encapsulate(pk, m),
    decapsulate: (ct, sk) => kem.decapsulate(ct, sk),
    formula: {
      client: `K_PQ = ${title}.Decaps(decapsulation key, S_CT2) (FIPS 203 §7.3)`,
      server: `(S_CT2, K_PQ) = ${title}.Encaps(C_PK2) (FIPS 203 §7.2)`,
    },
    ref: `${DRAFT} §2.1`,
  };
}

const mlkem768 = mlkem('ML-KEM-768', ml_kem768, 1184, 1088);
const mlkem1024 = mlkem('ML-KEM-1024', ml_kem1024, 1568, 1568);

/** sntrup761: 32-byte seeds each way, expanded inside (key generation may need several tries). */
const sntrup: Kem = {
  title: 'sntrup761',
  publicKeyName: 'public key',
  publicKeyLength: sntrup761.PUBLIC_KEY_BYTES,
  cipherTextLength: sntrup761.CIPHERTEXT_BYTES,
  keygenSeed: sntrup761.SEED_BYTES,
  encapsSeed: sntrup761.SEED_BYTES,
  keygen: sntrup761.keypair,
  encapsulate: sntrup761.encapsulate,
  decapsulate: sntrup761.decapsulate,
  formula: {
    client: `K_PQ = sntrup761 Decap(secret key, S_CT2): decrypt, re-encrypt, compare; a mismatch gives a hash of the secret ρ instead (implicit rejection, ${sntrup761.SNTRUP761_SPEC})`,
    server: `(S_CT2, K_PQ) = sntrup761 Encap(C_PK2): a random short r, S_CT2 = Round(h·r) || HashConfirm, K_PQ = HashSession(1, r, S_CT2) (${sntrup761.SNTRUP761_SPEC})`,
  },
  ref: `${NTRUPRIME_RFC} §3`,
};

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
  formula(mine: string, theirs: string, ref: string): string;
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
  formula: (mine, theirs, ref) => `K_CL = X25519(${mine}, ${theirs}): its 32 bytes as they are, not an mpint (RFC 8731 §3, ${ref})`,
};

function nistClassical(c: typeof nist.p256, title: string): Classical {
  return {
    title,
    publicLength: c.publicLength,
    privateLength: c.scalarBytes,
    entropyLength: c.entropyLength,
    keypair: (e) => c.keypair(e),
    secret: (d, q) => c.secret(d, q),
    formula: (mine, theirs, ref) =>
      `K_CL = x-coordinate of ${mine} · ${theirs}, as ${c.scalarBytes} big-endian bytes, not an mpint (RFC 5656 §4, ${ref})`,
  };
}

function hybrid(name: string, kem: Kem, ecdh: Classical, hashName: HashName, ref: string, kRef: string): HybridKexAlgorithm {
  const init = [
    { name: 'C_PK2', what: `${kem.title} ${kem.publicKeyName}`, length: kem.publicKeyLength, ref: kem.ref },
    { name: 'C_PK1', what: `${ecdh.title} public key`, length: ecdh.publicLength, ref: kem.ref },
  ] as const;
  const reply = [
    { name: 'S_CT2', what: `${kem.title} ciphertext`, length: kem.cipherTextLength, ref: kem.ref },
    { name: 'S_PK1', what: `${ecdh.title} public key`, length: ecdh.publicLength, ref: kem.ref },
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
    ref,
    init,
    reply,
    keypairEntropyLength: kem.keygenSeed + ecdh.entropyLength,
    keypair(entropy) {
      const pq = kem.keygen(entropy.subarray(0, kem.keygenSeed));
      const cl = ecdh.keypair(entropy.subarray(kem.keygenSeed, kem.keygenSeed + ecdh.entropyLength));
      return { privateKey: concat(pq.secretKey, cl.privateKey), publicKey: concat(pq.publicKey, cl.publicKey) };
    },
    encapsulateEntropyLength: ecdh.entropyLength + kem.encapsSeed,
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
        // noble performs FIPS 203 §7.2's encapsulation key (modulus) check and throws if it fails;
        // every 1158 bytes decode to some sntrup761 key (out-of-range values are reduced).
        encapsulated = kem.encapsulate(C_PK2, entropy.subarray(ecdh.entropyLength, ecdh.entropyLength + kem.encapsSeed));
      } catch (e) {
        return { ok: false, reason: `C_PK2 is not a valid ${init[0].what}: ${(e as Error).message}` };
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
        // With the lengths right neither KEM's decapsulation fails: a bad ciphertext gives an
        // unrelated secret (implicit rejection), and the signature check of H then fails.
        K_PQ = kem.decapsulate(S_CT2, dk);
      } catch (e) {
        return { ok: false, reason: `${kem.title} decapsulation failed: ${(e as Error).message}` };
      }
      return { ok: true, secrets: combine(K_PQ, K_CL.secret) };
    },
    formulas(role) {
      const H = hashes[hashName].title;
      const K = `K = ${H}(K_PQ || K_CL), encoded as a string, not an mpint (${kRef})`;
      return role === 'client'
        ? { K_PQ: kem.formula.client, K_CL: ecdh.formula('d_C', 'S_PK1', kRef), K }
        : { K_PQ: kem.formula.server, K_CL: ecdh.formula('d_S', 'C_PK1', kRef), K };
    },
  };
}

const mlkemK = `${DRAFT} §2.4, §2.5`;
const sntrupK = `${NTRUPRIME_RFC} §3`;

export const hybridMethods: HybridKexAlgorithm[] = [
  hybrid('mlkem768x25519-sha256', mlkem768, x25519, 'sha256', `${DRAFT} §2.3.3`, mlkemK),
  // The same method under its IANA name and under OpenSSH's older private name (OpenSSH 8.5–9.x
  // offer only the latter, 9.9 and later both); the same parts, so the field tree cannot tell them apart.
  hybrid('sntrup761x25519-sha512', sntrup, x25519, 'sha512', `${NTRUPRIME_RFC} §3`, sntrupK),
  hybrid('sntrup761x25519-sha512@openssh.com', sntrup, x25519, 'sha512', `${NTRUPRIME_RFC} §3`, sntrupK),
  hybrid('mlkem768nistp256-sha256', mlkem768, nistClassical(nist.p256, 'P-256'), 'sha256', `${DRAFT} §2.3.1`, mlkemK),
  hybrid('mlkem1024nistp384-sha384', mlkem1024, nistClassical(nist.p384, 'P-384'), 'sha384', `${DRAFT} §2.3.2`, mlkemK),
];
