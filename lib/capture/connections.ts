// Every TCP connection in a capture, each direction reassembled (reassembly.ts), told apart by
// addresses and ports and, when a port pair is reused, by a new SYN. Connections are numbered
// in the order of their first packet, as Wireshark's tcp.stream numbers them.
// A connection is kept in full only while it may be SSH: once its client has sent four bytes
// that are not "SSH-" (or both sides have and neither did), its bytes are dropped.

import { linkTypeName, SUPPORTED_LINK_TYPES, SUPPORTED_LINK_TYPE_NAMES } from './link';
import { DirectionReassembler, type Gap } from './reassembly';
import { TCP_FLAG, tcpSegment, type TcpSegment } from './segment';
import { warn, type CapturedPacket } from './packet';

export interface Endpoint {
  host: string;
  port: number;
}

/** Reassembled bytes in the order they became available, with who sent them. */
export interface Chunk {
  t: number;
  fromA: boolean;
  bytes: Uint8Array;
  packet: number;
}

/**
 * How the client was told apart: the side that sent the SYN; else the one that answered with
 * SYN-ACK is the server; else (the capture began mid-connection) the side on the lower port is
 * the server (22 beside an ephemeral port); with equal ports, the side that sent first is the client.
 */
export type ClientEvidence = 'syn' | 'syn-ack' | 'port' | 'first-packet';

export interface TcpConnection {
  index: number;
  /** `a` sent the connection's first captured packet. */
  a: Endpoint;
  b: Endpoint;
  clientIsA: boolean;
  clientBy: ClientEvidence;
  ab: DirectionReassembler;
  ba: DirectionReassembler;
  chunks: Chunk[];
  firstPacket: number;
  lastPacket: number;
  firstT: number;
  lastT: number;
  packets: number;
  /** undefined while unknown. */
  ssh?: boolean;
  /** The first bytes of each direction, up to 4, for the "SSH-" test. */
  headA: number[];
  headB: number[];
  synSeq?: number;
  closed: boolean;
}

const SSH_DASH = [0x53, 0x53, 0x48, 0x2d];

export interface TrackResult {
  connections: TcpConnection[];
  /** Frames that were not TCP, by kind. */
  skipped: { notIp: number; notTcp: number; fragments: number; malformed: number };
  warnings: string[];
}

export class ConnectionTracker {
  readonly connections: TcpConnection[] = [];
  private readonly byKey = new Map<string, TcpConnection>();
  readonly skipped = { notIp: 0, notTcp: 0, fragments: 0, malformed: 0 };
  readonly warnings: string[] = [];

  private readonly unsupported = new Set<number>();

  add(p: CapturedPacket): void {
    const s = tcpSegment(p);
    if ('skip' in s) {
      if (s.skip === 'not-ip') {
        this.skipped.notIp++;
        if (!SUPPORTED_LINK_TYPES.includes(p.linkType) && !this.unsupported.has(p.linkType) && this.unsupported.size < 16) {
          this.unsupported.add(p.linkType);
          warn(this.warnings, `packet ${p.number} (file byte ${p.fileOffset}) and others: ${linkTypeName(p.linkType)} is not supported (${SUPPORTED_LINK_TYPE_NAMES}); skipped`);
        }
      }
      else if (s.skip === 'not-tcp') this.skipped.notTcp++;
      else if (s.skip === 'fragment') {
        this.skipped.fragments++;
        warn(this.warnings, `packet ${p.number} (file byte ${p.fileOffset}): ${s.detail}`);
      } else {
        this.skipped.malformed++;
        warn(this.warnings, `packet ${p.number} (file byte ${p.fileOffset}): ${s.detail}; skipped`);
      }
      return;
    }
    const k1 = `${s.src} ${s.srcPort}`;
    const k2 = `${s.dst} ${s.dstPort}`;
    const key = k1 < k2 ? `${k1}|${k2}` : `${k2}|${k1}`;
    let c = this.byKey.get(key);
    const syn = (s.flags & (TCP_FLAG.SYN | TCP_FLAG.ACK)) === TCP_FLAG.SYN;
    if (c && syn && (c.closed || (c.synSeq !== undefined && c.synSeq !== s.seq))) c = undefined; // the port pair reused
    if (!c) {
      c = this.open(s, p);
      this.byKey.set(key, c);
    }
    const fromA = s.src === c.a.host && s.srcPort === c.a.port;
    c.packets++;
    c.lastPacket = p.number;
    c.lastT = p.t;
    if (syn) {
      c.synSeq ??= s.seq;
      if (c.clientBy !== 'syn') {
        c.clientIsA = fromA;
        c.clientBy = 'syn';
      }
    } else if ((s.flags & (TCP_FLAG.SYN | TCP_FLAG.ACK)) === (TCP_FLAG.SYN | TCP_FLAG.ACK) && c.clientBy !== 'syn') {
      c.clientIsA = !fromA;
      c.clientBy = 'syn-ack';
    }
    if (c.ssh === false) {
      if (s.flags & TCP_FLAG.RST || (s.flags & TCP_FLAG.FIN && (fromA ? c.ba : c.ab).finAt !== undefined)) c.closed = true;
      return;
    }
    const dir = fromA ? c.ab : c.ba;
    if (s.flags & TCP_FLAG.ACK) (fromA ? c.ba : c.ab).acknowledged(s.ack);
    dir.segment(s, { packet: p.number, fileOffset: p.fileOffset, t: p.t });
    if (s.flags & TCP_FLAG.RST || (c.ab.finAt !== undefined && c.ba.finAt !== undefined)) c.closed = true;
  }

