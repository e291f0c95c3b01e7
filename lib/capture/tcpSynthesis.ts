// One TCP connection written out as IPv4 packets, for a capture of bytes that were never
// captured (a simulated session, or one endpoint's log): a three-way handshake, the data of both
// directions in order with consistent sequence and acknowledgment numbers, then both FINs.
// Headers follow RFC 791 (IPv4) and RFC 9293 (TCP); checksums are RFC 1071's one's complement
// sum, TCP's over the pseudo-header (RFC 9293 §3.1). Pure and browser-safe.

export type Flow = 'c2s' | 's2c';

export interface TcpEndpoints {
  client: { ip: [number, number, number, number]; port: number };
  server: { ip: [number, number, number, number]; port: number };
}

export interface StreamChunk {
  /** Microseconds since the epoch. */
  timestampUs: bigint;
  flow: Flow;
  bytes: Uint8Array;
}

export interface SynthesizedPacket {
  timestampUs: bigint;
  flow: Flow;
  /** IPv4 header, TCP header, payload. */
  data: Uint8Array;
}

/** The largest payload one IPv4 packet of 65,535 bytes carries after a 20-byte IP and a 20-byte TCP header. */
export const MAX_SEGMENT_PAYLOAD = 65535 - 20 - 20;

const WINDOW = 65535;
const FIN = 0x01;
const SYN = 0x02;
const PSH = 0x08;
const ACK = 0x10;

/** RFC 1071: the 16-bit one's complement of the one's complement sum. */
export function internetChecksum(parts: Uint8Array[]): number {
  let sum = 0;
  let odd: number | undefined;
  for (const p of parts) {
    let i = 0;
    if (odd !== undefined && p.length) {
      sum += (odd << 8) | p[0];
      odd = undefined;
      i = 1;
    }
    for (; i + 1 < p.length; i += 2) sum += (p[i] << 8) | p[i + 1];
    if (i < p.length) odd = p[i];
    // Fold now and then so the sum stays a small integer whatever the length.
    if (sum > 0x7fffffff) sum = (sum & 0xffff) + (sum >>> 16);
  }
  if (odd !== undefined) sum += odd << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

interface Side {
  ip: Uint8Array;
  port: number;
  /** Next sequence number this side sends. */
  seq: number;
}

/**
 * Builds the packets. Initial sequence numbers are fixed (the capture is synthetic; a fixed value
 * keeps exports reproducible). Each chunk becomes one or more segments of at most
 * MAX_SEGMENT_PAYLOAD bytes, acknowledging everything the other side has sent so far.
 */
export function synthesizeTcp(endpoints: TcpEndpoints, chunks: StreamChunk[], options: { isn?: { client: number; server: number } } = {}): SynthesizedPacket[] {
  const isn = options.isn ?? { client: 0x5353_4801, server: 0x5353_4802 };
  const sides: Record<Flow, { from: Side; to: Side }> = (() => {
    const c: Side = { ip: Uint8Array.from(endpoints.client.ip), port: endpoints.client.port, seq: isn.client >>> 0 };
    const s: Side = { ip: Uint8Array.from(endpoints.server.ip), port: endpoints.server.port, seq: isn.server >>> 0 };
    return { c2s: { from: c, to: s }, s2c: { from: s, to: c } };
  })();
  const out: SynthesizedPacket[] = [];
  let ipId = 1;
  /** Bytes each direction has in flight: never more than the receiver's window of 65,535. */
  const unacked: Record<Flow, number> = { c2s: 0, s2c: 0 };
  const segment = (timestampUs: bigint, flow: Flow, flags: number, payload: Uint8Array) => {
    const { from, to } = sides[flow];
    const back: Flow = flow === 'c2s' ? 's2c' : 'c2s';
    if (unacked[flow] + payload.length > WINDOW) segment(timestampUs, back, ACK, new Uint8Array(0));
    const ack = flags & ACK ? to.seq : 0;
    if (flags & ACK) unacked[back] = 0;
    unacked[flow] += payload.length;
    out.push({ timestampUs, flow, data: ipv4Tcp(from, to, ipId++ & 0xffff, flags, ack, payload) });
    // SYN and FIN take one sequence number each (RFC 9293 §3.4).
    from.seq = (from.seq + payload.length + (flags & SYN ? 1 : 0) + (flags & FIN ? 1 : 0)) >>> 0;
  };

  const first = chunks.length ? chunks[0].timestampUs : 0n;
  segment(first, 'c2s', SYN, new Uint8Array(0));
  segment(first, 's2c', SYN | ACK, new Uint8Array(0));
  segment(first, 'c2s', ACK, new Uint8Array(0));
  let last = first;
  for (const c of chunks) {
    // Timestamps never go backwards in the capture, whatever the clocks of the log said.
    const t = c.timestampUs > last ? c.timestampUs : last;
    last = t;
    for (let o = 0; o < c.bytes.length; o += MAX_SEGMENT_PAYLOAD) {
      segment(t, c.flow, PSH | ACK, c.bytes.subarray(o, Math.min(c.bytes.length, o + MAX_SEGMENT_PAYLOAD)));
    }
  }
  segment(last, 'c2s', FIN | ACK, new Uint8Array(0));
  segment(last, 's2c', FIN | ACK, new Uint8Array(0));
  segment(last, 'c2s', ACK, new Uint8Array(0));
  return out;
}

function ipv4Tcp(from: Side, to: Side, id: number, flags: number, ack: number, payload: Uint8Array): Uint8Array {
  const total = 20 + 20 + payload.length;
  if (total > 65535) throw new RangeError(`a segment of ${payload.length} bytes does not fit an IPv4 packet`);
  const p = new Uint8Array(total);
  const v = new DataView(p.buffer);
  // IPv4 header (RFC 791 §3.1): version 4, IHL 5 words, total length, identification, DF, TTL 64, protocol 6.
  p[0] = 0x45;
  v.setUint16(2, total);
  v.setUint16(4, id);
  v.setUint16(6, 0x4000);
  p[8] = 64;
  p[9] = 6;
  p.set(from.ip, 12);
  p.set(to.ip, 16);
  v.setUint16(10, internetChecksum([p.subarray(0, 20)]));
  // TCP header (RFC 9293 §3.1): ports, sequence, acknowledgment, data offset 5 words, flags, window.
  const t = p.subarray(20);
  const tv = new DataView(p.buffer, 20);
  tv.setUint16(0, from.port);
  tv.setUint16(2, to.port);
  tv.setUint32(4, from.seq);
  tv.setUint32(8, ack >>> 0);
  t[12] = 5 << 4;
  t[13] = flags;
  tv.setUint16(14, WINDOW);
  t.set(payload, 20);
  const pseudo = new Uint8Array(12);
  pseudo.set(from.ip, 0);
  pseudo.set(to.ip, 4);
  pseudo[9] = 6;
  new DataView(pseudo.buffer).setUint16(10, 20 + payload.length);
  tv.setUint16(16, internetChecksum([pseudo, t]));
  return p;
}
