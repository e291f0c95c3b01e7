// A tiny capture writer for tests, written from the published byte layouts (libpcap file format,
// pcapng, Ethernet/802.1Q, Linux cooked SLL/SLL2, BSD loopback, IPv4, IPv6, TCP), never from
// lib/capture's reader: the reader is checked against these layouts, not against itself.

export type Bytes = Uint8Array;

export function concat(...parts: (Bytes | number[])[]): Bytes {
  const n = parts.reduce((a, p) => a + p.length, 0);
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export const ascii = (s: string): Bytes => Uint8Array.from(s, (c) => c.charCodeAt(0));

export function u16(x: number, le = false): number[] {
  return le ? [x & 0xff, (x >>> 8) & 0xff] : [(x >>> 8) & 0xff, x & 0xff];
}
export function u32(x: number, le = false): number[] {
  const be = [(x >>> 24) & 0xff, (x >>> 16) & 0xff, (x >>> 8) & 0xff, x & 0xff];
  return le ? be.reverse() : be;
}
const pad4 = (b: Bytes): Bytes => concat(b, new Array((4 - (b.length % 4)) % 4).fill(0));

// ---- TCP (RFC 9293 §3.1): ports, seq, ack, data offset, flags, window, checksum, urgent, options

export const FIN = 0x01;
export const SYN = 0x02;
export const RST = 0x04;
export const PSH = 0x08;
export const ACK = 0x10;

export interface TcpFields {
  sport: number;
  dport: number;
  seq: number;
  ack?: number;
  flags: number;
  options?: number[];
}

export function tcp(f: TcpFields, payload: Bytes = new Uint8Array(0)): Bytes {
  const options = f.options ?? [];
  if (options.length % 4) throw new Error('TCP options must be padded to 4 bytes');
  const offsetWords = 5 + options.length / 4;
  return concat(u16(f.sport), u16(f.dport), u32(f.seq >>> 0), u32((f.ack ?? 0) >>> 0), [offsetWords << 4, f.flags], u16(65535), u16(0), u16(0), options, payload);
}

// ---- IPv4 (RFC 791 §3.1)

export interface Ipv4Fields {
  src: number[];
  dst: number[];
  protocol?: number;
  options?: number[];
  id?: number;
  dontFragment?: boolean;
  moreFragments?: boolean;
  /** In bytes (a multiple of 8). */
  fragmentOffset?: number;
  /** Overrides the total length field. */
  totalLength?: number;
}

export function ipv4(f: Ipv4Fields, payload: Bytes): Bytes {
  const options = f.options ?? [];
  if (options.length % 4) throw new Error('IPv4 options must be padded to 4 bytes');
  const ihl = 5 + options.length / 4;
  const total = f.totalLength ?? ihl * 4 + payload.length;
  const frag = ((f.dontFragment ? 0x4000 : 0) | (f.moreFragments ? 0x2000 : 0) | ((f.fragmentOffset ?? 0) / 8)) & 0xffff;
  return concat([0x40 | ihl, 0], u16(total), u16(f.id ?? 1), u16(frag), [64, f.protocol ?? 6], u16(0), f.src, f.dst, options, payload);
}

// ---- IPv6 (RFC 8200 §3, §4)

export interface Ipv6Ext {
  /** Next-header value naming this extension header (0 hop-by-hop, 43 routing, 44 fragment, 60 destination options). */
  type: number;
  /** For 0/43/60: the option bytes after next-header and length (so 6 + 8k bytes). */
  body?: number[];
  /** For 44: fragment offset in bytes and the M flag. */
  fragmentOffset?: number;
  more?: boolean;
}

export function ipv6(src: number[], dst: number[], payload: Bytes, ext: Ipv6Ext[] = [], nextHeader = 6): Bytes {
  // Chain: IPv6 header's next header = first ext's type; each ext's next header = the following one.
  const types = [...ext.map((e) => e.type), nextHeader];
  const exts = ext.map((e, i) => {
    if (e.type === 44) {
      const fo = ((e.fragmentOffset ?? 0) & 0xfff8) | (e.more ? 1 : 0);
      return concat([types[i + 1], 0], u16(fo), u32(0x1234));
    }
    const body = e.body ?? [1, 4, 0, 0, 0, 0]; // a PadN option filling the 8 bytes
    if ((body.length + 2) % 8) throw new Error('extension header must be a multiple of 8 bytes');
    return concat([types[i + 1], (body.length + 2) / 8 - 1], body);
  });
  const rest = concat(...exts, payload);
  return concat([0x60, 0, 0, 0], u16(rest.length), [types[0], 64], src, dst, rest);
}

export const V6_LOOPBACK = [...new Array(15).fill(0), 1];
export const V6_A = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0a];
export const V6_B = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0b];

