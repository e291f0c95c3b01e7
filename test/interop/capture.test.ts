// Real captures, made here with Debian's tcpdump on the loopback: Debian 12's ssh → a test sshd
// (Ethernet on lo, SLL2 on "any" with nanosecond stamps, the same file as pcapng via editcap,
// and one cut by a snap length), and Debian 13's OpenSSH 10 (mlkem768x25519-sha256). tshark is
// the second opinion: its own reassembly of each stream must equal ours byte for byte, and its
// tcp.stream numbers must be ours.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureToRecording, listSshStreams, type SshStream } from '../../lib/capture';
import { parseRecording, stringifyRecording, type Recording } from '../../lib/session/recording';
import { banner, sshdAvailable, startSshd, type Sshd } from './sshd';
import { captureToolsAvailable, run, startTcpdump, tsharkFollow, waitForCapture } from './tcpdump';
import { runInTrixie, TRIXIE, trixieAvailable } from './trixie';

/**
 * The capture holds `n` SSH connections, each closed (FIN or RST) both ways with no bytes
 * missing: tcpdump may still be writing the last packets, not always in order ("any" merges
 * per-CPU queues), when the connection has ended.
 */
const closed = (n: number) => (bytes: Uint8Array) => {
  const s = listSshStreams(bytes).streams;
  return s.length === n && s.every((x) => [x.client, x.server].every((d) => (d.fin || d.rst) && !d.gap));
};

const SSH_OPTS = ['-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR'];

function direction(rec: Recording, d: 'c2s' | 's2c'): Buffer {
  return Buffer.concat(rec.peerBytes!.filter((p) => p.direction === d).map((p) => p.bytes));
}

/** The client's kex_algorithms from its first KEXINIT (RFC 4253 §7.1), read straight from the bytes. */
function kexAlgorithms(c2s: Buffer): string[] {
  const p = c2s.indexOf(0x0a) + 1;
  expect(c2s[p + 5]).toBe(20); // SSH_MSG_KEXINIT
  const at = p + 6 + 16;
  const len = c2s.readUInt32BE(at);
  return c2s.subarray(at + 4, at + 4 + len).toString('latin1').split(',');
}

/** Our stream against tshark's: same endpoints, same bytes each way. */
async function expectSameAsTshark(file: string, s: SshStream, rec: Recording, tshark?: string[]) {
  const f = await tsharkFollow(file, s.tcpStream, tshark);
  // Node 0 is the side that sent the stream's first packet: the client, who sent the SYN.
  expect([f.node0, f.node1]).toEqual([`${s.client.host}:${s.client.port}`, `${s.server.host}:${s.server.port}`]);
  expect(f.bytes0.length).toBeGreaterThan(1000);
  expect(direction(rec, 'c2s').equals(f.bytes0)).toBe(true);
  expect(direction(rec, 's2c').equals(f.bytes1)).toBe(true);
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'sshscope-capture-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(!sshdAvailable() || !captureToolsAvailable())('captures of Debian 12 ssh → sshd on 127.0.0.1', () => {
  let sshd: Sshd;
  let serverVersion: string;
  // "OpenSSH_9.2p1 Debian-2+deb12u10, OpenSSL …" on stderr: the part before the comma is in the version line.
  const clientVersion = `SSH-2.0-${spawnSync('/usr/bin/ssh', ['-V'], { encoding: 'utf8' }).stderr.split(',')[0]}`;
  const files: Record<string, string> = {};
  beforeAll(async () => {
    sshd = await startSshd({ hostKeyTypes: ['ed25519'] });
    serverVersion = await banner(sshd.port);
    const filter = `tcp port ${sshd.port}`;
    files.lo = join(tmp, 'lo.pcap');
    files.any = join(tmp, 'any-nano.pcap');
    files.snap = join(tmp, 'snap.pcap');
    // One capture per link type and precision, of the same two connections.
    const dumps = await Promise.all([
      startTcpdump('lo', files.lo, filter),
      startTcpdump('any', files.any, filter, ['--time-stamp-precision=nano']),
      startTcpdump('lo', files.snap, filter, ['-s', '300']),
    ]);
    for (let i = 0; i < 2; i++) {
      const r = await run('/usr/bin/ssh', [...SSH_OPTS, '-p', String(sshd.port), 'nobody@127.0.0.1', 'true']);
      expect(r.stderr).toContain('Permission denied'); // the handshake ran; no user may log in
    }
    // sshd logs each connection's end: both are over before the captures stop.
    await sshd.waitForLog(/Connection closed by authenticating user nobody 127\.0\.0\.1 port \d+[\s\S]*Connection closed by authenticating user nobody/);
    await Promise.all([files.lo, files.any].map((f) => waitForCapture(f, closed(2), 20_000, (bytes) => JSON.stringify(listSshStreams(bytes).streams))));
    // The snap-length capture has holes by design: it waits for both FINs of both connections.
    await waitForCapture(files.snap, (bytes) => {
      const s = listSshStreams(bytes).streams;
      return s.length === 2 && s.every((x) => x.client.fin && x.server.fin);
    });
    await Promise.all(dumps.map((d) => d.stop()));
    files.pcapng = join(tmp, 'lo.pcapng');
    execFileSync('/usr/bin/editcap', ['-F', 'pcapng', files.lo, files.pcapng]);
  }, 60_000);
  afterAll(async () => sshd?.stop());

  for (const [name, link] of [
    ['lo', 'Ethernet, pcap µs'],
    ['any', 'Linux cooked v2, pcap ns'],
    ['pcapng', 'Ethernet, pcapng (editcap)'],
  ] as const) {
    it(`${link}: both connections found, versions and bytes equal tshark's`, async () => {
      const file = files[name];
      const bytes = readFileSync(file);
      const summary = listSshStreams(bytes);
      expect(summary.format).toBe(name === 'pcapng' ? 'pcapng' : 'pcap');
      expect(summary.tcpConnections).toBe(2);
      expect(summary.streams.map((s) => [s.number, s.tcpStream, s.clientBy, s.server.port, s.warnings])).toEqual([
        [1, 0, 'syn', sshd.port, []],
        [2, 1, 'syn', sshd.port, []],
      ]);
      for (const s of summary.streams) {
        expect(s.client.version).toBe(clientVersion);
        expect(s.server.version).toBe(serverVersion);
        expect([s.client.fin || s.client.rst, s.server.fin || s.server.rst]).toEqual([true, true]);
        const rec = captureToRecording(bytes, { stream: s.number });
        await expectSameAsTshark(file, s, rec);
        expect(rec.meta.created).toBe(new Date(s.start).toISOString());
        // The recording file opens again with the same bytes.
        const again = parseRecording(stringifyRecording(rec));
        expect(direction(again, 'c2s').equals(direction(rec, 'c2s'))).toBe(true);
        // Debian 12's ssh offers the hybrid sntrup761x25519 first (with or without @openssh.com, by update).
        expect(kexAlgorithms(direction(rec, 'c2s'))[0]).toMatch(/^sntrup761x25519-sha512(@openssh\.com)?$/);
      }
    });
  }

  it('a capture cut by a snap length: each direction stops at the first cut packet, and says so', async () => {
    const summary = listSshStreams(readFileSync(files.snap));
    const full = readFileSync(files.lo);
    for (const s of summary.streams) {
      const cut = [s.client, s.server].filter((x) => x.gap);
      expect(cut.length).toBeGreaterThan(0);
      for (const side of cut) expect(side.gap!.reason).toMatch(/was cut by the capture's snap length, \d+ bytes of its TCP payload are not in the file/);
      const rec = captureToRecording(readFileSync(files.snap), { stream: s.number });
      const whole = captureToRecording(full, { stream: s.number });
      // What is kept is exactly the start of the real stream, never bytes from after a hole.
      for (const d of ['c2s', 's2c'] as const) {
        const part = direction(rec, d);
        expect(direction(whole, d).subarray(0, part.length).equals(part)).toBe(true);
      }
      expect(s.warnings.join('\n')).toContain('The recording stops this direction there');
    }
  });
});

