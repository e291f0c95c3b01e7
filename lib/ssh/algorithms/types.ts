// The contracts between the transport and the algorithm registries. Every algorithm is a small,
// pure object keyed by its IANA name: no I/O, no clock, no hidden randomness, no mutable state.

import type { Field } from '../wire/field';
import type { HashName } from './hash';

/** How good an algorithm is (recommended … broken, with a reason and a source) is not here: one table, ratings.ts, rates every name a KEXINIT may carry. */

// ---------------------------------------------------------------------------------------------
// Packet protection: a cipher and a MAC for one direction (RFC 4253 §6, PROTOCOL, RFC 5647).
// The packet layer sees protection only through these pure functions; the counter state
// (CTR position, GCM invocation counter) lives inside the returned value, never mutated.
// ---------------------------------------------------------------------------------------------

export type FramingMode = 'none' | 'encrypt-and-mac' | 'encrypt-then-mac' | 'aead';

export interface CipherAlgorithm {
  name: string; // "aes128-ctr", "chacha20-poly1305@openssh.com"
  keyLength: number; // bytes of key derived with letter C/D
  ivLength: number; // bytes of IV derived with letter A/B (0 for chacha20-poly1305)
  blockSize: number; // padding alignment (8 for chacha20-poly1305, 16 for AES)
  /** AEAD ciphers carry their own tag and ignore the negotiated MAC. */
  aead?: { tagLength: number };
  ref: string;
}

export interface MacAlgorithm {
  name: string; // "hmac-sha2-256-etm@openssh.com"
  keyLength: number; // bytes derived with letter E/F
  macLength: number; // tag bytes on the wire
  etm: boolean;
  ref: string;
}

export interface ProtectionKeys {
  cipher: string; // IANA name, or "none"
  mac: string; // IANA name, or "none"; ignored for AEAD ciphers
  encKey: Uint8Array;
  iv: Uint8Array;
  macKey: Uint8Array;
}

/** The spans of one packet as it travels (offsets relative to the first wire byte). */
export interface WireLayout {
  mode: FramingMode;
  /** packet_length: 4 bytes; clear for none/EtM/GCM, encrypted for E&M (inside the first block) and chacha20. */
  lengthEncrypted: boolean;
  /** Bytes covered by encryption (ciphertext span). */
  encrypted: { offset: number; length: number } | null;
  /** MAC or AEAD tag span. */
  mac: { offset: number; length: number } | null;
}

export type OpenResult =
  | { ok: true; packet: Uint8Array; next: PacketProtection }
  | { ok: false; reason: string };

export interface PacketProtection {
  readonly cipher: string;
  readonly mac: string;
  readonly mode: FramingMode;
  /** Padding alignment for this direction: max(8, cipher block size). */
  readonly blockSize: number;
  /** Bytes of MAC/tag after the packet. */
  readonly macLength: number;
  /** Wire bytes needed before the packet_length can be read (4, or a cipher block for E&M). */
  readonly lengthPrefixSize: number;
  /**
   * packet: the plaintext packet (uint32 packet_length || byte padding_length || payload || padding).
   * Returns the wire bytes and the protection to use for the next packet.
   */
  seal(seq: number, packet: Uint8Array): { wire: Uint8Array; next: PacketProtection };
  /** Reads packet_length from the first lengthPrefixSize wire bytes (decrypting if needed). Pure. */
  peekLength(seq: number, prefix: Uint8Array): number;
  /** wire: exactly 4 + packet_length + macLength bytes. Verifies, then decrypts. */
  open(seq: number, wire: Uint8Array): OpenResult;
  layout(packetLength: number): WireLayout;
}

// ---------------------------------------------------------------------------------------------
// Host keys (RFC 4253 §6.6, RFC 8709, RFC 5656 §3, RFC 8332)
// ---------------------------------------------------------------------------------------------

/**
 * A host key as the engine knows it: the public half only. The engine never holds a private key;
 * when it must sign it asks its driver (the needSignature effect), so no recording can carry one.
 */
export interface HostPublicKey {
  /** Key blob type: "ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa". */
  keyType: string;
  /** The public key blob exactly as K_S carries it. */
  publicBlob: Uint8Array;
}

/** A host key pair, held by a driver (serve, the simulator), never by the engine or a recording. */
export interface HostKeyPair extends HostPublicKey {
  /**
   * The private part, as OpenSSH's openssh-key-v1 private section lays out the key's fields
   * after its type name (ed25519: string pub || string priv64; ecdsa: string curve || string Q ||
   * mpint d; rsa: mpint n || mpint e || mpint d || mpint iqmp || mpint p || mpint q).
   */
  privateBlob: Uint8Array;
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };

export interface HostKeyAlgorithm {
  /** Signature algorithm name as negotiated: "rsa-sha2-256", "ssh-ed25519". */
  name: string;
  /** Key blob type it uses: "ssh-rsa" for rsa-sha2-256. */
  keyType: string;
  /** ssh-rsa (SHA-1) can verify but we never sign with it. */
  verifyOnly?: boolean;
  ref: string;
  /** Signs H in server role. Returns the signature blob (string name || string sig). */
  sign(key: HostKeyPair, data: Uint8Array): Uint8Array;
  /** Verifies a signature blob against a public key blob. Never throws. */
  verify(publicBlob: Uint8Array, signatureBlob: Uint8Array, data: Uint8Array): VerifyResult;
  /** A deterministic demo key from a seed (any length). */
  demoKey(seed: Uint8Array): HostKeyPair;
}