  private open(s: TcpSegment, p: CapturedPacket): TcpConnection {
    const a = { host: s.src, port: s.srcPort };
    const b = { host: s.dst, port: s.dstPort };
    // Until a SYN or SYN-ACK says otherwise: the lower port is the server's.
    const byPort = s.srcPort !== s.dstPort;
    const chunks: Chunk[] = [];
    const c: TcpConnection = {
      index: this.connections.length,
      a,
      b,
      clientIsA: byPort ? s.srcPort > s.dstPort : true,
      clientBy: byPort ? 'port' : 'first-packet',
      ab: undefined as unknown as DirectionReassembler,
      ba: undefined as unknown as DirectionReassembler,
      chunks,
      firstPacket: p.number,
      lastPacket: p.number,
      firstT: p.t,
      lastT: p.t,
      packets: 0,
      headA: [],
      headB: [],
      closed: false,
    };
    c.ab = new DirectionReassembler((bytes, o) => this.delivered(c, true, bytes, o.t, o.packet));
    c.ba = new DirectionReassembler((bytes, o) => this.delivered(c, false, bytes, o.t, o.packet));
    this.connections.push(c);
    return c;
  }

  private delivered(c: TcpConnection, fromA: boolean, bytes: Uint8Array, t: number, packet: number): void {
    if (c.ssh === false) return;
    c.chunks.push({ t, fromA, bytes, packet });
    const head = fromA ? c.headA : c.headB;
    if (c.ssh === undefined && head.length < 4) {
      for (let i = 0; i < bytes.length && head.length < 4; i++) head.push(bytes[i]);
      c.ssh = sshVerdict(c);
      if (c.ssh === false) {
        c.chunks = [];
        c.ab.forget();
        c.ba.forget();
      }
    }
  }

  /** Ends every direction: holes left at the end of the capture become gaps. */
  finish(): TcpConnection[] {
    for (const c of this.connections) {
      if (c.ssh === false) continue;
      c.ab.finish();
      c.ba.finish();
    }
    return this.connections;
  }
}

function startsWithSsh(head: number[]): boolean | undefined {
  for (let i = 0; i < head.length; i++) if (head[i] !== SSH_DASH[i]) return false;
  return head.length >= 4 ? true : undefined;
}

/**
 * SSH if either direction starts with "SSH-" (a server may send other lines first, RFC 4253
 * §4.2, so its side is not required to). Not SSH once the client's first bytes are something
 * else, or both sides' are.
 */
function sshVerdict(c: TcpConnection): boolean | undefined {
  const a = startsWithSsh(c.headA);
  const b = startsWithSsh(c.headB);
  if (a || b) return true;
  const client = c.clientIsA ? a : b;
  if (client === false && c.clientBy !== 'port' && c.clientBy !== 'first-packet') return false;
  if (a === false && b === false) return false;
  return undefined;
}

export type { Gap };
