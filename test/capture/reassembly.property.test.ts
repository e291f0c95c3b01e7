// Reassembly as a property (fast-check): cut a stream into random segments at a random initial
// sequence number (wrap-around included), deliver them in random order with random duplicate and
// overlapping copies. With every byte present the recording holds the stream exactly; with one
// segment's bytes never sent, it holds exactly the bytes before the hole and reports the hole there.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { captureToRecording, listSshStreams } from '../../lib/capture';
import * as b from './build';

const C = { ip: [10, 0, 0, 1], port: 50000 };
const S = { ip: [10, 0, 0, 2], port: 22 };

function frame(fromClient: boolean, seq: number, flags: number, data?: b.Bytes, ack = 0): b.Bytes {
  const [me, them] = fromClient ? [C, S] : [S, C];
  return b.ethernet(b.ipv4({ src: me.ip, dst: them.ip }, b.tcp({ sport: me.port, dport: them.port, seq: seq >>> 0, ack: ack >>> 0, flags }, data)), 0x0800);
}

const scenario = fc.record({
  isn: fc.oneof(fc.nat({ max: 0xffffffff }), fc.integer({ min: 0xffffffff - 3000, max: 0xffffffff })),
  body: fc.uint8Array({ minLength: 1, maxLength: 1500 }),
  cuts: fc.uniqueArray(fc.integer({ min: 1, max: 1600 }), { maxLength: 30 }),
  order: fc.array(fc.nat(), { minLength: 0, maxLength: 60 }),
  copies: fc.array(fc.record({ from: fc.nat(), len: fc.integer({ min: 1, max: 300 }) }), { maxLength: 10 }),
  hole: fc.option(fc.nat(), { nil: undefined }),
});

describe('reassembly property', () => {
  it('whole streams come back exactly; a hole stops the stream at its first byte', () => {
    fc.assert(
      fc.property(scenario, ({ isn, body, cuts, order, copies, hole }) => {
        const stream = b.concat(b.ascii(b.CLIENT_VERSION), body);
        const v = b.CLIENT_VERSION.length;
        const bounds = [0, ...cuts.filter((c) => c >= v && c < stream.length).sort((x, y) => x - y), stream.length];
        let segs = bounds.slice(1).map((end, i) => ({ from: bounds[i], to: end }));
        // The version line must arrive in one piece at the start for SSH to be recognised: keep segment 0 first.
        const holeAt = hole === undefined || segs.length < 2 ? undefined : 1 + (hole % (segs.length - 1));
        const holeFrom = holeAt === undefined ? undefined : segs[holeAt].from;
        if (holeAt !== undefined) segs = segs.filter((_, i) => i !== holeAt);
        const rest = segs.slice(1);
        // A random permutation (Fisher–Yates driven by `order`), then duplicate/overlapping copies.
        for (let i = rest.length - 1; i > 0; i--) {
          const j = (order[i % Math.max(1, order.length)] ?? 0) % (i + 1);
          [rest[i], rest[j]] = [rest[j], rest[i]];
        }
        const extra = copies
          .map((c) => ({ from: c.from % stream.length, to: Math.min(stream.length, (c.from % stream.length) + c.len) }));
        const all = [segs[0], ...rest, ...extra];
        const frames = [
          frame(true, isn, b.SYN),
          frame(false, 7, b.SYN | b.ACK, undefined, isn + 1),
          ...all.map((s) => frame(true, isn + 1 + s.from, b.ACK | b.PSH, stream.subarray(s.from, s.to))),
          // The FIN says where the stream ends, so a hole at the very end is seen too.
          frame(true, isn + 1 + stream.length, b.FIN | b.ACK),
        ];
        const file = b.pcap({ linkType: 1 }, frames.map((data, i) => ({ sec: 1, frac: i, data })));
        const rec = captureToRecording(file);
        const got = b.concat(...rec.peerBytes!.map((p) => p.bytes));
        const [s] = listSshStreams(file).streams;
        // Holes filled by an extra copy are not holes: the first byte no copy covers is where it stops.
        let expectedEnd = stream.length;
        if (holeFrom !== undefined) {
          const covered = new Uint8Array(stream.length);
          for (const x of all) covered.fill(1, x.from, x.to);
          expectedEnd = covered.indexOf(0);
          if (expectedEnd < 0) expectedEnd = stream.length;
        }
        expect(got).toEqual(stream.subarray(0, expectedEnd));
        expect(s.client.bytes).toBe(expectedEnd);
        if (expectedEnd < stream.length) expect(s.client.gap?.streamOffset).toBe(expectedEnd);
        else expect(s.client.gap).toBeUndefined();
        expect(s.client.conflictingBytes).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});
