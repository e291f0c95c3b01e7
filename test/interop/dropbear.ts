// Starts Debian's Dropbear server on 127.0.0.1 with temp host keys and a free port.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { banner, freePort } from './sshd';

export const DROPBEAR = '/usr/sbin/dropbear';

export function dropbearAvailable(): boolean {
  const ok = existsSync(DROPBEAR) && existsSync('/usr/bin/dropbearkey');
  if (!ok && process.env.CI) throw new Error(`${DROPBEAR} is missing: .ci/run installs dropbear-bin`);
  return ok;
}

export interface Dropbear {
  host: '127.0.0.1';
  port: number;
  /** "type base64" lines of the host keys. */
  publicLines: string[];
  logs: () => string;
  stop: () => Promise<void>;
}

const keyArgs: Record<string, string[]> = {
  ed25519: ['-t', 'ed25519'],
  ecdsa256: ['-t', 'ecdsa', '-s', '256'],
  ecdsa384: ['-t', 'ecdsa', '-s', '384'],
  ecdsa521: ['-t', 'ecdsa', '-s', '521'],
  rsa: ['-t', 'rsa', '-s', '2048'],
};

export async function startDropbear(
  keyTypes: (keyof typeof keyArgs)[] = ['ed25519', 'ecdsa256', 'rsa'],
  opts: {
    /**
     * Run the dropbear of this root file system (the Debian 13 chroot, test/interop/trixie.ts)
     * with `chroot ROOT`; its keys go into ROOT/tmp, where it can see them.
     */
    root?: string;
  } = {},
): Promise<Dropbear> {
  const root = opts.root;
  const dir = mkdtempSync(join(root ? join(root, 'tmp') : tmpdir(), 'sshscope-dropbear-'));
  /** A path as dropbear sees it. */
  const inside = (p: string) => (root ? p.slice(root.length) : p);
  /** A program of the root file system, as [binary, leading arguments]. */
  const program = (path: string): [string, string[]] => (root ? ['/usr/sbin/chroot', [root, path]] : [path, []]);
  const [keygen, keygenPre] = program('/usr/bin/dropbearkey');
  const keys = keyTypes.map((t) => {
    const path = join(dir, `host_${t}`);
    execFileSync(keygen, [...keygenPre, ...keyArgs[t], '-f', inside(path)], { stdio: 'pipe' });
    const out = execFileSync(keygen, [...keygenPre, '-y', '-f', inside(path)]).toString();
    const line = out.split('\n').find((l) => /^(ssh-|ecdsa-)/.test(l))!;
    return { path, line: line.split(' ').slice(0, 2).join(' ') };
  });
  const port = await freePort();
  let log = '';
  // chroot execs dropbear in its own process, so the child's pid is dropbear's and signals reach it.
  const [bin, pre] = program(DROPBEAR);
  const child = spawn(
    bin,
    [...pre, '-F', '-E', '-s', '-j', '-k', '-p', `127.0.0.1:${port}`, '-P', inside(join(dir, 'pid')), ...keys.flatMap((k) => ['-r', inside(k.path)])],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const b = await banner(port);
      if (!b.startsWith('SSH-2.0-dropbear')) throw new Error(`unexpected banner ${b}`);
      break;
    } catch (e) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL');
        rmSync(dir, { recursive: true, force: true });
        throw new Error(`dropbear did not start: ${(e as Error).message}\n${log}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    host: '127.0.0.1',
    port,
    publicLines: keys.map((k) => k.line),
    logs: () => log,
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
