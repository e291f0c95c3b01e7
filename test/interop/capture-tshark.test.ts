// The hand-built captures (test/capture/build.ts) read by tshark too: one pcapng with an
// interface per link type and IP version, a connection on each; tshark's reassembly of every
// stream must equal ours. This checks the test writer against Wireshark, and our reader against
// tshark, on every link type, including a connection delivered out of order with retransmissions.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureToRecording, listSshStreams } from '../../lib/capture';
import * as b from '../capture/build';
import { frames, links } from '../capture/links';
import { tsharkAvailable, tsharkFollowAll } from './tcpdump';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'sshscope-capture-tshark-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(!tsharkAvailable())('tshark reads our hand-built captures as we do', () => {
  it('every link type and IP version in one pcapng: the same streams, the same bytes', async () => {
    const combos = links.flatMap((l) => ([4, 6] as const).filter((v) => !(v === 6 && l.v6 === false) && !(v === 4 && l.linkType === 229)).map((v) => ({ l, v })));
    const blocks: b.Bytes[] = [b.shb()];
    const expected: { c2s: b.Bytes; s2c: b.Bytes; name: string }[] = [];
    combos.forEach(({ l, v }, i) => {
      const conv = b.plainConversation({ cport: 41000 + i, clientData: b.concat(b.ascii(b.CLIENT_VERSION), b.fakeKexinit(i, 100 + i)) });
      blocks.push(b.idb(l.linkType));
      blocks.push(...frames(v, l.wrap, conv).map((d, k) => b.epb(i, 1_700_000_000_000_000 + i * 1000 + k, d)));
      expected.push({ c2s: conv.c2s, s2c: conv.s2c, name: `${l.name}, IPv${v}` });
    });
    // One more, on Ethernet: out of order, with a retransmission and an overlap (same bytes).
    const conv = b.plainConversation({ cport: 42000, clientData: b.concat(b.ascii(b.CLIENT_VERSION), b.fakeKexinit(0x33, 900)) });
    const c = conv.c2s;
    conv.conv.segments.splice(4, 2, { fromClient: true, flags: b.ACK, off: 0, data: c.subarray(0, 24) }, { fromClient: true, flags: b.ACK, off: 300, data: c.subarray(300) }, { fromClient: true, flags: b.ACK, off: 24, data: c.subarray(24, 200) }, { fromClient: true, flags: b.ACK, off: 100, data: c.subarray(100, 350) }, { fromClient: true, flags: b.ACK, off: 24, data: c.subarray(24, 200) });
    blocks.push(b.idb(1));
    blocks.push(...frames(4, (ip) => b.ethernet(ip, 0x0800), conv).map((d, k) => b.epb(combos.length, 1_700_000_000_100_000 + k, d)));
    expected.push({ c2s: conv.c2s, s2c: conv.s2c, name: 'Ethernet, out of order' });

    const file = join(tmp, 'all-link-types.pcapng');
    const bytes = b.concat(...blocks);
    writeFileSync(file, bytes);
    const summary = listSshStreams(bytes);
    expect(summary.streams.length).toBe(expected.length);
    const theirs = await tsharkFollowAll(file, expected.length);
    for (const [i, e] of expected.entries()) {
      const s = summary.streams[i];
      const t = theirs[s.tcpStream];
      expect(t, e.name).toBeDefined();
      const host = (h: string, p: number) => (h.includes(':') ? `[${h}]:${p}` : `${h}:${p}`);
      expect([t.node0, t.node1], e.name).toEqual([host(s.client.host, s.client.port), host(s.server.host, s.server.port)]);
      const rec = captureToRecording(bytes, { stream: s.number });
      const ours = (d: 'c2s' | 's2c') => Buffer.concat(rec.peerBytes!.filter((p) => p.direction === d).map((p) => p.bytes));
      expect(ours('c2s').equals(t.bytes0), `${e.name}: client bytes`).toBe(true);
      expect(ours('s2c').equals(t.bytes1), `${e.name}: server bytes`).toBe(true);
      expect(ours('c2s').equals(Buffer.from(e.c2s)), `${e.name}: what was sent`).toBe(true);
    }
  });
});
