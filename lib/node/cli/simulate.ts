// sshscope simulate: both endpoints in memory, written as a recording.

import { demoHostKeys } from '../../session/demoKeys';
import { SentDigestRecorder } from '../../session/digest';
import { stringifyRecording, type Recording } from '../../session/recording';
import { simulate } from '../../session/simulate';
import { traceOf } from '../../session/trace';
import { defaultConfig } from '../../ssh/transport/config';
import { writeNewFile } from '../recordingFile';
import { ALGORITHM_OPTIONS, algorithmFlags } from './algorithms';
import { safeText } from './safeText';
import { int, parseArgs, UsageError } from './args';
import { messageTable, negotiatedLine } from './summary';
import { RECORDING_CONTENTS } from './recordingNote';
import { TOOL } from './version';

export const simulateHelp = `Usage: sshscope simulate --out FILE [options]

Runs an sshscope client and an sshscope server against each other in memory, with demo host
keys and random bytes from a seed, and writes the recording. The same seed gives the same bytes.

Options:
  --kex LIST        key exchange methods offered by the client, in preference order
  --hostkey LIST    host key algorithms offered by the client
  --cipher LIST     ciphers offered by the client
  --mac LIST        MACs offered by the client
  --no-strict       neither side offers strict kex
  --seed N          seed for the random bytes (default 1)
  --out FILE        where to write the recording (required); a new file, readable by you
                    only: an existing FILE is an error

${RECORDING_CONTENTS}

Examples:
  sshscope simulate --out basic.json
  sshscope simulate --kex diffie-hellman-group14-sha256 --hostkey rsa-sha2-256 --seed 7 --out dh.json`;

export function simulateCommand(argv: string[], out: (s: string) => void): number {
  const a = parseArgs(argv, {
    ...ALGORITHM_OPTIONS,
    'no-strict': { value: false },
    seed: { value: true },
    out: { value: true },
  });
  if (a.positionals.length) throw new UsageError(`unexpected argument "${a.positionals[0]}"`);
  const file = a.flags.out as string | undefined;
  if (!file) throw new UsageError('simulate needs --out FILE');
  const seed = int(a.flags.seed, '--seed') ?? 1;
  const strictKex = !a.flags['no-strict'];
  const client = defaultConfig('client', {
    ...algorithmFlags(a.flags),
    strictKex,
  });
  const server = defaultConfig('server', { hostKeys: demoHostKeys(), strictKex });
  const r = simulate({ client, server, seed });
  // The digests come from the effects the run produced, not from a second replay.
  const sent = { client: new SentDigestRecorder(), server: new SentDigestRecorder() };
  for (const e of r.effects) sent[e.endpoint].add(e.eventIndex, e.effect);
  const recording: Recording = {
    meta: {
      title: 'Simulated handshake',
      description: `sshscope client and server in memory, seed ${seed}.`,
      created: new Date(0).toISOString(),
      tool: TOOL,
      source: 'simulated',
      seed,
      outcome: r.outcome.description,
      attacker: false,
    },
    client: { config: r.client.config, events: r.client.events, sent: sent.client.digests() },
    server: { config: r.server.config, events: r.server.events, sent: sent.server.digests() },
  };
  const trace = traceOf(recording.client!);
  out(negotiatedLine(trace.state.negotiated, trace.state.strict));
  out('\n' + messageTable(trace.messages) + '\n');
  try {
    writeNewFile(file, stringifyRecording(recording));
  } catch (e) {
    out(`sshscope simulate: could not write the recording to ${safeText(file)}: ${safeText((e as Error).message)}`);
    return 1;
  }
  out(`Recording written to ${safeText(file)}`);
  out(`Outcome: ${r.outcome.description}`);
  return r.outcome.ok ? 0 : 1;
}
