// Packet protection for one direction: none, encrypt-and-MAC, encrypt-then-MAC, or AEAD.
// Values, not objects with hidden state: seal/open return the protection for the next packet
// (the AES-CTR keystream offset or the GCM invocation counter lives in it).

import { ctr, gcm } from '@noble/ciphers/aes.js';
import { chacha20orig } from '@noble/ciphers/chacha.js';
import { poly1305 } from '@noble/ciphers/_poly1305.js';
import { bigintToBytes, bytesToBigint, concat, equalBytes, readU32, toHex } from '../wire/bytes';
import { ciphers } from './cipher';
import { macImpls } from './mac';
import type { FramingMode, OpenResult, PacketProtection, ProtectionKeys, WireLayout } from './types';

const TWO128 = 1n << 128n;
const TWO64 = 1n << 64n;

export const noProtection: PacketProtection = {
  cipher: 'none',
  mac: 'none',
  mode: 'none',
  blockSize: 8,
  macLength: 0,
  lengthPrefixSize: 4,
  seal: (_seq, packet) => ({ wire: packet, next: noProtection }),
  peekLength: (_seq, prefix) => readU32(prefix, 0),
  open: (_seq, wire) => ({ ok: true, packet: wire, next: noProtection }),
  layout: () => ({ mode: 'none', lengthEncrypted: false, encrypted: null, mac: null }),
};

/**
 * AES-CTR (RFC 4344 §4): the IV is a 128-bit big-endian counter that keeps running across the
 * packets of one direction. XORs `data` with the keystream starting `offset` bytes into the
 * stream: a fresh noble `ctr` at counter block IV + ⌊offset/16⌋ (mod 2^128), so nothing is shared.
 */
export function ctrXor(key: Uint8Array, iv: bigint, offset: number, data: Uint8Array): Uint8Array {
  const skip = offset % 16;
  const counter = bigintToBytes((iv + BigInt(Math.floor(offset / 16))) % TWO128, 16);
  const buf = new Uint8Array(skip + data.length);
  buf.set(data, skip);
  return ctr(key, counter).encrypt(buf).subarray(skip);
}

function u64(seq: number): Uint8Array {
  const n = new Uint8Array(8);
  new DataView(n.buffer).setUint32(4, seq >>> 0);
  return n;
}

const truncated = (name: string, seq: number, got: number, need: number): OpenResult => ({
  ok: false,
  reason: `truncated packet (${name}, seq ${seq}): ${got} bytes, at least ${need} needed`,
});

export function createProtection(keys: ProtectionKeys): PacketProtection {
  if (keys.cipher === 'none') {
    if (keys.mac === 'none' || keys.mac === '<implicit>') return noProtection;
    throw new Error(`cipher none with MAC ${keys.mac} is not supported`);
  }
  const c = ciphers[keys.cipher];
  if (!c) throw new Error(`unknown cipher ${keys.cipher}`);
  if (keys.encKey.length !== c.keyLength) throw new Error(`${c.name} needs a ${c.keyLength}-byte key, got ${keys.encKey.length}`);
  if (keys.iv.length !== c.ivLength) throw new Error(`${c.name} needs a ${c.ivLength}-byte IV, got ${keys.iv.length}`);
  if (c.name === 'chacha20-poly1305@openssh.com') return chachaProtection(keys.encKey.slice());
  if (c.aead) return gcmProtection(c.name, keys.encKey.slice(), keys.iv.slice(0, 4), bytesToBigint(keys.iv.subarray(4)));
  const m = macImpls[keys.mac];
  if (!m) throw new Error(`unknown MAC ${keys.mac}`);
  if (keys.macKey.length !== m.keyLength) throw new Error(`${m.name} needs a ${m.keyLength}-byte key, got ${keys.macKey.length}`);
  const spec: CtrSpec = {
    cipher: c.name,
    mac: m.name,
    key: keys.encKey.slice(),
    iv: bytesToBigint(keys.iv),
    tag: m.create(keys.macKey.slice()),
    macLength: m.macLength,
    etm: m.etm,
  };
  return ctrProtection(spec, 0);
}

