// Packet protection for one direction: none, encrypt-and-MAC, encrypt-then-MAC, or AEAD.
// Values, not objects with hidden state: seal/open return the protection for the next packet
// (the CTR block position or GCM invocation counter lives in it).

import { ecb, gcm } from '@noble/ciphers/aes.js';
import { chacha20orig } from '@noble/ciphers/chacha.js';
import { poly1305 } from '@noble/ciphers/_poly1305.js';
import { bigintToBytes, bytesToBigint, concat, equalBytes, readU32 } from '../wire/bytes';
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

/** AES-CTR keystream for `length` bytes from block `position` (RFC 4344: a 128-bit counter). */
export function ctrKeystream(key: Uint8Array, iv: bigint, position: bigint, length: number): Uint8Array {
  const blocks = Math.ceil(length / 16);
  const counters = new Uint8Array(blocks * 16);
  for (let i = 0; i < blocks; i++) counters.set(bigintToBytes((iv + position + BigInt(i)) % TWO128, 16), 16 * i);
  return ecb(key, { disablePadding: true }).encrypt(counters).subarray(0, length);
}

function xor(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] ^ b[i];
  return out;
}

function u64(seq: number): Uint8Array {
  const n = new Uint8Array(8);
  new DataView(n.buffer).setUint32(4, seq);
  return n;
}

export function createProtection(keys: ProtectionKeys): PacketProtection {
  const c = ciphers[keys.cipher];
  if (!c) throw new Error(`unknown cipher ${keys.cipher}`);
  if (keys.encKey.length !== c.keyLength) throw new Error(`${c.name} needs a ${c.keyLength}-byte key`);
  if (keys.iv.length !== c.ivLength) throw new Error(`${c.name} needs a ${c.ivLength}-byte IV`);
  if (c.name.startsWith('chacha20')) return chachaProtection(keys.encKey);
  if (c.aead) return gcmProtection(keys.cipher, keys.encKey, bytesToBigint(keys.iv.subarray(4)), keys.iv.subarray(0, 4));
  const m = macImpls[keys.mac];
  if (!m) throw new Error(`unknown MAC ${keys.mac}`);
  if (keys.macKey.length !== m.keyLength) throw new Error(`${m.name} needs a ${m.keyLength}-byte key`);
  return ctrProtection(keys, m.create(keys.macKey), m.macLength, m.etm, bytesToBigint(keys.iv), 0n);
}

function ctrProtection(
  keys: ProtectionKeys,
  mac: (seq: number, data: Uint8Array) => Uint8Array,
  macLength: number,
  etm: boolean,
  iv: bigint,
  position: bigint,
): PacketProtection {
  const mode: FramingMode = etm ? 'encrypt-then-mac' : 'encrypt-and-mac';
  const next = (bytes: number) => ctrProtection(keys, mac, macLength, etm, iv, position + BigInt(bytes / 16));
  const self: PacketProtection = {
    cipher: keys.cipher,
    mac: keys.mac,
    mode,
    blockSize: 16,
    macLength,
    lengthPrefixSize: etm ? 4 : 16,
    seal(seq, packet) {
      if (etm) {
        const body = xor(packet.subarray(4), ctrKeystream(keys.encKey, iv, position, packet.length - 4));
        const authed = concat(packet.subarray(0, 4), body);
        return { wire: concat(authed, mac(seq, authed)), next: next(body.length) };
      }
      const ct = xor(packet, ctrKeystream(keys.encKey, iv, position, packet.length));
      return { wire: concat(ct, mac(seq, packet)), next: next(ct.length) };
    },
    peekLength(_seq, prefix) {
      if (etm) return readU32(prefix, 0);
      return readU32(xor(prefix.subarray(0, 4), ctrKeystream(keys.encKey, iv, position, 4)), 0);
    },
    open(seq, wire): OpenResult {
      const body = wire.subarray(0, wire.length - macLength);
      const tag = wire.subarray(wire.length - macLength);
      if (etm) {
        // Encrypt-then-MAC: check before decrypting anything.
        if (!equalBytes(mac(seq, body), tag)) return { ok: false, reason: `MAC mismatch (${keys.mac}, seq ${seq})` };
        const plain = xor(body.subarray(4), ctrKeystream(keys.encKey, iv, position, body.length - 4));
        return { ok: true, packet: concat(body.subarray(0, 4), plain), next: next(plain.length) };
      }
      const packet = xor(body, ctrKeystream(keys.encKey, iv, position, body.length));
      if (!equalBytes(mac(seq, packet), tag)) return { ok: false, reason: `MAC mismatch (${keys.mac}, seq ${seq})` };
      return { ok: true, packet, next: next(packet.length) };
    },
    layout: (len): WireLayout => ({
      mode,
      lengthEncrypted: !etm,
      encrypted: etm ? { offset: 4, length: len } : { offset: 0, length: 4 + len },
      mac: { offset: 4 + len, length: macLength },
    }),
  };
  return self;
}

