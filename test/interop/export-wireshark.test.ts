// Wireshark as the second opinion on what sshscope gives it: Wireshark 4.4's tshark (Debian 13
// chroot), which decrypts SSH with a key log, decrypts every packet of `sshscope export`'s pcapng
// with its key log (or with the key log inside, a Decryption Secrets Block), and of a tcpdump
// capture of `sshscope record --keylog` against Debian's sshd. Debian 12's tshark 4.0 (no SSH
// decryption) reads the export without a complaint: checksums good, no TCP analysis warnings.
//
// Wireshark 4.4 does not reset sequence numbers under strict kex, so the sessions whose cipher
// depends on them (chacha20-poly1305, CTR with a MAC) are made with --no-strict; AES-GCM, whose
// nonce does not, is checked with strict kex on.

import { execFile, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../lib/node/cli/main';
import { parseKeylog } from '../../lib/session/keylog';
import { parseRecording } from '../../lib/session/recording';
import { startServe } from './servekit';
import { startSshd, sshdAvailable, type Sshd } from './sshd';
import { TRIXIE, trixieAvailable } from './trixie';

const HOST_TSHARK = '/usr/bin/tshark';
const TCPDUMP = '/usr/bin/tcpdump';

/** Locally these tests skip without the tools; in CI a missing one is an error (.ci/run installs them). */
function hostTool(path: string): boolean {
  const ok = existsSync(path);
  if (!ok && process.env.CI) throw new Error(`${path} is missing: .ci/run installs it`);
  return ok;
}

// RFC 4253 §12 and RFC 8308 §2.3: the message numbers of what follows NEWKEYS in these sessions.
const SERVICE_REQUEST = 5;
const SERVICE_ACCEPT = 6;
const EXT_INFO = 7;
const DISCONNECT = 1;
const NEWKEYS = 21;

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'sshscope-export-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function cli(argv: string[]): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const code = await main(argv, (s) => lines.push(s));
  return { code, output: lines.join('\n') };
}

