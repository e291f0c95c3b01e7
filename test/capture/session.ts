// A pcapng of whole SSH connections, from both directions' bytes in arrival order (an observer
// recording's peerBytes, e.g. lib/session/observer/fromEndpoints.ts): each connection a TCP
// handshake, the bytes in segments of at most one Ethernet MSS, then FIN both ways. Built with the
// byte layouts of build.ts, never with lib/capture's reader.

import * as b from './build';

export interface ConnectionBytes {
  client: { ip: number[]; port: number };
  server: { ip: number[]; port: number };
  /** Both directions in arrival order; t in ms from the connection's start. */
  chunks: { t: number; direction: 'c2s' | 's2c'; bytes: Uint8Array }[];
  /** Start, µs since 1970. */
  startUs?: number;
  /** Leave out the TCP handshake (a capture started mid-connection). */
  omitHandshake?: boolean;
}

const MSS = 1448;

function packets(c: ConnectionBytes, isn: { client: number; server: number }): { ts: bigint; data: b.Bytes }[] {
  const start = BigInt(c.startUs ?? 1_700_000_000_000_000);
  const off = { client: 0, server: 0 };
  const out: { ts: bigint; data: b.Bytes }[] = [];
  const send = (fromClient: boolean, flags: number, tMs: number, data?: b.Bytes) => {
    const [me, them] = fromClient ? [c.client, c.server] : [c.server, c.client];
    const side = fromClient ? 'client' : 'server';
    const seq = flags & b.SYN ? isn[side] : isn[side] + 1 + off[side];
    const seg = b.tcp({ sport: me.port, dport: them.port, seq: seq >>> 0, ack: 0, flags }, data);
    out.push({ ts: start + BigInt(Math.round(tMs * 1000)), data: b.ethernet(b.ipv4({ src: me.ip, dst: them.ip }, seg), 0x0800) });
    if (data) off[side] += data.length;
  };
  if (!c.omitHandshake) {
    send(true, b.SYN, 0);
    send(false, b.SYN | b.ACK, 0);
    send(true, b.ACK, 0);
  }
  let last = 0;
  for (const k of c.chunks) {
    last = k.t;
    for (let i = 0; i < k.bytes.length; i += MSS) send(k.direction === 'c2s', b.PSH | b.ACK, k.t, k.bytes.subarray(i, i + MSS));
  }
  send(true, b.FIN | b.ACK, last);
  send(false, b.FIN | b.ACK, last);
  return out;
}

/** One pcapng (Ethernet, µs timestamps) of the connections, one after the other. */
export function connectionsPcapng(connections: ConnectionBytes[]): Uint8Array {
  const all = connections.flatMap((c, i) => packets(c, { client: 1000 + i * 7919, server: 50_000 + i * 104_729 }));
  return b.concat(b.shb(), b.idb(1), ...all.map((p) => b.epb(0, p.ts, p.data)));
}
