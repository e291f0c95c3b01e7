// The user authentication and connection decoders against real bytes: the engine as a client logs
// in to Debian's OpenSSH sshd with a publickey (a query answered by PK_OK, then the signed request),
// opens a session channel and runs a command. Every message sshd sends is decoded by the layout
// tables, and what sshd said is checked against what we know it must say.

import { connect } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir, userInfo } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOnSocket } from '../../lib/node/driver';
import { defaultConfig } from '../../lib/ssh/transport/config';
import { DISCONNECT, MSG } from '../../lib/ssh/messages/numbers';
import { encodeLayout } from '../../lib/ssh/messages/layout';
import { connection, userauth } from '../../lib/ssh/messages';
import { demoHostKey } from '../../lib/session/demoKeys';
import { keyringSigner } from '../../lib/ssh/algorithms/hostkey/signer';
import { Writer } from '../../lib/ssh/wire/writer';
import type { Request, TraceEntry } from '../../lib/ssh/transport/events';
import { startSshd, sshdAvailable } from './sshd';

const BANNER = 'sshscope interop banner: authorised use only';

describe.skipIf(!sshdAvailable())('user authentication and a channel with OpenSSH sshd', () => {
  // A demo key stands in for the user's key: its public half goes into authorized_keys.
  const key = demoHostKey('ssh-ed25519', 'sshscope interop user key');
  const user = userInfo().username;
  let sshd: Awaited<ReturnType<typeof startSshd>>;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sshscope-userauth-'));
    writeFileSync(join(dir, 'banner'), BANNER + '\n');
    writeFileSync(join(dir, 'authorized_keys'), `ssh-ed25519 ${Buffer.from(key.publicBlob).toString('base64')} sshscope-interop\n`);
    sshd = await startSshd({
      hostKeyTypes: ['ed25519'],
      config: { Banner: join(dir, 'banner'), AuthorizedKeysFile: join(dir, 'authorized_keys'), PasswordAuthentication: 'yes', PermitRootLogin: 'prohibit-password' },
    });
  });
  afterAll(async () => {
    await sshd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('none → BANNER and FAILURE; publickey query → PK_OK; signed → SUCCESS; session, exec, output, exit-status, EOF, CLOSE', async () => {
    const received: TraceEntry[] = [];
    const got = (name: string) => received.some((e) => e.name === name);
    let stage = 0;
    let sessionId: Uint8Array | undefined;
    let serverChannel = -1;
    const say = (spec: Parameters<typeof encodeLayout>[0], values: Record<string, unknown>): Request => ({ kind: 'payload', payload: encodeLayout(spec, values) });
    const head = { user_name: user, service_name: 'ssh-connection' };
    const pk = { public_key_algorithm: 'ssh-ed25519', public_key_blob: key.publicBlob };
    const socket = connect(sshd.port, sshd.host);
    const r = await runOnSocket(socket, defaultConfig('client', { kex: ['curve25519-sha256'], hostKey: ['ssh-ed25519'] }), {
      timeoutMs: 20_000,
      onEffect: (e) => {
        if (e.type === 'message' && e.entry.direction === 'received') received.push(e.entry);
        if (e.type === 'computed' && e.computation.name === 'session_id') sessionId = e.computation.value;
      },
      next: (s): Request[] => {
        if (stage === 0 && s.versionSent) {
          stage = 1;
          return [{ kind: 'service', name: 'ssh-userauth' }];
        }
        if (stage === 1 && s.service.accepted) {
          stage = 2;
          return [say(userauth.USERAUTH_REQUEST, { ...head, method_name: 'none' })];
        }
        if (stage === 2 && got('SSH_MSG_USERAUTH_FAILURE')) {
          stage = 3;
          return [say(userauth.USERAUTH_REQUEST, { ...head, method_name: 'publickey', has_signature: false, ...pk })];
        }
        if (stage === 3 && got('SSH_MSG_USERAUTH_PK_OK')) {
          stage = 4;
          // RFC 4252 §7: the signature covers the session identifier and the request up to here.
          const signed = new Writer()
            .string(sessionId!)
            .byte(MSG.USERAUTH_REQUEST)
            .string(user)
            .string('ssh-connection')
            .string('publickey')
            .boolean(true)
            .string('ssh-ed25519')
            .string(key.publicBlob)
            .bytes();
          const signature = keyringSigner([key])({ algorithm: 'ssh-ed25519', publicKey: key.publicBlob, data: signed });
          return [say(userauth.USERAUTH_REQUEST, { ...head, method_name: 'publickey', has_signature: true, ...pk, signature })];
        }
        if (stage === 4 && got('SSH_MSG_USERAUTH_SUCCESS')) {
          stage = 5;
          return [say(connection.CHANNEL_OPEN, { channel_type: 'session', sender_channel: 5, initial_window_size: 1 << 20, maximum_packet_size: 32768 })];
        }
        if (stage === 5 && got('SSH_MSG_CHANNEL_OPEN_CONFIRMATION')) {
          stage = 6;
          serverChannel = received.find((e) => e.name === 'SSH_MSG_CHANNEL_OPEN_CONFIRMATION')!.values!.sender_channel as number;
          return [say(connection.CHANNEL_REQUEST, { recipient_channel: serverChannel, request_type: 'exec', want_reply: true, command: 'echo sshscope; echo oops >&2; exit 3' })];
        }
        if (stage === 6 && got('SSH_MSG_CHANNEL_CLOSE')) {
          stage = 7;
          return [
            say(connection.CHANNEL_CLOSE, { recipient_channel: serverChannel }),
            { kind: 'disconnect', reason: DISCONNECT.BY_APPLICATION, description: 'sshscope test done' },
          ];
        }
        return [];
      },
    });
    const names = received.map((e) => e.name);
    const log = `${names.join('\n')}\n--- sshd ---\n${sshd.logs().slice(-4000)}`;
    expect(r.error, log).toBeUndefined();
    expect(stage, log).toBe(7);
    // Nothing sshd sent was left undecoded or malformed.
    expect(names.filter((n) => /^(message|userauth method message|malformed)/.test(n)), log).toEqual([]);

    const one = (name: string) => received.find((e) => e.name === name)!;
    expect(one('SSH_MSG_USERAUTH_BANNER').values).toMatchObject({ message: BANNER + '\n' });
    const failure = one('SSH_MSG_USERAUTH_FAILURE').values!;
    expect(failure.authentications_that_can_continue).toEqual(expect.arrayContaining(['publickey', 'password']));
    expect(failure.partial_success).toBe(false);
    // 60 after a publickey query is PK_OK, naming the key we asked about.
    expect(one('SSH_MSG_USERAUTH_PK_OK').values).toEqual(pk);
    expect(one('SSH_MSG_CHANNEL_OPEN_CONFIRMATION').values).toMatchObject({ recipient_channel: 5 });
    const text = (name: string) =>
      received
        .filter((e) => e.name === name)
        .map((e) => new TextDecoder().decode(e.values!.data as Uint8Array))
        .join('');
    expect(text('SSH_MSG_CHANNEL_DATA')).toBe('sshscope\n');
    // sshd at LogLevel DEBUG3 also copies its debug lines to the client's stderr, before ours.
    expect(text('SSH_MSG_CHANNEL_EXTENDED_DATA')).toMatch(/(^|\n)oops\n$/);
    expect(one('SSH_MSG_CHANNEL_EXTENDED_DATA').fields.flatMap((f) => f.children ?? []).find((f) => f.name === 'data_type_code')?.note).toBe('SSH_EXTENDED_DATA_STDERR');
    const exit = received.find((e) => e.name === 'SSH_MSG_CHANNEL_REQUEST' && e.values?.request_type === 'exit-status');
    expect(exit?.values, log).toMatchObject({ recipient_channel: 5, want_reply: false, exit_status: 3 });
    // After authentication sshd lists its host keys (OpenSSH PROTOCOL §2.5): request-specific data kept as bytes.
    const hostkeys = received.find((e) => e.name === 'SSH_MSG_GLOBAL_REQUEST');
    expect(hostkeys?.values, log).toMatchObject({ request_name: 'hostkeys-00@openssh.com', want_reply: false });
    expect((hostkeys!.values!['request-specific data'] as Uint8Array).length).toBeGreaterThan(0);
    expect(names, log).toContain('SSH_MSG_CHANNEL_SUCCESS');
    expect(names, log).toContain('SSH_MSG_CHANNEL_EOF');
  });
});
