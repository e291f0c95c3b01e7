// Runs `sshscope serve` in-process on a free port and lets tests wait for its log lines: every
// wait is on an event (a line that says what happened), never on a sleep.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServeLimits } from '../../lib/node/cli/serve';

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

/** Starts serve with `--port 0 --out <fresh dir>` plus `args`; `limits` shortens its clocks. */
export async function startServe(args: string[], limits: Partial<ServeLimits> = {}, dir = mkdtempSync(join(tmpdir(), 'sshscope-serve-'))): Promise<Served> {
  const log = new LineLog();
  const ac = new AbortController();
  const done = serve(['--port', '0', '--out', dir, ...args], log.push, ac.signal, limits);
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
