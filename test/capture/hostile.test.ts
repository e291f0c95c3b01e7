// Hostile and damaged captures: each problem is a CaptureError naming the byte offset and what
// was expected; random bytes and random damage to valid files never throw anything else, and
// whatever is read from them still makes a recording that parseRecording accepts.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CaptureError, importCapture, listSshStreams } from '../../lib/capture';
import { parseRecording, stringifyRecording } from '../../lib/session/recording';
import * as b from './build';

function captureError(f: () => unknown): CaptureError {
  try {
    f();
  } catch (e) {
    if (e instanceof CaptureError) return e;
    throw e;
  }
  throw new Error('no error');
}

const frames = () => {
  const { conv } = b.plainConversation();
  return b.tcpSegments(conv).map((s) => b.ethernet(b.ipv4({ src: [127, 0, 0, 1], dst: [127, 0, 0, 1] }, s.bytes), 0x0800));
};
const validPcap = () => b.pcap({ linkType: 1 }, frames().map((data, i) => ({ sec: 1, frac: i, data })));
const validPcapng = () => b.concat(b.shb(), b.idb(1), ...frames().map((d, i) => b.epb(0, i, d)));
const le32 = (f: b.Bytes, at: number, x: number) => new DataView(f.buffer, f.byteOffset).setUint32(at, x >>> 0, true);

describe('damaged files name the offset and what was expected', () => {
  it('empty, unknown magic, short header', () => {
    expect(captureError(() => listSshStreams(new Uint8Array(0)))).toMatchObject({ problem: 'empty', offset: 0 });
    const gif = captureError(() => listSshStreams(b.ascii('GIF89a and so on')));
    expect(gif).toMatchObject({ problem: 'unknown-format', offset: 0, found: '47494638' });
    expect(gif.message).toMatch(/^byte 0: expected a pcap magic number/);
    expect(captureError(() => listSshStreams(validPcap().subarray(0, 10)))).toMatchObject({ problem: 'truncated', offset: 0, expected: 'a pcap file header of 24 bytes' });
  });

  it('pcap: a record cut short, in its header or its data', () => {
    const f = validPcap();
    const firstLen = 16 + frames()[0].length;
    expect(captureError(() => listSshStreams(f.subarray(0, 24 + firstLen + 5)))).toMatchObject({ problem: 'truncated', offset: 24 + firstLen, packet: 2, expected: 'a 16-byte pcap record header' });
    const e = captureError(() => listSshStreams(f.subarray(0, 24 + firstLen + 16 + 3)));
    expect(e).toMatchObject({ problem: 'truncated', offset: 24 + firstLen, packet: 2, found: 'the file ends after 3 of them' });
    expect(e.message).toBe(`packet 2, byte ${24 + firstLen}: expected a packet record with ${frames()[1].length} captured bytes, found the file ends after 3 of them`);
  });

  it('pcap: an absurd captured length, a bad version; a fraction out of range is only a warning', () => {
    const f = validPcap();
    le32(f, 24 + 8, 0xfffffff0);
    expect(captureError(() => listSshStreams(f))).toMatchObject({ problem: 'bad-length', offset: 32, packet: 1, found: '4294967280' });
    const v = validPcap();
    v[4] = 3;
    expect(captureError(() => listSshStreams(v))).toMatchObject({ problem: 'bad-header', offset: 4, found: 'version 3.4' });
    const us = validPcap();
    le32(us, 24 + 4, 1_000_000);
    // A fraction out of range is a writer's slip, not damage: said, and the packets still read.
    const read = listSshStreams(us);
    expect(read.warnings).toEqual(['packet 1 (file byte 24): a microsecond count of 1000000, not below 1000000']);
    expect(read.streams).toHaveLength(1);
  });

  it('pcapng: byte-order magic, block lengths, trailer, interface ids, first block', () => {
    const shbLen = b.shb().length;
    const idbLen = b.idb(1).length;
    const bom = validPcapng();
    bom[8] = 0;
    expect(captureError(() => listSshStreams(bom))).toMatchObject({ problem: 'bad-header', offset: 8 });
    for (const [len, expected] of [
      [13, 'a block total length that is a multiple of 4 and at least 12'],
      [8, 'a block total length that is a multiple of 4 and at least 12'],
      [0x7ffffff0, `a block total length of at most ${16 * 1024 * 1024} bytes`],
    ] as const) {
      const f = validPcapng();
      le32(f, shbLen + 4, len);
      expect(captureError(() => listSshStreams(f))).toMatchObject({ problem: 'bad-length', offset: shbLen + 4, expected });
    }
    const big = validPcapng();
    le32(big, shbLen + 4, 1 << 20);
    expect(captureError(() => listSshStreams(big))).toMatchObject({ problem: 'truncated', offset: shbLen, expected: `an Interface Description Block of ${1 << 20} bytes` });
    const trailer = validPcapng();
    le32(trailer, shbLen + idbLen - 4, 99);
    expect(captureError(() => listSshStreams(trailer))).toMatchObject({ problem: 'bad-length', offset: shbLen + idbLen - 4, found: '99' });
    const iface = validPcapng();
    le32(iface, shbLen + idbLen + 8, 7);
    expect(captureError(() => listSshStreams(iface))).toMatchObject({ problem: 'bad-header', offset: shbLen + idbLen + 8, packet: 1, found: '7' });
    const caplen = validPcapng();
    le32(caplen, shbLen + idbLen + 20, 5000);
    expect(captureError(() => listSshStreams(caplen))).toMatchObject({ problem: 'bad-length', offset: shbLen + idbLen + 20, packet: 1 });
    const noShb = validPcapng().subarray(shbLen);
    expect(captureError(() => listSshStreams(b.concat([0x0a, 0x0d, 0x0d, 0x0a], noShb)))).toMatchObject({ problem: 'bad-header' });
    const cut = validPcapng();
    expect(captureError(() => listSshStreams(cut.subarray(0, cut.length - 6)))).toMatchObject({ problem: 'truncated' });
  });
});

