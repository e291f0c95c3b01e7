// Recordings the browser tests open, made with the project's own simulator and serializer (never
// hand-written JSON), so every file is one the app must accept, except where we break it on purpose.

import { simulate } from '../lib/session/simulate';
import { stringifyRecording, type Recording } from '../lib/session/recording';
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
