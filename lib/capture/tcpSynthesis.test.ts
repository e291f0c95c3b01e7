import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { internetChecksum, MAX_SEGMENT_PAYLOAD, synthesizeTcp, type StreamChunk, type TcpEndpoints } from './tcpSynthesis';

const ends: TcpEndpoints = { client: { ip: [127, 0, 0, 1], port: 50000 }, server: { ip: [127, 0, 0, 1], port: 22 } };

interface Parsed {
  src: number;
  dst: number;
  seq: number;
  ack: number;
  flags: number;
  payload: Uint8Array;
  ipChecksumOk: boolean;
  tcpChecksumOk: boolean;
  totalLength: number;
}

/** Reads back what synthesizeTcp wrote, checking the checksums the way a receiver does (sum = 0). */
function parse(p: Uint8Array): Parsed {
  const v = new DataView(p.buffer, p.byteOffset, p.byteLength);
  const ihl = (p[0] & 15) * 4;
  const t = p.subarray(ihl);
  const tv = new DataView(t.buffer, t.byteOffset, t.byteLength);
  const pseudo = new Uint8Array(12);
  pseudo.set(p.subarray(12, 20), 0);
  pseudo[9] = p[9];
  new DataView(pseudo.buffer).setUint16(10, t.length);
  return {
    src: tv.getUint16(0),
    dst: tv.getUint16(2),
    seq: tv.getUint32(4),
    ack: tv.getUint32(8),
    flags: t[13],
    payload: t.subarray((t[12] >> 4) * 4),
    // RFC 1071 §1: a receiver's sum over the data with its checksum is all ones, so its complement is 0.
    ipChecksumOk: internetChecksum([p.subarray(0, ihl)]) === 0,
    tcpChecksumOk: internetChecksum([pseudo, t]) === 0,
    totalLength: v.getUint16(2),
  };
}

describe('internetChecksum', () => {
  it("RFC 1071 §3's example: bytes 00 01 f2 03 f4 f5 f6 f7 sum to ddf2, so the checksum is its complement 220d", () => {
    expect(internetChecksum([Uint8Array.of(0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7)])).toBe(0x220d);
  });

  it('an odd-length part is padded with a zero byte, and parts split anywhere give the same sum', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(300), (bytes, cut) => {
        const at = Math.min(cut, bytes.length);
        const even = bytes.length % 2 ? Uint8Array.from([...bytes, 0]) : bytes;
        expect(internetChecksum([bytes.subarray(0, at), bytes.subarray(at)])).toBe(internetChecksum([even]));
      }),
    );
  });
});

describe('synthesizeTcp', () => {
  it('a handshake, data both ways with matching sequence and acknowledgment numbers, then both FINs; every checksum verifies', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ flow: fc.constantFrom('c2s' as const, 's2c' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 3000 }) }), { maxLength: 20 }),
        (raw) => {
          const chunks: StreamChunk[] = raw.map((c, i) => ({ ...c, timestampUs: BigInt(1000 * i) }));
          const packets = synthesizeTcp(ends, chunks).map((p) => ({ flow: p.flow, ...parse(p.data) }));
          expect(packets.slice(0, 3).map((p) => p.flags)).toEqual([0x02, 0x12, 0x10]); // SYN, SYN|ACK, ACK
          expect(packets.slice(-3).map((p) => p.flags)).toEqual([0x11, 0x11, 0x10]); // FIN|ACK, FIN|ACK, ACK
          const next = { c2s: packets[0].seq, s2c: packets[1].seq };
          const got = { c2s: [] as number[], s2c: [] as number[] };
          for (const p of packets) {
            expect(p.ipChecksumOk && p.tcpChecksumOk).toBe(true);
            expect(p.totalLength).toBe(40 + p.payload.length);
            const back = p.flow === 'c2s' ? 's2c' : 'c2s';
            expect([p.src, p.dst]).toEqual(p.flow === 'c2s' ? [50000, 22] : [22, 50000]);
            expect(p.seq).toBe(next[p.flow]);
            if (p.flags & 0x10) expect(p.ack).toBe(next[back]);
            got[p.flow].push(...p.payload);
            next[p.flow] = (next[p.flow] + p.payload.length + (p.flags & 0x02 ? 1 : 0) + (p.flags & 0x01 ? 1 : 0)) >>> 0;
          }
          for (const flow of ['c2s', 's2c'] as const) expect(got[flow]).toEqual(raw.filter((c) => c.flow === flow).flatMap((c) => [...c.bytes]));
        },
      ),
      { numRuns: 50 },
    );
  });

  it('a chunk larger than one IPv4 packet is cut into segments of at most 65,495 bytes; the receiver acknowledges before a window is exceeded', () => {
    const big = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 7) & 255);
    const packets = synthesizeTcp(ends, [{ timestampUs: 0n, flow: 's2c', bytes: big }]).map((p) => ({ flow: p.flow, ...parse(p.data) }));
    const data = packets.filter((p) => p.payload.length);
    expect(data.map((p) => p.payload.length)).toEqual([MAX_SEGMENT_PAYLOAD, MAX_SEGMENT_PAYLOAD, MAX_SEGMENT_PAYLOAD, 200_000 - 3 * MAX_SEGMENT_PAYLOAD]);
    expect(MAX_SEGMENT_PAYLOAD).toBe(65535 - 40);
    const joined = new Uint8Array(big.length);
    let o = 0;
    for (const p of data) joined.set(p.payload, (o += p.payload.length) - p.payload.length);
    expect(Buffer.from(joined).equals(Buffer.from(big))).toBe(true);
    // Between two full segments the client acknowledges (never more than 65,535 bytes in flight).
    const order = packets.slice(3, -3).map((p) => (p.payload.length ? `data:${p.flow}` : `ack:${p.flow}`));
    expect(order).toEqual(['data:s2c', 'ack:c2s', 'data:s2c', 'ack:c2s', 'data:s2c', 'ack:c2s', 'data:s2c']);
  });

  it('timestamps never go backwards, whatever the log says', () => {
    const packets = synthesizeTcp(ends, [
      { timestampUs: 5000n, flow: 'c2s', bytes: Uint8Array.of(1) },
      { timestampUs: 3000n, flow: 's2c', bytes: Uint8Array.of(2) },
    ]);
    const ts = packets.map((p) => p.timestampUs);
    expect(ts).toEqual([...ts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(ts.at(-1)).toBe(5000n);
  });
});
