// The worker's capture job without the Worker: a pcapng built from a simulated session's bytes
// (test/capture's layouts, not lib/capture's reader), through runCapture and the page's tracker.

import { describe, expect, it } from 'vitest';
import { connectionsPcapng, type ConnectionBytes } from '../../test/capture/session';
import { demoHostKeys } from '../session/demoKeys';
import { formatKeylog } from '../session/keylog';
import { observerRecording } from '../session/observer/fromEndpoints';
import { parseRecording, type Recording } from '../session/recording';
import type { Session } from '../session/session';
import { simulate } from '../session/simulate';
import { defaultConfig } from '../ssh/transport/config';
import { runCapture } from './captureJob';
import { describeError } from './errors';
import type { CaptureJob, FromWorker } from './openProtocol';
import { OpenTracker } from './openTracker';

const yieldTo = () => new Promise<void>((resolve) => setImmediate(resolve));

function simulated(seed: string): Recording {
  const r = simulate({ client: defaultConfig('client'), server: defaultConfig('server', { hostKeys: demoHostKeys() }), seed });
  return { meta: { title: seed, description: '', created: new Date(0).toISOString(), tool: 'test', source: 'simulated', seed }, client: { config: r.client.config, events: r.client.events }, server: { config: r.server.config, events: r.server.events } };
}

function connection(seed: string, clientPort: number): { conn: ConnectionBytes; keylog: string } {
  const observed = observerRecording(simulated(seed), 'client-private');
  return {
    conn: { client: { ip: [192, 0, 2, 1], port: clientPort }, server: { ip: [192, 0, 2, 2], port: 22 }, chunks: observed.peerBytes! },
    keylog: formatKeylog(observed.keylog!),
  };
}

async function run(job: CaptureJob): Promise<{ messages: FromWorker[]; tracker: OpenTracker; session: Session | null; error?: unknown }> {
  const messages: FromWorker[] = [];
  await runCapture(job, (m, transfer) => messages.push(structuredClone(m, { transfer: transfer ?? [] })), { now: () => performance.now(), yieldTo, signal: new AbortController().signal });
  const tracker = new OpenTracker();
  let session: Session | null = null;
  try {
    for (const m of messages) session = tracker.handle(m, 0) ?? session;
  } catch (error) {
    return { messages, tracker, session, error };
  }
  return { messages, tracker, session };
}

const buffer = (b: Uint8Array) => b.slice().buffer;

describe('runCapture', () => {
  it('one connection with its key log: imported, decrypted, and the recording text handed over', async () => {
    const { conn, keylog } = connection('capture job one', 40001);
    const r = await run({ bytes: buffer(connectionsPcapng([conn])), keylog });
    expect(r.error).toBeUndefined();
    expect(r.tracker.imported).toMatchObject({ stream: 1, streams: 1 });
    // The handed-over text is a recording that holds the capture's bytes and the key log.
    const rec = parseRecording(r.tracker.imported!.text);
    expect(rec.peerBytes?.map((p) => p.bytes.length).reduce((a, x) => a + x, 0)).toBe(conn.chunks.reduce((a, c) => a + c.bytes.length, 0));
    expect(rec.keylog?.length).toBeGreaterThan(0);
    expect(r.session?.summary.outcome).toContain("observer's view, decrypted with the key log");
    expect(r.session?.steps.some((s) => s.kind === 'message' && s.title === 'SSH_MSG_SERVICE_REQUEST')).toBe(true);
    expect(r.session?.warnings).toBeUndefined();
  });

  it("a connection's warnings (here: no SYN, so the client is told by its port) come with the session", async () => {
    const { conn } = connection('capture job late', 40006);
    const r = await run({ bytes: buffer(connectionsPcapng([{ ...conn, omitHandshake: true }])) });
    expect(r.session?.warnings).toEqual(['No SYN or SYN-ACK in the capture: the side on the higher port (40006) is taken to be the client.']);
  });

  it('two connections and none picked: the list, without key log secrets; picking the second imports it', async () => {
    const a = connection('capture job a', 40002);
    const b = connection('capture job b', 40003);
    const bytes = connectionsPcapng([a.conn, b.conn]);
    const listed = await run({ bytes: buffer(bytes) });
    expect(listed.session).toBeNull();
    expect(listed.tracker.choice?.streams.map((s) => [s.number, s.client.port, s.server.port])).toEqual([
      [1, 40002, 22],
      [2, 40003, 22],
    ]);
    expect(listed.tracker.choice).not.toHaveProperty('keylog');
    expect(listed.messages.at(-1)?.type).toBe('streams');
    const picked = await run({ bytes: buffer(bytes), stream: 2, keylog: b.keylog });
    expect(picked.tracker.imported).toMatchObject({ stream: 2, streams: 2 });
    expect(parseRecording(picked.tracker.imported!.text).meta.local).toEqual({ host: '192.0.2.1', port: 40003 });
    expect(picked.session?.summary.outcome).toContain('decrypted with the key log');
  });

  it('a truncated capture: a CaptureError whose issue names the file byte', async () => {
    const { conn } = connection('capture job cut', 40004);
    const whole = connectionsPcapng([conn]);
    const r = await run({ bytes: buffer(whole.subarray(0, whole.length - 10)) });
    expect((r.error as Error).name).toBe('CaptureError');
    const [p] = describeError(r.error);
    expect(p!.where).toMatch(/^file byte \d+/);
    expect(p!.problem).toMatch(/^The capture is cut short: expected /);
  });

  it('garbage: not a capture, at byte 0', async () => {
    const r = await run({ bytes: buffer(Uint8Array.from('this is not a capture', (c) => c.charCodeAt(0))) });
    expect(describeError(r.error)).toEqual([
      { where: 'file byte 0', problem: expect.stringMatching(/^This is not a pcap or pcapng capture: expected a pcap magic number .*, found 74686973\.$/) },
    ]);
  });

  it('a bad key log: a KeylogError naming its line, before the capture is read', async () => {
    const { conn, keylog } = connection('capture job keylog', 40005);
    const r = await run({ bytes: buffer(connectionsPcapng([conn])), keylog: `# mine\n${keylog}zz PRIVATE_KEY 00\n` });
    expect((r.error as Error).name).toBe('KeylogError');
    expect(describeError(r.error)).toEqual([{ where: 'key log line 3', problem: 'the cookie must be 32 hex digits (16 bytes).' }]);
    expect(r.messages.some((m) => m.type === 'progress' && m.progress.stage === 'reading-capture')).toBe(false);
  });
});
