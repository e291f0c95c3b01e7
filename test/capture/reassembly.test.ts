// TCP reassembly on hand-built captures: order, retransmissions, overlaps (the first copy wins),
// gaps (the direction stops there, with where), wrap-around, snap length cuts, fragments, and
// how connections and their client side are told apart.

import { describe, expect, it } from 'vitest';
import { CaptureError, captureToRecording, importCapture, listSshStreams } from '../../lib/capture';
import * as b from './build';

const T0 = 1_700_000_000;
const C = { ip: [10, 0, 0, 1], port: 50000, isn: 100 };
const S = { ip: [10, 0, 0, 2], port: 22, isn: 900 };
const c2s = b.concat(b.ascii(b.CLIENT_VERSION), b.fakeKexinit(0xc1, 600));
const s2c = b.concat(b.ascii(b.SERVER_VERSION), b.fakeKexinit(0x5e, 600));

interface P extends b.Seg {
  /** Capture only this many bytes of the frame (a snap length cut). */
  snap?: number;
  ack?: number;
  ipOptions?: number[];
}

const hs: P[] = [
  { fromClient: true, flags: b.SYN, off: 0 },
  { fromClient: false, flags: b.SYN | b.ACK, off: 0 },
  { fromClient: true, flags: b.ACK, off: 0 },
];
const fin: P[] = [
  { fromClient: true, flags: b.FIN | b.ACK, off: c2s.length },
  { fromClient: false, flags: b.FIN | b.ACK, off: s2c.length },
];
const cs = (from: number, to: number, data = c2s): P => ({ fromClient: true, flags: b.ACK, off: from, data: data.subarray(from, to) });
const sc = (from: number, to: number, data = s2c): P => ({ fromClient: false, flags: b.ACK, off: from, data: data.subarray(from, to) });

function frame(p: P, c = C, s = S): b.Bytes {
  const me = p.fromClient ? c : s;
  const them = p.fromClient ? s : c;
  const seq = p.flags & b.SYN ? me.isn : me.isn + 1 + p.off;
  const flags = p.flags;
  const seg = b.tcp({ sport: me.port, dport: them.port, seq: seq >>> 0, ack: p.ack ?? 0, flags }, p.data);
  return b.ethernet(b.ipv4({ src: me.ip, dst: them.ip, options: p.ipOptions }, seg), 0x0800);
}

function file(ps: P[], c = C, s = S): { bytes: b.Bytes; offsets: number[] } {
  const offsets: number[] = [];
  let at = 24;
  const frames = ps.map((p, i) => {
    const data = frame(p, c, s);
    const kept = p.snap === undefined ? data : data.subarray(0, p.snap);
    offsets.push(at);
    at += 16 + kept.length;
    return { sec: T0, frac: i, data: kept, originalLength: data.length };
  });
  return { bytes: b.pcap({ linkType: 1 }, frames), offsets };
}

const joined = (bytes: b.Bytes, d: 'c2s' | 's2c', stream?: number) =>
  b.concat(...captureToRecording(bytes, { stream }).peerBytes!.filter((p) => p.direction === d).map((p) => p.bytes));