interface CtrSpec {
  cipher: string;
  mac: string;
  key: Uint8Array;
  iv: bigint;
  tag: (seq: number, data: Uint8Array) => Uint8Array;
  macLength: number;
  etm: boolean;
}

/** AES-CTR with a MAC, encrypt-and-MAC (RFC 4253 §6) or encrypt-then-MAC (OpenSSH PROTOCOL §1.5). */
function ctrProtection(spec: CtrSpec, offset: number): PacketProtection {
  const { key, iv, tag, macLength, etm } = spec;
  const mode: FramingMode = etm ? 'encrypt-then-mac' : 'encrypt-and-mac';
  // Say what the MAC covered: it is what a reader must recompute to see why it failed.
  const covered = etm ? 'the sequence number, packet_length and ciphertext' : 'the sequence number and the decrypted packet';
  const mismatch = (seq: number): OpenResult => ({ ok: false, reason: `MAC mismatch (${spec.mac}, seq ${seq}): the MAC over ${covered} does not match` });
  // The keystream position moves by the bytes encrypted: the whole packet for E&M, all but the
  // length for EtM.
  const advance = (bytes: number) => ctrProtection(spec, offset + bytes);
  return {
    cipher: spec.cipher,
    mac: spec.mac,
    mode,
    blockSize: 16,
    macLength,
    lengthPrefixSize: etm ? 4 : 16,
    seal(seq, packet) {
      if (etm) {
        const authed = concat(packet.subarray(0, 4), ctrXor(key, iv, offset, packet.subarray(4)));
        return { wire: concat(authed, tag(seq, authed)), next: advance(packet.length - 4) };
      }
      return { wire: concat(ctrXor(key, iv, offset, packet), tag(seq, packet)), next: advance(packet.length) };
    },
    peekLength(_seq, prefix) {
      const head = prefix.subarray(0, 4);
      return readU32(etm ? head : ctrXor(key, iv, offset, head), 0);
    },
    open(seq, wire): OpenResult {
      if (wire.length < 4 + macLength) return truncated(spec.mac, seq, wire.length, 4 + macLength);
      const body = wire.subarray(0, wire.length - macLength);
      const received = wire.subarray(wire.length - macLength);
      if (etm) {
        // Encrypt-then-MAC: authenticate the wire bytes before decrypting any of them.
        if (!equalBytes(tag(seq, body), received)) return mismatch(seq);
        const plain = ctrXor(key, iv, offset, body.subarray(4));
        return { ok: true, packet: concat(body.subarray(0, 4), plain), next: advance(plain.length) };
      }
      const packet = ctrXor(key, iv, offset, body);
      if (!equalBytes(tag(seq, packet), received)) return mismatch(seq);
      return { ok: true, packet, next: advance(packet.length) };
    },
    layout: (len): WireLayout => ({
      mode,
      lengthEncrypted: !etm,
      encrypted: etm ? { offset: 4, length: len } : { offset: 0, length: 4 + len },
      mac: { offset: 4 + len, length: macLength },
    }),
  };
}

/**
 * aes128-gcm@openssh.com / aes256-gcm@openssh.com (RFC 5647 §7, as OpenSSH PROTOCOL §1.6 uses
 * it): packet_length travels in clear and is the AAD; the 12-byte nonce is the 4-byte fixed
 * field || an 8-byte invocation counter, incremented (mod 2^64, fixed field untouched) after
 * every packet. The sequence number is not part of the nonce; the negotiated MAC is ignored.
 */
