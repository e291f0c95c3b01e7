// sshscope import through the CLI's own entry (main): what it prints, what it writes, exit codes.

import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../lib/node/cli/main';
import { parseRecording } from '../../lib/session/recording';
import * as b from './build';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'sshscope-import-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function cli(argv: string[]): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const code = await main(argv, (s) => lines.push(s));
  return { code, output: lines.join('\n') };
}

function capture(name: string, conversations: ReturnType<typeof b.plainConversation>[]): string {
  const frames = conversations.flatMap((c) =>
    b.tcpSegments(c.conv).map((s) => b.ethernet(b.ipv4({ src: [192, 0, 2, s.fromClient ? 1 : 2], dst: [192, 0, 2, s.fromClient ? 2 : 1] }, s.bytes), 0x0800)),
  );
  const path = join(tmp, name);
  writeFileSync(path, b.pcap({ linkType: 1 }, frames.map((data, i) => ({ sec: 1_700_000_000, frac: i * 1000, data }))));
  return path;
}

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

describe('sshscope import', () => {
  it('is listed in the help and has its own', async () => {
    expect((await cli(['--help'])).output).toContain('import CAPTURE');
    const h = await cli(['import', '--help']);
    expect([h.code, h.output.split('\n')[0]]).toEqual([0, 'Usage: sshscope import CAPTURE [--keylog FILE] [--stream N] [--out FILE]']);
  });

  it('lists the connection, writes the recording 0600 and says how to open it', async () => {
    const conv = b.plainConversation();
    const file = capture('one.pcap', [conv]);
    const out = join(tmp, 'one.sshscope.json');
    const r = await cli(['import', file, '--out', out]);
    expect(r.code, r.output).toBe(0);
    expect(r.output.split('\n')).toEqual([
      `Capture ${file}: pcap, 9 packets, 1 TCP connection`,
      'SSH connection:',
      '   1  192.0.2.1:40000 → 192.0.2.2:2222   packets 1–9 (9), 0.008 s, tcp.stream 0',
      `       client  192.0.2.1:40000        SSH-2.0-TestClient_1.0  ${conv.c2s.length} bytes, FIN`,
      `       server  192.0.2.2:2222         SSH-2.0-TestServer_2.0  ${conv.s2c.length} bytes, FIN`,
      `Recording of SSH connection 1 written to ${out}`,
      `Open it with: sshscope inspect ${out}   or in the viewer: Open file`,
    ]);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const rec = parseRecording(readFileSync(out, 'utf8'));
    expect(rec.meta).toMatchObject({ source: 'imported-capture', local: { host: '192.0.2.1', port: 40000 }, peer: { host: '192.0.2.2', port: 2222 } });
    expect(b.concat(...rec.peerBytes!.filter((p) => p.direction === 'c2s').map((p) => p.bytes))).toEqual(conv.c2s);
    // An existing --out is refused.
    expect((await cli(['import', file, '--out', out])).code).toBe(2);
  });

  it('asks for --stream when there are several, names default files after the capture, keeps a key log', async () => {
    const one = b.plainConversation({ cport: 40001 });
    const two = b.plainConversation({ cport: 40002, clientData: b.concat(b.ascii(b.CLIENT_VERSION), b.fakeKexinit(0x22)) });
    const file = capture('two.pcapng.pcap', [one, two]);
    const r = await cli(['import', file]);
    expect(r.code).toBe(2);
    expect(r.output).toContain('   2  192.0.2.1:40002 → 192.0.2.2:2222');
    expect(r.output).toContain('2 SSH connections: pick one with --stream N (1 to 2)');
    expect((await cli(['import', file, '--stream', '3'])).code).toBe(2);
    const keys = join(tmp, 'keys.log');
    writeFileSync(keys, `# two connections\n${'22'.repeat(16)} SHARED_SECRET ${'01'.repeat(32)}\n${'c1'.repeat(16)} SHARED_SECRET ${'02'.repeat(32)}\n`);
    const cwd = process.cwd();
    process.chdir(tmp);
    try {
      const w = await cli(['import', file, '--stream', '2', '--keylog', keys]);
      expect(w.code, w.output).toBe(0);
      expect(w.output).toContain('note: 1 key log entry belongs to other SSH connections in this capture and was left out.');
      expect(w.output).toContain('Recording of SSH connection 2 written to two.pcapng-stream2.sshscope.json');
      const again = await cli(['import', file, '--stream', '2']);
      expect(again.output).toContain('written to two.pcapng-stream2-2.sshscope.json');
      const rec = parseRecording(readFileSync(join(tmp, 'two.pcapng-stream2.sshscope.json'), 'utf8'));
      expect(rec.keylog?.map((k) => k.cookie[0])).toEqual([0x22]);
    } finally {
      process.chdir(cwd);
    }
  });

  it('prints where bytes are missing', async () => {
    const conv = b.plainConversation();
    conv.conv.segments.splice(5, 1); // the client's bytes after its version line never made it
    const file = capture('gap.pcap', [conv]);
    const r = await cli(['import', file, '--out', join(tmp, 'gap.json')]);
    expect(r.code).toBe(0);
    expect(r.output).toContain(`       client  192.0.2.1:40000        SSH-2.0-TestClient_1.0  24 bytes, FIN`);
    expect(r.output).toContain(`       warning: client → server: bytes are missing from stream byte 24 after packet 5: ${conv.c2s.length - 24} bytes before the FIN are missing. The recording stops this direction there rather than join bytes across the hole.`);
  });

  it('escapes what the peer sent and fails in one line on a bad file', async () => {
    const evil = b.concat(b.ascii('SSH-2.0-\x1b]0;pwned\x07\u009b2J\r\n'), b.fakeKexinit(1));
    const file = capture('evil.pcap', [b.plainConversation({ clientData: evil })]);
    const r = await cli(['import', file, '--out', join(tmp, 'evil.json')]);
    expect(r.code).toBe(0);
    expect(r.output).toContain('SSH-2.0-\\x1b]0;pwned\\x07\\x9b2J');
    expect(RAW_CONTROL.test(r.output)).toBe(false);
    const rec = parseRecording(readFileSync(join(tmp, 'evil.json'), 'utf8'));
    expect(RAW_CONTROL.test(rec.meta.description)).toBe(false);

    const junk = join(tmp, 'junk.pcap');
    writeFileSync(junk, 'this is not a capture');
    const j = await cli(['import', junk]);
    expect([j.code, j.output]).toEqual([1, `sshscope import: ${junk} cannot be read: byte 0: expected a pcap magic number (a1b2c3d4 or a1b23c4d, either byte order) or a pcapng Section Header Block (0a0d0d0a), found 74686973`]);
    const none = await cli(['import', join(tmp, 'missing.pcap')]);
    expect(none.code).toBe(2);
    const badKeys = join(tmp, 'bad.log');
    writeFileSync(badKeys, 'not a key log\n');
    const k = await cli(['import', file, '--keylog', badKeys]);
    expect([k.code, k.output]).toEqual([1, `sshscope import: --keylog ${badKeys}: key log line 1: expected "<cookie> PRIVATE_KEY|SHARED_SECRET <hex>", found 4 fields`]);
  });
});
