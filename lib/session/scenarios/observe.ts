// What a man in the middle can see of each chunk. In the simulator every `send` effect is one
// line or one whole packet, so a passive observer can label chunks without reassembly: lines
// until the identification line, plaintext packets (message number and payload readable) until
// that direction's SSH_MSG_NEWKEYS, and opaque encrypted packets after it.

import { MSG } from '../../ssh/messages/numbers';
import { readU32 } from '../../ssh/wire/bytes';
import type { Endpoint, WireChunk } from '../simulate';

export interface SeenChunk {
  from: Endpoint;
  /** Running count of chunks in this direction (the simulator's WireChunk.index). */
  index: number;
  bytes: Uint8Array;
  kind: 'line' | 'packet' | 'encrypted';
  /** Plaintext packets: the message number and the payload. */
  number?: number;
  payload?: Uint8Array;
  /** Encrypted packets: 0 for the first packet after this direction's NEWKEYS. */
  encryptedIndex?: number;
}

/** Everything in clear text the attacker has seen so far, per direction. */
export interface Transcript {
  /** Identification strings without CR LF (V_C, V_S). */
  version: Partial<Record<Endpoint, string>>;
  /** Plaintext payloads in the order they passed. */
  payloads: Record<Endpoint, Uint8Array[]>;
}

interface DirectionView {
  versionSeen: boolean;
  newKeysSeen: boolean;
  encrypted: number;
}

export interface WireObserver {
  see(chunk: WireChunk): SeenChunk;
  transcript: Transcript;
}

export function createObserver(): WireObserver {
  const view: Record<Endpoint, DirectionView> = {
    client: { versionSeen: false, newKeysSeen: false, encrypted: 0 },
    server: { versionSeen: false, newKeysSeen: false, encrypted: 0 },
  };
  const transcript: Transcript = { version: {}, payloads: { client: [], server: [] } };
  return {
    transcript,
    see(chunk) {
      const v = view[chunk.from];
      const base = { from: chunk.from, index: chunk.index, bytes: chunk.bytes };
      if (!v.versionSeen) {
        const text = new TextDecoder('latin1').decode(chunk.bytes).replace(/\r?\n$/, '').replace(/\r$/, '');
        if (text.startsWith('SSH-')) {
          v.versionSeen = true;
          transcript.version[chunk.from] = text;
        }
        return { ...base, kind: 'line' };
      }
      if (v.newKeysSeen) return { ...base, kind: 'encrypted', encryptedIndex: v.encrypted++ };
      const payload = plaintextPayload(chunk.bytes);
      if (!payload) return { ...base, kind: 'packet' };
      transcript.payloads[chunk.from].push(payload);
      if (payload[0] === MSG.NEWKEYS) v.newKeysSeen = true;
      return { ...base, kind: 'packet', number: payload[0], payload };
    },
  };
}

/** The payload of an unencrypted packet, or null if the bytes are not one well-formed packet. */
export function plaintextPayload(bytes: Uint8Array): Uint8Array | null {
  if (bytes.length < 6) return null;
  const len = readU32(bytes, 0);
  const pad = bytes[4];
  if (len + 4 !== bytes.length || pad + 2 > len) return null;
  return bytes.slice(5, 4 + len - pad);
}
