// `sshscope serve` against clients that flood, stall or just connect: each connection is bounded
// in bytes, time and number, and a good client is served afterwards. Every wait is on an event
// (a log line, a socket closing), never on a sleep.

import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Socket } from 'node:net';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORD_MAX_BYTES } from '../../lib/node/cli/record';
import { SERVE_LIMITS } from '../../lib/node/cli/serve';
import { openRecording } from '../../lib/session/open';
import { parseRecording } from '../../lib/session/recording';
import { ignorePacket, rawConnect, receivedText, type RawConnection } from './rawpeer';
import { recordAgainst } from './recordkit';
import { LineLog, startServe, type Served } from './servekit';

const SSH = '/usr/bin/ssh';
const CLI = join(import.meta.dirname, '../../bin/sshscope.mjs');
const VERSION = 'SSH-2.0-Stall_1.0\r\n';

/** A good client: OpenSSH's ssh when installed, else sshscope's own engine as the client. */
async function goodClient(port: number): Promise<string> {
  if (!existsSync(SSH)) {
    const r = await recordAgainst(port);
    expect(r.code, r.output).toBe(0);
    return r.output;
  }
  return new Promise((resolve) => {
    execFile(
      SSH,
      ['-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', '-p', String(port), '127.0.0.1', 'true'],
      { timeout: 20_000 },
      (_err, stdout, stderr) => resolve(stdout + stderr),
    );
  });
}

const recordedBytes = (file: string) =>
  parseRecording(readFileSync(file, 'utf8')).server!.events.reduce((n, e) => n + (e.event.type === 'bytesReceived' ? e.event.bytes.length : 0), 0);

describe('a flood from one client, against the real CLI', () => {
  let dir: string;
  let child: ChildProcess;
  let log: LineLog;
  let port: number;
  /** Peak resident memory of the serve process (Linux /proc), in MB. */
  const peakMB = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024;

  beforeAll(async () => {
    expect(existsSync(join(import.meta.dirname, '../../dist/cli.cjs')), 'run npm run build:cli first').toBe(true);
    dir = mkdtempSync(join(tmpdir(), 'sshscope-flood-'));
    execFileSync('/usr/bin/ssh-keygen', ['-q', '-N', '', '-t', 'ed25519', '-f', join(dir, 'key')]);
    child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--out', join(dir, 'out'), '--host-key', join(dir, 'key')], { stdio: ['ignore', 'pipe', 'pipe'] });
    log = new LineLog();
    createInterface({ input: child.stdout! }).on('line', log.push);
    createInterface({ input: child.stderr! }).on('line', (l) => log.push(`stderr: ${l}`));
    port = Number((await log.waitFor(/^Listening on 127\.0\.0\.1:(\d+)/))[1]);
  });
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(process.platform !== 'linux')('40 MB of SSH_MSG_IGNORE: cut at the limit, a small recording, flat memory; then a real client is served', async () => {
    const before = peakMB();
    const c = await rawConnect(port);
    c.socket.write('SSH-2.0-Flood_1.0\r\n');
    const packet = ignorePacket(32 * 1024);
    let offered = 0;
    while (offered < 40e6 && !c.socket.destroyed) {
      offered += packet.length;
      if (!c.socket.write(packet)) await Promise.race([new Promise((r) => c.socket.once('drain', r)), c.closed]);
    }
    await c.closed;
    const line = await log.waitFor(/^\[1\] SSH-2\.0-Flood_1\.0: (.*); recorded to (\S+)$/);
    expect(line[1]).toBe(`failed: sshscope: received more than ${SERVE_LIMITS.maxBytes} bytes, the most one connection may send`);
    const file = line[2];
    // Exactly the limit is kept: hex doubles it, and the JSON around it is small.
    expect(recordedBytes(file)).toBe(SERVE_LIMITS.maxBytes);
    expect(statSync(file).size).toBeLessThan(3 * SERVE_LIMITS.maxBytes);
    expect(openRecording(JSON.parse(readFileSync(file, 'utf8'))).summary.ok).toBe(false);
    // Before the limit, 40 MB took serve from ~60 MB to ~2.8 GB resident.
    expect(peakMB() - before).toBeLessThan(64);

    const output = await goodClient(port);
    expect(output).toMatch(/sshscope: handshake recorded/);
    expect((await log.waitFor(/^\[2\] (.*); recorded to/))[1]).toMatch(/handshake complete, service ssh-userauth accepted$/);
  });
});