/** aes*-gcm@openssh.com (RFC 5647 §7): length in clear as AAD, IV = fixed || invocation counter. */
function gcmProtection(name: string, key: Uint8Array, counter: bigint, fixed: Uint8Array): PacketProtection {
  const nonce = () => concat(fixed, bigintToBytes(counter, 8));
  const next = () => gcmProtection(name, key, (counter + 1n) % TWO64, fixed);
  return {
    cipher: name,
    mac: '<implicit>',
    mode: 'aead',
    blockSize: 16,
    macLength: 16,
    lengthPrefixSize: 4,
    seal(_seq, packet) {
      const aad = packet.subarray(0, 4);
      return { wire: concat(aad, gcm(key, nonce(), aad).encrypt(packet.subarray(4))), next: next() };
    },
    peekLength: (_seq, prefix) => readU32(prefix, 0),
    open(seq, wire) {
      const aad = wire.subarray(0, 4);
      try {
        const plain = gcm(key, nonce(), aad).decrypt(wire.subarray(4));
        return { ok: true, packet: concat(aad, plain), next: next() };
      } catch {
        return { ok: false, reason: `authentication tag mismatch (${name}, seq ${seq})` };
      }
    },
    layout: (len) => ({ mode: 'aead', lengthEncrypted: false, encrypted: { offset: 4, length: len }, mac: { offset: 4 + len, length: 16 } }),
  };
}

/**
 * chacha20-poly1305@openssh.com (PROTOCOL.chacha20poly1305): not RFC 8439. The second half of
 * the 64-byte key encrypts the length, the first half the payload (from block 1) and the
 * Poly1305 key (block 0); the nonce is the sequence number.
 */
function chachaProtection(key: Uint8Array): PacketProtection {
  const mainKey = key.subarray(0, 32);
  const lengthKey = key.subarray(32, 64);
  const name = 'chacha20-poly1305@openssh.com';
  const polyKey = (n: Uint8Array) => chacha20orig(mainKey, n, new Uint8Array(32), undefined, 0);
  const self: PacketProtection = {
    cipher: name,
    mac: '<implicit>',
    mode: 'aead',
    blockSize: 8,
    macLength: 16,
    lengthPrefixSize: 4,
    seal(seq, packet) {
      const n = u64(seq);
      const encLen = chacha20orig(lengthKey, n, packet.subarray(0, 4), undefined, 0);
      const body = chacha20orig(mainKey, n, packet.subarray(4), undefined, 1);
      const authed = concat(encLen, body);
      return { wire: concat(authed, poly1305(authed, polyKey(n))), next: self };
    },
    peekLength: (seq, prefix) => readU32(chacha20orig(lengthKey, u64(seq), prefix.subarray(0, 4), undefined, 0), 0),
    open(seq, wire) {
      const n = u64(seq);
      const authed = wire.subarray(0, wire.length - 16);
      if (!equalBytes(poly1305(authed, polyKey(n)), wire.subarray(wire.length - 16))) {
        return { ok: false, reason: `Poly1305 tag mismatch (${name}, seq ${seq})` };
      }
      const len = chacha20orig(lengthKey, n, authed.subarray(0, 4), undefined, 0);
      return { ok: true, packet: concat(len, chacha20orig(mainKey, n, authed.subarray(4), undefined, 1)), next: self };
    },
    layout: (len) => ({ mode: 'aead', lengthEncrypted: true, encrypted: { offset: 4, length: len }, mac: { offset: 4 + len, length: 16 } }),
  };
  return self;
}