function gcmProtection(name: string, key: Uint8Array, fixed: Uint8Array, counter: bigint, used = 0): PacketProtection {
  const nonce = () => concat(fixed, bigintToBytes(counter, 8));
  const next = () => gcmProtection(name, key, fixed, (counter + 1n) % TWO64, used + 1);
  return {
    cipher: name,
    mac: '<implicit>',
    mode: 'aead',
    blockSize: 16,
    macLength: 16,
    lengthPrefixSize: 4,
    seal(_seq, packet) {
      const aad = packet.slice(0, 4);
      return { wire: concat(aad, gcm(key, nonce(), aad).encrypt(packet.subarray(4))), next: next() };
    },
    peekLength: (_seq, prefix) => readU32(prefix, 0),
    open(seq, wire) {
      if (wire.length < 4 + 16) return truncated(name, seq, wire.length, 4 + 16);
      const aad = wire.slice(0, 4);
      try {
        const plain = gcm(key, nonce(), aad).decrypt(wire.subarray(4));
        return { ok: true, packet: concat(aad, plain), next: next() };
      } catch {
        // The nonce, not the sequence number, ties a GCM packet to its place: name what went in.
        return {
          ok: false,
          reason:
            `authentication tag mismatch (${name}): checked with nonce = fixed field || invocation counter 0x${toHex(bigintToBytes(counter, 8))}, ` +
            `this side's packet ${used + 1} under these keys (RFC 5647 §7.1); the sequence number (${seq}) is no input to the tag`,
        };
      }
    },
    layout: (len) => ({ mode: 'aead', lengthEncrypted: false, encrypted: { offset: 4, length: len }, mac: { offset: 4 + len, length: 16 } }),
  };
}

/**
 * chacha20-poly1305@openssh.com (OpenSSH PROTOCOL.chacha20poly1305), not RFC 8439's AEAD.
 * The 64-byte key is K_2 (bytes 0–31, the payload key) || K_1 (bytes 32–63, the length key).
 * Both use the original ChaCha20 with the 64-bit big-endian sequence number as nonce:
 *   - K_1 at block counter 0 encrypts the 4-byte packet_length;
 *   - K_2 at block counter 0 gives the Poly1305 key (its first 32 bytes);
 *   - K_2 from block counter 1 encrypts padding_length || payload || padding;
 *   - the tag is Poly1305 over encrypted length || ciphertext.
 * No state carries between packets: the sequence number is the whole nonce.
 */
function chachaProtection(key: Uint8Array): PacketProtection {
  const payloadKey = key.slice(0, 32); // K_2
  const lengthKey = key.slice(32, 64); // K_1
  const name = 'chacha20-poly1305@openssh.com';
  const polyKey = (nonce: Uint8Array) => chacha20orig(payloadKey, nonce, new Uint8Array(32), undefined, 0);
  const self: PacketProtection = {
    cipher: name,
    mac: '<implicit>',
    mode: 'aead',
    blockSize: 8,
    macLength: 16,
    lengthPrefixSize: 4,
    seal(seq, packet) {
      const nonce = u64(seq);
      const encLength = chacha20orig(lengthKey, nonce, packet.subarray(0, 4), undefined, 0);
      const body = chacha20orig(payloadKey, nonce, packet.subarray(4), undefined, 1);
      const authed = concat(encLength, body);
      return { wire: concat(authed, poly1305(authed, polyKey(nonce))), next: self };
    },
    peekLength: (seq, prefix) => readU32(chacha20orig(lengthKey, u64(seq), prefix.subarray(0, 4), undefined, 0), 0),
    open(seq, wire) {
      if (wire.length < 4 + 16) return truncated(name, seq, wire.length, 4 + 16);
      const nonce = u64(seq);
      const authed = wire.subarray(0, wire.length - 16);
      if (!equalBytes(poly1305(authed, polyKey(nonce)), wire.subarray(wire.length - 16))) {
        return {
          ok: false,
          reason: `Poly1305 tag mismatch (${name}, seq ${seq}): the sequence number is the nonce of both ChaCha20 instances, so the tag key comes from it; the tag covers the encrypted packet_length and ciphertext`,
        };
      }
      const length = chacha20orig(lengthKey, nonce, authed.subarray(0, 4), undefined, 0);
      return { ok: true, packet: concat(length, chacha20orig(payloadKey, nonce, authed.subarray(4), undefined, 1)), next: self };
    },
    layout: (len) => ({ mode: 'aead', lengthEncrypted: true, encrypted: { offset: 4, length: len }, mac: { offset: 4 + len, length: 16 } }),
  };
  return self;
}
