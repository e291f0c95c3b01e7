// sshscope serve: a server that real SSH clients connect to. Each connection's handshake is
// recorded; after SERVICE_ACCEPT the server says where, in its DISCONNECT description.

import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
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
import { stringifyRecording, type Recording } from '../../session/recording';
import { runOnSocket } from '../driver';
import { nodeSigner } from '../sign';
import { publicHalves } from '../../ssh/algorithms/hostkey/signer';
import { int, parseArgs, UsageError } from './args';
import { TOOL } from './version';

export const serveHelp = `Usage: sshscope serve [options]

An SSH server that real clients (ssh, dbclient, plink) connect to. It runs the transport
handshake, accepts the "ssh-userauth" service request, then disconnects (reason 11) with the
description "sshscope: handshake recorded to <file>". One recording per connection.

Options:
  --host ADDR        address to listen on (default 127.0.0.1)
  --port N           port to listen on (default 2222)
  --host-key FILE    an unencrypted OpenSSH private key (ed25519, ecdsa, rsa); repeatable.
                     Without it, sshscope creates its own keys once and keeps them in
                     $XDG_CONFIG_HOME/sshscope/host_keys (default ~/.config/sshscope/host_keys)
  --out DIR          directory for recordings (default .)
  --once             exit after the first connection

Examples:
  sshscope serve --port 2222 --once
  ssh -p 2222 -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null 127.0.0.1
  sshscope serve --host-key /etc/ssh/ssh_host_ed25519_key --out recordings/`;

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
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return ownKeyTypes.map(({ file, alg }) => {
    const path = join(dir, file);
    if (existsSync(path)) return parseOpenSshPrivateKey(readFileSync(path, 'utf8'));
    const pair = hostKeyAlgorithms[alg].demoKey(new Uint8Array(randomBytes(32)));
    writeFileSync(path, serializeOpenSshPrivateKey(pair, 'sshscope host key', randomBytes(4).readUInt32BE(0)), { mode: 0o600 });
    log(`Created ${pair.keyType} host key ${path}`);
    return pair;
  });
}

/** `signal` stops the server (tests; Ctrl-C in the CLI). */
export async function serve(argv: string[], out: (s: string) => void, signal?: AbortSignal): Promise<number> {
  const a = parseArgs(argv, {
    host: { value: true },
    port: { value: true },
    'host-key': { value: true, repeat: true },
    out: { value: true },
    once: { value: false },
  });
  if (a.positionals.length) throw new UsageError(`unexpected argument "${a.positionals[0]}"`);
  const host = (a.flags.host as string) ?? '127.0.0.1';
  const port = int(a.flags.port, '--port', 0, 65535) ?? 2222;
  const outDir = resolve((a.flags.out as string) ?? '.');
  mkdirSync(outDir, { recursive: true });
  let hostKeys: HostKeyPair[];
  const files = (a.flags['host-key'] as string[] | undefined) ?? [];
  if (files.length) {
    hostKeys = files.map((f) => {
      let text: string;
      try {
        text = readFileSync(f, 'utf8');
      } catch (e) {
        throw new UsageError(`cannot read --host-key ${f}: ${(e as Error).message}`);
      }
      try {
        return parseOpenSshPrivateKey(text);
      } catch (e) {
        throw new UsageError(`--host-key ${f}: ${(e as Error).message}`);
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

  let count = 0;
  const server = createServer();
  const handle = async (socket: Socket) => {
    const n = ++count;
    const peer = { host: socket.remoteAddress ?? '?', port: socket.remotePort ?? 0 };
    const started = new Date();
    const file = join(outDir, `sshscope-serve-${started.toISOString().replace(/[:.]/g, '-')}-${n}.sshscope.json`);
    out(`[${n}] connection from ${peer.host}:${peer.port}`);
    const config = defaultConfig('server', { hostKeys: publicKeys });
    let bye = false;
    const sent = new SentDigestRecorder();
    const result = await runOnSocket(socket, config, {
      timeoutMs: 30_000,
      sign,
      onEffect: (e, eventIndex) => sent.add(eventIndex, e),
      next: (s): Request[] => {
        if (!bye && s.service.accepted) {
          bye = true;
          return [{ kind: 'disconnect', reason: DISCONNECT.BY_APPLICATION, description: `sshscope: handshake recorded to ${file}` }];
        }
        return [];
      },
    });
    const s = result.state;
    const recording: Recording = {
      meta: {
        title: `${s.peerVersion ?? 'unknown client'} → sshscope serve`,
        description: `Recorded by sshscope serve on ${host}:${(server.address() as { port: number } | null)?.port ?? port}.`,
        created: started.toISOString(),
        tool: TOOL,
        source: 'recorded-server',
        peer,
        outcome: s.service.accepted ? `handshake complete, service ${s.service.accepted} accepted` : `failed: ${s.closed?.description ?? result.error ?? 'incomplete'}`,
      },
      server: { config: result.config, events: result.events, sent: sent.digests() },
    };
    writeFileSync(file, stringifyRecording(recording));
    out(`[${n}] ${s.peerVersion ?? '(no version)'}: ${recording.meta.outcome}; recorded to ${file}`);
  };

  return new Promise((resolvePromise) => {
    server.on('connection', (socket) => {
      const done = handle(socket).catch((e) => out(`error: ${(e as Error).message}`));
      if (a.flags.once) {
        server.close();
        done.then(() => resolvePromise(0));
      }
    });
    const stop = () => {
      server.close();
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