describe('stalled connections against --max-startups and --per-source', () => {
  let s: Served;
  const held: RawConnection[] = [];
  afterAll(async () => {
    held.forEach((c) => c.socket.destroy());
    await s?.stop();
  });

  /** Connects and sends a version line; resolves once serve has answered with its own (a slot is held). */
  async function stall(localAddress?: string): Promise<RawConnection> {
    const c = await rawConnect(s.port, localAddress);
    held.push(c);
    c.socket.write(VERSION);
    await receivedText(c, 'SSH-2.0-');
    return c;
  }

  it('over the global cap: closed at once, unanswered, with one log line for the lot; slots free up as stalled ones leave', async () => {
    // A long refusal interval: the summary of the held-back lines comes at stop, not on a clock.
    s = await startServe(['--max-startups', '4', '--per-source', '10'], { refusalLogMs: 600_000 });
    const stalled = [await stall(), await stall(), await stall(), await stall()];
    const extra = await Promise.all([1, 2, 3].map(() => rawConnect(s.port)));
    for (const c of extra) {
      await c.closed;
      // Closed before serve said anything: not even its version line.
      expect(c.received().length).toBe(0);
    }
    await s.log.waitFor(/^refused 127\.0\.0\.1:\d+: 4 handshakes in progress \(--max-startups 4\)$/);
    expect(s.log.lines.filter((l) => l.startsWith('refused')).length).toBe(1);
    expect(readdirSync(s.dir)).toEqual([]);

    // The stalled clients leave: their handshakes end (recorded, they sent a version line) and
    // the slots are free again for a good client.
    const from = s.log.lines.length;
    stalled.forEach((c) => c.socket.destroy());
    const ended = await s.log.waitForCount(/^\[\d\] SSH-2\.0-Stall_1\.0: failed: connection closed by the peer .*; recorded to/, 4, from);
    expect(ended).toHaveLength(4);
    const output = await goodClient(s.port);
    expect(output).toMatch(/handshake (recorded|complete)/);
    expect((await s.log.waitFor(/^\[5\] (.*); recorded to/))[1]).toMatch(/handshake complete, service ssh-userauth accepted$/);

    const lines = s.log.lines;
    expect(await s.stop()).toBe(0);
    expect(lines.at(-1)).toBe('refused 2 more connections over --max-startups 4 / --per-source 10 in the last 600 s');
  });

  it('over the per-address cap: another address still gets in', async () => {
    s = await startServe(['--per-source', '2'], { refusalLogMs: 600_000 });
    await stall();
    await stall();
    const third = await rawConnect(s.port);
    await third.closed;
    expect(third.received().length).toBe(0);
    await s.log.waitFor(/^refused 127\.0\.0\.1:\d+: 2 handshakes in progress from 127\.0\.0\.1 \(--per-source 2\)$/);
    // Linux routes all of 127/8 to the loopback interface: a second source address.
    if (process.platform === 'linux') await stall('127.0.0.2');
  });
});

describe('deadlines and connections that never say anything', () => {
  let s: Served;
  beforeAll(async () => {
    s = await startServe([], { versionMs: 300, handshakeMs: 1500 });
  });
  afterAll(async () => s?.stop());

  it('connect-then-close: no file, one line', async () => {
    const from = s.log.lines.length;
    const c = await rawConnect(s.port);
    c.socket.end();
    await c.closed;
    const m = await s.log.waitFor(/^\[\d+\] no identification line \((.*)\); nothing recorded$/, from);
    expect(m[1]).toMatch(/^connection closed by the peer while waiting for the client's identification line/);
    expect(readdirSync(s.dir)).toEqual([]);
  });

  it('silence: let go at the identification-line deadline, no file', async () => {
    const from = s.log.lines.length;
    const c = await rawConnect(s.port);
    await c.closed;
    const m = await s.log.waitFor(/^\[\d+\] no identification line \((.*)\); nothing recorded$/, from);
    expect(m[1]).toBe("sshscope: timed out after 300 ms while waiting for the client's identification line");
    expect(readdirSync(s.dir)).toEqual([]);
  });

  it('a version line, then silence: disconnected at the handshake deadline with a reason, and recorded', async () => {
    const from = s.log.lines.length;
    const c = await rawConnect(s.port);
    c.socket.write(VERSION);
    await c.closed;
    // The DISCONNECT is in the clear: no keys were ever agreed.
    expect(c.received().toString('latin1')).toContain("sshscope: timed out after 1500 ms while waiting for the client's SSH_MSG_KEXINIT");
    const m = await s.log.waitFor(/^\[\d+\] SSH-2\.0-Stall_1\.0: (.*); recorded to (\S+)$/, from);
    expect(m[1]).toBe("failed: sshscope: timed out after 1500 ms while waiting for the client's SSH_MSG_KEXINIT");
    const session = openRecording(JSON.parse(readFileSync(m[2], 'utf8')));
    expect(session.summary.ok).toBe(false);
  });

  it('--once: a connection that never sent a version line is not recorded, and the exit code says so', async () => {
    const once = await startServe(['--once']);
    const c = await rawConnect(once.port);
    c.socket.end();
    expect(await once.done).toBe(1);
    expect(once.log.lines.at(-1)).toMatch(/^\[1\] no identification line \(.*\); nothing recorded$/);
    await once.stop();
  });
});

describe('record against a flooding server', () => {
  it('8 MB of SSH_MSG_IGNORE after the version line: cut at the limit, recorded up to it', async () => {
    const sockets: Socket[] = [];
    const server = createServer((sock) => {
      sockets.push(sock);
      sock.on('error', () => {});
      sock.write('SSH-2.0-Flood_1.0\r\n');
      const packet = ignorePacket(32 * 1024);
      let left = 256; // 8 MB
      const pump = () => {
        while (left-- > 0 && !sock.destroyed) if (!sock.write(packet)) return void sock.once('drain', pump);
      };
      pump();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const r = await recordAgainst((server.address() as { port: number }).port, ['--timeout', '20000']);
      expect(r.code).toBe(1);
      expect(r.output).toContain(`sshscope record: received more than ${RECORD_MAX_BYTES} bytes, the most one connection may send.`);
      const bytes = r.recording!.client!.events.reduce((n, e) => n + (e.event.type === 'bytesReceived' ? e.event.bytes.length : 0), 0);
      expect(bytes).toBe(RECORD_MAX_BYTES);
    } finally {
      sockets.forEach((x) => x.destroy());
      await new Promise((r) => server.close(r));
    }
  });
});
