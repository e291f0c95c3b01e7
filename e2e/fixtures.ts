// Recordings the browser tests open, made with the project's own simulator and serializer (never
// hand-written JSON), so every file is one the app must accept, except where we break it on purpose.

import { readFileSync } from 'node:fs';
import { blobDecoders } from '../lib/ssh/algorithms/hostkey';
import { decodeMessage } from '../lib/ssh/messages/codec';
import { encodeLayout } from '../lib/ssh/messages/layout';
import { MSG } from '../lib/ssh/messages/numbers';
import * as S from '../lib/ssh/messages/specs';
import { buildPacket, paddingLength } from '../lib/ssh/transport/packet';
import { concat } from '../lib/ssh/wire/bytes';
import { Writer } from '../lib/ssh/wire/writer';
import { simulate, type ScriptedEvent } from '../lib/session/simulate';
import { connection, userauth } from '../lib/ssh/messages';
import { parseRecording, stringifyRecording, type Recording } from '../lib/session/recording';
import { demoHostKeys } from '../lib/session/demoKeys';
import { defaultConfig, SOFTWARE_VERSION, type EndpointConfig } from '../lib/ssh/transport/config';
import type { EngineEvent } from '../lib/ssh/transport/events';

export const IMG = '<img src=x onerror=alert(1)>';
export const SCRIPT = '<script>alert(1)</script>';

function recordingOf(
  meta: { title: string; description: string; outcome?: string },
  client: EndpointConfig,
  server: EndpointConfig,
  seed: string,
  afterService: (EngineEvent | ScriptedEvent)[] = [],
): { recording: Recording; ok: boolean } {
  const r = simulate({ client, server, seed, afterService, maxEvents: 1_000_000 });
  const recording: Recording = {
    meta: {
      title: meta.title,
      description: meta.description,
      created: new Date(0).toISOString(),
      tool: 'sshscope e2e fixtures',
      source: 'simulated',
      seed,
      outcome: meta.outcome ?? r.outcome.description,
    },
    client: { config: r.client.config, events: r.client.events },
    server: { config: r.server.config, events: r.server.events },
  };
  return { recording, ok: r.outcome.ok };
}

/** A plain curve25519 / ed25519 / chacha20-poly1305 handshake with SERVICE_ACCEPT. */
export function handshakeFile(): string {
  const { recording, ok } = recordingOf(
    { title: 'e2e handshake', description: 'A local file opened through the file input.' },
    defaultConfig('client', { kex: ['curve25519-sha256'], cipher: ['chacha20-poly1305@openssh.com'] }),
    defaultConfig('server', { hostKeys: demoHostKeys(), hostKey: ['ssh-ed25519'] }),
    'e2e handshake',
  );
  if (!ok) throw new Error('fixture: the e2e handshake did not complete');
  return stringifyRecording(recording);
}

/**
 * A valid recording whose every free-text string carries markup: title, description, outcome, both
 * version strings (as comments after the software version, which RFC 4253 §4.2 allows), the server's
 * pre-version banner lines and an SSH_MSG_DEBUG message. Rendering any of them as HTML would create
 * an <img> or <script> (and the img's onerror would open a dialog).
 */
export function hostileFile(): string {
  const payload = `${IMG} ${SCRIPT}`;
  const { recording, ok } = recordingOf(
    { title: `Hostile ${payload}`, description: `Description ${payload}`, outcome: `Outcome ${payload}` },
    defaultConfig('client', { version: `${SOFTWARE_VERSION} ${payload}` }),
    defaultConfig('server', {
      version: `SSH-2.0-evil_1.0 ${SCRIPT}`,
      hostKeys: demoHostKeys(),
      bannerLines: [`Banner ${IMG}`, `Banner ${SCRIPT}`],
    }),
    'e2e hostile',
    [{ type: 'request', request: { kind: 'debug', message: `Debug ${payload}`, alwaysDisplay: true } }],
  );
  if (!ok) throw new Error('fixture: the hostile handshake did not complete');
  return stringifyRecording(recording);
}

/** The handshake with one event's bytes made invalid: the app must name `$.client.events[3].bytes`. */
export function malformedFile(): { text: string; path: string } {
  const json = JSON.parse(handshakeFile()) as { client: { events: { type: string; bytes?: string }[] } };
  const i = json.client.events.findIndex((e, k) => k >= 3 && typeof e.bytes === 'string');
  json.client.events[i].bytes = 'zz-not-hex';
  return { text: JSON.stringify(json), path: `client.events[${i}].bytes` };
}

/**
 * A long session: the handshake, then IGNORE packets until the session has `packets` packets in
 * total (both directions), for the step-time budget.
 */
