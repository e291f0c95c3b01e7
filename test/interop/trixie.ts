// Debian 13 (trixie) peers: OpenSSH 10.0, Dropbear 2025, PuTTY 0.83, in a chroot that
// scripts/trixie-chroot.sh builds once outside the repository. The chroot shares the host's
// loopback, so its programs run as `chroot DIR program …` against 127.0.0.1.

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const TRIXIE = process.env.SSHSCOPE_TRIXIE || join(homedir(), '.cache', 'sshscope', 'trixie');
const MARKER = join(TRIXIE, '.sshscope-trixie-complete');

/** Locally, these tests skip without the chroot; in CI a missing chroot is an error, not a skip. */
export function trixieAvailable(): boolean {
  const ok = existsSync(MARKER) && existsSync('/usr/sbin/chroot');
  if (!ok && process.env.CI) throw new Error(`the Debian 13 chroot ${TRIXIE} is missing: .ci/run builds it with scripts/trixie-chroot.sh`);
  return ok;
}

/** Runs a program of the chroot (a path inside it); resolves with its exit code and all its output. */
export function runInTrixie(program: string, args: string[], timeoutMs = 20_000): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    // HOME as the chroot's root user has it: ssh and plink keep nothing there a test depends on.
    execFile('/usr/sbin/chroot', [TRIXIE, program, ...args], { timeout: timeoutMs, env: { ...process.env, HOME: '/root' } }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}
