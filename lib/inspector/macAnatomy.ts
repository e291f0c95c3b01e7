// Which bytes an encrypted packet's MAC or AEAD tag covers, in the order the sender fed them in.
// Pure: reads the packet's wire bytes and the keys/position reproducePacket.ts already works out
// (one place knows how each direction's keys and counters move), and lists the parts.
//
//   encrypt-and-MAC (RFC 4253 §6.4): MAC(key, uint32 seq || plaintext packet)
//   encrypt-then-MAC (OpenSSH PROTOCOL §1.5): MAC(key, uint32 seq || packet_length || ciphertext)
//   UMAC (RFC 4418, OpenSSH): the same bytes without seq, which is the 8-byte nonce instead
//   chacha20-poly1305@openssh.com: Poly1305 key = ChaCha20(K_2, nonce = seq, block 0)[0..32],
//     tag over encrypted packet_length || ciphertext
//   aes*-gcm@openssh.com (RFC 5647 §7): nonce = fixed field || invocation counter, AAD = packet_length,
//     tag over the ciphertext (the sequence number is no input at all)

import type { MessageStep, Step } from '../session/session';
import { packetContext, type PacketContext } from './reproducePacket';

/** Where a part's bytes are shown: in the wire view's hex dump or the decrypted view's. */
export interface PartSpan {
  view: 'wire' | 'decrypted';
  offset: number;
  length: number;
}

export interface AnatomyPart {
  name: string;
  bytes: Uint8Array;
  /** Absent for inputs that never cross the wire (the sequence number, a nonce, a key). */
  span?: PartSpan;
  /** Where the bytes come from, in a few words. */
  source: string;
}

export type MacScheme = 'encrypt-and-MAC' | 'encrypt-then-MAC' | 'chacha20-poly1305' | 'AES-GCM';

export interface MacAnatomy {
  scheme: MacScheme;
  /** The MAC's name, or the AEAD cipher's. */
  algorithm: string;
  ref: string;
  /** The key the MAC or tag is computed with (for chacha20-poly1305: K_2, from which the Poly1305 key comes). */
  key: AnatomyPart;
  /** Nonce parts, in order (UMAC, chacha20-poly1305, AES-GCM); empty for HMAC. */
  nonce: AnatomyPart[];
  /** Additional authenticated data (AES-GCM: packet_length). */
  aad: AnatomyPart[];
  /** The bytes the MAC or tag is computed over, in order. */
  covered: AnatomyPart[];
  tag: AnatomyPart;
  /** One sentence on what this scheme means for an attacker. */
  note: string;
}