describe('reassembly', () => {
  it('puts out-of-order segments back in order', () => {
    const { bytes } = file([...hs, cs(100, 200), sc(0, 300), cs(24, 100), cs(0, 24), cs(200, c2s.length), sc(300, s2c.length), ...fin]);
    expect(joined(bytes, 'c2s')).toEqual(c2s);
    expect(joined(bytes, 's2c')).toEqual(s2c);
    const rec = captureToRecording(bytes);
    // Out-of-order bytes become available when the bytes before them arrive: packet 7 delivers three pieces.
    expect(rec.peerBytes!.map((p) => [p.direction, p.t, p.bytes.length])).toEqual([
      ['s2c', 0.004, 300],
      ['c2s', 0.006, 24],
      ['c2s', 0.006, 76],
      ['c2s', 0.006, 100],
      ['c2s', 0.007, c2s.length - 200],
      ['s2c', 0.008, s2c.length - 300],
    ]);
    expect(listSshStreams(bytes).streams[0].warnings).toEqual([]);
  });

  it('keeps one copy of retransmitted bytes and says nothing when they agree', () => {
    const { bytes } = file([...hs, cs(0, 100), cs(0, 100), cs(50, 150), cs(100, c2s.length), cs(0, c2s.length), sc(0, s2c.length), ...fin]);
    expect(joined(bytes, 'c2s')).toEqual(c2s);
    const s = listSshStreams(bytes).streams[0];
    // 100 again, 50 of 50–150, 50 of 100–end, then all of it.
    expect(s.client.duplicateBytes).toBe(100 + 50 + 50 + c2s.length);
    expect(s.client.conflictingBytes).toBe(0);
    expect(s.warnings).toEqual([]);
  });

  it('keeps the first copy where overlapping segments differ, and says where', () => {
    expect(c2s.length).toBeGreaterThan(500);
    const other = c2s.map((x, i) => (i >= 120 && i < 130 ? x ^ 0xff : x));
    // Packet 5 overlaps delivered bytes 100–149 (differing at 120–129); packet 7 arrives out of
    // order over 300–400, packet 8 overlaps it with different bytes at 300–310 but is later.
    const later = c2s.map((x, i) => (i >= 300 && i < 310 ? x ^ 0x0f : x));
    const { bytes } = file([...hs, cs(0, 150), cs(100, 200, other), cs(200, 250), cs(300, 400), cs(250, 350, later), cs(400, c2s.length), sc(0, s2c.length), ...fin]);
    expect(joined(bytes, 'c2s')).toEqual(c2s);
    const s = listSshStreams(bytes).streams[0];
    expect([s.client.duplicateBytes, s.client.conflictingBytes]).toEqual([50 + 50, 20]);
    expect(s.warnings).toEqual([
      'client → server: 20 bytes arrived again with different values (first at stream byte 120, packet 5); the first copy was kept.',
    ]);
  });

  it('stops a direction at a gap and says where the missing bytes are', () => {
    const ps = [...hs, cs(0, 100), sc(0, 200), cs(150, 300), sc(200, s2c.length), cs(300, c2s.length), ...fin];
    const { bytes, offsets } = file(ps);
    expect(joined(bytes, 'c2s')).toEqual(c2s.subarray(0, 100));
    expect(joined(bytes, 's2c')).toEqual(s2c);
    const s = listSshStreams(bytes).streams[0];
    expect(s.client.bytes).toBe(100);
    expect(s.client.gap).toMatchObject({ streamOffset: 100, missing: 50, nextPacket: 6, nextFileOffset: offsets[5], lastPacket: 4 });
    expect(s.server.gap).toBeUndefined();
    expect(s.warnings).toEqual([
      `client → server: bytes are missing from stream byte 100 after packet 4 (the data after it is in packet 6, file byte ${offsets[5]}): 50 bytes are missing before the data of packet 6. The recording stops this direction there rather than join bytes across the hole.`,
    ]);
    const imp = importCapture(bytes);
    expect(imp.recording.warnings).toEqual(s.warnings);
    expect(imp.recording.meta.description).toContain('bytes are missing from stream byte 100');
  });

  it('finds a gap at the end from the FIN or from the other side\'s ACK', () => {
    const byFin = file([...hs, cs(0, 100), sc(0, s2c.length), { fromClient: true, flags: b.FIN | b.ACK, off: 130 }]).bytes;
    expect(listSshStreams(byFin).streams[0].client.gap).toMatchObject({ streamOffset: 100, reason: '30 bytes before the FIN are missing' });
    const byAck = file([...hs, cs(0, 100), { ...sc(0, s2c.length), ack: C.isn + 1 + 160 }]).bytes;
    expect(listSshStreams(byAck).streams[0].client.gap).toMatchObject({ streamOffset: 100, missing: 60 });
    // An ACK of exactly what was seen, and of the FIN, is no gap.
    const whole = file([...hs, cs(0, c2s.length), { ...sc(0, s2c.length), ack: C.isn + 1 + c2s.length }, { fromClient: true, flags: b.FIN | b.ACK, off: c2s.length }, { fromClient: false, flags: b.ACK, off: s2c.length, ack: C.isn + 2 + c2s.length }]).bytes;
    expect(listSshStreams(whole).streams[0].warnings).toEqual([]);
  });

  it('follows sequence numbers across the 2^32 wrap', () => {
    const c = { ...C, isn: 2 ** 32 - 50 };
    const s = { ...S, isn: 2 ** 32 - 1 };
    const { bytes } = file([...hs, cs(0, 30), cs(60, 120), cs(30, 60), cs(120, c2s.length), sc(0, s2c.length), ...fin], c, s);
    expect(joined(bytes, 'c2s')).toEqual(c2s);
    expect(joined(bytes, 's2c')).toEqual(s2c);
    expect(listSshStreams(bytes).streams[0].warnings).toEqual([]);
  });

  it('treats the part of a packet cut by the snap length as missing', () => {
    const header = 14 + 20 + 20;
    const { bytes, offsets } = file([...hs, cs(0, 100), { ...cs(100, 200), snap: header + 40 }, cs(200, c2s.length), sc(0, s2c.length), ...fin]);
    const s = listSshStreams(bytes).streams[0];
    expect(s.client.bytes).toBe(140);
    expect(s.client.gap?.streamOffset).toBe(140);
    expect(s.client.gap?.reason).toContain(`packet 5 (file byte ${offsets[4]}) was cut by the capture's snap length, 60 bytes of its TCP payload are not in the file`);
    expect(joined(bytes, 'c2s')).toEqual(c2s.subarray(0, 140));
  });

  it('reports IPv4 fragments and does not reassemble them', () => {
    const seg = b.tcp({ sport: C.port, dport: S.port, seq: C.isn + 1 + 24, flags: b.ACK }, c2s.subarray(24, 100));
    const first = b.ethernet(b.ipv4({ src: C.ip, dst: S.ip, moreFragments: true }, seg.subarray(0, 20 + 40)), 0x0800);
    const rest = b.ethernet(b.ipv4({ src: C.ip, dst: S.ip, fragmentOffset: 64 }, seg.subarray(64)), 0x0800);
    const ps = [...hs, cs(0, 24)].map((p) => frame(p));
    const after = [cs(100, c2s.length), sc(0, s2c.length), ...fin].map((p) => frame(p));
    const bytes = b.pcap({ linkType: 1 }, [...ps, first, rest, ...after].map((data, i) => ({ sec: T0, frac: i, data })));
    const summary = listSshStreams(bytes);
    expect(summary.skipped.fragments).toBe(1);
    expect(summary.warnings.join('\n')).toMatch(/packet 6 \(file byte \d+\): an IPv4 fragment at offset 64 \(fragments are not reassembled\)/);
    const s = summary.streams[0];
    expect(s.client.bytes).toBe(24 + 40);
    expect(s.client.gap?.reason).toContain('packet 5');
    expect(s.client.gap?.reason).toContain('first IP fragment');
  });

  it('skips IPv4 options and IPv6 extension headers', () => {
    const v4 = [...hs, cs(0, c2s.length), sc(0, s2c.length), ...fin].map((p) => frame({ ...p, ipOptions: [0x94, 4, 0, 0, 1, 1, 1, 0] })); // Router Alert, NOPs, EOL
    expect(listSshStreams(b.pcap({ linkType: 1 }, v4.map((data, i) => ({ sec: T0, frac: i, data })))).streams[0].client.bytes).toBe(c2s.length);
    const ext: b.Ipv6Ext[] = [{ type: 0 }, { type: 60, body: [1, 12, ...new Array(12).fill(0)] }, { type: 43 }, { type: 44 }]; // hop-by-hop, dest opts, routing, atomic fragment
    const v6 = [...hs, cs(0, c2s.length), sc(0, s2c.length), ...fin].map((p) => {
      const me = p.fromClient ? C : S;
      const them = p.fromClient ? S : C;
      const seq = p.flags & b.SYN ? me.isn : me.isn + 1 + p.off;
      const seg = b.tcp({ sport: me.port, dport: them.port, seq, flags: p.flags }, p.data);
      return b.ipv6(p.fromClient ? b.V6_A : b.V6_B, p.fromClient ? b.V6_B : b.V6_A, seg, ext);
    });
    const s = listSshStreams(b.pcap({ linkType: 101 }, v6.map((data, i) => ({ sec: T0, frac: i, data })))).streams[0];
    expect([s.client.host, s.client.bytes, s.server.host, s.server.bytes]).toEqual(['2001:db8::a', c2s.length, '2001:db8::b', s2c.length]);
  });
});