/** Field trees for the nested blobs. Throw only DecodeError. Offsets relative to `base`. */
export interface BlobDecoders {
  publicKeyFields(blob: Uint8Array, base: number): Field[];
  signatureFields(blob: Uint8Array, base: number): Field[];
}

// ---------------------------------------------------------------------------------------------
// Key exchange math (apart from the flow, which lives in transport/)
// ---------------------------------------------------------------------------------------------

export type KexFamily = 'ecdh' | 'dh' | 'dh-gex' | 'hybrid';

export interface DhGroup {
  p: bigint;
  g: bigint;
  /** e.g. "RFC 3526 group 14 (2048-bit MODP)" */
  name?: string;
}

interface KexCommon {
  name: string;
  hash: HashName;
  ref: string;
}

/** Diffie-Hellman style: each side makes a key pair and combines its private key with the peer's public value. */
export interface DhKexAlgorithm extends KexCommon {
  family: 'ecdh' | 'dh' | 'dh-gex';
  /** Fixed group for 'dh'; absent for 'ecdh' and 'dh-gex' (the server chooses). */
  group?: DhGroup;
  /** Bytes of entropy the ephemeral private key needs (for dh-gex: given the group). */
  entropyLength(group?: DhGroup): number;
  /**
   * Ephemeral key pair from entropy. publicKey is what goes on the wire: for ECDH the string
   * contents Q_C/Q_S; for DH the value e/f as unsigned big-endian bytes.
   */
  keypair(entropy: Uint8Array, group?: DhGroup): { privateKey: Uint8Array; publicKey: Uint8Array };
  /**
   * Checks the peer's public value and computes K. `K` is the shared secret exactly as it enters
   * the exchange hash and the KDF: an mpint with its length prefix.
   */
  sharedSecret(
    privateKey: Uint8Array,
    peerPublic: Uint8Array,
    group?: DhGroup,
  ): { ok: true; K: Uint8Array } | { ok: false; reason: string };
}

/** One fixed-length part of C_INIT or S_REPLY (draft-ietf-sshm-mlkem-hybrid-kex §2.1). */
export interface HybridPart {
  /** The draft's name: "C_PK2", "C_PK1", "S_CT2", "S_PK1". */
  name: string;
  /** "ML-KEM-768 encapsulation key" */
  what: string;
  length: number;
  /** Where the standard defines this part: "draft-ietf-sshm-mlkem-hybrid-kex-10 §2.1". */
  ref: string;
}

/** The two shared secrets of a hybrid exchange and the K made of them. */
export interface HybridSecrets {
  /** The KEM's shared secret (32 bytes for ML-KEM). */
  K_PQ: Uint8Array;
  /** The ECDH shared secret as a fixed-length byte array (not an mpint). */
  K_CL: Uint8Array;
  /** HASH(K_PQ || K_CL) encoded as a string, exactly as it enters H and the KDF. */
  K: Uint8Array;
}

/**
 * PQ/T hybrid (draft-ietf-sshm-mlkem-hybrid-kex): a KEM plus ECDH, in one round trip. The roles are
 * asymmetric: the client makes key pairs (C_INIT), the server encapsulates to the client's KEM key
 * and adds its own ECDH public key (S_REPLY), the client decapsulates.
 */
export interface HybridKexAlgorithm extends KexCommon {
  family: 'hybrid';
  /** C_INIT = C_PK2 || C_PK1: the KEM encapsulation key, then the ECDH public key. */
  init: readonly [HybridPart, HybridPart];
  /** S_REPLY = S_CT2 || S_PK1: the KEM ciphertext, then the ECDH public key. */
  reply: readonly [HybridPart, HybridPart];
  /** Client: bytes of entropy for keypair (the KEM key generation seed, then the ECDH private key). */
  keypairEntropyLength: number;
  /** Client: privateKey is the KEM decapsulation key || the ECDH private key; publicKey is C_INIT. */
  keypair(entropy: Uint8Array): { privateKey: Uint8Array; publicKey: Uint8Array };
  /** Server: bytes of entropy for encapsulate (the ECDH private key, then the KEM's message m). */
  encapsulateEntropyLength: number;
  /** Server: checks C_INIT, encapsulates to C_PK2 and agrees K_CL with C_PK1. */
  encapsulate(
    clientInit: Uint8Array,
    entropy: Uint8Array,
  ): { ok: true; reply: Uint8Array; privateKey: Uint8Array; publicKey: Uint8Array; secrets: HybridSecrets } | { ok: false; reason: string };
  /** Client: checks S_REPLY, decapsulates S_CT2 and agrees K_CL with S_PK1. */
  decapsulate(privateKey: Uint8Array, serverReply: Uint8Array): { ok: true; secrets: HybridSecrets } | { ok: false; reason: string };
  /** Formulas for the state inspector, per role. */
  formulas(role: 'client' | 'server'): { K_PQ: string; K_CL: string; K: string };
}

export type KexAlgorithm = DhKexAlgorithm | HybridKexAlgorithm;
