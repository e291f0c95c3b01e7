// The binary packet protocol's plaintext side (RFC 4253 §6): building and checking packets,
// and the field trees over the packet and over the wire bytes.

import type { FramingMode, WireLayout } from '../algorithms/types';
import { concat, u32be } from '../wire/bytes';
import type { Field } from '../wire/field';

const B = 'RFC 4253 §6';

/**
 * Padding length for a payload: at least 4 bytes, and the encrypted part a multiple of the block
 * size. For EtM and AEAD modes the length field is not part of the encrypted part.
 */
export function paddingLength(payloadLength: number, blockSize: number, mode: FramingMode): number {
  const bs = Math.max(8, blockSize);
  const covered = (mode === 'encrypt-then-mac' || mode === 'aead' ? 1 : 5) + payloadLength;
  let pad = bs - (covered % bs);
  if (pad < 4) pad += bs;
  return pad;
}

/** packet_length || padding_length || payload || padding. */
export function buildPacket(payload: Uint8Array, padding: Uint8Array): Uint8Array {
  const packetLength = 1 + payload.length + padding.length;
  return concat(u32be(packetLength), Uint8Array.of(padding.length), payload, padding);
}

export type PacketCheck = { ok: true; payload: Uint8Array; paddingLength: number } | { ok: false; reason: string; offset: number };

/** Checks a decrypted packet's padding_length and extracts the payload. Offsets relative to the packet. */
export function checkPacket(packet: Uint8Array): PacketCheck {
  const packetLength = packet.length - 4;
  const pad = packet[4];
  if (pad < 4) return { ok: false, reason: `padding_length ${pad} is less than 4`, offset: 4 };
  if (pad > packetLength - 2) {
    return { ok: false, reason: `padding_length ${pad} leaves no room for a payload in a ${packetLength}-byte packet`, offset: 4 };
  }
  return { ok: true, payload: packet.subarray(5, 5 + packetLength - 1 - pad), paddingLength: pad };
}

/** The plaintext packet's fields; `payloadFields` have spans relative to the packet already. */
export function packetFields(packet: Uint8Array, paddingLen: number, payloadFields: Field[], name: string): Field[] {
  const packetLength = packet.length - 4;
  const payloadLength = packetLength - 1 - paddingLen;
  return [
    { name: 'packet_length', type: 'uint32', offset: 0, length: 4, value: packetLength, ref: B },
    { name: 'padding_length', type: 'byte', offset: 4, length: 1, value: paddingLen, ref: B },
    { name: 'payload', type: 'group', offset: 5, length: payloadLength, value: name, ref: B, children: payloadFields },
    {
      name: 'random padding',
      type: 'bytes',
      offset: 5 + payloadLength,
      length: paddingLen,
      value: packet.subarray(5 + payloadLength),
      ref: B,
    },
  ];
}

// OpenSSH's note at a release tag (the file is gone from master) and the Internet-Draft that now defines it.
const CHACHA_REF = 'OpenSSH PROTOCOL.chacha20poly1305; draft-ietf-sshm-chacha20-poly1305-04';

/** The wire bytes' fields: what an observer on the network sees. */
export function wireFields(wire: Uint8Array, layout: WireLayout, plainFields: Field[]): Field[] {
  if (layout.mode === 'none') return plainFields;
  const out: Field[] = [];
  const enc = layout.encrypted!;
  if (enc.offset > 0) {
    out.push({
      name: 'packet_length',
      type: layout.lengthEncrypted ? 'bytes' : 'uint32',
      offset: 0,
      length: enc.offset,
      value: layout.lengthEncrypted ? wire.subarray(0, enc.offset) : (wire[0] << 24) | (wire[1] << 16) | (wire[2] << 8) | wire[3],
      ref: layout.mode === 'aead' ? (layout.lengthEncrypted ? CHACHA_REF : 'RFC 5647 §7.3') : 'OpenSSH PROTOCOL §1.5',
      note: layout.lengthEncrypted ? 'encrypted with its own key' : 'sent in the clear',
    });
  }
  out.push({
    name: 'ciphertext',
    type: 'bytes',
    offset: enc.offset,
    length: enc.length,
    value: wire.subarray(enc.offset, enc.offset + enc.length),
    ref: B,
    note: enc.offset === 0 ? 'the whole packet, packet_length included' : undefined,
  });
  if (layout.mac) {
    out.push({
      name: layout.mode === 'aead' ? 'authentication tag' : 'mac',
      type: 'bytes',
      offset: layout.mac.offset,
      length: layout.mac.length,
      value: wire.subarray(layout.mac.offset, layout.mac.offset + layout.mac.length),
      // The tag's source depends on the AEAD: chacha20-poly1305 (its length is encrypted) is
      // OpenSSH's construction; AES-GCM's 16-byte tag ends the packet per RFC 5647 §7.2.
      ref: layout.mode === 'aead' ? (layout.lengthEncrypted ? CHACHA_REF : 'RFC 5647 §7.2') : `${B}.4`,
    });
  }
  return out;
}