describe('connections', () => {
  it('without a SYN, takes the side on the higher port as the client, and says so', () => {
    const { bytes } = file([cs(0, c2s.length), sc(0, s2c.length)]);
    const s = listSshStreams(bytes).streams[0];
    expect([s.clientBy, s.client.port, s.server.port]).toEqual(['port', 50000, 22]);
    expect(s.warnings).toEqual(['No SYN or SYN-ACK in the capture: the side on the higher port (50000) is taken to be the client.']);
    // The server's data arrives first here: the ports, not the order, decide.
    const first = file([sc(0, s2c.length), cs(0, c2s.length)]).bytes;
    expect(listSshStreams(first).streams[0].client.port).toBe(50000);
  });

  it('with only the SYN-ACK, its sender is the server even on the higher port', () => {
    const c = { ...C, port: 22 };
    const s = { ...S, port: 50000 };
    const { bytes } = file([hs[1], cs(0, c2s.length), sc(0, s2c.length)], c, s);
    const st = listSshStreams(bytes).streams[0];
    expect([st.clientBy, st.client.port, st.server.port, st.client.version]).toEqual(['syn-ack', 22, 50000, 'SSH-2.0-TestClient_1.0']);
  });

  it('finds SSH on any port, after server banner lines, and lists several connections', () => {
    const banner = b.concat(b.ascii('Welcome\r\nauthorized use only\r\n'), s2c);
    const ssh1 = file([...hs, cs(0, c2s.length), sc(0, banner.length, banner), ...fin], { ...C, port: 40001 }, { ...S, port: 8443 });
    const http = file([...hs, { ...cs(0, 18), data: b.ascii('GET / HTTP/1.1\r\n\r\n') }, { ...sc(0, 8), data: b.ascii('HTTP/1.1') }], { ...C, port: 40002 }, { ...S, port: 80 });
    const ssh2 = file([...hs, cs(0, c2s.length), sc(0, s2c.length), ...fin], { ...C, port: 40003 }, S);
    // Interleave: each file's frames after its 24-byte header, 16-byte record headers kept.
    const records = (f: b.Bytes) => {
      const out: b.Bytes[] = [];
      for (let at = 24; at < f.length; ) {
        const len = new DataView(f.buffer, f.byteOffset + at + 8, 4).getUint32(0, true);
        out.push(f.subarray(at, at + 16 + len));
        at += 16 + len;
      }
      return out;
    };
    const [r1, r2, r3] = [ssh1.bytes, http.bytes, ssh2.bytes].map(records);
    const mixed: b.Bytes[] = [];
    for (let i = 0; i < Math.max(r1.length, r2.length, r3.length); i++) mixed.push(...[r1[i], r2[i], r3[i]].filter(Boolean));
    const bytes = b.concat(ssh1.bytes.subarray(0, 24), ...mixed);
    const summary = listSshStreams(bytes);
    expect(summary.tcpConnections).toBe(3);
    expect(summary.streams.map((s) => [s.number, s.tcpStream, s.client.port, s.server.port, s.server.version, s.server.bytes])).toEqual([
      [1, 0, 40001, 8443, 'SSH-2.0-TestServer_2.0', banner.length],
      [2, 2, 40003, 22, 'SSH-2.0-TestServer_2.0', s2c.length],
    ]);
    expect(() => captureToRecording(bytes)).toThrow(CaptureError);
    expect(() => captureToRecording(bytes)).toThrow(/2 SSH connections/);
    expect(() => captureToRecording(bytes, { stream: 3 })).toThrow(/an SSH connection number from 1 to 2, found 3/);
    const rec = captureToRecording(bytes, { stream: 2 });
    expect(rec.meta).toMatchObject({ local: { host: '10.0.0.1', port: 40003 }, peer: { host: '10.0.0.2', port: 22 }, title: 'Captured SSH connection 10.0.0.1:40003 → 10.0.0.2:22' });
  });

  it('starts a new connection when a port pair is reused with a new SYN', () => {
    const one = file([...hs, cs(0, c2s.length), sc(0, s2c.length), ...fin]);
    const two = file([...hs, cs(0, c2s.length), sc(0, s2c.length), ...fin], { ...C, isn: 77777 }, { ...S, isn: 88888 });
    const bytes = b.concat(one.bytes, two.bytes.subarray(24));
    const s = listSshStreams(bytes).streams;
    expect(s.map((x) => [x.tcpStream, x.firstPacket, x.client.bytes, x.server.bytes, x.warnings.length])).toEqual([
      [0, 1, c2s.length, s2c.length, 0],
      [1, 8, c2s.length, s2c.length, 0],
    ]);
  });

  it('says when there is no SSH connection', () => {
    const { bytes } = file([...hs, { ...cs(0, 18), data: b.ascii('GET / HTTP/1.1\r\n\r\n') }]);
    expect(() => captureToRecording(bytes)).toThrow(/expected a TCP connection that starts with an SSH identification line \("SSH-"\), found 1 TCP connection in 4 packets, none of them SSH/);
  });

  it('keeps key log entries of this connection, drops those of another SSH connection in the capture', () => {
    const ssh1 = file([...hs, cs(0, c2s.length), sc(0, s2c.length)]);
    const otherC2s = b.concat(b.ascii(b.CLIENT_VERSION), b.fakeKexinit(0x77, 200));
    const ssh2 = file([...hs, cs(0, otherC2s.length, otherC2s), sc(0, s2c.length)], { ...C, port: 50001 }, S);
    const bytes = b.concat(ssh1.bytes, ssh2.bytes.subarray(24));
    const e = (cookie: number, secret: number) => ({ cookie: new Uint8Array(16).fill(cookie), kind: 'SHARED_SECRET' as const, secret: new Uint8Array(32).fill(secret) });
    const imp = importCapture(bytes, { stream: 1, keylog: [e(0xc1, 1), e(0x77, 2), e(0x99, 3), e(0xc1, 1)] });
    expect(imp.recording.keylog).toEqual([e(0xc1, 1), e(0x99, 3)]);
    expect(imp.notes).toEqual([
      '1 key log entry belongs to other SSH connections in this capture and was left out.',
      "1 key log entry names a KEXINIT cookie not seen in clear in this connection (a rekey's, or another connection's); kept.",
    ]);
  });
});

