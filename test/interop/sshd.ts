// Starts Debian's OpenSSH sshd on 127.0.0.1 with its own temp config, host keys and free port.
// Used by interop tests; nothing system-wide is touched besides /run/sshd (privilege separation).

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SSHD = '/usr/sbin/sshd';

/** Locally, interop tests skip without sshd; in CI a missing sshd is an error, not a skip. */
export function sshdAvailable(): boolean {
  const ok = existsSync(SSHD) && existsSync('/usr/bin/ssh-keygen');
  if (!ok && process.env.CI) throw new Error(`${SSHD} is missing: .ci/run installs openssh-server`);
  return ok;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface HostKeyFile {
  type: string;
  privatePath: string;
  publicLine: string;
}

export interface Sshd {
  host: '127.0.0.1';
  port: number;
  dir: string;
  hostKeys: HostKeyFile[];
  logs: () => string;
  /**
   * Resolves when sshd's log (stderr) from character `from` on matches `re` (with the match);
   * fails after `ms` with the log so far.
   */
  waitForLog: (re: RegExp, ms?: number, from?: number) => Promise<RegExpExecArray>;
  stop: () => Promise<void>;
}

const keyArgs = {
  ed25519: ['-t', 'ed25519'],
  ecdsa: ['-t', 'ecdsa', '-b', '256'],
  ecdsa384: ['-t', 'ecdsa', '-b', '384'],
  ecdsa521: ['-t', 'ecdsa', '-b', '521'],
  rsa: ['-t', 'rsa', '-b', '2048'],
};
export type SshdKeyType = keyof typeof keyArgs;

/** Reads the banner: proof sshd is up and answering. */
export function banner(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1');
    let data = '';
    s.on('data', (d) => {
      data += d.toString('latin1');
      if (data.includes('\n')) {
        s.destroy();
        resolve(data.split('\n')[0].trim());
      }
    });
    s.on('error', reject);
  });
}

export async function startSshd(
  opts: {
    hostKeyTypes?: SshdKeyType[];
    config?: Record<string, string | string[]>;
    /**
     * Run the sshd of this root file system (a Debian 13 chroot, test/interop/trixie.ts) with
     * `chroot ROOT`. It sees only that tree, so its config and keys go into ROOT/tmp.
     */
    root?: string;
  } = {},
): Promise<Sshd> {
  const root = opts.root;
  const dir = mkdtempSync(join(root ? join(root, 'tmp') : tmpdir(), 'sshscope-sshd-'));
  /** A path as the sshd sees it. */
  const inside = (p: string) => (root ? p.slice(root.length) : p);
  mkdirSync(root ? join(root, 'run/sshd') : '/run/sshd', { recursive: true, mode: 0o755 });
  const hostKeys: HostKeyFile[] = (opts.hostKeyTypes ?? ['ed25519', 'ecdsa', 'rsa']).map((type) => {
    const privatePath = join(dir, `ssh_host_${type}_key`);
    execFileSync('/usr/bin/ssh-keygen', ['-q', '-N', '', ...keyArgs[type], '-f', privatePath, '-C', `sshscope-test-${type}`]);
    return { type, privatePath, publicLine: readFileSync(privatePath + '.pub', 'utf8').trim() };
  });
  const port = await freePort();
  const config: Record<string, string | string[]> = {
    ListenAddress: '127.0.0.1',
    Port: String(port),
    HostKey: hostKeys.map((k) => inside(k.privatePath)),
    PidFile: inside(join(dir, 'sshd.pid')),
    UsePAM: 'no',
    StrictModes: 'no',
    AuthorizedKeysFile: 'none',
    PasswordAuthentication: 'no',
    KbdInteractiveAuthentication: 'no',
    LogLevel: 'DEBUG3',
    ...opts.config,
  };
  const text = Object.entries(config)
    .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${k} ${x}`))
    .join('\n');
  const configPath = join(dir, 'sshd_config');
  writeFileSync(configPath, text + '\n');
  // chroot execs sshd in its own process, so the child's pid is sshd's and signals reach it.
  const [bin, pre] = root ? ['/usr/sbin/chroot', [root, SSHD]] : [SSHD, []];
  try {
    execFileSync(bin, [...pre, '-t', '-f', inside(configPath)], { stdio: 'pipe' });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`sshd rejected its test config: ${(e as { stderr?: Buffer }).stderr?.toString() ?? e}`);
  }
  let log = '';
  const waiters = new Set<() => void>();
  const child: ChildProcess = spawn(bin, [...pre, '-D', '-e', '-f', inside(configPath)], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr!.on('data', (d: Buffer) => {
    log += d.toString();
    for (const w of [...waiters]) w();
  });
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const b = await banner(port);
      if (!b.startsWith('SSH-2.0-OpenSSH')) throw new Error(`unexpected banner ${b}`);
      break;
    } catch (e) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL');
        rmSync(dir, { recursive: true, force: true });
        throw new Error(`sshd did not start on port ${port}: ${(e as Error).message}\n${log}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    host: '127.0.0.1',
    port,
    dir,
    hostKeys,
    logs: () => log,
    waitForLog: (re, ms = 10_000, from = 0) =>
      new Promise<RegExpExecArray>((resolve, reject) => {
        const check = () => {
          const m = re.exec(log.slice(from));
          if (!m) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(m);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`sshd logged nothing matching ${re} within ${ms} ms:\n${log.slice(-3000)}`));
        }, ms);
        waiters.add(check);
        check();
      }),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
