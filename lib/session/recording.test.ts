// Malformed and hostile recordings are refused with the JSON path and the problem; a replay that
// does not reproduce the recorded bytes is refused as "recording is inconsistent at event N".

import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demoHostKeys } from './demoKeys';
import { withSentDigests } from './digest';
import { openRecording } from './open';
import { MAX_RECORDING_CHARS, parseRecording, RecordingError, RecordingInconsistentError, recordingToJson, stringifyRecording, type Recording } from './recording';
import { simulate } from './simulate';
import { traceOf } from './trace';
import { defaultConfig } from '../ssh/transport/config';

const realText = readFileSync('public/recordings/real/openssh-curve25519-ed25519-chacha20.json', 'utf8');
const real = () => JSON.parse(realText);

/** Expects openRecording to refuse with exactly this path and a problem matching `problem`. */
function rejects(input: unknown, path: string, problem: RegExp): RecordingError {
  let err: unknown;
  try {
    openRecording(input);
  } catch (e) {
    err = e;
  }
  expect(err, 'should have been refused').toBeInstanceOf(RecordingError);
  const e = err as RecordingError;
  expect(e.issues[0].path).toBe(path);
  expect(e.issues[0].problem).toMatch(problem);
  expect(e.message).toContain(path);
  return e;
}

