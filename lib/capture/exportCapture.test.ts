import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRecording } from '../session/open';
import { parseRecording, RecordingInconsistentError, type Recording } from '../session/recording';
import { importCapture } from './streams';
import { DEFAULT_CLIENT_PORT, DEFAULT_SERVER_PORT, endpointsOf, exportCapture, serverWaitsForClientVersion } from './exportCapture';
import type { StreamChunk } from './tcpSynthesis';

const bundled = (name: string) => readFileSync(join(import.meta.dirname, '../../public/recordings', name), 'utf8');
const ascii = (s: string) => new TextEncoder().encode(s);
const text = (chunks: StreamChunk[], flow: 'c2s' | 's2c') => chunks.filter((c) => c.flow === flow).map((c) => new TextDecoder().decode(c.bytes)).join('');

/** The TCP payloads of the export, read back from the pcapng's raw IPv4 packets, per direction. */
function payloads(pcapng: Uint8Array, serverPort: number): Record<'c2s' | 's2c', Uint8Array> {
  const v = new DataView(pcapng.buffer, pcapng.byteOffset, pcapng.byteLength);
  const out = { c2s: [] as number[], s2c: [] as number[] };
  for (let o = 0; o < pcapng.length; o += v.getUint32(o + 4, true)) {
    if (v.getUint32(o, true) !== 6) continue;
    const len = v.getUint32(o + 20, true);
    const p = pcapng.subarray(o + 28, o + 28 + len);
    const t = p.subarray((p[0] & 15) * 4);
    const dst = (t[2] << 8) | t[3];
    out[dst === serverPort ? 'c2s' : 's2c'].push(...t.subarray((t[12] >> 4) * 4));
  }
  return { c2s: Uint8Array.from(out.c2s), s2c: Uint8Array.from(out.s2c) };
}

