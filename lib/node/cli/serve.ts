// sshscope serve: a server that real SSH clients connect to. Each connection's handshake is
// recorded; after SERVICE_ACCEPT the server says so in its DISCONNECT description. Anyone who
// can reach the port is a peer, so every connection is bounded in bytes, time and number.

import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createServer, type Socket } from 'node:net';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fingerprintSha256, hostKeyAlgorithms } from '../../ssh/algorithms/hostkey';
import { parseOpenSshPrivateKey, serializeOpenSshPrivateKey } from '../../ssh/algorithms/hostkey/opensshKey';
import type { HostKeyPair } from '../../ssh/algorithms/types';
import { DISCONNECT } from '../../ssh/messages/numbers';
import { defaultConfig } from '../../ssh/transport/config';
import type { Request } from '../../ssh/transport/events';
import { SentDigestRecorder } from '../../session/digest';
import { KeylogTap } from '../../session/keylogTap';
import { stringifyRecording, type Recording } from '../../session/recording';
import { runOnSocket } from '../driver';
import { KeylogFile } from '../keylogFile';
import { nodeSigner } from '../sign';
import { publicHalves } from '../../ssh/algorithms/hostkey/signer';
import { writeNewFile, writeUniqueFile } from '../recordingFile';
import { ALGORITHM_OPTIONS, algorithmFlags } from './algorithms';
import { CliError, int, parseArgs, UsageError } from './args';
import { RateLimitedLog } from './rateLimitedLog';
import { safeText } from './safeText';
import { RECORDING_CONTENTS } from './recordingNote';
import { TOOL } from './version';

/**
 * Limits per connection and for the server. A whole handshake with the largest kex (DH group18,
 * 8192-bit e) and every extension is under 10 KB from a client, and serve disconnects right
 * after SERVICE_ACCEPT, so 256 KiB is a wide margin that still keeps a flood's recording and
 * memory small. The times follow OpenSSH: LoginGraceTime is 120 s for a whole login (with
 * authentication); a handshake alone is a few hundred ms, so 30 s, and 10 s for the first line
 * (scanners and stalled connections hold a slot that long at most). The concurrency caps are
 * MaxStartups' default of 10 unauthenticated connections and PerSourceMaxStartups-like 3.
 */
export interface ServeLimits {
  maxBytes: number;
  handshakeMs: number;
  versionMs: number;
  maxStartups: number;
  perSource: number;
  /** At most one line about refused connections per interval (the rest are counted). */
  refusalLogMs: number;
}

export const SERVE_LIMITS: ServeLimits = {
  maxBytes: 256 * 1024,
  handshakeMs: 30_000,
  versionMs: 10_000,
  maxStartups: 10,
  perSource: 3,
  refusalLogMs: 5_000,
};

