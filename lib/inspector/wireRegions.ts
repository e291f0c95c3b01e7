// The parts of a protected packet on the wire, from the framing layout: packet_length (clear for
// EtM and AES-GCM, encrypted for encrypt-and-MAC and chacha20-poly1305), ciphertext, MAC or tag.

import type { TraceEntry } from '../ssh/transport/events';
import type { Span } from './fieldAt';

/** Parts of a protected packet on the wire, and the two halves of a hybrid kex's C_INIT / S_REPLY (hybridRegions.ts). */
export type RegionKind = 'clear-length' | 'encrypted-length' | 'encrypted' | 'mac' | 'pq' | 'classical';

export interface HexRegion extends Span {
  kind: RegionKind;
  /** The legend's words for this one region, when regions of one kind differ ("C_PK2: ML-KEM-768 encapsulation key"). */
  label?: string;
}

/** Regions for an encrypted entry's wire bytes; undefined for packets sent in the clear. */
export function wireRegions(entry: Pick<TraceEntry, 'layout' | 'encrypted'>): HexRegion[] | undefined {
  const l = entry.layout;
  if (!l || !entry.encrypted) return undefined;
  const out: HexRegion[] = [];
  const enc = l.encrypted;
  // packet_length is the first 4 bytes; with encrypt-and-MAC it is inside the first encrypted block.
  if (!enc || enc.offset >= 4) out.push({ offset: 0, length: 4, kind: l.lengthEncrypted ? 'encrypted-length' : 'clear-length' });
  if (enc) out.push({ ...enc, kind: 'encrypted' });
  if (l.mac && l.mac.length > 0) out.push({ ...l.mac, kind: 'mac' });
  return out;
}