describe('exportCapture', () => {
  it("a real recording's client view: the bytes the client sent and received, exactly, in one TCP connection to the recorded port", () => {
    const rec = parseRecording(bundled('real/openssh-curve25519-ed25519-chacha20.json'));
    const x = exportCapture(rec);
    expect(x.view).toBe('client');
    // The bundled file notes port 0 (not kept): the export says 22 then.
    expect(x.endpoints.server.port).toBe(rec.meta.peer!.port || DEFAULT_SERVER_PORT);
    const got = payloads(x.pcapng, x.endpoints.server.port);
    const received = rec.client!.events.flatMap((e) => (e.event.type === 'bytesReceived' ? [...e.event.bytes] : []));
    expect(Buffer.from(got.s2c).equals(Buffer.from(received))).toBe(true);
    // What the client sent is what the other side of the wire got: the recording's own digests say how much.
    expect(got.c2s.length).toBe(rec.client!.sent!.reduce((n, d) => n + d.length, 0));
    expect(x.keylog).toHaveLength(1);
  });

  it('sshscope import reads the export back: the same bytes each way and, from the Decryption Secrets Block, the same key log; exporting that again gives the same TCP payloads', () => {
    const rec = parseRecording(bundled('basics/curve25519-ed25519-chacha20.json'));
    const first = exportCapture(rec, { dsb: true });
    const imported = importCapture(first.pcapng);
    expect(imported.stream.client.port).toBe(first.endpoints.client.port);
    expect(imported.stream.server.port).toBe(first.endpoints.server.port);
    const got = payloads(first.pcapng, first.endpoints.server.port);
    const side = (flow: 'c2s' | 's2c') => Buffer.concat((imported.recording.peerBytes ?? []).filter((p) => p.direction === flow).map((p) => p.bytes));
    expect(side('c2s').equals(Buffer.from(got.c2s))).toBe(true);
    expect(side('s2c').equals(Buffer.from(got.s2c))).toBe(true);
    expect(imported.recording.keylog).toEqual(first.keylog);
    const second = exportCapture(imported.recording, { dsb: true });
    expect(second.view).toBe('observer');
    const again = payloads(second.pcapng, second.endpoints.server.port);
    expect(Buffer.from(again.c2s).equals(Buffer.from(got.c2s)) && Buffer.from(again.s2c).equals(Buffer.from(got.s2c))).toBe(true);
  });

  it('a recording the viewer refuses is refused with the same error', () => {
    const json = JSON.parse(bundled('basics/curve25519-ed25519-chacha20.json'));
    const ev = (json.server.events as { type: string; bytes?: string }[]).find((e) => e.type === 'bytesReceived' && e.bytes!.length > 100)!;
    ev.bytes = 'ff' + ev.bytes!.slice(2); // the first byte the server received ('S' of "SSH-2.0-…") becomes 0xff
    let viewer: unknown;
    try {
      openRecording(json);
    } catch (e) {
      viewer = e;
    }
    expect(viewer).toBeInstanceOf(RecordingInconsistentError);
    expect(() => exportCapture(parseRecording(json))).toThrow((viewer as Error).message);
  });

  it('an observer recording (peer bytes only) exports its bytes and carried key log as they are', () => {
    const rec: Recording = {
      meta: { title: 't', description: '', created: '2026-01-01T00:00:00.000Z', tool: 'test', source: 'imported-capture' },
      peerBytes: [
        { t: 0, direction: 'c2s', bytes: ascii('SSH-2.0-a\r\n') },
        { t: 1, direction: 's2c', bytes: ascii('SSH-2.0-b\r\n') },
      ],
      keylog: [{ cookie: new Uint8Array(16), kind: 'SHARED_SECRET', secret: Uint8Array.of(1, 2) }],
    };
    const x = exportCapture(rec);
    expect(x.view).toBe('observer');
    expect(x.keylog).toEqual(rec.keylog);
    const got = payloads(x.pcapng, DEFAULT_SERVER_PORT);
    expect(new TextDecoder().decode(got.c2s)).toBe('SSH-2.0-a\r\n');
    expect(new TextDecoder().decode(got.s2c)).toBe('SSH-2.0-b\r\n');
  });

  it('ports: record notes the server as peer and itself as local, serve the other way round; otherwise 49152 → 22', () => {
    const meta = { title: 't', description: '', created: '', tool: 't' };
    const a = { host: '127.0.0.1', port: 40000 };
    const b = { host: '127.0.0.1', port: 2222 };
    expect(endpointsOf({ meta: { ...meta, source: 'recorded-client', local: a, peer: b } }).client.port).toBe(40000);
    expect(endpointsOf({ meta: { ...meta, source: 'recorded-client', local: a, peer: b } }).server.port).toBe(2222);
    expect(endpointsOf({ meta: { ...meta, source: 'recorded-server', local: b, peer: a } }).server.port).toBe(2222);
    expect(endpointsOf({ meta: { ...meta, source: 'recorded-server', local: b, peer: a } }).client.port).toBe(40000);
    const sim = endpointsOf({ meta: { ...meta, source: 'simulated' } });
    expect([sim.client.port, sim.server.port]).toEqual([DEFAULT_CLIENT_PORT, DEFAULT_SERVER_PORT]);
  });
});

describe('serverWaitsForClientVersion', () => {
  it("the server's KEXINIT written with its version line waits for the client's line; banner lines before it go out at once", () => {
    const out = serverWaitsForClientVersion([
      { timestampUs: 0n, flow: 's2c', bytes: ascii('hello\r\nSSH-2.0-server\r\nKEXINIT') },
      { timestampUs: 5n, flow: 'c2s', bytes: ascii('SSH-2.0-cli') },
      { timestampUs: 7n, flow: 'c2s', bytes: ascii('ent\r\nKEX') },
    ]);
    expect(out.map((c) => [c.flow, new TextDecoder().decode(c.bytes), c.timestampUs])).toEqual([
      ['s2c', 'hello\r\nSSH-2.0-server\r\n', 0n],
      ['c2s', 'SSH-2.0-cli', 5n],
      ['c2s', 'ent\r\nKEX', 7n],
      ['s2c', 'KEXINIT', 7n],
    ]);
  });

  it('each direction keeps its bytes in order, whatever the interleaving', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ flow: fc.constantFrom('c2s' as const, 's2c' as const), s: fc.stringMatching(/^[A-Z\r\n-]{1,12}$/) }), { maxLength: 12 }), (raw) => {
        const chunks = raw.map((c, i) => ({ timestampUs: BigInt(i), flow: c.flow, bytes: ascii(c.s) }));
        const out = serverWaitsForClientVersion(chunks);
        for (const flow of ['c2s', 's2c'] as const) expect(text(out, flow)).toBe(text(chunks, flow));
        const ts = out.map((c) => c.timestampUs);
        expect(ts).toEqual([...ts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      }),
    );
  });
});