function run(bin: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(bin, args, { timeout: 30_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Runs Debian 13's tshark 4.4 on copies of `files` in the chroot's /tmp; `{name}` in args is a copy's path there. */
async function tshark44(files: string[], args: string[]) {
  const dir = mkdtempSync(join(TRIXIE, 'tmp', 'sshscope-export-'));
  const inside = '/tmp/' + basename(dir);
  try {
    for (const f of files) copyFileSync(f, join(dir, basename(f)));
    const mapped = args.map((a) => a.replace(/\{([^}]+)\}/g, (_, name: string) => `${inside}/${name}`));
    return await run('/usr/sbin/chroot', [TRIXIE, '/usr/bin/tshark', ...mapped]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface SshRow {
  frame: number;
  /** Wireshark's ssh.direction: false client → server, true server → client. */
  fromServer: boolean;
  codes: number[];
  /** One per encrypted message of the frame (clear-text ones have none). */
  macGood: boolean[];
  service: string;
}

/** tshark's view of the SSH frames: message codes (decrypted ones too), MAC statuses, service names. */
async function decrypted(pcapng: string, keylog?: string, port?: number): Promise<SshRow[]> {
  const files = keylog ? [pcapng, keylog] : [pcapng];
  const r = await tshark44(files, [
    '-r', `{${basename(pcapng)}}`,
    // Wireshark takes port 22 for SSH; a test server's high port is said explicitly.
    ...(port ? ['-d', `tcp.port==${port},ssh`] : []),
    ...(keylog ? ['-o', `ssh.keylog_file:{${basename(keylog)}}`] : []),
    '-Y', 'ssh', '-T', 'fields', '-E', 'separator=/t', '-E', 'aggregator=,', '-E', 'occurrence=a',
    '-e', 'frame.number', '-e', 'ssh.direction', '-e', 'ssh.message_code', '-e', 'ssh.mac.status', '-e', 'ssh.service_name',
  ]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout.trim().split('\n').map((line) => {
    const [frame, direction = '', codes = '', mac = '', service = ''] = line.split('\t');
    return {
      frame: Number(frame),
      fromServer: direction.split(',')[0] === 'True' || direction.split(',')[0] === '1',
      codes: codes ? codes.split(',').map(Number) : [],
      macGood: mac ? mac.split(',').map((m) => m === '1') : [],
      service,
    };
  });
}

/**
 * In each direction, every message after that direction's NEWKEYS is decrypted (has a message
 * code; an undecrypted packet has none) and its MAC/tag is good. Returns the codes per direction.
 */
function expectAllDecrypted(rows: SshRow[]): { client: number[]; server: number[] } {
  const out = { client: [] as number[], server: [] as number[] };
  for (const side of ['client', 'server'] as const) {
    const own = rows.filter((r) => r.fromServer === (side === 'server'));
    const at = own.findIndex((r) => r.codes.includes(NEWKEYS));
    expect(at, `no NEWKEYS from the ${side}`).toBeGreaterThanOrEqual(0);
    const first = own[at];
    const after = [first, ...own.slice(at + 1)];
    const codes = [...first.codes.slice(first.codes.indexOf(NEWKEYS) + 1), ...own.slice(at + 1).flatMap((r) => r.codes)];
    const undecrypted = own.slice(at + 1).filter((r) => r.codes.length === 0).map((r) => r.frame);
    expect(undecrypted, `${side} frames not decrypted`).toEqual([]);
    const macs = after.flatMap((r) => r.macGood);
    expect(macs.length, `${side}: MAC statuses for ${codes.length} encrypted messages`).toBe(codes.length);
    expect(macs.every(Boolean), `${side}: MAC statuses ${macs}`).toBe(true);
    expect(codes.length).toBeGreaterThan(0);
    out[side] = codes;
  }
  return out;
}

/** What follows NEWKEYS in these sessions: SERVICE_REQUEST then DISCONNECT from the client, EXT_INFO then SERVICE_ACCEPT from the server. */
const AFTER_NEWKEYS = { client: [SERVICE_REQUEST, DISCONNECT], server: [EXT_INFO, SERVICE_ACCEPT] };

async function simulatedExport(name: string, flags: string[], exportFlags: string[] = []) {
  const rec = join(tmp, `${name}.json`);
  const sim = await cli(['simulate', '--out', rec, ...flags]);
  expect(sim.code, sim.output).toBe(0);
  const pcapng = join(tmp, `${name}.pcapng`);
  const keylog = join(tmp, `${name}.keylog`);
  const ex = await cli(['export', rec, ...(exportFlags.length ? exportFlags.map((f) => f.replace('{pcapng}', pcapng).replace('{keylog}', keylog)) : [])]);
  expect(ex.code, ex.output).toBe(0);
  return { rec, pcapng, keylog, output: ex.output };
}

describe.skipIf(!trixieAvailable())("Wireshark 4.4 (Debian 13's tshark) decrypts sshscope export", () => {
  it('curve25519-sha256 with chacha20-poly1305 (strict kex off): every packet after NEWKEYS, with its Poly1305 tag good', async () => {
    const x = await simulatedExport('chacha', ['--kex', 'curve25519-sha256', '--cipher', 'chacha20-poly1305@openssh.com', '--no-strict']);
    expect(x.output).toMatch(/Capture \(\d+ packets, 127\.0\.0\.1:49152 → 127\.0\.0\.1:22/);
    expect(statSync(x.pcapng).mode & 0o777).toBe(0o600);
    expect(statSync(x.keylog).mode & 0o777).toBe(0o600);
    const lines = parseKeylog(readFileSync(x.keylog, 'utf8'));
    expect(lines.map((l) => l.kind)).toEqual(['SHARED_SECRET']);
    const rows = await decrypted(x.pcapng, x.keylog);
    expect(expectAllDecrypted(rows)).toEqual(AFTER_NEWKEYS);
    expect(rows.filter((r) => r.codes.includes(SERVICE_REQUEST) || r.codes.includes(SERVICE_ACCEPT)).map((r) => r.service)).toEqual(['ssh-userauth', 'ssh-userauth']);
  }, 60_000);

  it('curve25519-sha256 with AES-GCM, strict kex on', async () => {
    const x = await simulatedExport('gcm', ['--kex', 'curve25519-sha256', '--cipher', 'aes256-gcm@openssh.com']);
    // Said to the user: Wireshark 4.4 has no strict kex, but GCM's nonce does not need it.
    expect(x.output).not.toMatch(/strict kex was on/);
    expect(expectAllDecrypted(await decrypted(x.pcapng, x.keylog))).toEqual(AFTER_NEWKEYS);
  }, 60_000);

  it('diffie-hellman-group14-sha256 with aes128-ctr and hmac-sha2-256: the key log carries the exponent (PRIVATE_KEY), a SHARED_SECRET line being too long for Wireshark', async () => {
    const x = await simulatedExport('dh14', ['--kex', 'diffie-hellman-group14-sha256', '--cipher', 'aes128-ctr', '--mac', 'hmac-sha2-256', '--no-strict']);
    expect(parseKeylog(readFileSync(x.keylog, 'utf8')).map((l) => l.kind)).toEqual(['PRIVATE_KEY']);
    expect(expectAllDecrypted(await decrypted(x.pcapng, x.keylog))).toEqual(AFTER_NEWKEYS);
  }, 60_000);

  it('--dsb: the capture alone decrypts (the key log is in a Decryption Secrets Block)', async () => {
    const x = await simulatedExport('dsb', ['--kex', 'curve25519-sha256', '--cipher', 'chacha20-poly1305@openssh.com', '--no-strict'], ['--pcapng', '{pcapng}', '--dsb']);
    expect(existsSync(x.keylog)).toBe(false);
    expect(expectAllDecrypted(await decrypted(x.pcapng))).toEqual(AFTER_NEWKEYS);
  }, 60_000);

  it('without the key log nothing after NEWKEYS is decrypted (the assertions above can fail)', async () => {
    const x = await simulatedExport('nokeys', ['--kex', 'curve25519-sha256', '--cipher', 'chacha20-poly1305@openssh.com', '--no-strict']);
    const rows = await decrypted(x.pcapng);
    expect(() => expectAllDecrypted(rows)).toThrow(/not decrypted/);
    const newkeys = rows.filter((r) => r.codes.includes(NEWKEYS)).map((r) => r.frame);
    expect(newkeys).toHaveLength(2);
    const after = rows.filter((r) => r.frame > Math.max(...newkeys));
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((r) => r.codes.length === 0)).toBe(true);
  }, 60_000);
});

describe.skipIf(!hostTool(HOST_TSHARK))("Debian 12's tshark 4.0 reads the export", () => {
  it('no error, IP and TCP checksums good, no TCP analysis warnings, the clear-text handshake dissected', async () => {
    const x = await simulatedExport('t40', ['--kex', 'curve25519-sha256', '--no-strict'], ['--pcapng', '{pcapng}', '--dsb']);
    const r = await run(HOST_TSHARK, [
      '-r', x.pcapng, '-o', 'ip.check_checksum:TRUE', '-o', 'tcp.check_checksum:TRUE',
      '-T', 'fields', '-e', 'frame.number', '-e', 'ip.checksum.status', '-e', 'tcp.checksum.status', '-e', 'tcp.analysis.flags', '-e', 'ssh.message_code',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/damaged|corrupt|cut short|error/i);
    const rows = r.stdout.trim().split('\n').map((l) => l.split('\t'));
    expect(rows.length).toBeGreaterThan(10);
    for (const [frame, ip, tcp, analysis = ''] of rows) {
      expect([ip, tcp], `frame ${frame}`).toEqual(['1', '1']); // 1: Good
      expect(analysis, `frame ${frame}`).toBe('');
    }
    // KEXINIT ×2, ECDH_INIT, ECDH_REPLY, NEWKEYS ×2 (RFC 4253 §12, RFC 5656 §7.1) in clear text.
    expect(rows.flatMap((row) => (row[4] ? row[4].split(',').map(Number) : []))).toEqual([20, 20, 30, 31, 21, 21]);
  }, 60_000);
});

/**
 * tcpdump on lo for one port, writing a pcap and printing each packet too (--print), so the test
 * can wait for what it needs on the wire: resolves once tcpdump is listening; stop() waits until
 * the connection's end was seen (both FINs, or a RST; packets reach tcpdump at once:
 * --immediate-mode), then ends it with SIGINT.
 */
async function captureLo(port: number, file: string): Promise<{ stop: () => Promise<number | null> }> {
  const child = spawn(TCPDUMP, ['-i', 'lo', '--immediate-mode', '-U', '-l', '-n', '-Z', 'root', '--print', '-w', file, `tcp port ${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  let printed = '';
  // The connection is over once both sides sent a FIN, or either a RST.
  const fins = () => ((printed.match(/Flags \[R/g) ?? []).length ? 2 : (printed.match(/Flags \[F/g) ?? []).length);
  const finWaiters: (() => void)[] = [];
  child.stdout!.on('data', (d: Buffer) => {
    printed += d.toString();
    if (fins() >= 2) finWaiters.splice(0).forEach((w) => w());
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      if (/listening on/.test(err)) resolve();
    });
    void exited.then((code) => reject(new Error(`tcpdump exited (${code}) before listening: ${err}`)));
  });
  return {
    stop: async () => {
      if (fins() < 2 && child.exitCode === null) await Promise.race([new Promise<void>((r) => finWaiters.push(r)), exited]);
      if (child.exitCode === null) child.kill('SIGINT');
      return exited;
    },
  };
}

describe.skipIf(!trixieAvailable() || !sshdAvailable() || !hostTool(TCPDUMP))('sshscope record --keylog against Debian 12 sshd, captured with tcpdump', () => {
  let sshd: Sshd;
  beforeAll(async () => {
    sshd = await startSshd({ hostKeyTypes: ['ed25519'] });
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  it("Wireshark 4.4 decrypts the capture with record's key log, and sshscope's export of the recording the same way (real ports)", async () => {
    const pcap = join(tmp, 'lo.pcap');
    const keylog = join(tmp, 'record.keylog');
    const rec = join(tmp, 'record.json');
    const cap = await captureLo(sshd.port, pcap);
    let r;
    try {
      r = await cli(['record', `127.0.0.1:${sshd.port}`, '--kex', 'curve25519-sha256', '--cipher', 'chacha20-poly1305@openssh.com', '--no-strict', '--keylog', keylog, '--out', rec]);
    } finally {
      expect(await cap.stop()).toBe(0);
    }
    expect(r.code, r.output).toBe(0);
    expect(statSync(keylog).mode & 0o777).toBe(0o600);
    expect(parseKeylog(readFileSync(keylog, 'utf8'))).toHaveLength(1);

    const live = await decrypted(pcap, keylog, sshd.port);
    const codes = expectAllDecrypted(live);
    expect(codes).toEqual(AFTER_NEWKEYS);

    // The recording knows both ports: the export's TCP connection is the one tcpdump saw.
    const recording = parseRecording(readFileSync(rec, 'utf8'));
    expect(recording.meta.peer?.port).toBe(sshd.port);
    const pcapng = join(tmp, 'record.pcapng');
    const exportKeylog = join(tmp, 'record-export.keylog');
    const ex = await cli(['export', rec, '--pcapng', pcapng, '--keylog', exportKeylog]);
    expect(ex.code, ex.output).toBe(0);
    expect(readFileSync(exportKeylog, 'utf8')).toBe(readFileSync(keylog, 'utf8'));
    expect(expectAllDecrypted(await decrypted(pcapng, exportKeylog, sshd.port))).toEqual(codes);
    const ports = async (file: string) =>
      (await tshark44([file], ['-r', `{${basename(file)}}`, '-Y', 'tcp.flags.syn==1 && tcp.flags.ack==0', '-T', 'fields', '-e', 'tcp.srcport', '-e', 'tcp.dstport'])).stdout.trim();
    expect(await ports(pcapng)).toBe(await ports(pcap));
    expect(await ports(pcap)).toBe(`${recording.meta.local?.port}\t${sshd.port}`);

    // A second run appends its line to the same key log.
    const again = await cli(['record', `127.0.0.1:${sshd.port}`, '--kex', 'curve25519-sha256', '--no-strict', '--keylog', keylog, '--out', join(tmp, 'record2.json')]);
    expect(again.code, again.output).toBe(0);
    expect(parseKeylog(readFileSync(keylog, 'utf8'))).toHaveLength(2);
  }, 60_000);
});

/** Both directions' TCP payloads, as Debian 12's tshark reassembles them (follow,tcp,raw): node 0 is the client. */
async function tcpStreams(file: string): Promise<{ c2s: string; s2c: string }> {
  const r = await run(HOST_TSHARK, ['-r', file, '-q', '-z', 'follow,tcp,raw,0']);
  expect(r.code, r.stderr).toBe(0);
  const body = r.stdout.split('\n').filter((l) => /^\t?[0-9a-f]+$/.test(l));
  return {
    c2s: body.filter((l) => !l.startsWith('\t')).join(''),
    s2c: body.filter((l) => l.startsWith('\t')).map((l) => l.slice(1)).join(''),
  };
}

describe.skipIf(!trixieAvailable() || !hostTool('/usr/bin/ssh') || !hostTool(TCPDUMP) || !hostTool(HOST_TSHARK))('Debian 12 ssh → sshscope serve --keylog, captured with tcpdump', () => {
  // serve sends its KEXINIT without waiting for the client's identification line; when it reaches
  // the wire first, Wireshark 4.4 misreads the live capture (it takes the version from the client's
  // line), and which comes first is a race. So the live capture is checked byte for byte against
  // the recording, and Wireshark decrypts the export, whose order is fixed.
  it("the capture's bytes are the recording's; serve's key log is the export's, and with it Wireshark 4.4 decrypts the export (the server's port noted)", async () => {
    const keylog = join(tmp, 'serve.keylog');
    const s = await startServe(['--once', '--no-strict', '--keylog', keylog]);
    const pcap = join(tmp, 'serve-lo.pcap');
    const cap = await captureLo(s.port, pcap);
    try {
      await run('/usr/bin/ssh', [
        '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR',
        '-o', 'KexAlgorithms=curve25519-sha256', '-o', 'Ciphers=chacha20-poly1305@openssh.com', '-p', String(s.port), '127.0.0.1', 'true',
      ]);
    } finally {
      expect(await cap.stop()).toBe(0);
    }
    const m = await s.log.waitFor(/^\[1\] .*recorded to (\S+)$/);
    const rec = join(tmp, 'serve.json');
    copyFileSync(m[1], rec);
    expect(await s.done).toBe(0);
    await s.stop();
    expect(statSync(keylog).mode & 0o777).toBe(0o600);
    expect(parseKeylog(readFileSync(keylog, 'utf8'))).toHaveLength(1);

    const recording = parseRecording(readFileSync(rec, 'utf8'));
    expect(recording.meta.local?.port).toBe(s.port);
    // inspect names serve's host key (as serve printed it at start) and the session id.
    const shown = JSON.parse((await cli(['inspect', rec, '--json'])).output);
    expect(`Host key: ssh-ed25519 ${shown.summary.hostKeyFingerprint}`).toBe(s.log.lines.find((l) => l.startsWith('Host key: ')));
    expect(shown.summary.sessionId).toMatch(/^[0-9a-f]{64}$/);
    const pcapng = join(tmp, 'serve.pcapng');
    const exportKeylog = join(tmp, 'serve-export.keylog');
    const ex = await cli(['export', rec, '--pcapng', pcapng, '--keylog', exportKeylog]);
    expect(ex.code, ex.output).toBe(0);
    expect(readFileSync(exportKeylog, 'utf8')).toBe(readFileSync(keylog, 'utf8'));

    // serve stopped reading once it had disconnected: what ssh sent after that is not in its recording.
    const live = await tcpStreams(pcap);
    const exported = await tcpStreams(pcapng);
    expect(exported.s2c).toBe(live.s2c);
    expect(exported.c2s.length).toBeGreaterThan(0);
    expect(live.c2s.startsWith(exported.c2s)).toBe(true);

    const codes = expectAllDecrypted(await decrypted(pcapng, keylog, s.port));
    expect(codes.server).toEqual([EXT_INFO, SERVICE_ACCEPT, DISCONNECT]);
    expect(codes.client[0]).toBe(SERVICE_REQUEST);
  }, 60_000);
});
