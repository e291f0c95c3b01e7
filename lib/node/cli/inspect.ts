// sshscope inspect: a recording as a table, or as JSON for other tools.

import { readFileSync } from 'node:fs';
import { fingerprintSha256 } from '../../ssh/algorithms/hostkey';
import { toHex } from '../../ssh/wire/bytes';
import { parseRecording, RecordingError } from '../../session/recording';
import { traceOf, type EndpointTrace } from '../../session/trace';
import { parseArgs, UsageError } from './args';
import { safeJson, safeText } from './safeText';
import { messageTable, negotiatedLine } from './summary';
import { maskValues } from '../../inspector/secrets';

export const inspectHelp = `Usage: sshscope inspect FILE [--json] [--show-passwords]

Replays a recording and prints its messages: index, direction, sequence number, message,
length, whether it was encrypted, and key fields. Messages after NEWKEYS are shown decrypted.

Passwords and keyboard-interactive responses (RFC 4252 §8, RFC 4256 §3.4) are masked as
•••••••• unless you ask to see them.

Options:
  --json            print { "summary": {…}, "messages": [ {…} ] } instead of a table
  --show-passwords  print passwords and keyboard-interactive responses as they are

Examples:
  sshscope inspect handshake.json
  sshscope inspect handshake.json --json | jq '.messages[] | .name'`;

/** JSON-friendly values: bytes as lower-case hex, bigints as hex strings, name-lists as arrays. */
export function jsonValue(v: unknown): unknown {
  if (v instanceof Uint8Array) return toHex(v);
  if (typeof v === 'bigint') return (v < 0n ? '-' : '') + (v < 0n ? -v : v).toString(16);
  if (Array.isArray(v)) return v.map(jsonValue);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonValue(x)]));
  return v;
}

export function inspectJson(trace: EndpointTrace, options: { showPasswords?: boolean } = {}) {
  const s = trace.state;
  const n = s.negotiated;
  const hk = trace.computations.map((c) => c.computation).find((c) => c.name === 'host key');
  return {
    summary: {
      kex: n?.kex ?? null,
      hostKey: n?.hostKey ?? null,
      cipherC2S: n?.cipherC2S ?? null,
      cipherS2C: n?.cipherS2C ?? null,
      macC2S: n?.macC2S ?? null,
      macS2C: n?.macS2C ?? null,
      hostKeyFingerprint: hk && hk.name === 'host key' ? fingerprintSha256(hk.publicKey) : null,
      outcome: s.service.accepted
        ? `handshake complete, service ${s.service.accepted} accepted`
        : s.closed
          ? `closed: ${s.closed.description}`
          : 'incomplete',
    },
    messages: trace.messages.map((m, index) => ({
      index,
      direction: m.flow,
      seq: m.seq ?? null,
      number: m.number ?? null,
      name: m.name,
      encrypted: m.encrypted,
      packetLength: m.packet ? m.packet.length - 4 : null,
      fields: m.values ? jsonValue(options.showPasswords ? m.values : maskValues(m.values, m.fields)) : m.kind === 'version' ? { version: new TextDecoder().decode(m.wire).trimEnd() } : {},
    })),
  };
}

export function inspect(argv: string[], out: (s: string) => void): number {
  const a = parseArgs(argv, { json: { value: false }, 'show-passwords': { value: false } });
  const showPasswords = Boolean(a.flags['show-passwords']);
  if (a.positionals.length !== 1) throw new UsageError('inspect needs exactly one FILE');
  const file = a.positionals[0];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${safeText(file)}: ${safeText((e as Error).message)}`);
  }
  let rec;
  try {
    rec = parseRecording(text);
  } catch (e) {
    if (e instanceof RecordingError) {
      // A problem may quote the file (an unknown key's name): escaped like any file text.
      out(`sshscope inspect: ${safeText(file)} is not a valid recording:\n  ${e.issues.map((i) => `${safeText(i.path, 200)}: ${safeText(i.problem, 300)}`).join('\n  ')}`);
      return 1;
    }
    throw e;
  }
  const endpoint = rec.client ?? rec.server;
  if (!endpoint) {
    out(`sshscope inspect: ${safeText(file)} holds no engine endpoint to replay`);
    return 1;
  }
  const trace = traceOf(endpoint);
  if (a.flags.json) {
    out(safeJson(JSON.stringify({ ...inspectJson(trace, { showPasswords }), ...(rec.warnings ? { warnings: rec.warnings } : {}) }, null, 2)));
    return 0;
  }
  for (const w of rec.warnings ?? []) out(`warning: ${safeText(w)}`);
  out(`${safeText(rec.meta.title, 200)} — ${rec.meta.source}, ${safeText(rec.meta.created, 40)}`);
  out(negotiatedLine(trace.state.negotiated, trace.state.strict));
  out('\n' + (trace.messages.length ? messageTable(trace, showPasswords) : 'No messages: nothing crossed the wire.'));
  if (rec.meta.outcome) out(`\nOutcome: ${safeText(rec.meta.outcome, 4000)}`);
  return 0;
}
