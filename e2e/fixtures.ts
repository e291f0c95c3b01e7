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
import { simulate } from '../lib/session/simulate';
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
  afterService: EngineEvent[] = [],
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
