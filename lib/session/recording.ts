// The recording file (format "sshscope-recording", version 1): configs plus each engine
// endpoint's ordered event log. Bytes are lower-case hex. Validated with zod at load; every
// rejection names the JSON path and the problem.

import { z } from 'zod';
import type { HostKeyPair } from '../ssh/algorithms/types';
import { GEX_MAX_BITS, GEX_REQUEST_MIN_BITS } from '../ssh/algorithms/kex/gex';
import { DEFAULT_MAX_PACKET, type EndpointConfig } from '../ssh/transport/config';
import type { EngineEvent, Request } from '../ssh/transport/events';
import { fromHex as ownHex, toHex } from '../ssh/wire/bytes';
import { HexArena } from './hexArena';
import { MAX_KEYLOG_LINES, type KeylogEntry } from './keylog';
import type { LoggedEvent } from './simulate';

export const RECORDING_FORMAT = 'sshscope-recording';
export const RECORDING_VERSION = 1;

/** Limits that keep a hostile file from exhausting memory or time; far above any real session. */
export const MAX_EVENTS = 2_000_000;
export const MAX_HEX_DIGITS = 64 * 1024 * 1024;

const hex = z.string().max(MAX_HEX_DIGITS).regex(/^(?:[0-9a-f]{2})*$/, 'must be lower-case hex with an even number of digits');
const name = z.string().min(1).max(64).regex(/^[\x21-\x2b\x2d-\x7e]+$/, 'must be a printable US-ASCII algorithm name');
const nameList = z.array(name).max(64);

/** A group exchange size the engine accepts in its own config (lib/ssh/algorithms/kex/gex.ts). */
const gexBits = z
  .number()
  .int()
  .min(GEX_REQUEST_MIN_BITS, `must be at least ${GEX_REQUEST_MIN_BITS} bits`)
  .max(GEX_MAX_BITS, `must be at most ${GEX_MAX_BITS} bits`);

/**
 * Only the public half is written. Files made before sshscope 0.2 also carry `privateBlob`: they
 * still open (replay signs with it), with a warning not to share them.
 */
const hostKey = z.object({ keyType: name, publicBlob: hex, privateBlob: hex.optional() }).strict();

const config = z
  .object({
    role: z.enum(['client', 'server']),
    version: z.string().max(253),
    kex: nameList,
    hostKey: nameList,
    cipher: nameList,
    mac: nameList,
    compression: nameList,
    strictKex: z.boolean(),
    extInfo: z.boolean(),
    hostKeys: z.array(hostKey).max(16).optional(),
    knownHostKeys: z.array(hex).max(256).optional(),
    bannerLines: z.array(z.string().max(1024)).max(1024).optional(),
    guessKex: z.boolean().optional(),
    gex: z
      .object({ min: gexBits, n: gexBits, max: gexBits })
      .strict()
      .refine((g) => g.min <= g.n && g.n <= g.max, 'must have min ≤ n ≤ max')
      .optional(),
    maxPacketLength: z.number().int().positive().max(DEFAULT_MAX_PACKET, `must be at most ${DEFAULT_MAX_PACKET} bytes (OpenSSH's limit)`).optional(),
    services: z.array(z.string().max(64)).max(16).optional(),
    serverSigAlgs: nameList.optional(),
  })
  .strict();

const request = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('service'), name: z.string().max(64) }).strict(),
  z.object({ kind: z.literal('rekey') }).strict(),
  z.object({ kind: z.literal('disconnect'), reason: z.number().int().nonnegative(), description: z.string().max(4096) }).strict(),
  z.object({ kind: z.literal('ignore'), data: hex }).strict(),
  z.object({ kind: z.literal('debug'), message: z.string().max(4096), alwaysDisplay: z.boolean().optional() }).strict(),
  z.object({ kind: z.literal('payload'), payload: hex }).strict(),
]);

const t = z.number().nonnegative().finite();
const event = z.discriminatedUnion('type', [
  z.object({ t, type: z.literal('start') }).strict(),
  z.object({ t, type: z.literal('entropy'), purpose: z.string().max(64), bytes: hex }).strict(),
  z.object({ t, type: z.literal('bytesReceived'), bytes: hex }).strict(),
  z.object({ t, type: z.literal('request'), request }).strict(),
  z.object({ t, type: z.literal('close') }).strict(),
  z.object({ t, type: z.literal('signature'), algorithm: name, signature: hex }).strict(),
]);