// ---- link layers

export function ethernet(ip: Bytes, etherType: number, vlans: number[] = []): Bytes {
  const dst = [2, 0, 0, 0, 0, 2];
  const src = [2, 0, 0, 0, 0, 1];
  const tags = vlans.flatMap((vid, i) => [...u16(i === 0 && vlans.length > 1 ? 0x88a8 : 0x8100), ...u16(vid)]);
  return concat(dst, src, tags, u16(etherType), ip);
}

/** Linux cooked capture v1: packet type, ARPHRD, address length, 8 address bytes, protocol. */
export function sll(ip: Bytes, protocol: number): Bytes {
  return concat(u16(0), u16(772), u16(6), [1, 2, 3, 4, 5, 6, 0, 0], u16(protocol), ip);
}

/** Linux cooked capture v2: protocol, reserved, interface index, ARPHRD, packet type, address length, 8 address bytes. */
export function sll2(ip: Bytes, protocol: number): Bytes {
  return concat(u16(protocol), u16(0), u32(1), u16(772), [0, 6], [1, 2, 3, 4, 5, 6, 0, 0], ip);
}

/** DLT_NULL: the family in the capturing host's byte order. */
export function nullLink(ip: Bytes, family: number, le: boolean): Bytes {
  return concat(u32(family, le), ip);
}

/** DLT_LOOP: the family in network byte order. */
export function loopLink(ip: Bytes, family: number): Bytes {
  return concat(u32(family), ip);
}

// ---- pcap (draft-ietf-opsawg-pcap §4, §5)

export interface Frame {
  /** Seconds and fraction (µs or ns, as the file says). */
  sec: number;
  frac: number;
  data: Bytes;
  /** Length on the wire, when more than was captured. */
  originalLength?: number;
}

export function pcap(opts: { le?: boolean; nano?: boolean; linkType: number; snaplen?: number }, frames: Frame[]): Bytes {
  const le = opts.le ?? true;
  const header = concat(u32(opts.nano ? 0xa1b23c4d : 0xa1b2c3d4, le), u16(2, le), u16(4, le), u32(0, le), u32(0, le), u32(opts.snaplen ?? 262144, le), u32(opts.linkType, le));
  return concat(header, ...frames.map((f) => concat(u32(f.sec, le), u32(f.frac, le), u32(f.data.length, le), u32(f.originalLength ?? f.data.length, le), f.data)));
}

// ---- pcapng (draft-ietf-opsawg-pcapng §4)

function block(type: number, body: Bytes, le: boolean): Bytes {
  const b = pad4(body);
  const len = b.length + 12;
  return concat(u32(type, le), u32(len, le), b, u32(len, le));
}

export function shb(le = true): Bytes {
  return block(0x0a0d0d0a, concat(u32(0x1a2b3c4d, le), u16(1, le), u16(0, le), new Array(8).fill(0xff)), le);
}

/** tsresol: the if_tsresol byte (6 = µs, 9 = ns, 0x80|n = 2^-n); undefined leaves the option out. */
export function idb(linkType: number, le = true, tsresol?: number, tsoffset?: number): Bytes {
  const opts: (Bytes | number[])[] = [];
  if (tsresol !== undefined) opts.push(u16(9, le), u16(1, le), [tsresol, 0, 0, 0]);
  if (tsoffset !== undefined) {
    const lo = tsoffset >>> 0;
    const hi = Math.floor(tsoffset / 4294967296);
    opts.push(u16(14, le), u16(8, le), le ? [...u32(lo, true), ...u32(hi, true)] : [...u32(hi), ...u32(lo)]);
  }
  if (opts.length) opts.push([0, 0, 0, 0]);
  return block(1, concat(u16(linkType, le), u16(0, le), u32(262144, le), ...opts), le);
}

function split64(ts: number | bigint): [number, number] {
  const t = BigInt(ts);
  return [Number(t >> 32n), Number(t & 0xffffffffn)];
}

/** An Enhanced Packet Block; `ts` in the interface's units. */
export function epb(iface: number, ts: number | bigint, data: Bytes, le = true, originalLength?: number): Bytes {
  const [hi, lo] = split64(ts);
  return block(6, concat(u32(iface, le), u32(hi, le), u32(lo, le), u32(data.length, le), u32(originalLength ?? data.length, le), pad4(data), [0, 0, 0, 0]), le);
}

