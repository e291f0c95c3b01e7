// What record, serve and inspect print and write when the peer or the file is hostile: no raw
// control character reaches the terminal, peer text is cut to what the recording schema accepts
// (so the file always opens), recordings are 0600 and never written through a symlink, and
// failures are one line with a non-zero exit code.

import { execFile } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../lib/node/cli/main';
import { serveHelp } from '../../lib/node/cli/serve';
import { openRecording } from '../../lib/session/open';
import { parseRecording } from '../../lib/session/recording';
import { disconnectPacket, rawConnect } from './rawpeer';
import { startServe } from './servekit';

const CLI = join(import.meta.dirname, '../../bin/sshscope.mjs');

// Raw characters a terminal acts on (a line feed between lines is ours and allowed).
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
function expectNoRawControls(text: string) {
  const m = RAW_CONTROL.exec(text);
  expect(m, m ? `raw U+${m[0].charCodeAt(0).toString(16).padStart(4, '0')} at ${m.index}: ${JSON.stringify(text.slice(Math.max(0, m.index - 40), m.index + 40))}` : '').toBeNull();
}

const ESC_TITLE = '\x1b]0;pwned\x07';
const FAKE_OK = '\x1b[32m✓ handshake complete\x1b[0m';
const CLEAR = '\x1b[2J\x1b[H';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'sshscope-hostile-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A one-shot TCP server on 127.0.0.1 that writes `script` to each connection. */
async function hostileServer(script: Buffer): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
    s.write(script);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    close: () => new Promise((r) => (sockets.forEach((s) => s.destroy()), server.close(() => r()))),
  };
}

/** `sshscope <argv>` through the CLI's own entry (main), collecting what it prints. */
async function cli(argv: string[]): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const code = await main(argv, (s) => lines.push(s));
  return { code, output: lines.join('\n') };
}