describe('a capture that begins mid-connection', () => {
  it('ignores a retransmission of bytes from before the first one captured', () => {
    // No SYN: the stream starts at the first byte seen; a later copy reaching back before it
    // (its first 10 bytes unknown to us) is compared only where it overlaps what we have.
    const pre = b.concat(new Uint8Array(10).fill(0x7a), c2s.subarray(0, 60));
    const C2 = { ...C, isn: C.isn };
    const { bytes } = file([cs(0, c2s.length), sc(0, s2c.length), { fromClient: true, flags: b.ACK, off: -10, data: pre }], C2, S);
    const s = listSshStreams(bytes).streams[0];
    expect([s.client.bytes, s.client.duplicateBytes, s.client.conflictingBytes, s.client.gap]).toEqual([c2s.length, 60, 0, undefined]);
    expect(joined(bytes, 'c2s')).toEqual(c2s);
  });
});

describe('RST', () => {
  it('a connection reset by the server: the bytes before it are whole, and the side says RST', () => {
    const { bytes } = file([...hs, cs(0, c2s.length), sc(0, s2c.length), { fromClient: false, flags: b.RST | b.ACK, off: s2c.length }]);
    const s = listSshStreams(bytes).streams[0];
    expect([s.server.rst, s.server.fin, s.client.rst, s.server.bytes, s.warnings]).toEqual([true, false, false, s2c.length, []]);
  });
});
