// sshscope simulate: both endpoints in memory, written as a recording. The options are the
// playground's URL parameters (lib/session/experiment.ts): the same setup and seed give the same
// recording here and in the browser.

import { AttackSetupError } from '../../session/attackRules';
import { EXPERIMENT_PARAMS, parseExperiment } from '../../session/experiment';
import { implementedAlgorithms, runExperiment } from '../../session/experimentRun';
import { stringifyRecording } from '../../session/recording';
import { traceOf } from '../../session/trace';
import { writeNewFile } from '../recordingFile';
import { ALGORITHM_OPTIONS } from './algorithms';
import { safeText } from './safeText';
import { parseArgs, UsageError, type FlagSpec } from './args';
import { messageTable, negotiatedLine } from './summary';
import { RECORDING_CONTENTS } from './recordingNote';

const optionLines = EXPERIMENT_PARAMS.map((p) => `  --${`${p.name} ${p.value}`.padEnd(22)} ${p.what}`).join('\n');

export const simulateHelp = `Usage: sshscope simulate --out FILE [options]

Runs an sshscope client and an sshscope server against each other in memory, with demo host
keys and random bytes from a seed, and writes the recording. The same seed gives the same bytes.
A LIST is comma-separated IANA names. The options are the parameters of a /playground link
(/playground?server-cipher=aes128-ctr&seed=7 is --server-cipher aes128-ctr --seed 7), and the
same options give the same recording there.

Options:
${optionLines}
  --no-strict              neither side offers strict kex (--strict 0)
  --out FILE               where to write the recording (required); a new file, readable by you
                           only: an existing FILE is an error

${RECORDING_CONTENTS}

Examples:
  sshscope simulate --out basic.json
  sshscope simulate --kex diffie-hellman-group14-sha256 --hostkey rsa-sha2-256 --seed 7 --out dh.json
  sshscope simulate --server-cipher aes128-ctr --cipher chacha20-poly1305@openssh.com --out fails.json
  sshscope simulate --strict 0 --cipher chacha20-poly1305@openssh.com --attack terrapin --out terrapin.json
  sshscope simulate --attack flip:s2c:2 --out flipped.json`;

const options: Record<string, FlagSpec> = {
  ...ALGORITHM_OPTIONS,
  ...Object.fromEntries(EXPERIMENT_PARAMS.map((p) => [p.name, { value: true }])),
  'no-strict': { value: false },
  out: { value: true },
};

export function simulateCommand(argv: string[], out: (s: string) => void): number {
  const a = parseArgs(argv, options);
  if (a.positionals.length) throw new UsageError(`unexpected argument "${a.positionals[0]}"`);
  const file = a.flags.out as string | undefined;
  if (!file) throw new UsageError('simulate needs --out FILE');
  if (a.flags['no-strict'] && a.flags.strict !== undefined) throw new UsageError('give --no-strict or --strict, not both');
  const pairs: [string, string][] = EXPERIMENT_PARAMS.filter((p) => typeof a.flags[p.name] === 'string').map((p) => [p.name, a.flags[p.name] as string]);
  if (a.flags['no-strict']) pairs.push(['strict', '0']);
  const catalog = implementedAlgorithms();
  const { experiment, problems } = parseExperiment(pairs, catalog);
  if (problems.length) throw new UsageError(problems.map((p) => `--${p.param}: ${p.problem}`).join('\n'));
  let run: ReturnType<typeof runExperiment>;
  try {
    run = runExperiment(experiment, catalog);
  } catch (e) {
    if (e instanceof AttackSetupError) throw new UsageError(`--attack: ${e.message}`);
    throw e;
  }
  const { recording, outcome, attacker, replayed } = run;
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
  for (const x of attacker?.log ?? []) if (x.tampered) out(`Attacker (${x.tampered.kind}): ${x.tampered.note}`);
  out(`Outcome: ${replayed ? replayed.sentence : outcome.description}`);
  // With an attacker, the status follows the outcome printed: a side that caught the tampering,
  // even after the service was accepted, makes the run one that did not end well.
  return (replayed ?? outcome).ok ? 0 : 1;
}
