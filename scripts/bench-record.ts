// `sshscope record` against OpenSSH's own `ssh`, both as whole processes, to the same local sshd
// with the same algorithms. ssh goes on to try user authentication, which costs it a round trip
// more than us; both start a fresh process each time, which is what a user waits for.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSshd } from '../test/interop/sshd';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Asynchronous on purpose: the test sshd logs to a pipe this process reads, and a synchronous
// spawn would stop that reading until the pipe filled and sshd (and so the run) stalled.
function time(cmd: string, args: string[]): Promise<number> {
  const t = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: 'ignore', timeout: 20_000 });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      signal ? reject(new Error(`${cmd} was stopped by ${signal} (timed out?)`)) : resolve(performance.now() - t),
    );
  });
}

export async function benchRecord(runs = 15): Promise<string[]> {
  if (!existsSync('/usr/sbin/sshd') || !existsSync('/usr/bin/ssh')) return ['record vs ssh: skipped (needs openssh-server and openssh-client)'];
  if (!existsSync('dist/cli.cjs')) spawnSync('node', ['scripts/build-cli.mjs'], { stdio: 'inherit' });
  const sshd = await startSshd({ hostKeyTypes: ['ed25519'] });
  const dir = mkdtempSync(join(tmpdir(), 'sshscope-bench-'));
  const algs = { kex: 'curve25519-sha256', hostKey: 'ssh-ed25519', cipher: 'chacha20-poly1305@openssh.com' };
  const ours = ['bin/sshscope.mjs', 'record', `127.0.0.1:${sshd.port}`, '--kex', algs.kex, '--hostkey', algs.hostKey, '--cipher', algs.cipher, '--out', join(dir, 'r.json')];
  const theirs = [
    '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=QUIET',
    '-o', 'IdentitiesOnly=yes', '-o', 'IdentityFile=/dev/null', '-F', '/dev/null',
    '-o', `KexAlgorithms=${algs.kex}`, '-o', `HostKeyAlgorithms=${algs.hostKey}`, '-o', `Ciphers=${algs.cipher}`,
    '-p', String(sshd.port), '127.0.0.1', 'true',
  ];
  try {
    for (let i = 0; i < 3; i++) {
      await time('node', ours);
      await time('/usr/bin/ssh', theirs);
    }
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < runs; i++) {
      a.push(await time('node', ours));
      b.push(await time('/usr/bin/ssh', theirs));
    }
    const ma = median(a);
    const mb = median(b);
    return [
      `sshscope record vs OpenSSH ssh, whole processes, ${algs.kex} / ${algs.hostKey} / ${algs.cipher}, median of ${runs}:`,
      `  sshscope record  ${ma.toFixed(1).padStart(7)} ms`,
      `  ssh              ${mb.toFixed(1).padStart(7)} ms`,
      `  ratio            ${(ma / mb).toFixed(2)}× (target ≤ 1.5×)`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await sshd.stop();
  }
}