/** Per event that sent bytes: how many and a digest, so replay can be checked against what really went out. */
const sentDigest = z
  .object({
    event: z.number().int().nonnegative().max(MAX_EVENTS),
    length: z.number().int().nonnegative(),
    sha256: z.string().regex(/^[0-9a-f]{32}$/, 'must be 32 lower-case hex digits (the first 16 bytes of SHA-256)'),
  })
  .strict();

const endpoint = z.object({ config, events: z.array(event).max(MAX_EVENTS), sent: z.array(sentDigest).max(MAX_EVENTS).optional() }).strict();

const address = z.object({ host: z.string().max(255), port: z.number().int().min(0).max(65535) }).strict();

export const recordingSchema = z
  .object({
    format: z.literal(RECORDING_FORMAT),
    version: z.literal(RECORDING_VERSION),
    meta: z
      .object({
        title: z.string().max(200),
        description: z.string().max(4000),
        created: z.string().max(40),
        tool: z.string().max(100),
        source: z.enum(['simulated', 'recorded-client', 'recorded-server', 'imported-capture']),
        seed: z.union([z.string().max(200), z.number()]).optional(),
        local: address.optional(),
        peer: address.optional(),
        outcome: z.string().max(4000).optional(),
        /** Both endpoints run: true if a scripted man in the middle sat between them, false if wired directly. */
        attacker: z.boolean().optional(),
      })
      .strict(),
    client: endpoint.optional(),
    server: endpoint.optional(),
    /** Bytes from a peer we did not run, per direction, in arrival order. */
    peerBytes: z.array(z.object({ t, direction: z.enum(['c2s', 's2c']), bytes: hex }).strict()).max(MAX_EVENTS).optional(),
    /**
     * Ephemeral secrets of this one connection in Wireshark's key log terms (lib/session/keylog.ts),
     * kept so an observer's recording can be decrypted; never a host or user key.
     */
    keylog: z
      .array(
        z
          .object({
            cookie: z.string().regex(/^[0-9a-f]{32}$/, 'must be 32 lower-case hex digits (a KEXINIT cookie)'),
            kind: z.enum(['PRIVATE_KEY', 'SHARED_SECRET']),
            secret: hex.max(16384).refine((h) => h.length > 0, 'must not be empty'),
          })
          .strict(),
      )
      .max(MAX_KEYLOG_LINES)
      .optional(),
  })
  .strict()
  .refine((r) => r.client || r.server || r.peerBytes, { message: 'a recording needs a client, a server or peer bytes' });

export type RecordingJson = z.infer<typeof recordingSchema>;
export type RecordingMeta = RecordingJson['meta'];

/** For one event that produced `send` effects: their total length and the first 16 bytes of SHA-256 (hex). */
export interface SentDigest {
  event: number;
  length: number;
  sha256: string;
}

export interface RecordedEndpoint {
  /** Host keys here are public halves only. */
  config: EndpointConfig;
  /**
   * Old files only: the host private keys they carried, kept apart from the config so that the
   * engine never holds them; replay signs with them where the file has no signature events.
   */
  legacyHostKeys?: HostKeyPair[];
  events: LoggedEvent[];
  /** What each event sent, as the live run saw it (optional: older files lack it). */
  sent?: SentDigest[];
}

export interface Recording {
  meta: RecordingMeta;
  client?: RecordedEndpoint;
  server?: RecordedEndpoint;
  peerBytes?: { t: number; direction: 'c2s' | 's2c'; bytes: Uint8Array }[];
  /** Ephemeral secrets (Wireshark key log entries) that let an observer decrypt this connection. */
  keylog?: KeylogEntry[];
  /** Said to whoever opens the file (e.g. it holds a host private key); never written back. */
  warnings?: string[];
}

export const PRIVATE_KEY_WARNING =
  'This recording was made by an older sshscope and contains the server\'s host private key. Do not share it: whoever has the file can impersonate that server. Re-record the session to get a file without it.';

/** A recording that cannot be opened: each issue names the JSON path and the problem. */
export class RecordingError extends Error {
  readonly issues: { path: string; problem: string }[];
  constructor(issues: { path: string; problem: string }[], message?: string) {
    super(message ?? issues.map((i) => `${i.path}: ${i.problem}`).join('; '));
    this.name = 'RecordingError';
    this.issues = issues;
  }
}