export const serveHelp = `Usage: sshscope serve [options]

An SSH server that real clients (ssh, dbclient, plink) connect to. It runs the transport
handshake, accepts the "ssh-userauth" service request, then disconnects (reason 11) with the
description "sshscope: handshake recorded". One recording per connection that sent an
identification line, readable by its owner only; an existing file is never overwritten.

Each connection may send at most ${SERVE_LIMITS.maxBytes / 1024} KiB, must send its identification line within
${SERVE_LIMITS.versionMs / 1000} s and finish the handshake within ${SERVE_LIMITS.handshakeMs / 1000} s; beyond that it is disconnected (and recorded
up to there).

Options:
  --host ADDR        address to listen on (default 127.0.0.1)
  --port N           port to listen on (default 2222)
  --host-key FILE    an unencrypted OpenSSH private key (ed25519, ecdsa, rsa); repeatable.
                     Without it, sshscope creates its own keys once and keeps them in
                     $XDG_CONFIG_HOME/sshscope/host_keys (default ~/.config/sshscope/host_keys)
  --out DIR          directory for recordings (default .)
  --once             exit after the first connection (exit code 1 if it was not recorded)
  --max-startups N   handshakes in progress at once (default ${SERVE_LIMITS.maxStartups}); more are closed at once
  --per-source N     handshakes in progress from one address (default ${SERVE_LIMITS.perSource})
  --kex LIST         key exchange methods, comma-separated, in preference order
                     (default: OpenSSH 10.0's, mlkem768x25519-sha256 first)
  --hostkey LIST     host key algorithms (only those it has a key for are offered)
  --cipher LIST      ciphers (both directions)
  --mac LIST         MACs (both directions)
  --strict, --no-strict  offer strict kex (kex-strict-s-v00@openssh.com); default on
  --keylog FILE      append Wireshark's SSH key log to FILE, one line per key exchange as it
                     happens (like SSLKEYLOGFILE; a new FILE is readable by you only), so a
                     capture taken meanwhile (tcpdump, Wireshark) can be decrypted
                     (Wireshark 4.4 has no strict kex: with --no-strict it decrypts every
                     cipher it knows, with strict kex only AES-GCM)

${RECORDING_CONTENTS}

Examples:
  sshscope serve --port 2222 --once
  ssh -p 2222 -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null 127.0.0.1
  ssh-keygen -q -t ed25519 -N '' -f demo_host_key && sshscope serve --host-key demo_host_key --out recordings/
  sshscope serve --once --keylog ssh-keys.log   # then: wireshark -o ssh.keylog_file:ssh-keys.log`;

export function keyDir(): string {
  const base = process.env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'sshscope', 'host_keys');
}

const ownKeyTypes = [
  { file: 'ssh_host_ed25519_key', alg: 'ssh-ed25519' },
  { file: 'ssh_host_ecdsa_key', alg: 'ecdsa-sha2-nistp256' },
  { file: 'ssh_host_rsa_key', alg: 'rsa-sha2-256' },
];

/** Our own keys: created on first use from fresh random seeds, then kept. */
export function loadOrCreateOwnKeys(dir: string, log: (s: string) => void): HostKeyPair[] {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw new CliError(`cannot create the host key directory ${safeText(dir)}: ${safeText((e as Error).message)}`);
  }
  return ownKeyTypes.map(({ file, alg }) => {
    const path = join(dir, file);
    if (existsSync(path)) {
      try {
        return parseOpenSshPrivateKey(readFileSync(path, 'utf8'));
      } catch (e) {
        throw new CliError(`host key ${safeText(path)} is not usable: ${safeText((e as Error).message, 300)} (move it away and sshscope makes a new one)`);
      }
    }
    const pair = hostKeyAlgorithms[alg].demoKey(new Uint8Array(randomBytes(32)));
    // Owner-only and never through a planted symlink, like a recording.
    writeNewFile(path, serializeOpenSshPrivateKey(pair, 'sshscope host key', randomBytes(4).readUInt32BE(0)));
    log(`Created ${pair.keyType} host key ${path}`);
    return pair;
  });
}