describe.skipIf(!trixieAvailable() || !captureToolsAvailable())('a capture of Debian 13 OpenSSH 10 ssh → sshd (mlkem768x25519-sha256)', () => {
  let sshd: Sshd;
  let file: string;
  beforeAll(async () => {
    sshd = await startSshd({ root: TRIXIE, hostKeyTypes: ['ed25519'], config: { PerSourcePenalties: 'no' } });
    // In the chroot's /tmp, so its tshark (4.4) can read it as well.
    file = join(mkdtempSync(join(TRIXIE, 'tmp', 'sshscope-capture-')), 'trixie.pcap');
    const dump = await startTcpdump('lo', file, `tcp port ${sshd.port}`);
    const r = await runInTrixie('/usr/bin/ssh', [...SSH_OPTS, '-p', String(sshd.port), 'nobody@127.0.0.1', 'true']);
    expect(r.output).toContain('Permission denied');
    await waitForCapture(file, closed(1));
    await dump.stop();
  }, 60_000);
  afterAll(async () => {
    await sshd?.stop();
    if (file) rmSync(join(file, '..'), { recursive: true, force: true });
  });

  it('finds the stream; OpenSSH 10 version lines; mlkem768x25519-sha256 offered first; bytes equal both tsharks\'', async () => {
    const bytes = readFileSync(file);
    const [s] = listSshStreams(bytes).streams;
    expect(s.client.version).toMatch(/^SSH-2\.0-OpenSSH_10\.\d/);
    expect(s.server.version).toMatch(/^SSH-2\.0-OpenSSH_10\.\d/);
    expect(s.warnings).toEqual([]);
    const rec = captureToRecording(bytes);
    expect(kexAlgorithms(direction(rec, 'c2s'))[0]).toBe('mlkem768x25519-sha256');
    await expectSameAsTshark(file, s, rec);
    await expectSameAsTshark(file.slice(TRIXIE.length), s, rec, ['/usr/sbin/chroot', TRIXIE, '/usr/bin/tshark']);
    // Wireshark 4.4's SSH dissector reads the same kex list. Unlike sshscope it does not find SSH
    // on a port other than 22 by itself: "decode as" (-d) tells it.
    const t = await run('/usr/sbin/chroot', [TRIXIE, '/usr/bin/tshark', '-r', file.slice(TRIXIE.length), '-d', `tcp.port==${s.server.port},ssh`, '-Y', `ssh.kex_algorithms && tcp.srcport == ${s.client.port}`, '-T', 'fields', '-e', 'ssh.kex_algorithms']);
    expect(t.stdout.trim().split(',')).toEqual(kexAlgorithms(direction(rec, 'c2s')));
  });
});
