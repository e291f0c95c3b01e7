// Runs `sshscope serve` in-process on a free port and lets tests wait for its log lines: every
// wait is on an event (a line that says what happened), never on a sleep.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServeLimits } from '../../lib/node/cli/serve';
import { demoHostKey } from '../../lib/session/demoKeys';
import { serializeOpenSshPrivateKey } from '../../lib/ssh/algorithms/hostkey/opensshKey';

export class LineLog {
  readonly lines: string[] = [];
  private waiters: { re: RegExp; from: number; resolve: (m: RegExpExecArray) => void }[] = [];

  push = (line: string): void => {
    this.lines.push(line);
    for (const w of [...this.waiters]) this.check(w);
  };

  /** The first line at index ≥ `from` that matches `re`; fails after `ms` with the log so far. */
  waitFor(re: RegExp, from = 0, ms = 20_000): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((x) => x !== w);
        reject(new Error(`no line matching ${re} within ${ms} ms; log:\n${this.lines.join('\n')}`));
      }, ms);
      const w = {
        re,
        from,
        resolve: (m: RegExpExecArray) => {
          clearTimeout(timer);
          resolve(m);
        },
      };
      this.waiters.push(w);
      this.check(w);
    });
  }

  /** Waits for `count` matching lines from `from` on, and returns them. */
  async waitForCount(re: RegExp, count: number, from = 0): Promise<RegExpExecArray[]> {
    const found: RegExpExecArray[] = [];
    let at = from;
    while (found.length < count) {
      const m = await this.waitFor(re, at);
      found.push(m);
      at = this.lines.indexOf(m.input, at) + 1;
    }
    return found;
  }

  private check(w: { re: RegExp; from: number; resolve: (m: RegExpExecArray) => void }): void {
    for (let i = w.from; i < this.lines.length; i++) {
      const m = w.re.exec(this.lines[i]);
      if (m) {
        this.waiters = this.waiters.filter((x) => x !== w);
        w.resolve(m);
        return;
      }
    }
  }
}

export interface Served {
  port: number;
  dir: string;
  log: LineLog;
  /** serve's exit code, once it has returned. */
  done: Promise<number>;
  stop: () => Promise<number>;
}

/**
 * Starts serve with `--port 0 --out <fresh dir>` plus `args`; `limits` shortens its clocks.
 * Without a --host-key in `args` it gets a demo ed25519 key in a directory of its own: serve's
 * own keys would go to the user's ~/.config.
 */
export async function startServe(args: string[], limits: Partial<ServeLimits> = {}, dir = mkdtempSync(join(tmpdir(), 'sshscope-serve-'))): Promise<Served> {
  const log = new LineLog();
  const ac = new AbortController();
  const keyDir = args.includes('--host-key') ? undefined : mkdtempSync(join(tmpdir(), 'sshscope-serve-key-'));
  const keyArgs: string[] = [];
  if (keyDir) {
    writeFileSync(join(keyDir, 'key'), serializeOpenSshPrivateKey(demoHostKey('ssh-ed25519'), 'test', 1), { mode: 0o600 });
    keyArgs.push('--host-key', join(keyDir, 'key'));
  }
  const done = serve(['--port', '0', '--out', dir, ...keyArgs, ...args], log.push, ac.signal, limits);
  if (keyDir) void done.finally(() => rmSync(keyDir, { recursive: true, force: true }));
  const listening = await Promise.race([log.waitFor(/^Listening on 127\.0\.0\.1:(\d+)/), done.then((code) => Promise.reject(new Error(`serve exited with ${code}:\n${log.lines.join('\n')}`)))]);
  return {
    port: Number(listening[1]),
    dir,
    log,
    done,
    stop: async () => {
      ac.abort();
      const code = await done;
      rmSync(dir, { recursive: true, force: true });
      return code;
    },
  };
}