/** Replaying the recording does not reproduce what it says went over the wire. */
export class RecordingInconsistentError extends RecordingError {
  readonly endpoint: 'client' | 'server';
  readonly event: number;
  constructor(endpoint: 'client' | 'server', event: number, what: string) {
    const path = `$.${endpoint}.events[${event}]`;
    super([{ path, problem: what }], `recording is inconsistent at event ${event} (${endpoint}, ${path}): ${what}`);
    this.name = 'RecordingInconsistentError';
    this.endpoint = endpoint;
    this.event = event;
  }
}

/** Index of the character where nesting first exceeds `max` levels, or -1; strings are skipped. */
function tooDeepAt(text: string, max: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return -1;
}

function jsonPath(path: PropertyKey[]): string {
  return '$' + path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
}

/** Larger texts are refused before parsing: a bundled handshake is tens of KB, a long session a few MB. */
export const MAX_RECORDING_CHARS = 128 * 1024 * 1024;
/** The format nests five levels deep; anything far deeper is hostile. */
export const MAX_JSON_DEPTH = 32;

/** Parses and validates a recording's JSON text (or an already-parsed value). Throws RecordingError. */
export function parseRecording(input: string | unknown): Recording {
  let value: unknown = input;
  if (typeof input === 'string') {
    if (input.length > MAX_RECORDING_CHARS) {
      throw new RecordingError([{ path: '$', problem: `the text is ${input.length} characters long, more than the ${MAX_RECORDING_CHARS} a recording may have` }]);
    }
    const deep = tooDeepAt(input, MAX_JSON_DEPTH);
    if (deep >= 0) throw new RecordingError([{ path: '$', problem: `nested more than ${MAX_JSON_DEPTH} levels deep at character ${deep}` }]);
    try {
      value = JSON.parse(input);
    } catch (e) {
      throw new RecordingError([{ path: '$', problem: `not valid JSON (${(e as Error).message}; the text is ${input.length} characters long)` }]);
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new RecordingError([{ path: '$', problem: `must be a JSON object, not ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}` }]);
  }
  const top = value as { format?: unknown; version?: unknown };
  if (Object.prototype.hasOwnProperty.call(top, 'format') && top.format !== RECORDING_FORMAT) {
    throw new RecordingError([{ path: '$.format', problem: `must be "${RECORDING_FORMAT}": this is not an sshscope recording` }]);
  }
  const v = top.version;
  if (typeof v === 'number' && v !== RECORDING_VERSION) {
    const problem = v > RECORDING_VERSION
      ? `version ${v} is newer than this sshscope understands (${RECORDING_VERSION})`
      : `version ${v} is not a recording version (${RECORDING_VERSION} is)`;
    throw new RecordingError([{ path: '$.version', problem }]);
  }
  let r: ReturnType<typeof recordingSchema.safeParse>;
  try {
    r = recordingSchema.safeParse(value);
  } catch (e) {
    // Only a value built in code (a getter that throws, a proxy) can get here, never parsed JSON.
    throw new RecordingError([{ path: '$', problem: `could not be read (${(e as Error).message})` }]);
  }
  if (!r.success) {
    throw new RecordingError(r.error.issues.slice(0, 10).map((i) => ({ path: jsonPath(i.path), problem: i.message })));
  }
  const j = r.data;
  // One arena per recording: its chunks live exactly as long as the recording's bytes do.
  const arena = new HexArena();
  const fromHex = (h: string) => arena.decode(h);
  const client = j.client && endpointFromJson(j.client, fromHex);
  const server = j.server && endpointFromJson(j.server, fromHex);
  const leaks = Boolean(client?.legacyHostKeys || server?.legacyHostKeys);
  return {
    meta: j.meta,
    client,
    server,
    peerBytes: j.peerBytes?.map((p) => ({ t: p.t, direction: p.direction, bytes: fromHex(p.bytes) })),
    ...(j.keylog ? { keylog: j.keylog.map((k) => ({ cookie: ownHex(k.cookie), kind: k.kind, secret: ownHex(k.secret) })) } : {}),
    ...(leaks ? { warnings: [PRIVATE_KEY_WARNING] } : {}),
  };
}

type HexDecode = (hex: string) => Uint8Array;

function endpointFromJson(e: z.infer<typeof endpoint>, fromHex: HexDecode): RecordedEndpoint {
  const c = e.config;
  const cfg: EndpointConfig = {
    ...c,
    // Keys get buffers of their own (few, and handed to the algorithms): the arena is for events.
    hostKeys: c.hostKeys?.map((k) => ({ keyType: k.keyType, publicBlob: ownHex(k.publicBlob) })),
    knownHostKeys: c.knownHostKeys?.map(ownHex),
  };
  if (!cfg.hostKeys) delete cfg.hostKeys;
  if (!cfg.knownHostKeys) delete cfg.knownHostKeys;
  const legacy = (c.hostKeys ?? []).flatMap((k) => (k.privateBlob === undefined ? [] : [{ keyType: k.keyType, publicBlob: ownHex(k.publicBlob), privateBlob: ownHex(k.privateBlob) }]));
  return {
    config: cfg,
    events: e.events.map((x) => eventFromJson(x, fromHex)),
    ...(e.sent ? { sent: e.sent } : {}),
    ...(legacy.length ? { legacyHostKeys: legacy } : {}),
  };
}

function eventFromJson(e: z.infer<typeof event>, fromHex: HexDecode): LoggedEvent {
  switch (e.type) {
    case 'start':
    case 'close':
      return { t: e.t, event: { type: e.type } };
    case 'entropy':
      return { t: e.t, event: { type: 'entropy', purpose: e.purpose, bytes: fromHex(e.bytes) } };
    case 'bytesReceived':
      return { t: e.t, event: { type: 'bytesReceived', bytes: fromHex(e.bytes) } };
    case 'signature':
      return { t: e.t, event: { type: 'signature', algorithm: e.algorithm, signature: fromHex(e.signature) } };
    case 'request': {
      const q = e.request;
      const request: Request =
        q.kind === 'ignore' ? { kind: 'ignore', data: fromHex(q.data) } : q.kind === 'payload' ? { kind: 'payload', payload: fromHex(q.payload) } : q;
      return { t: e.t, event: { type: 'request', request } };
    }
  }
}

function eventToJson({ t, event: e }: LoggedEvent): z.infer<typeof event> {
  switch (e.type) {
    case 'start':
    case 'close':
      return { t, type: e.type };
    case 'entropy':
      return { t, type: 'entropy', purpose: e.purpose, bytes: toHex(e.bytes) };
    case 'bytesReceived':
      return { t, type: 'bytesReceived', bytes: toHex(e.bytes) };
    case 'signature':
      return { t, type: 'signature', algorithm: e.algorithm, signature: toHex(e.signature) };
    case 'request': {
      const q = e.request;
      const request =
        q.kind === 'ignore' ? { kind: 'ignore' as const, data: toHex(q.data) } : q.kind === 'payload' ? { kind: 'payload' as const, payload: toHex(q.payload) } : q;
      return { t, type: 'request', request };
    }
  }
}

function endpointToJson(e: RecordedEndpoint): z.infer<typeof endpoint> {
  const { hostKeys, knownHostKeys, ...rest } = e.config;
  return {
    config: {
      ...rest,
      // The public half only, whatever the in-memory object carries. The one exception is an old
      // file's own key written back (legacyHostKeys): dropping it would leave a file that no longer replays.
      ...(hostKeys
        ? {
            hostKeys: hostKeys.map((k) => {
              const legacy = e.legacyHostKeys?.find((l) => toHex(l.publicBlob) === toHex(k.publicBlob));
              return { keyType: k.keyType, publicBlob: toHex(k.publicBlob), ...(legacy ? { privateBlob: toHex(legacy.privateBlob) } : {}) };
            }),
          }
        : {}),
      ...(knownHostKeys ? { knownHostKeys: knownHostKeys.map(toHex) } : {}),
    },
    events: e.events.map(eventToJson),
    ...(e.sent ? { sent: e.sent.map((d) => ({ event: d.event, length: d.length, sha256: d.sha256 })) } : {}),
  };
}

export function recordingToJson(r: Recording): RecordingJson {
  return {
    format: RECORDING_FORMAT,
    version: RECORDING_VERSION,
    meta: r.meta,
    ...(r.client ? { client: endpointToJson(r.client) } : {}),
    ...(r.server ? { server: endpointToJson(r.server) } : {}),
    ...(r.peerBytes ? { peerBytes: r.peerBytes.map((p) => ({ t: p.t, direction: p.direction, bytes: toHex(p.bytes) })) } : {}),
    ...(r.keylog ? { keylog: r.keylog.map((k) => ({ cookie: toHex(k.cookie), kind: k.kind, secret: toHex(k.secret) })) } : {}),
  };
}

/** Stable text: one event per line keeps diffs of bundled recordings readable. */
export function stringifyRecording(r: Recording): string {
  const j = recordingToJson(r);
  return JSON.stringify(j, null, 1) + '\n';
}

export type { EngineEvent };
