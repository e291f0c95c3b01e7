// Bounds and layering: lib/capture stays browser-safe, a flood of out-of-order segments ends in a
// reported gap, a recording never outgrows what parseRecording opens, and frames the reader cannot
// use (other link types, IPv6 fragments) are counted and named.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCapture, listSshStreams } from '../../lib/capture';
import { MAX_PENDING } from '../../lib/capture/reassembly';
import * as b from './build';

const T0 = 1_700_000_000;
const C = { ip: [10, 0, 0, 1], port: 50000, isn: 100 };
const S = { ip: [10, 0, 0, 2], port: 22, isn: 900 };
const seg = (fromClient: boolean, flags: number, off: number, data?: b.Bytes) => {
  const [me, them] = fromClient ? [C, S] : [S, C];
  const seq = flags & b.SYN ? me.isn : me.isn + 1 + off;
  return b.ethernet(b.ipv4({ src: me.ip, dst: them.ip }, b.tcp({ sport: me.port, dport: them.port, seq, flags }, data)), 0x0800);
};
const pcap = (frames: b.Bytes[], linkType = 1) => b.pcap({ linkType }, frames.map((data, i) => ({ sec: T0, frac: i % 1_000_000, data })));
const start = [seg(true, b.SYN, 0), seg(false, b.SYN | b.ACK, 0), seg(false, b.ACK, 0, b.ascii(b.SERVER_VERSION)), seg(true, b.ACK, 0, b.ascii(b.CLIENT_VERSION))];

describe('bounds', () => {
  it('lib/capture imports no Node built-in (the browser runs it)', () => {
    const dir = join(import.meta.dirname, '../../lib/capture');
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.ts') && !x.endsWith('.test.ts'))) {
      const text = readFileSync(join(dir, f), 'utf8');
      expect(text, f).not.toMatch(/from '(node:|fs|path|os|buffer|crypto|child_process)/);
      expect(text, f).not.toMatch(/\bBuffer\b|\bprocess\./);
    }
  });

  it(`stops a direction after ${MAX_PENDING} segments wait for missing bytes`, () => {
    const v = b.CLIENT_VERSION.length;
    // One byte missing at stream byte v + 1, then one-byte segments after it.
    const waiting = Array.from({ length: MAX_PENDING + 5 }, (_, i) => seg(true, b.ACK, v + 2 + i, Uint8Array.of(i & 0xff)));
    const s = listSshStreams(pcap([...start, seg(true, b.ACK, v, Uint8Array.of(1)), ...waiting])).streams[0];
    expect(s.client.bytes).toBe(v + 1);
    expect(s.client.gap).toMatchObject({ streamOffset: v + 1, missing: 1, nextPacket: 6 });
    expect(s.client.gap!.reason).toBe(`more than ${MAX_PENDING} segments are waiting for the missing bytes before them`);
  });

  it('a recording stops at maxBytes and says where', () => {
    const chunk = new Uint8Array(1000).fill(0x41);
    const v = b.CLIENT_VERSION.length;
    const frames = [...start, ...Array.from({ length: 10 }, (_, i) => seg(true, b.ACK, v + i * 1000, chunk))];
    const imp = importCapture(pcap(frames), { maxBytes: 5000 });
    const total = imp.recording.peerBytes!.reduce((a, p) => a + p.bytes.length, 0);
    expect(total).toBe(2 * v + 4000);
    expect(imp.notes).toEqual([`The recording stops at packet 9 after ${2 * v + 4000} bytes: a recording holds at most 5000 bytes in 2000000 pieces; the capture goes on.`]);
  });

  it('names link types it does not read, and IPv6 fragments', () => {
    const other = listSshStreams(pcap(start, 147)); // LINKTYPE_USER0
    expect(other.streams).toEqual([]);
    expect(other.skipped.notIp).toBe(4);
    expect(other.warnings).toEqual([
      'packet 1 (file byte 24) and others: link type 147 is not supported (Ethernet with or without 802.1Q tags, Linux cooked SLL and SLL2, raw IP, BSD loopback NULL and LOOP); skipped',
    ]);
    const tcpBytes = b.tcp({ sport: 1, dport: 2, seq: 0, flags: b.ACK }, new Uint8Array(100));
    const later = b.ipv6(b.V6_A, b.V6_B, tcpBytes.subarray(56), [{ type: 44, fragmentOffset: 56 }]);
    const s = listSshStreams(b.pcap({ linkType: 101 }, [{ sec: T0, frac: 0, data: later }]));
    expect(s.skipped.fragments).toBe(1);
    expect(s.warnings).toEqual(['packet 1 (file byte 24): an IPv6 fragment at offset 56 (fragments are not reassembled)']);
  });
});
