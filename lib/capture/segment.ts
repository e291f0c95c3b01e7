// From a captured frame to a TCP segment: link header (link.ts), IPv4 (RFC 791) or IPv6
// (RFC 8200, extension headers skipped), then TCP (RFC 9293). Checksums are not checked:
// captures taken on the sending host carry checksums the NIC fills in later.

import { ipOffset } from './link';
import type { CapturedPacket } from './packet';

export const TCP_FLAG = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10 } as const;

export interface TcpSegment {
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: number;
  /** The payload bytes the capture holds (a view into the file). */
  payload: Uint8Array;
  /** Payload bytes the segment carried but the capture does not hold (snap length, fragments). */
  missing: number;
  /** Why bytes are missing, when some are. */
  missingWhy?: 'snaplen' | 'fragment';
}

/** A frame that is not a usable TCP segment: what kind of frame, in words. */
export interface Skipped {
  skip: 'not-ip' | 'not-tcp' | 'fragment' | 'malformed';
  detail: string;
}

const PROTO_TCP = 6;

export function tcpSegment(p: CapturedPacket): TcpSegment | Skipped {
  const d = p.data;
  const at = ipOffset(p.linkType, d);
  if (typeof at === 'string') return { skip: 'not-ip', detail: at };
  if (d.length < at + 1) return { skip: 'malformed', detail: 'no IP header after the link header' };
  const version = d[at] >> 4;
  // Bytes of the IP packet the frame would hold were it not cut by the snap length.
  const cut = p.originalLength - d.length;
  if (version === 4) return ipv4(d, at, cut);
  if (version === 6) return ipv6(d, at, cut);
  return { skip: 'not-ip', detail: `IP version ${version}` };
}

function ipv4(d: Uint8Array, at: number, cut: number): TcpSegment | Skipped {
  if (d.length < at + 20) return { skip: 'malformed', detail: 'an IPv4 header cut short' };
  const ihl = (d[at] & 0x0f) * 4;
  if (ihl < 20) return { skip: 'malformed', detail: `an IPv4 header length of ${ihl} bytes (at least 20)` };
  let total = (d[at + 2] << 8) | d[at + 3];
  // 0 is what a capture of TCP segmentation offload shows: the length is the frame's.
  if (total === 0) total = d.length - at + cut;
  if (total < ihl) return { skip: 'malformed', detail: `an IPv4 total length of ${total}, less than its header (${ihl})` };
  if (d.length < at + ihl) return { skip: 'malformed', detail: 'IPv4 options cut short' };
  const fragOffset = (((d[at + 6] & 0x1f) << 8) | d[at + 7]) * 8;
  const moreFragments = (d[at + 6] & 0x20) !== 0;
  if (fragOffset > 0) return { skip: 'fragment', detail: `an IPv4 fragment at offset ${fragOffset} (fragments are not reassembled)` };
  if (d[at + 9] !== PROTO_TCP) return { skip: 'not-tcp', detail: `IP protocol ${d[at + 9]}` };
  const src = `${d[at + 12]}.${d[at + 13]}.${d[at + 14]}.${d[at + 15]}`;
  const dst = `${d[at + 16]}.${d[at + 17]}.${d[at + 18]}.${d[at + 19]}`;
  return tcp(d, at + ihl, total - ihl, src, dst, moreFragments);
}

// Extension headers that chain on with a (length + 1) × 8-byte header (RFC 8200 §4).
const HOP_BY_HOP = 0;
const ROUTING = 43;
const FRAGMENT = 44;
const AH = 51; // RFC 4302: length in 4-byte units, minus 2
const DEST_OPTS = 60;
const MOBILITY = 135;
const HIP = 139;
const SHIM6 = 140;

function ipv6(d: Uint8Array, at: number, cut: number): TcpSegment | Skipped {
  if (d.length < at + 40) return { skip: 'malformed', detail: 'an IPv6 header cut short' };
  let payloadLength = (d[at + 4] << 8) | d[at + 5];
  if (payloadLength === 0) payloadLength = d.length - at - 40 + cut; // a jumbogram or offloaded segment
  let next = d[at + 6];
  const src = ipv6Text(d, at + 8);
  const dst = ipv6Text(d, at + 24);
  let h = at + 40;
  const end = at + 40 + payloadLength;
  let firstFragment = false;
  // Each header is at least 8 bytes, so the walk ends within the payload.
  for (;;) {
    if (next === PROTO_TCP) return tcp(d, h, end - h, src, dst, firstFragment);
    if (next === HOP_BY_HOP || next === ROUTING || next === DEST_OPTS || next === MOBILITY || next === HIP || next === SHIM6 || next === AH || next === FRAGMENT) {
      if (d.length < h + 8 || h + 8 > end) return { skip: 'malformed', detail: 'an IPv6 extension header cut short' };
      if (next === FRAGMENT) {
        const fragOffset = ((d[h + 2] << 8) | (d[h + 3] & 0xf8)) >> 0;
        const more = (d[h + 3] & 1) !== 0;
        if (fragOffset > 0) return { skip: 'fragment', detail: `an IPv6 fragment at offset ${fragOffset} (fragments are not reassembled)` };
        firstFragment = more;
        next = d[h];
        h += 8;
        continue;
      }
      const len = next === AH ? (d[h + 1] + 2) * 4 : (d[h + 1] + 1) * 8;
      next = d[h];
      h += len;
      continue;
    }
    return { skip: 'not-tcp', detail: `IPv6 next header ${next}` };
  }
}

function tcp(d: Uint8Array, at: number, length: number, src: string, dst: string, fragmented: boolean): TcpSegment | Skipped {
  if (d.length < at + 20 || length < 20) return { skip: 'malformed', detail: 'a TCP header cut short' };
  const dataOffset = (d[at + 12] >> 4) * 4;
  if (dataOffset < 20 || dataOffset > length) return { skip: 'malformed', detail: `a TCP data offset of ${dataOffset} bytes` };
  if (d.length < at + dataOffset) return { skip: 'malformed', detail: 'TCP options cut short' };
  const payloadStart = at + dataOffset;
  const claimed = length - dataOffset;
  const held = Math.max(0, Math.min(claimed, d.length - payloadStart));
  const missing = claimed - held;
  const seg: TcpSegment = {
    src,
    dst,
    srcPort: (d[at] << 8) | d[at + 1],
    dstPort: (d[at + 2] << 8) | d[at + 3],
    seq: ((d[at + 4] << 24) | (d[at + 5] << 16) | (d[at + 6] << 8) | d[at + 7]) >>> 0,
    ack: ((d[at + 8] << 24) | (d[at + 9] << 16) | (d[at + 10] << 8) | d[at + 11]) >>> 0,
    flags: d[at + 13],
    payload: d.subarray(payloadStart, payloadStart + held),
    missing,
  };
  if (fragmented) seg.missingWhy = 'fragment';
  else if (missing > 0) seg.missingWhy = 'snaplen';
  return seg;
}

/** RFC 5952 text: lower-case hex, the longest run of two or more zero groups as "::". */
export function ipv6Text(d: Uint8Array, at: number): string {
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push((d[at + 2 * i] << 8) | d[at + 2 * i + 1]);
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (a: number[]) => a.map((x) => x.toString(16)).join(':');
  if (best < 0) return hex(g);
  return `${hex(g.slice(0, best))}::${hex(g.slice(best + bestLen))}`;
}