export function longFile(packets: number): string {
  // This handshake has 10 packets (KEXINIT, ECDH INIT/REPLY, NEWKEYS ×2, EXT_INFO,
  // SERVICE_REQUEST/ACCEPT, DISCONNECT); the rest are client IGNOREs.
  const ignores = Math.max(0, packets - 10);
  const after: EngineEvent[] = [];
  for (let i = 0; i < ignores; i++) after.push({ type: 'request', request: { kind: 'ignore', data: new Uint8Array([i & 0xff, i >> 8]) } });
  const { recording, ok } = recordingOf(
    { title: `${packets} packets`, description: 'A handshake followed by IGNORE packets.' },
    defaultConfig('client', { kex: ['curve25519-sha256'] }),
    defaultConfig('server', { hostKeys: demoHostKeys(), hostKey: ['ssh-ed25519'] }),
    'e2e long',
    after,
  );
  if (!ok) throw new Error('fixture: the long session did not complete');
  return stringifyRecording(recording);
}

/**
 * A recording whose one event costs tens of seconds to replay: the client's log from a bundled
 * group14 / rsa-sha2-256 handshake, with the server's SSH_MSG_KEXDH_REPLY rewritten to carry an
 * ssh-rsa host key whose modulus and public exponent both have 32768 bits (and a signature of the
 * right size), as in the review's finding. Verifying that signature is one modular
 * exponentiation with a 32768-bit exponent; the file is cheap to make and slow to open.
 * `event` is the index of that event in the client's log. Once the engine refuses keys this
 * large before any arithmetic, the same file opens quickly as a failed handshake instead.
 */
export function bigRsaFile(): { text: string; event: number } {
  const rec = parseRecording(readFileSync('public/recordings/algorithms/dh-group14-rsa-sha2-256-aes128ctr-hmac-sha2-256.json', 'utf8'));
  const events = rec.client!.events;
  const n = (1n << 32767n) | (0x5eedn << 64n) | 1n;
  const K_S = new Writer().string('ssh-rsa').mpint(n).mpint(n - 2n).bytes();
  const signature = new Writer().string('rsa-sha2-256').string(new Uint8Array(4096).fill(0x5a)).bytes();
  for (let i = 0; i < events.length; i++) {
    const e = events[i].event;
    if (e.type !== 'bytesReceived') continue;
    // The unencrypted packets of this chunk; the one that is a KEXDH_REPLY gets the new key.
    const packets: Uint8Array[] = [];
    let found = false;
    for (let at = 0; at + 5 <= e.bytes.length; ) {
      const len = new DataView(e.bytes.buffer, e.bytes.byteOffset + at).getUint32(0);
      const packet = e.bytes.subarray(at, at + 4 + len);
      const payload = packet.subarray(5, packet.length - packet[4]);
      if (payload[0] === MSG.KEX_31) {
        const m = decodeMessage(payload, 5, blobDecoders, 'dh');
        const forged = encodeLayout(S.KEXDH_REPLY, { ...m.values, K_S, signature });
        packets.push(buildPacket(forged, new Uint8Array(paddingLength(forged.length, 8, 'none'))));
        found = true;
      } else packets.push(packet);
      at += 4 + len;
    }
    if (!found) continue;
    const forgedEvents = [...events.slice(0, i), { t: events[i].t, event: { type: 'bytesReceived' as const, bytes: concat(...packets) } }];
    const text = stringifyRecording({
      meta: { ...rec.meta, title: 'A 32768-bit RSA host key', description: 'The server sends an RSA host key with a 32768-bit modulus and exponent.', source: 'recorded-client' },
      client: { config: rec.client!.config, events: forgedEvents },
    });
    return { text, event: i };
  }
  throw new Error('fixture: no SSH_MSG_KEXDH_REPLY in the group14 recording');
}

/** Made-up passwords for the login fixture: no real account has them. */
export const DEMO_PASSWORD = 'demo-only Tr0ub4dor&3';
export const DEMO_NEW_PASSWORD = 'demo-only correct horse battery staple';
export const DEMO_ONE_TIME_CODE = '914277';

/**
 * After SERVICE_ACCEPT, both sides play a login and a command with the engine's `payload` request,
 * one turn at a time: USERAUTH_REQUEST "none" → FAILURE; "keyboard-interactive" → INFO_REQUEST →
 * INFO_RESPONSE (a one-time code) → FAILURE; "password" → PASSWD_CHANGEREQ → the change form
 * (old and new password) → SUCCESS; then a session channel with pty-req and exec, its output on
 * stdout and stderr, exit-status, EOF and CLOSE, a GLOBAL_REQUEST and a PING. sshscope's engine
 * implements only the transport, so each side also answers these with SSH_MSG_UNIMPLEMENTED.
 */