/** The real executable, for what only a process shows: exit code, stderr, a stack trace. */
function cliProcess(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...argv], { env: { ...process.env, ...env }, timeout: 20_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('record against a hostile server', () => {
  it('escape sequences in banner lines and a DISCONNECT are shown escaped; a long description is cut so the file opens', async () => {
    const description = `${CLEAR}${ESC_TITLE}all good\u202e` + 'A'.repeat(5000);
    const h = await hostileServer(
      Buffer.concat([Buffer.from(`${ESC_TITLE}\r\n${FAKE_OK}\r\nSSH-2.0-Hostile_1.0\r\n`, 'latin1'), disconnectPacket(2, description)]),
    );
    try {
      const file = join(tmp, 'banner.json');
      const r = await cli(['record', `127.0.0.1:${h.port}`, '--out', file, '--timeout', '5000']);
      expect(r.code).toBe(1);
      expectNoRawControls(r.output);
      expect(r.output).toContain('\\x1b]0;pwned\\x07');
      expect(r.output).toContain('\\x1b[32m');
      expect(r.output).toMatch(/sshscope record: the server disconnected: \\x1b\[2J\\x1b\[H\\x1b\]0;pwned\\x07all good\\u\{202e\}A+… \(\d+ characters\)/);
      const rec = parseRecording(readFileSync(file, 'utf8'));
      expect(rec.meta.outcome!.length).toBeLessThanOrEqual(4000);
      expectNoRawControls(rec.meta.outcome!);
      expect(openRecording(JSON.parse(readFileSync(file, 'utf8'))).summary.ok).toBe(false);
      expect(statSync(file).mode & 0o777).toBe(0o600);

      // inspect of that recording: the banner and DISCONNECT rows are escaped too.
      const shown = await cli(['inspect', file]);
      expect(shown.code).toBe(0);
      expectNoRawControls(shown.output);
      expect(shown.output).toContain('banner line');
    } finally {
      await h.close();
    }
  });

  it('an ESC in the version line is refused without printing it', async () => {
    const h = await hostileServer(Buffer.from(`SSH-2.0-Bad${ESC_TITLE}\r\n`, 'latin1'));
    try {
      const r = await cli(['record', `127.0.0.1:${h.port}`, '--out', join(tmp, 'badversion.json'), '--timeout', '5000']);
      expect(r.code).toBe(1);
      expectNoRawControls(r.output);
      expect(r.output).toMatch(/non-printable byte 0x1b/);
    } finally {
      await h.close();
    }
  });

  it('a 253-character version line: the title is cut to 200 and the recording opens', async () => {
    const version = 'SSH-2.0-' + 'v'.repeat(245);
    const h = await hostileServer(Buffer.concat([Buffer.from(`${version}\r\n`), disconnectPacket(11, 'bye')]));
    try {
      const file = join(tmp, 'longversion.json');
      const r = await cli(['record', `127.0.0.1:${h.port}`, '--out', file, '--timeout', '5000']);
      expect(r.code).toBe(1);
      expect(r.output).toContain(`Server version: ${version}`);
      const rec = parseRecording(readFileSync(file, 'utf8'));
      expect(rec.meta.title.length).toBeLessThanOrEqual(200);
      expect(rec.meta.title).toMatch(/… \(\d+ characters\)$/);
      expect(() => openRecording(JSON.parse(readFileSync(file, 'utf8')))).not.toThrow();
    } finally {
      await h.close();
    }
  });
});

describe('record never overwrites and never follows a symlink', () => {
  it('an existing --out file is an error, and the file is left as it was', async () => {
    const file = join(tmp, 'existing.json');
    writeFileSync(file, 'mine');
    const r = await cli(['record', '127.0.0.1:1', '--out', file]);
    expect(r.code).toBe(2);
    expect(r.output).toMatch(/--out \S+existing\.json already exists/);
    expect(readFileSync(file, 'utf8')).toBe('mine');
  });

  it('a symlink planted at --out (dangling, or to a file) is refused; nothing is written through it', async () => {
    const victim = join(tmp, 'victim');
    writeFileSync(victim, 'precious');
    const toFile = join(tmp, 'link-to-file.json');
    symlinkSync(victim, toFile);
    const dangling = join(tmp, 'link-dangling.json');
    const target = join(tmp, 'would-be-created');
    symlinkSync(target, dangling);
    for (const link of [toFile, dangling]) {
      const r = await cli(['record', '127.0.0.1:1', '--out', link]);
      expect(r.code).toBe(2);
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
    }
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(existsSync(target)).toBe(false);
  });
});

describe('simulate writes the same way', () => {
  it('a new owner-only file; an existing file or a planted symlink is refused and left as it was', async () => {
    const file = join(tmp, 'sim-new.json');
    expect((await cli(['simulate', '--out', file])).code).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const victim = join(tmp, 'sim-victim');
    writeFileSync(victim, 'precious');
    const link = join(tmp, 'sim-link.json');
    symlinkSync(victim, link);
    for (const target of [file, link]) {
      const before = readFileSync(target, 'utf8');
      const r = await cli(['simulate', '--out', target]);
      expect(r.code).toBe(1);
      expect(r.output).toMatch(/could not write the recording to \S+: EEXIST/);
      expect(readFileSync(target, 'utf8')).toBe(before);
    }
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });
});

describe('serve against a hostile client', () => {
  it('a long version and a DISCONNECT with escape sequences: the log is escaped, the recording is cut to the schema and opens', async () => {
    const s = await startServe([]);
    try {
      const version = 'SSH-2.0-' + 'c'.repeat(232); // 240 characters: the title would exceed 200
      const c = await rawConnect(s.port);
      c.socket.write(Buffer.concat([Buffer.from(`${version}\r\n`), disconnectPacket(11, `${CLEAR}${ESC_TITLE}${FAKE_OK}` + 'B'.repeat(4100))]));
      await c.closed;
      const m = await s.log.waitFor(/^\[1\] .*recorded to (\S+)$/);
      expectNoRawControls(s.log.lines.join('\n'));
      expect(m.input).toContain('failed: the client disconnected: \\x1b[2J\\x1b[H\\x1b]0;pwned\\x07');
      const file = m[1];
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const rec = parseRecording(readFileSync(file, 'utf8'));
      expect(rec.meta.title.length).toBeLessThanOrEqual(200);
      expect(rec.meta.outcome!.length).toBeLessThanOrEqual(4000);
      expectNoRawControls(JSON.stringify(rec.meta));
      expect(() => openRecording(JSON.parse(readFileSync(file, 'utf8')))).not.toThrow();
    } finally {
      await s.stop();
    }
  });

  it('--once exits 1 when the recording cannot be written', async () => {
    const out = join(tmp, 'gone');
    mkdirSync(out);
    const s = await startServe(['--once'], {}, out);
    // The directory disappears after serve started: the write must fail, and say so.
    rmSync(out, { recursive: true });
    const c = await rawConnect(s.port);
    c.socket.write('SSH-2.0-Client_1.0\r\n');
    c.socket.end();
    expect(await s.done).toBe(1);
    expect(s.log.lines.at(-1)).toMatch(/^\[1\] could not write the recording to \S+: ENOENT/);
  });

  it('a corrupt own host key or --host-key file: one line naming the file, no stack trace', async () => {
    const config = join(tmp, 'config');
    const keys = join(config, 'sshscope', 'host_keys');
    mkdirSync(keys, { recursive: true });
    writeFileSync(join(keys, 'ssh_host_ed25519_key'), '-----BEGIN OPENSSH PRIVATE KEY-----\n\x1b[2Jgarbage\n-----END OPENSSH PRIVATE KEY-----\n');
    const own = await cliProcess(['serve', '--port', '0'], { XDG_CONFIG_HOME: config });
    expect(own.code).toBe(1);
    expect(own.stderr).toBe('');
    expect(own.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(own.stdout).toContain(`sshscope serve: host key ${join(keys, 'ssh_host_ed25519_key')} is not usable`);

    const bad = join(tmp, 'bad_key');
    writeFileSync(bad, 'not a key\x1b]0;x\x07');
    for (const [file, problem] of [
      [bad, 'is not a usable private key'],
      [join(tmp, 'missing_key'), 'cannot read --host-key'],
    ]) {
      const r = await cliProcess(['serve', '--port', '0', '--host-key', file], { XDG_CONFIG_HOME: config });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('');
      expectNoRawControls(r.stdout);
      const [first, ...rest] = r.stdout.trimEnd().split('\n');
      expect(first).toContain(problem);
      expect(first).toContain(file);
      expect(rest).toEqual(['Run "sshscope serve --help" for usage.']);
    }
  });

  it('--help does not suggest the system host key', () => {
    expect(serveHelp).not.toContain('/etc/ssh');
  });
});

describe('inspect of a hostile recording', () => {
  let file: string;
  beforeAll(async () => {
    file = join(tmp, 'sim.json');
    expect((await cli(['simulate', '--out', file])).code).toBe(0);
  });

  it('escapes in the title and created are shown escaped, in the table and in --json; a stored outcome is not shown', async () => {
    const json = JSON.parse(readFileSync(file, 'utf8'));
    json.meta.title = `${ESC_TITLE}\u009b2J\u202eevil`;
    json.meta.created = '\x1b[2J2026';
    json.meta.outcome = `${FAKE_OK}\x07`;
    const hostile = join(tmp, 'hostile-meta.json');
    writeFileSync(hostile, JSON.stringify(json));
    const table = await cli(['inspect', hostile]);
    expect(table.code).toBe(0);
    expectNoRawControls(table.output);
    expect(table.output).toContain('\\x1b]0;pwned\\x07\\x9b2J\\u{202e}evil');
    // The outcome shown is the replay's (as in the viewer): a stored one, here forged, is not printed.
    expect(table.output).not.toContain('✓ handshake complete');
    expect(table.output).toContain('Outcome: handshake complete, service ssh-userauth accepted');
    const asJson = await cli(['inspect', hostile, '--json']);
    expect(asJson.code).toBe(0);
    expectNoRawControls(asJson.output);
    expect(() => JSON.parse(asJson.output)).not.toThrow();
  });

  it('an invalid file whose problem quotes it: escaped', async () => {
    const json = JSON.parse(readFileSync(file, 'utf8'));
    json.meta[`${CLEAR}x`] = 1;
    const bad = join(tmp, `bad${ESC_TITLE}.json`);
    writeFileSync(bad, JSON.stringify(json));
    const r = await cli(['inspect', bad]);
    expect(r.code).toBe(1);
    expectNoRawControls(r.output);
    expect(r.output).toMatch(/is not a valid recording/);
  });
});
