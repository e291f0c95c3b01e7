// Debian's tcpdump on the loopback, started and stopped by a test: it says "listening on" on
// stderr once it captures, and writes the whole file when SIGINT ends it.

import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync, watch } from 'node:fs';

export const TCPDUMP = '/usr/bin/tcpdump';
export const TSHARK = '/usr/bin/tshark';

/** Locally, capture tests skip without tcpdump and tshark; in CI a missing one is an error. */
export function captureToolsAvailable(): boolean {
  const ok = existsSync(TCPDUMP) && existsSync(TSHARK) && process.getuid?.() === 0;
  if (!ok && process.env.CI) throw new Error(`${TCPDUMP} and ${TSHARK} (run as root) are needed: .ci/run installs tcpdump and tshark`);
  return ok;
}

/** tshark alone (reading files needs no privileges). */
export function tsharkAvailable(): boolean {
  const ok = existsSync(TSHARK);
  if (!ok && process.env.CI) throw new Error(`${TSHARK} is missing: .ci/run installs tshark`);
  return ok;
}

export interface Tcpdump {
  /** Ends the capture (SIGINT) and resolves once tcpdump has exited and the file is complete. */
  stop: () => Promise<string>;
}

/** Starts `tcpdump -i IFACE -w FILE FILTER` and resolves when it is listening. */
export function startTcpdump(iface: string, file: string, filter: string, extra: string[] = []): Promise<Tcpdump> {
  // --immediate-mode hands each packet over as it arrives and -U writes it out at once, so the
  // file can be watched; -Z root keeps tcpdump able to write into a root-only temp dir. -B: with
  // immediate mode on "any", the default kernel buffer dropped packets on a busy machine (tcpdump
  // said "8 packets dropped by kernel", and sshscope rightly reported the holes); 32 MiB does not.
  const child = spawn(TCPDUMP, ['-i', iface, '-B', '32768', '--immediate-mode', '-U', '-Z', 'root', '-w', file, ...extra, filter], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes('listening on')) {
        resolve({
          stop: async () => {
            if (child.exitCode === null) child.kill('SIGINT');
            await exited;
            return err;
          },
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`tcpdump exited (${code}) before listening: ${err}`)));
  });
}

export function run(program: string, args: string[], timeoutMs = 60_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(program, args, { timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024 }, (e, stdout, stderr) => {
      resolve({ code: e ? ((e as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/**
 * tshark's own reassembly of one TCP stream (`-z follow,tcp,raw,N`): the bytes of node 0 (the
 * side of the stream's first packet) and of node 1, and their addresses.
 */
export async function tsharkFollow(file: string, stream: number, tshark: string[] = [TSHARK]): Promise<{ node0: string; node1: string; bytes0: Buffer; bytes1: Buffer }> {
  const [program, ...pre] = tshark;
  const r = await run(program, [...pre, '-r', file, '-q', '-z', `follow,tcp,raw,${stream}`]);
  if (r.code !== 0) throw new Error(`tshark failed: ${r.stderr}`);
  const lines = r.stdout.split('\n');
  const node = (n: number) => lines.find((l) => l.startsWith(`Node ${n}: `))?.slice(8) ?? '';
  const start = lines.findIndex((l) => l.startsWith('Node 1: ')) + 1;
  const parts: [string[], string[]] = [[], []];
  for (const l of lines.slice(start)) {
    if (l.startsWith('====')) break;
    if (l.startsWith('\t')) parts[1].push(l.trim());
    else if (l.trim()) parts[0].push(l.trim());
  }
  return { node0: node(0), node1: node(1), bytes0: Buffer.from(parts[0].join(''), 'hex'), bytes1: Buffer.from(parts[1].join(''), 'hex') };
}

/**
 * Resolves once `ready(bytes)` holds for the capture file as written so far: the packets a test
 * waits for are in it (tcpdump may still hold packets when the connection ends). Rejects after `ms`.
 */
export function waitForCapture(file: string, ready: (bytes: Uint8Array) => boolean, ms = 20_000, describe?: (bytes: Uint8Array) => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      let ok = false;
      try {
        ok = ready(readFileSync(file));
      } catch {
        ok = false; // written half-way: the next change event looks again
      }
      if (!ok) return false;
      watcher.close();
      clearTimeout(timer);
      resolve();
      return true;
    };
    const watcher = watch(file, () => check());
    const timer = setTimeout(() => {
      watcher.close();
      let state = '';
      try {
        state = describe ? `: ${describe(readFileSync(file))}` : '';
      } catch (e) {
        state = `: ${(e as Error).message}`;
      }
      reject(new Error(`${file} did not get the expected packets within ${ms} ms${state}`));
    }, ms);
    check();
  });
}

/** tshark's reassembly of TCP streams 0 … n-1 in one run (one `-z follow,tcp,raw,N` each). */
export async function tsharkFollowAll(file: string, n: number): Promise<{ node0: string; node1: string; bytes0: Buffer; bytes1: Buffer }[]> {
  const z = Array.from({ length: n }, (_, i) => ['-z', `follow,tcp,raw,${i}`]).flat();
  const r = await run(TSHARK, ['-r', file, '-q', ...z]);
  if (r.code !== 0) throw new Error(`tshark failed: ${r.stderr}`);
  const out: { node0: string; node1: string; bytes0: Buffer; bytes1: Buffer }[] = [];
  for (const block of r.stdout.split(/={10,}\n/)) {
    const lines = block.split('\n');
    const filter = lines.find((l) => l.startsWith('Filter: tcp.stream eq '));
    if (!filter) continue;
    const node = (k: number) => lines.find((l) => l.startsWith(`Node ${k}: `))?.slice(8) ?? '';
    const start = lines.findIndex((l) => l.startsWith('Node 1: ')) + 1;
    const parts: [string[], string[]] = [[], []];
    for (const l of lines.slice(start)) {
      if (l.startsWith('\t')) parts[1].push(l.trim());
      else if (l.trim()) parts[0].push(l.trim());
    }
    out[Number(filter.slice('Filter: tcp.stream eq '.length))] = { node0: node(0), node1: node(1), bytes0: Buffer.from(parts[0].join(''), 'hex'), bytes1: Buffer.from(parts[1].join(''), 'hex') };
  }
  return out;
}