export function spb(data: Bytes, le = true, originalLength?: number): Bytes {
  return block(3, concat(u32(originalLength ?? data.length, le), data), le);
}

/** The obsolete Packet Block: 16-bit interface id and drops count. */
export function opb(iface: number, ts: number | bigint, data: Bytes, le = true): Bytes {
  const [hi, lo] = split64(ts);
  return block(2, concat(u16(iface, le), u16(0, le), u32(hi, le), u32(lo, le), u32(data.length, le), u32(data.length, le), data), le);
}

export function dsb(secretsType: number, secrets: Bytes, le = true): Bytes {
  return block(0x0a, concat(u32(secretsType, le), u32(secrets.length, le), secrets), le);
}

/** Some block the reader must skip (Name Resolution, Interface Statistics, custom…). */
export function otherBlock(type: number, body: Bytes, le = true): Bytes {
  return block(type, body, le);
}

// ---- a small SSH-looking conversation over TCP

export const CLIENT_VERSION = 'SSH-2.0-TestClient_1.0\r\n';
export const SERVER_VERSION = 'SSH-2.0-TestServer_2.0\r\n';

/** A fake binary packet carrying a KEXINIT number and a cookie, so the cookie can be found. */
export function fakeKexinit(cookieByte: number, extra = 40): Bytes {
  const payload = concat([20], new Array(16).fill(cookieByte), new Array(extra).fill(0x61));
  const padding = 8 - ((payload.length + 5) % 8) + 4;
  return concat(u32(payload.length + padding + 1), [padding], payload, new Array(padding).fill(0));
}

export interface Seg {
  fromClient: boolean;
  flags: number;
  /** Stream offset of the first payload byte (SYN/FIN flags count from the ISN as TCP does). */
  off: number;
  data?: Bytes;
}

export interface Conversation {
  client: { ip: number[]; port: number; isn: number };
  server: { ip: number[]; port: number; isn: number };
  segments: Seg[];
}

/** TCP segments of a conversation, sequence numbers from each side's ISN (data offset 0 = ISN + 1). */
export function tcpSegments(c: Conversation): { fromClient: boolean; bytes: Bytes }[] {
  return c.segments.map((s) => {
    const me = s.fromClient ? c.client : c.server;
    const them = s.fromClient ? c.server : c.client;
    const seq = s.flags & SYN ? me.isn : me.isn + 1 + s.off;
    return { fromClient: s.fromClient, bytes: tcp({ sport: me.port, dport: them.port, seq: seq >>> 0, ack: 0, flags: s.flags }, s.data) };
  });
}

/** A plain conversation: handshake, both version lines and KEXINITs, some data, FIN both ways. */
export function plainConversation(opts: { clientData?: Bytes; serverData?: Bytes; cport?: number; sport?: number; cisn?: number; sisn?: number } = {}): {
  conv: Conversation;
  c2s: Bytes;
  s2c: Bytes;
} {
  const c2s = opts.clientData ?? concat(ascii(CLIENT_VERSION), fakeKexinit(0xc1));
  const s2c = opts.serverData ?? concat(ascii(SERVER_VERSION), fakeKexinit(0x5e));
  const conv: Conversation = {
    client: { ip: [127, 0, 0, 1], port: opts.cport ?? 40000, isn: opts.cisn ?? 1000 },
    server: { ip: [127, 0, 0, 1], port: opts.sport ?? 2222, isn: opts.sisn ?? 5000 },
    segments: [
      { fromClient: true, flags: SYN, off: 0 },
      { fromClient: false, flags: SYN | ACK, off: 0 },
      { fromClient: true, flags: ACK, off: 0 },
      { fromClient: false, flags: PSH | ACK, off: 0, data: s2c.subarray(0, 24) },
      { fromClient: true, flags: PSH | ACK, off: 0, data: c2s.subarray(0, 24) },
      { fromClient: true, flags: PSH | ACK, off: 24, data: c2s.subarray(24) },
      { fromClient: false, flags: PSH | ACK, off: 24, data: s2c.subarray(24) },
      { fromClient: true, flags: FIN | ACK, off: c2s.length },
      { fromClient: false, flags: FIN | ACK, off: s2c.length },
    ],
  };
  return { conv, c2s, s2c };
}