const u32 = (n: number) => new Uint8Array([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
function u64(n: bigint): Uint8Array {
  const b = new Uint8Array(8);
  for (let i = 7; i >= 0; i--, n >>= 8n) b[i] = Number(n & 255n);
  return b;
}
const toBig = (b: Uint8Array) => b.reduce((a, x) => (a << 8n) | BigInt(x), 0n);

/** The anatomy of an encrypted packet step's MAC or tag; undefined for clear, injected or unknown-key packets. */
export function macAnatomy(steps: readonly Step[], step: MessageStep): MacAnatomy | undefined {
  const ctx = packetContext(steps, step);
  if (!ctx || !ctx.entry.layout?.mac) return undefined;
  return anatomyOf(ctx);
}

export function anatomyOf(ctx: PacketContext): MacAnatomy | undefined {
  const { entry } = ctx;
  const w = entry.wire;
  const n = w.length - ctx.macLength;
  const seq = entry.seq ?? 0;
  const wire = (name: string, offset: number, length: number, source: string): AnatomyPart => ({
    name,
    bytes: w.subarray(offset, offset + length),
    span: { view: 'wire', offset, length },
    source,
  });
  const tag = wire(entry.mac === '<implicit>' ? 'tag' : 'MAC', n, ctx.macLength, 'the last bytes on the wire');
  const seqPart: AnatomyPart = { name: 'sequence number', bytes: u32(seq), source: `uint32 ${seq}: counted by both sides, never sent` };
  const cipher = entry.cipher ?? '';

  if (cipher === 'chacha20-poly1305@openssh.com') {
    return {
      scheme: 'chacha20-poly1305',
      algorithm: cipher,
      ref: 'draft-ietf-sshm-chacha20-poly1305',
      key: { name: 'K_2', bytes: ctx.encKey.subarray(0, 32), source: `first half of key ${ctx.letters.enc}; Poly1305 key = ChaCha20(K_2, nonce, block 0), first 32 bytes` },
      nonce: [{ name: 'nonce', bytes: u64(BigInt(seq)), source: `the sequence number ${seq} as uint64` }],
      aad: [],
      covered: [wire('packet_length (encrypted)', 0, 4, 'encrypted with K_1'), wire('ciphertext', 4, n - 4, 'encrypted with K_2 from block 1')],
      tag,
      note: 'The sequence number is the nonce, not MAC input: a packet deleted or inserted shifts every later nonce, unless (Terrapin) the counters were shifted before encryption started.',
    };
  }
  if (/^aes(128|256)-gcm@openssh\.com$/.test(cipher)) {
    // RFC 5647 §7.1: the invocation counter starts at the IV's last 8 bytes and adds 1 per packet.
    const counter = (toBig(ctx.iv.subarray(4, 12)) + BigInt(ctx.earlier)) % (1n << 64n);
    return {
      scheme: 'AES-GCM',
      algorithm: cipher,
      ref: 'RFC 5647 §7',
      key: { name: 'key', bytes: ctx.encKey, source: `key ${ctx.letters.enc}` },
      nonce: [
        { name: 'fixed field', bytes: ctx.iv.subarray(0, 4), source: `first 4 bytes of key ${ctx.letters.iv}` },
        { name: 'invocation counter', bytes: u64(counter), source: `last 8 bytes of key ${ctx.letters.iv} + ${ctx.earlier} (packets before this one under these keys)` },
      ],
      aad: [wire('packet_length', 0, 4, 'in clear: authenticated, not encrypted')],
      covered: [wire('ciphertext', 4, n - 4, 'AES-CTR from counter block nonce || 2')],
      tag,
      note: 'GHASH covers the AAD and the ciphertext, each zero-padded to 16 bytes, then their bit lengths. The sequence number is no input, which is why Terrapin does not affect AES-GCM.',
    };
  }
  const mac = entry.mac ?? '';
  const etm = mac.endsWith('-etm@openssh.com');
  const umac = mac.startsWith('umac-');
  const body: AnatomyPart[] = etm
    ? [wire('packet_length', 0, 4, 'in clear'), wire('ciphertext', 4, n - 4, `encrypted with ${cipher}`)]
    : entry.packet
      ? [
          {
            name: 'plaintext packet',
            bytes: entry.packet,
            span: { view: 'decrypted', offset: 0, length: entry.packet.length },
            source: 'packet_length || padding_length || payload || padding, before encryption',
          },
        ]
      : [];
  if (body.length === 0) return undefined;
  return {
    scheme: etm ? 'encrypt-then-MAC' : 'encrypt-and-MAC',
    algorithm: mac,
    ref: umac ? 'RFC 4418; OpenSSH PROTOCOL §1.5' : etm ? 'OpenSSH PROTOCOL §1.5' : 'RFC 4253 §6.4',
    key: { name: 'MAC key', bytes: ctx.macKey, source: `key ${ctx.letters.mac}` },
    nonce: umac ? [{ name: 'nonce', bytes: u64(BigInt(seq)), source: `the sequence number ${seq} as uint64` }] : [],
    aad: [],
    covered: umac ? body : [seqPart, ...body],
    tag,
    note: etm
      ? 'The receiver checks the MAC before decrypting anything: a forged packet is rejected without touching the cipher.'
      : 'The MAC covers the plaintext, so the receiver must decrypt (at least the length) before it can check it: the opening the CBC attacks used.',
  };
}
