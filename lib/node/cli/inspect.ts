// sshscope inspect: a recording as a table, or as JSON for other tools. It reads the file the way
// the viewer does (openRecording: the same replay, the same consistency checks, the same errors),
// so what it prints is what the viewer shows, and a file the viewer refuses is refused here too.

import { readFileSync } from 'node:fs';
import { openParsedRecording, type OpenedSession } from '../../session/open';
import { parseRecording, RecordingError, type Recording } from '../../session/recording';
import type { MessageStep, Party } from '../../session/session';
import { toHex } from '../../ssh/wire/bytes';
import { parseArgs, UsageError } from './args';
import { safeJson, safeText } from './safeText';
import { messageTable, negotiatedLine } from './summary';
import { maskValues } from '../../inspector/secrets';

export const inspectHelp = `Usage: sshscope inspect FILE [--json] [--show-passwords]

Replays a recording exactly as the viewer opens it (the same checks: a file whose replay does
not reproduce what it recorded is refused, naming the event) and prints its messages: index,
direction, sequence number, message, length, whether it was encrypted, and key fields.
Messages after NEWKEYS are shown decrypted. When sshscope ran both ends, each packet is listed
once. Secrets are never printed: no K, no keys, no key log line (sshscope export --keylog
writes the key log).

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

/** The party whose state the summary reads: the client when sshscope ran it, else the server. */
function mainParty(session: OpenedSession): Party {
  return session.parties.client.present ? 'client' : 'server';
}

function messageSteps(session: OpenedSession): MessageStep[] {
  return session.steps.filter((s): s is MessageStep => s.kind === 'message');
}

export function inspectJson(session: OpenedSession, recording: Recording, options: { showPasswords?: boolean } = {}) {
  const s = session.summary;
  const last = session.stateAt(session.steps.length - 1);
  const sessionId = last.client.known.sessionId ?? last.server.known.sessionId;
  return {
    summary: {
      kex: s.kex ?? null,
      hostKey: s.hostKey ?? null,
      cipherC2S: s.cipherC2S ?? null,
      cipherS2C: s.cipherS2C ?? null,
      macC2S: s.macC2S ?? null,
      macS2C: s.macS2C ?? null,
      hostKeyFingerprint: s.hostKeyFingerprint ?? null,
      sessionId: sessionId ? toHex(sessionId.value) : null,
      outcome: s.outcome,
      ok: s.ok,
      // How many key log secrets the file carries; the secrets themselves only through export --keylog.
      keylogEntries: recording.keylog?.length ?? 0,
    },
    messages: messageSteps(session).map((m, index) => ({
      index,
      direction: m.flow,
      seq: m.entry.seq ?? null,
      number: m.entry.number ?? null,
      name: m.entry.name,
      encrypted: m.encrypted,
      packetLength: m.entry.packet ? m.entry.packet.length - 4 : null,
      ...(m.tampered ? { tampered: m.tampered } : {}),
      fields: m.entry.values ? jsonValue(options.showPasswords ? m.entry.values : maskValues(m.entry.values, m.entry.fields)) : m.entry.kind === 'version' ? { version: new TextDecoder().decode(m.entry.wire).trimEnd() } : {},
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
  let rec: Recording;
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
  let session: OpenedSession;
  try {
    session = openParsedRecording(rec);
  } catch (e) {
    // Refused as the viewer refuses it: the same error, naming the event and the JSON path.
    if (e instanceof RecordingError) {
      out(`sshscope inspect: ${safeText(file)} cannot be opened: ${safeText(e.message, 2000)}`);
      return 1;
    }
    throw e;
  }
  if (a.flags.json) {
    out(safeJson(JSON.stringify({ ...inspectJson(session, rec, { showPasswords }), ...(session.warnings ? { warnings: session.warnings } : {}) }, null, 2)));
    return 0;
  }
  for (const w of session.warnings ?? []) out(`warning: ${safeText(w)}`);
  out(`${safeText(rec.meta.title, 200)} — ${rec.meta.source}, ${safeText(rec.meta.created, 40)}`);
  const state = session.stateAt(session.steps.length - 1)[mainParty(session)];
  out(negotiatedLine(state.negotiated, state.strictKex));
  const rows = messageSteps(session).map((m) => ({ ...m.entry, flow: m.flow, ...(m.tampered ? { tampered: m.tampered } : {}) }));
  out('\n' + (rows.length ? messageTable(rows, showPasswords) : 'No messages: nothing crossed the wire.'));
  if (session.summary.hostKeyFingerprint) out(`\nHost key: ${session.summary.hostKeyFingerprint}`);
  out(`${session.summary.hostKeyFingerprint ? '' : '\n'}Outcome: ${safeText(session.summary.outcome, 4000)}`);
  return 0;
}