describe('recording format: refusals name the JSON path and the problem', () => {
  it('truncated JSON', () => rejects(realText.slice(0, 4000), '$', /not valid JSON.*4000 characters/));
  it('empty text', () => rejects('', '$', /not valid JSON/));
  it('not an object', () => {
    rejects('42', '$', /must be a JSON object, not number/);
    rejects('null', '$', /not null/);
    rejects('[]', '$', /not an array/);
  });
  it('wrong format', () => rejects({ ...real(), format: 'pcap' }, '$.format', /not an sshscope recording/));
  it('missing format', () => {
    const r = real();
    delete r.format;
    rejects(r, '$.format', /expected "sshscope-recording"/);
  });
  it('version 2 (from the future)', () => rejects({ ...real(), version: 2 }, '$.version', /version 2 is newer than this sshscope understands \(1\)/));
  it('version 0 and version "1"', () => {
    rejects({ ...real(), version: 0 }, '$.version', /not a recording version/);
    rejects({ ...real(), version: '1' }, '$.version', /expected 1/);
  });
  it('missing meta', () => {
    const r = real();
    delete r.meta;
    rejects(r, '$.meta', /expected object, received undefined/);
  });
  it('bad hex', () => {
    const r = real();
    r.client.events[1].bytes = 'zz' + r.client.events[1].bytes.slice(2);
    rejects(r, '$.client.events[1].bytes', /lower-case hex/);
  });
  it('odd number of hex digits', () => {
    const r = real();
    r.client.events[1].bytes += 'a';
    rejects(r, '$.client.events[1].bytes', /even number of digits/);
  });
  it('upper-case hex', () => {
    const r = real();
    r.client.events[1].bytes = r.client.events[1].bytes.toUpperCase();
    rejects(r, '$.client.events[1].bytes', /lower-case hex/);
  });
  it('wrong types', () => {
    const r = real();
    r.client.events[0].t = '0';
    rejects(r, '$.client.events[0].t', /expected number, received string/);
    const s = real();
    s.client.config.strictKex = 'yes';
    rejects(s, '$.client.config.strictKex', /expected boolean/);
  });
  it('negative and infinite time', () => {
    const r = real();
    r.client.events[2].t = -1;
    rejects(r, '$.client.events[2].t', />=0|greater than or equal to 0|too small/i);
    rejects(realText.replace(/"t": \d+/, '"t": 1e400'), '$.client.events[0].t', /Infinity/);
  });
  it('huge arrays', () => {
    const r = real();
    r.client.config.kex = Array.from({ length: 100_000 }, (_, i) => `kex-${i}`);
    rejects(r, '$.client.config.kex', /too big|<=64/i);
    const s = real();
    s.client.config.knownHostKeys = Array.from({ length: 1000 }, () => '00');
    rejects(s, '$.client.config.knownHostKeys', /too big|<=256/i);
  });
  it('unknown keys', () => {
    const r = real();
    r.meta.author = 'mallory';
    rejects(r, '$.meta', /Unrecognized key: "author"/);
    const s = real();
    s.client.events[0].extra = true;
    rejects(s, '$.client.events[0]', /Unrecognized key: "extra"/);
  });
  it('__proto__ tricks neither pass nor pollute', () => {
    rejects(realText.replace('{\n "format"', '{"__proto__": {"client": null},\n "format"'), '$', /Unrecognized key: "__proto__"/);
    rejects(realText.replace('"config": {', '"config": {"__proto__": {"knownHostKeys": ["00"]},'), '$.client.config', /Unrecognized key: "__proto__"/);
    rejects(realText.replace('"meta": {', '"meta": {"constructor": {"prototype": {"x": 1}},'), '$.meta', /Unrecognized key: "constructor"/);
    expect(({} as Record<string, unknown>).knownHostKeys).toBeUndefined();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
  it('bad request kinds', () => {
    const r = real();
    r.client.events[0] = { t: 0, type: 'request', request: { kind: 'shell', command: 'id' } };
    rejects(r, '$.client.events[0].request.kind', /Invalid discriminator|expected/i);
    const s = real();
    s.client.events[0] = { t: 0, type: 'launch' };
    rejects(s, '$.client.events[0].type', /Invalid discriminator|expected/i);
  });
  it('deeply nested input does not crash', () => {
    rejects('['.repeat(1_000_000), '$', /nested more than 32 levels deep at character 32/);
    rejects('{"a":'.repeat(100_000), '$', /nested more than 32 levels/);
  });
  it('an endpoint in the wrong slot', () => {
    const r = real();
    r.server = r.client;
    delete r.client;
    rejects(r, '$.server.config.role', /must be "server" in the server slot, not "client"/);
  });
  it('no endpoint at all', () => {
    const r = real();
    delete r.client;
    rejects(r, '$', /needs a client, a server or peer bytes/);
  });
  it('peer bytes alone: an observer\'s recording, opened by the passive decoder (lib/session/observer)', () => {
    const r = real();
    delete r.client;
    const s = openRecording({ ...r, peerBytes: [{ t: 0, direction: 's2c', bytes: '00' }] });
    expect(s.observer).toEqual({ keylog: 'none', sealed: false });
    expect(s.summary.ok).toBe(false);
    expect(s.summary.outcome).toBe(
      "observer's view, no key log: failed: truncated: the stream ends inside the identification line (1 byte without a line feed). Decoding of the server → client direction stops here.",
    );
  });
  it('sent digests that point outside the log or go backwards', () => {
    const r = real();
    r.client.sent = [{ event: 9999, length: 1, sha256: '00'.repeat(16) }];
    rejects(r, '$.client.sent[0].event', /event 9999 does not exist/);
    const s = real();
    s.client.sent = [{ event: 3, length: 1, sha256: '00'.repeat(16) }, { event: 3, length: 1, sha256: '00'.repeat(16) }];
    rejects(s, '$.client.sent[1].event', /greater than the previous/);
    const t = real();
    t.client.sent = [{ event: 0, length: 1, sha256: 'ABC' }];
    rejects(t, '$.client.sent[0].sha256', /32 lower-case hex digits/);
  });
  it('a text longer than the limit is refused before parsing', () => {
    rejects('{' + ' '.repeat(MAX_RECORDING_CHARS), '$', /characters long, more than the/);
  });
});

describe('consistency: a replay that differs from the recorded bytes is refused', () => {
  const withDigests = (): Recording => withSentDigests(parseRecording(realText));

  it('the real recording with its digests opens', () => {
    const rec = withDigests();
    expect(rec.client!.sent!.length).toBeGreaterThan(3);
    expect(() => openRecording(stringifyRecording(rec))).not.toThrow();
  });

  it("a byte of the server's KEXINIT flipped → inconsistent at the event whose sends change", () => {
    const rec = withDigests();
    const trace = traceOf(rec.client!);
    // Independent of the checker: where the server's KEXINIT arrived, and where the client
    // answered the KEX_ECDH_REPLY (its signature check then fails, so it sends DISCONNECT instead).
    const kexinit = trace.messages.find((m) => m.flow === 's2c' && m.name === 'SSH_MSG_KEXINIT')!;
    const reply = trace.messages.find((m) => m.name === 'SSH_MSG_KEX_ECDH_REPLY')!;
    const json = recordingToJson(rec);
    flipStreamByte(json.client!.events, kexinit.streamOffset + 6 + 3); // a cookie byte
    let err: unknown;
    try {
      openRecording(json);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RecordingInconsistentError);
    expect((err as Error).message).toMatch(new RegExp(`^recording is inconsistent at event ${reply.eventIndex} \\(client, \\$\\.client\\.events\\[${reply.eventIndex}\\]\\): the replayed client sends \\d+ bytes`));
  });

  it('an entropy byte changed → inconsistent at the event that sent the first packet', () => {
    const rec = withDigests();
    const trace = traceOf(rec.client!);
    const first = trace.messages.find((m) => m.direction === 'sent' && m.kind === 'packet')!;
    const json = recordingToJson(rec);
    const e = json.client!.events.findIndex((x) => x.type === 'entropy');
    const ev = json.client!.events[e] as { bytes: string };
    ev.bytes = (ev.bytes[0] === '0' ? '1' : '0') + ev.bytes.slice(1);
    expect(() => openRecording(json)).toThrow(new RegExp(`^recording is inconsistent at event ${first.eventIndex} `));
  });

  it('two endpoints: received bytes nobody sent → inconsistent at that event', () => {
    const client = defaultConfig('client', {});
    const server = defaultConfig('server', { hostKeys: demoHostKeys() });
    const sim = simulate({ client, server, seed: 3 });
    const rec: Recording = {
      meta: { title: 't', description: '', created: '', tool: 'test', source: 'simulated', attacker: false },
      client: { config: client, events: sim.client.events },
      server: { config: server, events: [...sim.server.events] },
    };
    expect(() => openRecording(stringifyRecording(rec))).not.toThrow();
    // The server is closed by then, so its replay is unchanged: only the stream check can see it.
    const n = rec.server!.events.length;
    rec.server!.events.push({ t: 1e6, event: { type: 'bytesReceived', bytes: Uint8Array.of(0x41) } });
    expect(() => openRecording(stringifyRecording(rec))).toThrow(new RegExp(`^recording is inconsistent at event ${n} \\(server.*the server received byte \\d+ of the stream, but the client sent only`));
  });
});

describe('hostile edits never crash openRecording', () => {
  // With digests, so most edits are caught; without, so that replay itself meets the edited bytes.
  // Two endpoints as well: with attacker unknown (edits may look like a man in the middle) and
  // declared absent (edits must be inconsistencies).
  const client = defaultConfig('client', { cipher: ['aes128-ctr'], mac: ['hmac-sha2-256'] });
  const server = defaultConfig('server', { hostKeys: demoHostKeys() });
  const sim = simulate({ client, server, seed: 9 });
  const both = (attacker?: boolean): Recording => ({
    meta: { title: 't', description: '', created: '', tool: 'test', source: 'simulated', ...(attacker === undefined ? {} : { attacker }) },
    client: { config: client, events: sim.client.events },
    server: { config: server, events: sim.server.events },
  });
  const variants = [recordingToJson(withSentDigests(parseRecording(realText))), real(), recordingToJson(both()), recordingToJson(both(false))];
  const edit = fc.record({
    variant: fc.integer({ min: 0, max: 3 }),
    party: fc.constantFrom('client' as const, 'server' as const),
    kind: fc.constantFrom('flip', 'drop', 'duplicate', 'swap', 'time', 'truncate-hex', 'retype'),
    at: fc.nat(),
    digit: fc.nat(),
  });

  it('every edit opens or is refused with a RecordingError (path + problem)', () => {
    fc.assert(
      fc.property(edit, ({ variant, party, kind, at, digit }) => {
        const json = structuredClone(variants[variant]) as Record<'client' | 'server', { events: Record<string, unknown>[] } | undefined>;
        const events = (json[party] ?? json.client)!.events;
        const i = at % events.length;
        const ev = events[i];
        switch (kind) {
          case 'flip':
            if (typeof ev.bytes === 'string' && ev.bytes.length) {
              const b = ev.bytes as string;
              const k = digit % b.length;
              ev.bytes = b.slice(0, k) + ((parseInt(b[k], 16) + 1) % 16).toString(16) + b.slice(k + 1);
            }
            break;
          case 'drop':
            events.splice(i, 1);
            break;
          case 'duplicate':
            events.splice(i, 0, structuredClone(ev));
            break;
          case 'swap':
            events[i] = events[(i + 1) % events.length];
            events[(i + 1) % events.length] = ev;
            break;
          case 'time':
            ev.t = digit % 2 ? 0 : 1e12;
            break;
          case 'truncate-hex':
            if (typeof ev.bytes === 'string') ev.bytes = (ev.bytes as string).slice(0, 2 * (digit % ((ev.bytes as string).length / 2 + 1)));
            break;
          case 'retype':
            events[i] = { t: ev.t, type: ['start', 'close'][digit % 2] };
            break;
        }
        try {
          const s = openRecording(json);
          // Whatever opened is whole: every step has what the viewer reads, and states are reachable.
          expect(s.steps.every((x, k) => x.index === k && typeof x.title === 'string')).toBe(true);
          s.stateAt(s.steps.length - 1);
          // Declared without a man in the middle, nothing may be shown as tampered.
          if (variant === 3) expect(s.attacker).toBe(false);
        } catch (e) {
          if (!(e instanceof RecordingError)) throw e;
          expect(e.issues[0].path).toMatch(/^\$/);
          expect(e.issues[0].problem.length).toBeGreaterThan(5);
        }
      }),
      { numRuns: 300 },
    );
  });
});

/** Flips the lowest bit of the byte at this offset of the bytesReceived stream. */
function flipStreamByte(events: { type: string; bytes?: string }[], offset: number): void {
  let start = 0;
  for (const e of events) {
    if (e.type !== 'bytesReceived') continue;
    const n = e.bytes!.length / 2;
    if (offset < start + n) {
      const at = (offset - start) * 2 + 1;
      const digit = parseInt(e.bytes![at], 16) ^ 1;
      e.bytes = e.bytes!.slice(0, at) + digit.toString(16) + e.bytes!.slice(at + 1);
      return;
    }
    start += n;
  }
  throw new Error(`offset ${offset} is beyond the stream`);
}

describe('recording format: configuration sizes are clamped to what the engine accepts', () => {
  it('maxPacketLength above 256 KiB (OpenSSH\'s limit) is refused; 256 KiB opens', () => {
    const r = real();
    r.client.config.maxPacketLength = 256 * 1024 + 1;
    rejects(r, '$.client.config.maxPacketLength', /^must be at most 262144 bytes \(OpenSSH's limit\)$/);
    const s = real();
    s.client.config.maxPacketLength = 16 * 1024 * 1024;
    rejects(s, '$.client.config.maxPacketLength', /at most 262144 bytes/);
    const ok = real();
    ok.client.config.maxPacketLength = 256 * 1024;
    expect(openRecording(ok).steps.length).toBeGreaterThan(0);
  });

  it('gex sizes outside 1024–8192 bits, or out of order, are refused with their path', () => {
    const gex = (g: unknown) => {
      const r = real();
      r.client.config.gex = g;
      return r;
    };
    rejects(gex({ min: 2048, n: 3072, max: 0xffffffff }), '$.client.config.gex.max', /^must be at most 8192 bits$/);
    rejects(gex({ min: 512, n: 3072, max: 8192 }), '$.client.config.gex.min', /^must be at least 1024 bits$/);
    rejects(gex({ min: 2048, n: 9000, max: 8192 }), '$.client.config.gex.n', /^must be at most 8192 bits$/);
    rejects(gex({ min: 4096, n: 2048, max: 8192 }), '$.client.config.gex', /^must have min ≤ n ≤ max$/);
    expect(openRecording(gex({ min: 1024, n: 3072, max: 8192 })).steps.length).toBeGreaterThan(0);
  });
});
