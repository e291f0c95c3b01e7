// Runs `sshscope record` in-process against a server and reads back what it wrote.

import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { record } from '../../lib/node/cli/record';
import { parseRecording, type Recording } from '../../lib/session/recording';
import { traceOf, type EndpointTrace } from '../../lib/session/trace';
import type { KexInitLists } from '../../lib/ssh/transport/negotiate';

export interface RecordRun {
  code: number;
  output: string;
  recording?: Recording;
  trace?: EndpointTrace;
}

export async function recordAgainst(port: number, flags: string[] = []): Promise<RecordRun> {
  const dir = mkdtempSync(join(tmpdir(), 'sshscope-record-'));
  const file = join(dir, 'r.json');
  const lines: string[] = [];
  try {
    const code = await record([`127.0.0.1:${port}`, '--out', file, '--timeout', '15000', ...flags], (s) => lines.push(s));
    const recording = existsSync(file) ? parseRecording(readFileSync(file, 'utf8')) : undefined;
    return { code, output: lines.join('\n'), recording, trace: recording?.client ? traceOf(recording.client) : undefined };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The server's KEXINIT lists, from a recorded handshake. */
export function serverOffer(run: RecordRun): KexInitLists {
  const m = run.trace?.messages.find((x) => x.flow === 's2c' && x.name === 'SSH_MSG_KEXINIT');
  if (!m) throw new Error(`no server KEXINIT in the probe:\n${run.output}`);
  return m.values as unknown as KexInitLists;
}