describe('never anything but CaptureError (fast-check)', () => {
  const check = (bytes: Uint8Array) => {
    try {
      const summary = listSshStreams(bytes);
      for (const s of summary.streams) {
        const rec = importCapture(bytes, { stream: s.number }).recording;
        // Whatever was read makes a recording the viewer accepts.
        parseRecording(stringifyRecording(rec));
      }
    } catch (e) {
      if (!(e instanceof CaptureError)) throw e;
      expect(e.message).toMatch(/byte \d+: expected /);
    }
  };

  it('random bytes, bare or behind a valid magic', () => {
    const prefixes = [[], [0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0], [0xa1, 0xb2, 0x3c, 0x4d, 0, 2, 0, 4], [0x0a, 0x0d, 0x0d, 0x0a], Array.from(b.shb())];
    fc.assert(
      fc.property(fc.constantFrom(...prefixes), fc.uint8Array({ maxLength: 600 }), (prefix, rest) => check(b.concat(prefix, rest))),
      { numRuns: 2000 },
    );
  });

  it('random damage to valid pcap and pcapng files', () => {
    const damage = fc.array(
      fc.oneof(
        fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
        fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
        fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 12 }) }),
        fc.record({ kind: fc.constant('u32' as const), at: fc.nat(), value: fc.constantFrom(0, 1, 0xffffffff, 0x7fffffff, 12, 65536, 262145) }),
      ),
      { minLength: 1, maxLength: 4 },
    );
    const files = [validPcap(), validPcapng(), b.pcap({ linkType: 1, le: false, nano: true }, frames().map((data, i) => ({ sec: 1, frac: i, data })))];
    fc.assert(
      fc.property(fc.constantFrom(...files), damage, (file, ops) => {
        let f: Uint8Array = file.slice();
        for (const op of ops) {
          const at = op.at % Math.max(1, f.length);
          if (op.kind === 'set') f[at] = op.value;
          else if (op.kind === 'cut') f = f.slice(0, at);
          else if (op.kind === 'insert') f = b.concat(f.subarray(0, at), op.bytes, f.subarray(at));
          else if (at + 4 <= f.length) le32(f, at, op.value);
        }
        check(f);
      }),
      { numRuns: 3000 },
    );
  });
});