/** `signal` stops the server (tests; Ctrl-C in the CLI); `limits` lets tests shorten the clocks. */
export async function serve(argv: string[], out: (s: string) => void, signal?: AbortSignal, limits: Partial<ServeLimits> = {}): Promise<number> {
  const a = parseArgs(argv, {
    host: { value: true },
    port: { value: true },
    'host-key': { value: true, repeat: true },
    out: { value: true },
    once: { value: false },
    'max-startups': { value: true },
    'per-source': { value: true },
    ...ALGORITHM_OPTIONS,
    strict: { value: false },
    'no-strict': { value: false },
    keylog: { value: true },
  });
  // Checked before anything is created or bound: a typo is a usage error naming the flag.
  const algorithms = algorithmFlags(a.flags);
  if (a.positionals.length) throw new UsageError(`unexpected argument "${a.positionals[0]}"`);
  const host = (a.flags.host as string) ?? '127.0.0.1';
  const port = int(a.flags.port, '--port', 0, 65535) ?? 2222;
  const lim: ServeLimits = {
    ...SERVE_LIMITS,
    ...limits,
    ...(a.flags['max-startups'] !== undefined ? { maxStartups: int(a.flags['max-startups'], '--max-startups', 1, 100_000) } : {}),
    ...(a.flags['per-source'] !== undefined ? { perSource: int(a.flags['per-source'], '--per-source', 1, 100_000) } : {}),
  };
  const outDir = resolve((a.flags.out as string) ?? '.');
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (e) {
    throw new CliError(`cannot create --out ${safeText(outDir)}: ${safeText((e as Error).message)}`);
  }
  let hostKeys: HostKeyPair[];
  const files = (a.flags['host-key'] as string[] | undefined) ?? [];
  if (files.length) {
    hostKeys = files.map((f) => {
      let text: string;
      try {
        text = readFileSync(f, 'utf8');
      } catch (e) {
        throw new UsageError(`cannot read --host-key ${safeText(f)}: ${safeText((e as Error).message)}`);
      }
      try {
        return parseOpenSshPrivateKey(text);
      } catch (e) {
        throw new UsageError(`--host-key ${safeText(f)} is not a usable private key: ${safeText((e as Error).message, 300)}`);
      }
    });
  } else {
    hostKeys = loadOrCreateOwnKeys(keyDir(), out);
  }
  for (const k of hostKeys) out(`Host key: ${k.keyType} ${fingerprintSha256(k.publicBlob)}`);
  // The private halves stay in this process: the engine (and so every recording) gets the public ones.
  let sign: ReturnType<typeof nodeSigner>;
  try {
    sign = nodeSigner(hostKeys);
  } catch (e) {
    throw new UsageError(`a host key cannot be used for signing: ${(e as Error).message}`);
  }
  const publicKeys = publicHalves(hostKeys);
  let keylog: KeylogFile | undefined;
  const keylogPath = a.flags.keylog as string | undefined;
  if (keylogPath !== undefined) {
    try {
      keylog = new KeylogFile(keylogPath);
    } catch (e) {
      throw new UsageError(`cannot append to --keylog ${safeText(keylogPath)}: ${safeText((e as Error).message)}`);
    }
  }

  let count = 0;
  const server = createServer();
  const listenPort = () => (server.address() as { port: number } | null)?.port ?? port;
  /** Handshakes in progress, in all and per address: MaxStartups counts the same. */
  let active = 0;
  const perAddress = new Map<string, number>();
  const refusals = new RateLimitedLog(out, lim.refusalLogMs, (n) => `refused ${n} more connection${n === 1 ? '' : 's'} over --max-startups ${lim.maxStartups} / --per-source ${lim.perSource} in the last ${lim.refusalLogMs / 1000} s`);

  /** Runs one connection's handshake; resolves to whether its recording was written. */
  const handle = async (socket: Socket, n: number, peer: { host: string; port: number }): Promise<boolean> => {
    const started = new Date();
    out(`[${n}] connection from ${safeText(peer.host)}:${peer.port}`);
    const config = defaultConfig('server', { ...algorithms, strictKex: !a.flags['no-strict'], hostKeys: publicKeys });
    let bye = false;
    const sent = new SentDigestRecorder();
    const tap = new KeylogTap();
    const local = socket.localAddress && socket.localPort ? { host: socket.localAddress, port: socket.localPort } : undefined;
    const result = await runOnSocket(socket, config, {
      timeoutMs: lim.handshakeMs,
      versionTimeoutMs: lim.versionMs,
      maxBytesReceived: lim.maxBytes,
      sign,
      onEffect: (e, eventIndex) => {
        sent.add(eventIndex, e);
        const line = keylog && tap.effect(e);
        if (!line) return;
        try {
          keylog!.append(line);
        } catch (err) {
          out(`[${n}] could not append to --keylog ${safeText(keylog!.path)}: ${safeText((err as Error).message)}`);
        }
      },
      next: (s): Request[] => {
        if (!bye && s.service.accepted) {
          bye = true;
          // Only this: the client needs no path of ours (nor any other detail of this machine).
          return [{ kind: 'disconnect', reason: DISCONNECT.BY_APPLICATION, description: 'sshscope: handshake recorded' }];
        }
        return [];
      },
    });
    const s = result.state;
    const closed = s.closed && (s.closed.by === 'peer' ? `the client disconnected: ${s.closed.description}` : s.closed.description);
    const why = closed ?? result.error ?? 'incomplete';
    if (!s.peerVersion) {
      // Scanners and connect-then-close: no identification line, nothing worth a file.
      out(`[${n}] no identification line (${safeText(why, 300)}); nothing recorded`);
      return false;
    }
    const outcome = s.service.accepted ? `handshake complete, service ${s.service.accepted} accepted` : `failed: ${why}`;
    // Peer text in the meta is escaped and cut to the schema's limits, so the file always opens.
    const recording: Recording = {
      meta: {
        title: safeText(`${s.peerVersion} → sshscope serve`, 200),
        description: safeText(`Recorded by sshscope serve on ${host}:${listenPort()}.`, 4000),
        created: started.toISOString(),
        tool: TOOL,
        source: 'recorded-server',
        ...(local ? { local } : {}),
        peer,
        outcome: safeText(outcome, 4000),
      },
      server: { config: result.config, events: result.events, sent: sent.digests() },
    };
    const name = join(outDir, `sshscope-serve-${started.toISOString().replace(/[:.]/g, '-')}-${n}.sshscope.json`);
    let file: string;
    try {
      file = writeUniqueFile(name, stringifyRecording(recording));
    } catch (e) {
      out(`[${n}] could not write the recording to ${safeText(name)}: ${safeText((e as Error).message)}`);
      return false;
    }
    out(`[${n}] ${safeText(s.peerVersion, 300)}: ${safeText(outcome, 300)}; recorded to ${safeText(file)}`);
    return true;
  };

  /** Takes a slot for the connection, or closes it at once when the caps are reached. */
  const admit = (socket: Socket): Promise<boolean> | undefined => {
    const peer = { host: socket.remoteAddress ?? '?', port: socket.remotePort ?? 0 };
    const fromPeer = perAddress.get(peer.host) ?? 0;
    if (active >= lim.maxStartups || fromPeer >= lim.perSource) {
      socket.on('error', () => {});
      socket.destroy();
      refusals.line(
        active >= lim.maxStartups
          ? `refused ${safeText(peer.host)}:${peer.port}: ${active} handshakes in progress (--max-startups ${lim.maxStartups})`
          : `refused ${safeText(peer.host)}:${peer.port}: ${fromPeer} handshakes in progress from ${safeText(peer.host)} (--per-source ${lim.perSource})`,
      );
      return undefined;
    }
    active++;
    perAddress.set(peer.host, fromPeer + 1);
    const release = () => {
      active--;
      const left = (perAddress.get(peer.host) ?? 1) - 1;
      if (left > 0) perAddress.set(peer.host, left);
      else perAddress.delete(peer.host);
    };
    return handle(socket, ++count, peer)
      .catch((e) => {
        out(`error: ${safeText((e as Error).message)}`);
        return false;
      })
      .finally(release);
  };

  return new Promise((resolvePromise) => {
    server.on('connection', (socket) => {
      const done = admit(socket);
      if (a.flags.once && done) {
        server.close();
        done.then((written) => {
          refusals.flush();
          resolvePromise(written ? 0 : 1);
        });
      }
    });
    const stop = () => {
      server.close();
      refusals.flush();
      resolvePromise(0);
    };
    if (signal?.aborted) return stop();
    signal?.addEventListener('abort', stop, { once: true });
    server.on('error', (e) => {
      out(`sshscope serve: cannot listen on ${host}:${port}: ${e.message}`);
      resolvePromise(1);
    });
    server.listen(port, host, () => {
      const addr = server.address() as { port: number };
      out(`Listening on ${host}:${addr.port}${a.flags.once ? ' (exits after one connection)' : ''}`);
    });
  });
}
