// sshscope record: the engine as a client against a real server, written down as a recording.

import { lstatSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { fingerprintSha256 } from '../../ssh/algorithms/hostkey';
import { DISCONNECT, disconnectReasonName } from '../../ssh/messages/numbers';
import { defaultConfig } from '../../ssh/transport/config';
import type { Request } from '../../ssh/transport/events';
import { SentDigestRecorder } from '../../session/digest';
import { stringifyRecording, type Recording } from '../../session/recording';
import { KeylogTap } from '../../session/keylogTap';
import { TraceBuilder } from '../../session/trace';
import { runOnSocket } from '../driver';
import { KeylogFile } from '../keylogFile';
import { knownHostKeys, revokedLine, type KnownHostsMatch } from '../knownHosts';
import { writeNewFile } from '../recordingFile';
import { ALGORITHM_OPTIONS, algorithmFlags } from './algorithms';
import { refusedHint } from './refusedHint';
import { withoutBaseTables } from './oneShot';
import { int, parseArgs, UsageError } from './args';
import { safeText } from './safeText';
import { messageTable, negotiatedLine } from './summary';
import { RECORDING_CONTENTS } from './recordingNote';
import { TOOL } from './version';

export const recordHelp = `Usage: sshscope record <host[:port]> [options]

Connects as an SSH client, runs the whole transport handshake, verifies the server's host key
signature, requests the "ssh-userauth" service, then disconnects politely (reason 11).
Prints what was negotiated and one line per message, and writes a recording.

Options:
  --kex LIST            key exchange methods, comma-separated, in preference order
                        (default: OpenSSH 10.0's, mlkem768x25519-sha256 first)
  --hostkey LIST        host key algorithms
  --cipher LIST         ciphers (both directions)
  --mac LIST            MACs (both directions)
  --strict, --no-strict offer strict kex (kex-strict-c-v00@openssh.com); default on
  --known-hosts FILE    refuse unless the server's key is listed for this host in FILE
                        (a key marked @revoked there is always refused)
  --out FILE            where to write the recording (default: <host>-<port>-<time>.sshscope.json);
                        a new file, readable by you only: an existing FILE is an error
  --timeout MS          give up after MS milliseconds (default 10000)
  --keylog FILE         append Wireshark's SSH key log to FILE, one line per key exchange as
                        it happens (like SSLKEYLOGFILE; a new FILE is readable by you only), so
                        a capture taken meanwhile (tcpdump, Wireshark) can be decrypted
                        (Wireshark 4.4 has no strict kex: with --no-strict it decrypts every
                        cipher it knows, with strict kex only AES-GCM)

${RECORDING_CONTENTS}

Examples:
  sshscope record 127.0.0.1:2222
  sshscope record localhost:2222 --kex curve25519-sha256 --cipher aes128-ctr --mac hmac-sha2-256-etm@openssh.com
  sshscope record 127.0.0.1:2222 --known-hosts ~/.ssh/known_hosts --out handshake.json
  sshscope record 127.0.0.1:2222 --keylog ssh-keys.log   # then: wireshark -o ssh.keylog_file:ssh-keys.log`;

/**
 * Most bytes taken from a server: the engine accepts up to 1024 banner lines of 1 KiB before the
 * identification line, and a handshake is a few KB more; a flood stops here.
 */
export const RECORD_MAX_BYTES = 1024 * 1024 + 64 * 1024;

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

export function parseHostPort(s: string): { host: string; port: number } {
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(s) ?? /^([^:]+)(?::(\d+))?$/.exec(s);
  if (!m) throw new UsageError(`"${safeText(s, 300)}" is not host or host:port`);
  // A DNS name is at most 253 characters; the recording's peer address allows 255.
  if (m[1].length > 255) throw new UsageError(`host "${safeText(m[1], 60)}" is longer than 255 characters`);
  return { host: m[1], port: int(m[2] ?? '22', 'port', 1, 65535)! };
}

function stamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

export async function record(argv: string[], out: (s: string) => void): Promise<number> {
  const a = parseArgs(argv, {
    ...ALGORITHM_OPTIONS,
    strict: { value: false },
    'no-strict': { value: false },
    'known-hosts': { value: true },
    out: { value: true },
    timeout: { value: true },
    keylog: { value: true },
  });
  if (a.positionals.length !== 1) throw new UsageError('record needs exactly one <host[:port]>');
  const { host, port } = parseHostPort(a.positionals[0]);
  const timeoutMs = int(a.flags.timeout, '--timeout', 1, 3_600_000) ?? 10_000;
  const started = new Date();
  const file = (a.flags.out as string) ?? `${host.replace(/[^A-Za-z0-9.-]/g, '_')}-${port}-${stamp(started)}.sshscope.json`;
  // Said before connecting; the write itself refuses again (O_EXCL) if something appears meanwhile.
  if (exists(file)) throw new UsageError(`--out ${safeText(file)} already exists: sshscope never overwrites a file (nor follows a symlink there)`);

  let known: Uint8Array[] | undefined;
  let knownHosts: KnownHostsMatch | undefined;
  const khFile = a.flags['known-hosts'] as string | undefined;
  if (khFile) {
    let text: string;
    try {
      text = readFileSync(khFile, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read --known-hosts ${safeText(khFile)}: ${safeText((e as Error).message)}`);
    }
    const m = knownHostKeys(text, host, port);
    for (const s of m.skipped) out(`warning: ${safeText(khFile)} line ${s.line}: ${safeText(s.problem)}`);
    // Revoked keys are already left out of m.keys, so the engine refuses them as unknown.
    known = m.keys.map((k) => k.blob);
    knownHosts = m;
  }

  const config = defaultConfig('client', {
    ...algorithmFlags(a.flags),
    strictKex: !a.flags['no-strict'],
    ...(known ? { knownHostKeys: known } : {}),
  });

  let keylog: KeylogFile | undefined;
  const keylogPath = a.flags.keylog as string | undefined;
  if (keylogPath !== undefined) {
    try {
      keylog = new KeylogFile(keylogPath);
    } catch (e) {
      throw new UsageError(`cannot append to --keylog ${safeText(keylogPath)}: ${safeText((e as Error).message)}`);
    }
  }
  const tap = new KeylogTap();

  withoutBaseTables();
  out(`Connecting to ${host}:${port} …`);
  const socket = connect({ host, port });
  let local: { host: string; port: number } | undefined;
  socket.once('connect', () => {
    if (socket.localAddress && socket.localPort) local = { host: socket.localAddress, port: socket.localPort };
  });
  let asked = false;
  let bye = false;
  const sent = new SentDigestRecorder();
  // The summary comes from the live effects: replaying the log would redo every computation.
  const live = new TraceBuilder('client');
  const result = await runOnSocket(socket, config, {
    timeoutMs,
    maxBytesReceived: RECORD_MAX_BYTES,
    onEffect: (e, eventIndex) => {
      sent.add(eventIndex, e);
      live.add(eventIndex, e);
      const line = keylog && tap.effect(e);
      if (line) {
        try {
          keylog!.append(line);
        } catch (err) {
          out(`warning: could not append to --keylog ${safeText(keylog!.path)}: ${safeText((err as Error).message)}`);
        }
      }
    },
    next: (s): Request[] => {
      if (!asked && s.versionSent) {
        asked = true;
        return [{ kind: 'service', name: 'ssh-userauth' }];
      }
      if (!bye && s.service.accepted) {
        bye = true;
        return [{ kind: 'disconnect', reason: DISCONNECT.BY_APPLICATION, description: 'sshscope: handshake recorded' }];
      }
      return [];
    },
  });

  // Peer text in the meta is escaped and cut to the schema's limits, so the file always opens.
  const recording: Recording = {
    meta: {
      title: safeText(`${host}:${port} (${result.state.peerVersion ?? 'no version'})`, 200),
      description: safeText(`Recorded with sshscope record against ${host}:${port}.`, 4000),
      created: started.toISOString(),
      tool: TOOL,
      source: 'recorded-client',
      ...(local ? { local } : {}),
      peer: { host, port },
    },
    client: { config: result.config, events: result.events, sent: sent.digests() },
  };
  const trace = live.finish(result.state);
  const s = trace.state;
  const ok = Boolean(s.service.accepted) && !result.error;
  const hkc = trace.computations.find((c) => c.computation.name === 'host key')?.computation;
  const hk = hkc?.name === 'host key' ? hkc : undefined;
  const revoked = hk && knownHosts ? revokedLine(knownHosts, hk.publicKey) : undefined;
  const failure = hk && revoked
    ? `host key ${fingerprintSha256(hk.publicKey)} is revoked by ${khFile} line ${revoked} (@revoked): refused`
    : result.error
    ? result.error.includes('ECONNREFUSED')
      ? `connection to ${host}:${port} refused`
      : /ECONNRESET|EPIPE/.test(result.error)
        ? `the server closed the connection (${result.error})`
        : result.error
    : !ok && s.closed
      ? `${s.closed.by === 'peer' ? 'the server disconnected' : s.closed.by === 'connection' ? 'the connection ended' : 'we disconnected'}: ${s.closed.description} (${disconnectReasonName(s.closed.reason)})`
      : undefined;
  recording.meta.outcome = ok ? 'handshake complete, service ssh-userauth accepted' : safeText(`failed: ${failure}`, 4000);

  if (s.peerVersion) out(`Server version: ${safeText(s.peerVersion)}`);
  if (s.negotiated || s.peerVersion) out(negotiatedLine(s.negotiated, s.strict));
  if (hk) {
    out(`Host key: ${safeText(hk.algorithm, 80)} ${fingerprintSha256(hk.publicKey)}${revoked ? ' (REVOKED)' : hk.known === null ? ' (not checked: no --known-hosts)' : hk.known ? ' (known)' : ' (NOT in known hosts)'}`);
  }
  if (trace.messages.length) out('\n' + messageTable(trace.messages) + '\n');
  try {
    writeNewFile(file, stringifyRecording(recording));
    out(`Recording written to ${safeText(file)}`);
  } catch (e) {
    out(`sshscope record: could not write the recording to ${safeText(file)}: ${safeText((e as Error).message)}`);
    return 1;
  }
  if (!ok) {
    out(`sshscope record: ${failure ? safeText(failure) : 'the handshake did not complete'}.`);
    const hint = refusedHint({
      peerVersion: s.peerVersion,
      bannerLines: s.bannerLines,
      // Closed or reset from the far side; a refused TCP connect or our timeout is something else.
      endedByPeer: result.error ? /ECONNRESET|EPIPE/.test(result.error) : s.closed?.by === 'connection',
    });
    if (hint) out(`sshscope record: ${safeText(hint, 1000)}`);
    return 1;
  }
  return 0;
}
