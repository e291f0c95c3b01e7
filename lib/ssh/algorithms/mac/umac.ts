// UMAC (RFC 4418), as OpenSSH uses it for umac-64@openssh.com and umac-128@openssh.com:
// a 16-byte AES key, an 8-byte nonce (the packet sequence number), 8- or 16-byte tags.
// Written from the RFC's pseudocode: KDF and PDF over AES-128, then UHASH = NH → POLY → L3.

import { ecb } from '@noble/ciphers/aes.js';
import { concat } from '../../wire/bytes';

const TWO32 = 4294967296;
const P36 = (1n << 36n) - 5n;
const P64 = (1n << 64n) - 59n;
const P128 = (1n << 128n) - 159n;
const MASK64 = 0x01ffffff01ffffffn;
const MASK128 = 0x01ffffff01ffffff01ffffff01ffffffn;

function aes(key: Uint8Array, blocks: Uint8Array): Uint8Array {
  return ecb(key, { disablePadding: true }).encrypt(blocks);
}

/** RFC 4418 §3.2.1 KDF: AES in counter mode over (uint64 index || uint64 i). */
export function umacKdf(key: Uint8Array, index: number, numBytes: number): Uint8Array {
  const n = Math.ceil(numBytes / 16);
  const input = new Uint8Array(16 * n);
  const dv = new DataView(input.buffer);
  for (let i = 0; i < n; i++) {
    dv.setUint32(16 * i + 4, index);
    dv.setUint32(16 * i + 12, i + 1);
  }
  return aes(key, input).subarray(0, numBytes);
}

const be = (b: Uint8Array, off: number, len: number): bigint => {
  let v = 0n;
  for (let i = 0; i < len; i++) v = (v << 8n) | BigInt(b[off + i]);
  return v;
};