export function loginRecording(): Recording {
  const say = (endpoint: 'client' | 'server', spec: Parameters<typeof encodeLayout>[0], values: Record<string, unknown>): ScriptedEvent => ({
    endpoint,
    event: { type: 'request', request: { kind: 'payload', payload: encodeLayout(spec, values) } },
  });
  const U = userauth;
  const C = connection;
  const head = { user_name: 'alice', service_name: 'ssh-connection' };
  const text = (s: string) => new TextEncoder().encode(s);
  const modes = new Writer().byte(53).uint32(1).byte(50).uint32(1).byte(128).uint32(38400).byte(129).uint32(38400).byte(0).bytes();
  const script: ScriptedEvent[] = [
    say('client', U.USERAUTH_REQUEST, { ...head, method_name: 'none' }),
    say('server', U.USERAUTH_BANNER, { message: 'Authorized use only.\n', language_tag: '' }),
    say('server', U.USERAUTH_FAILURE, { authentications_that_can_continue: ['publickey', 'password', 'keyboard-interactive'], partial_success: false }),
    say('client', U.USERAUTH_REQUEST, { ...head, method_name: 'keyboard-interactive', language_tag: '', submethods: '' }),
    say('server', U.USERAUTH_INFO_REQUEST, { name: '', instruction: 'Enter the code from your token.', language_tag: '', prompts: [{ prompt: 'Code: ', echo: false }] }),
    say('client', U.USERAUTH_INFO_RESPONSE, { responses: [{ response: DEMO_ONE_TIME_CODE }] }),
    say('server', U.USERAUTH_FAILURE, { authentications_that_can_continue: ['publickey', 'password'], partial_success: false }),
    say('client', U.USERAUTH_REQUEST, { ...head, method_name: 'password', change_password: false, password: DEMO_PASSWORD }),
    say('server', U.USERAUTH_PASSWD_CHANGEREQ, { prompt: 'Your password has expired.', language_tag: '' }),
    say('client', U.USERAUTH_REQUEST, { ...head, method_name: 'password', change_password: true, old_password: DEMO_PASSWORD, new_password: DEMO_NEW_PASSWORD }),
    say('server', U.USERAUTH_SUCCESS, {}),
    say('server', C.GLOBAL_REQUEST, { request_name: 'hostkeys-00@openssh.com', want_reply: false, 'request-specific data': new Uint8Array(0) }),
    say('client', C.CHANNEL_OPEN, { channel_type: 'session', sender_channel: 0, initial_window_size: 2097152, maximum_packet_size: 32768 }),
    say('server', C.CHANNEL_OPEN_CONFIRMATION, { recipient_channel: 0, sender_channel: 7, initial_window_size: 0, maximum_packet_size: 32768, 'channel type specific data': new Uint8Array(0) }),
    say('client', C.CHANNEL_REQUEST, {
      recipient_channel: 7,
      request_type: 'pty-req',
      want_reply: true,
      TERM: 'xterm-256color',
      terminal_width_characters: 80,
      terminal_height_rows: 24,
      terminal_width_pixels: 0,
      terminal_height_pixels: 0,
      encoded_terminal_modes: modes,
    }),
    say('server', C.CHANNEL_SUCCESS, { recipient_channel: 0 }),
    say('client', C.CHANNEL_REQUEST, { recipient_channel: 7, request_type: 'env', want_reply: false, variable_name: 'LANG', variable_value: 'C.UTF-8' }),
    say('client', C.CHANNEL_REQUEST, { recipient_channel: 7, request_type: 'exec', want_reply: true, command: 'uname -s; ls /nonexistent' }),
    say('server', C.CHANNEL_WINDOW_ADJUST, { recipient_channel: 0, bytes_to_add: 2097152 }),
    say('server', C.CHANNEL_SUCCESS, { recipient_channel: 0 }),
    say('server', C.CHANNEL_DATA, { recipient_channel: 0, data: text('Linux\n') }),
    say('server', C.CHANNEL_EXTENDED_DATA, { recipient_channel: 0, data_type_code: 1, data: text("ls: cannot access '/nonexistent': No such file or directory\n") }),
    say('client', C.PING, { data: text('ping') }),
    say('server', C.PONG, { data: text('ping') }),
    say('server', C.CHANNEL_REQUEST, { recipient_channel: 0, request_type: 'exit-status', want_reply: false, exit_status: 2 }),
    say('server', C.CHANNEL_EOF, { recipient_channel: 0 }),
    say('server', C.CHANNEL_CLOSE, { recipient_channel: 0 }),
    say('client', C.CHANNEL_CLOSE, { recipient_channel: 7 }),
  ];
  const { recording, ok } = recordingOf(
    {
      title: 'e2e login and command',
      description: 'A login (none, keyboard-interactive, password with a change) and one command, played by both sides after SERVICE_ACCEPT. The passwords and the code are made up for this file.',
    },
    defaultConfig('client', { kex: ['curve25519-sha256'], cipher: ['aes128-ctr'], mac: ['hmac-sha2-256-etm@openssh.com'] }),
    defaultConfig('server', { hostKeys: demoHostKeys(), hostKey: ['ssh-ed25519'] }),
    'e2e login',
    script,
  );
  if (!ok) throw new Error('fixture: the login session did not complete');
  return recording;
}

export function loginFile(): string {
  return stringifyRecording(loginRecording());
}
