// Every supported file format × link type × IP version, from hand-built files (build.ts): the
// SSH connection is found, its sides and version lines are right, and the recording's bytes per
// direction are exactly what was sent.

import { describe, expect, it } from 'vitest';
import { captureToRecording, listSshStreams } from '../../lib/capture';
import * as b from './build';
import { frames, links } from './links';

const T0 = 1_700_000_000; // seconds
type Format = { name: string; file: (linkType: number, frames: b.Bytes[]) => b.Bytes };
const formats: Format[] = [
  { name: 'pcap LE µs', file: (lt, fs) => b.pcap({ linkType: lt }, fs.map((data, i) => ({ sec: T0, frac: i * 1000, data }))) },
  { name: 'pcap BE ns', file: (lt, fs) => b.pcap({ linkType: lt, le: false, nano: true }, fs.map((data, i) => ({ sec: T0, frac: i * 1_000_000, data }))) },
  { name: 'pcapng LE µs', file: (lt, fs) => b.concat(b.shb(), b.idb(lt), ...fs.map((d, i) => b.epb(0, T0 * 1e6 + i * 1000, d))) },
  {
    name: 'pcapng BE ns',
    file: (lt, fs) => b.concat(b.shb(false), b.idb(lt, false, 9), ...fs.map((d, i) => b.epb(0, BigInt(T0) * 1_000_000_000n + BigInt(i) * 1_000_000n, d, false))),
  },
];

function expectConversation(file: b.Bytes, v: 4 | 6) {
  const { c2s, s2c } = b.plainConversation();
  const summary = listSshStreams(file);
  expect(summary.streams).toHaveLength(1);
  const s = summary.streams[0];
  expect(s.client).toMatchObject({ host: v === 4 ? '127.0.0.1' : '2001:db8::a', port: 40000, version: 'SSH-2.0-TestClient_1.0', bytes: c2s.length, fin: true });
  expect(s.server).toMatchObject({ host: v === 4 ? '127.0.0.1' : '2001:db8::b', port: 2222, version: 'SSH-2.0-TestServer_2.0', bytes: s2c.length, fin: true });
  expect(s.clientBy).toBe('syn');
  expect(s.warnings).toEqual([]);
  const rec = captureToRecording(file);
  expect(rec.meta.source).toBe('imported-capture');
  expect(rec.meta.created).toBe(new Date(T0 * 1000).toISOString());
  const join = (d: 'c2s' | 's2c') => b.concat(...rec.peerBytes!.filter((p) => p.direction === d).map((p) => p.bytes));
  expect(join('c2s')).toEqual(c2s);
  expect(join('s2c')).toEqual(s2c);
  // Frame i was stamped i ms after the first (the SYN); data went in frames 3, 4, 5 and 6.
  expect(rec.peerBytes!.map((p) => [p.direction, p.t])).toEqual([
    ['s2c', 3],
    ['c2s', 4],
    ['c2s', 5],
    ['s2c', 6],
  ]);
}

describe('link types', () => {
  for (const f of formats) {
    for (const l of links) {
      for (const v of [4, 6] as const) {
        if (v === 6 && l.v6 === false) continue;
        if (v === 4 && l.linkType === 229) continue;
        it(`${f.name}, ${l.name}, IPv${v}`, () => {
          expectConversation(f.file(l.linkType, frames(v, l.wrap)), v);
        });
      }
    }
  }
});

describe('pcapng blocks', () => {
  const fs = frames(4, (ip) => b.ethernet(ip, 0x0800));
  it('reads the obsolete Packet Block and skips unknown blocks', () => {
    const file = b.concat(
      b.shb(),
      b.otherBlock(0x00000004, new Uint8Array([0, 0, 0, 0])), // Name Resolution Block, empty
      b.idb(1),
      b.otherBlock(0x40000bad, new Uint8Array(20)), // a custom block
      ...fs.map((d, i) => (i % 2 ? b.opb(0, T0 * 1e6 + i * 1000, d) : b.epb(0, T0 * 1e6 + i * 1000, d))),
      b.otherBlock(0x00000005, new Uint8Array(16)), // Interface Statistics Block
    );
    expectConversation(file, 4);
  });

  it('gives each interface its own link type and timestamp resolution, across sections of either byte order', () => {
    // Section 1 (little-endian): interface 0 is SLL2 in 2^-20 s units; interface 1 Ethernet in ms.
    // Section 2 (big-endian): one raw-IP interface in µs with an if_tsoffset of T0 seconds.
    const sll2 = frames(4, (ip) => b.sll2(ip, 0x0800));
    const raw = frames(4, (ip) => ip);
    const ms = (i: number) => T0 * 1000 + i;
    const file = b.concat(
      b.shb(true),
      b.idb(276, true, 0x80 | 20),
      b.idb(1, true, 3),
      ...fs.slice(0, 3).map((d, i) => b.epb(1, ms(i), d)),
      ...sll2.slice(3).map((d, i) => b.epb(0, BigInt(Math.round(((ms(i + 3) / 1000) * 2 ** 20))), d)),
      b.shb(false),
      b.idb(101, false, 6, T0),
      ...raw.map((d, i) => b.epb(0, (3600 + i) * 1e6, d, false)),
    );
    const summary = listSshStreams(file);
    // The same port pair twice: the second SYN (other ISN) starts a second connection.
    expect(summary.streams.map((s) => [s.tcpStream, s.firstPacket, s.client.version, s.server.bytes])).toEqual([
      [0, 1, 'SSH-2.0-TestClient_1.0', b.plainConversation().s2c.length],
      [0, 10, 'SSH-2.0-TestClient_1.0', b.plainConversation().s2c.length],
    ].map(([_, p, v, n], i) => [i, p, v, n]));
    expect(summary.streams[0].start).toBeCloseTo(T0 * 1000, 3);
    expect(summary.streams[1].start).toBeCloseTo((T0 + 3600) * 1000, 3);
    const rec = captureToRecording(file, { stream: 1 });
    expect(rec.peerBytes!.map((p) => Math.round(p.t * 1000) / 1000)).toEqual([3, 4, 5, 6].map((x) => expect.closeTo(x, 2)));
  });

  it('reads a Simple Packet Block (no timestamp: the previous packet\'s time)', () => {
    const file = b.concat(b.shb(), b.idb(1), ...fs.map((d, i) => (i === 4 ? b.spb(d) : b.epb(0, T0 * 1e6 + i * 1000, d))));
    const rec = captureToRecording(file);
    expect(rec.peerBytes!.map((p) => p.t)).toEqual([3, 3, 5, 6]);
  });

  it('takes an SSH key log from a Decryption Secrets Block', () => {
    const line = `${'c1'.repeat(16)} SHARED_SECRET ${'ab'.repeat(32)}\n`;
    const file = b.concat(b.shb(), b.dsb(0x5353484b, b.ascii(line)), b.dsb(0x544c534b, b.ascii('CLIENT_RANDOM x y\n')), b.idb(1), ...fs.map((d, i) => b.epb(0, i, d)));
    const summary = listSshStreams(file);
    expect(summary.keylog).toHaveLength(1);
    const rec = captureToRecording(file);
    expect(rec.keylog).toEqual([{ cookie: new Uint8Array(16).fill(0xc1), kind: 'SHARED_SECRET', secret: new Uint8Array(32).fill(0xab) }]);
  });
});