function u64(v: bigint, len = 8): Uint8Array {
  const out = new Uint8Array(len);
  for (let i = len - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/**
 * NH (RFC 4418 §5.2.2) over one chunk: message words little-endian, key words big-endian
 * (the KDF's output read as big-endian integers), 32×32→64-bit products summed mod 2^64.
 * Done in two 32-bit halves so it stays in plain numbers.
 */
function nh(key: Uint32Array, keyOffset: number, msg: Uint8Array): bigint {
  const dv = new DataView(msg.buffer, msg.byteOffset, msg.byteLength);
  let hi = 0;
  let lo = 0;
  const words = msg.length / 4;
  for (let i = 0; i < words; i += 8) {
    for (let j = 0; j < 4; j++) {
      const a = (dv.getUint32(4 * (i + j), true) + key[keyOffset + i + j]) >>> 0;
      const b = (dv.getUint32(4 * (i + j + 4), true) + key[keyOffset + i + j + 4]) >>> 0;
      const aH = a >>> 16;
      const aL = a & 0xffff;
      const bH = b >>> 16;
      const bL = b & 0xffff;
      const mid = aH * bL + aL * bH;
      const low = aL * bL + (mid % 65536) * 65536;
      lo += low % TWO32;
      hi += aH * bH + Math.floor(mid / 65536) + Math.floor(low / TWO32) + Math.floor(lo / TWO32);
      lo %= TWO32;
      hi %= TWO32;
    }
  }
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** L1-HASH (RFC 4418 §5.2.1): NH over 1024-byte chunks, each plus its bit length. */
function l1Hash(key: Uint32Array, keyOffset: number, msg: Uint8Array): Uint8Array {
  const chunks = Math.max(1, Math.ceil(msg.length / 1024));
  const out = new Uint8Array(8 * chunks);
  for (let c = 0; c < chunks; c++) {
    const part = msg.subarray(1024 * c, Math.min(msg.length, 1024 * (c + 1)));
    const padded = part.length % 32 === 0 && part.length > 0 ? part : concat(part, new Uint8Array(32 - (part.length % 32)));
    const y = (nh(key, keyOffset, padded) + BigInt(part.length * 8)) & ((1n << 64n) - 1n);
    out.set(u64(y), 8 * c);
  }
  return out;
}

/** POLY (RFC 4418 §5.3.2): polynomial hash mod a prime, with escaping of large words. */
function poly(wordBytes: 8 | 16, maxWordRange: bigint, k: bigint, msg: Uint8Array, start = 1n): bigint {
  const p = wordBytes === 8 ? P64 : P128;
  const offset = (1n << BigInt(8 * wordBytes)) - p;
  const marker = p - 1n;
  let y = start;
  for (let i = 0; i < msg.length; i += wordBytes) {
    const m = be(msg, i, wordBytes);
    if (m >= maxWordRange) {
      y = (k * y + marker) % p;
      y = (k * y + (m - offset)) % p;
    } else y = (k * y + m) % p;
  }
  return y;
}

/** L2-HASH (RFC 4418 §5.3.1). Only messages over 16 MiB reach the 128-bit stage. */
function l2Hash(k64: bigint, k128: bigint, msg: Uint8Array): Uint8Array {
  if (msg.length <= 1 << 17) return u64(poly(8, (1n << 64n) - (1n << 32n), k64, msg), 16);
  const m1 = msg.subarray(0, 1 << 17);
  let m2 = concat(msg.subarray(1 << 17), Uint8Array.of(0x80));
  if (m2.length % 16) m2 = concat(m2, new Uint8Array(16 - (m2.length % 16)));
  const y = poly(8, (1n << 64n) - (1n << 32n), k64, m1);
  return u64(poly(16, (1n << 128n) - (1n << 96n), k128, concat(u64(y, 16), m2)), 16);
}

/** L3-HASH (RFC 4418 §5.4.1): an inner product mod 2^36 - 5, then xor with K2. */
function l3Hash(k1: bigint[], k2: Uint8Array, msg: Uint8Array): Uint8Array {
  let y = 0n;
  for (let i = 0; i < 8; i++) y += be(msg, 2 * i, 2) * k1[i];
  const v = Number((y % P36) & 0xffffffffn);
  const out = Uint8Array.of(v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255);
  for (let i = 0; i < 4; i++) out[i] ^= k2[i];
  return out;
}

export interface Umac {
  tagLength: 4 | 8 | 12 | 16;
  tag(msg: Uint8Array, nonce: Uint8Array): Uint8Array;
}

/** Key setup once per key; tag() is then pure. */
export function createUmac(key: Uint8Array, tagLength: 4 | 8 | 12 | 16): Umac {
  if (key.length !== 16) throw new Error('UMAC needs a 16-byte key');
  const iters = tagLength / 4;
  const l1Bytes = umacKdf(key, 1, 1024 + (iters - 1) * 16);
  const l1 = new Uint32Array(l1Bytes.length / 4);
  const dv = new DataView(l1Bytes.buffer, l1Bytes.byteOffset, l1Bytes.byteLength);
  for (let i = 0; i < l1.length; i++) l1[i] = dv.getUint32(4 * i, false);
  const l2 = umacKdf(key, 2, iters * 24);
  const l3a = umacKdf(key, 3, iters * 64);
  const l3b = umacKdf(key, 4, iters * 4);
  const rounds = Array.from({ length: iters }, (_, i) => ({
    l1Offset: i * 4, // 16 bytes further per iteration
    k64: be(l2, 24 * i, 8) & MASK64,
    k128: be(l2, 24 * i + 8, 16) & MASK128,
    k1: Array.from({ length: 8 }, (_, j) => be(l3a, 64 * i + 8 * j, 8) % P36),
    k2: l3b.subarray(4 * i, 4 * i + 4),
  }));
  const pdfKey = umacKdf(key, 0, 16);

  return {
    tagLength,
    tag(msg, nonce) {
      const hashed = new Uint8Array(tagLength);
      rounds.forEach((r, i) => {
        const a = l1Hash(l1, r.l1Offset, msg);
        const b = msg.length <= 1024 ? concat(new Uint8Array(8), a) : l2Hash(r.k64, r.k128, a);
        hashed.set(l3Hash(r.k1, r.k2, b), 4 * i);
      });
      // PDF (RFC 4418 §4): for 4- and 8-byte tags, low nonce bits pick a slice of one AES block.
      const n = new Uint8Array(16);
      n.set(nonce);
      let index = 0;
      if (tagLength <= 8) {
        const slices = 16 / tagLength;
        index = n[nonce.length - 1] % slices;
        n[nonce.length - 1] -= index;
      }
      const t = aes(pdfKey, n);
      const pad = t.subarray(index * tagLength, index * tagLength + tagLength);
      for (let i = 0; i < tagLength; i++) hashed[i] ^= pad[i];
      return hashed;
    },
  };
}
