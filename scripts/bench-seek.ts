// Seek time on a long session: a simulated handshake followed by IGNORE packets until the session
// has ~100,000 steps; then how long openRecording takes on its JSON text, the memory the opened
// session keeps (after a full GC, the JSON text itself not counted), and how long stateAt(i)
// takes for random i (median and p99), with the default snapshot intervals.

import v8 from 'node:v8';
import vm from 'node:vm';
import { demoHostKeys } from '../lib/session/demoKeys';
import { SentDigestRecorder } from '../lib/session/digest';
import { openRecording } from '../lib/session/open';
import { stringifyRecording } from '../lib/session/recording';
import { SeededRandom } from '../lib/session/rng';
import { simulate } from '../lib/session/simulate';
import { defaultConfig } from '../lib/ssh/transport/config';
import type { EngineEvent } from '../lib/ssh/transport/events';

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

export function longSessionText(ignores: number): string {
  const client = defaultConfig('client', { kex: ['curve25519-sha256'], hostKey: ['ssh-ed25519'], cipher: ['aes128-ctr'], mac: ['hmac-sha2-256-etm@openssh.com'] });
  const server = defaultConfig('server', { hostKeys: demoHostKeys() });
  const data = new Uint8Array(8);
  const afterService: EngineEvent[] = Array.from({ length: ignores }, () => ({ type: 'request', request: { kind: 'ignore', data } }));
  const sim = simulate({ client, server, seed: 1, afterService, maxEvents: 4 * ignores + 10_000 });
  const sent = { client: new SentDigestRecorder(), server: new SentDigestRecorder() };
  for (const e of sim.effects) sent[e.endpoint].add(e.eventIndex, e.effect);
  return stringifyRecording({
    meta: { title: 'long session', description: `${ignores} IGNORE packets after the handshake`, created: '', tool: 'bench', source: 'simulated', attacker: false },
    client: { config: sim.client.config, events: sim.client.events, sent: sent.client.digests() },
    server: { config: sim.server.config, events: sim.server.events, sent: sent.server.digests() },
  });
}

/** Live bytes after a full collection: the JS heap, and array buffers' memory outside it. */
function retainedBytes(): { heap: number; buffers: number } {
  // The bench runs without --expose-gc; turning the flag on now makes gc() available to a new context.
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  gc();
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, buffers: m.arrayBuffers };
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(0);

export function benchSeek(ignores = 100_000, seeks = 2_000): string[] {
  const t0 = performance.now();
  const text = longSessionText(ignores);
  const built = performance.now() - t0;

  // One open: a long session takes seconds to replay, and the machine's noise is in it anyway.
  const before = retainedBytes();
  const t1 = performance.now();
  const session = openRecording(text);
  const opened = performance.now() - t1;
  const after = retainedBytes();

  const rng = new SeededRandom(7, 'seek');
  const n = session.steps.length;
  const times: number[] = [];
  for (let k = 0; k < seeks; k++) {
    const r = rng.bytes(4);
    const i = ((r[0] << 24) | (r[1] << 16) | (r[2] << 8) | r[3]) >>> 0;
    const t = performance.now();
    session.stateAt(i % n);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  // Stepping forward one at a time, as the player does.
  const steps: number[] = [];
  for (let i = Math.floor(n / 2); i < Math.floor(n / 2) + 1000; i++) {
    const t = performance.now();
    session.stateAt(i);
    steps.push(performance.now() - t);
  }
  steps.sort((a, b) => a - b);
  return [
    `Seek on a long session (${n.toLocaleString('en')} steps, ${(text.length / 1e6).toFixed(1)} MB of JSON, built in ${(built / 1000).toFixed(1)} s):`,
    `  openRecording (parse, replay both endpoints, check digests and streams, build steps): ${(opened / 1000).toFixed(1)} s`,
    `  retained by the opened session: ${mb(after.heap + after.buffers - before.heap - before.buffers)} MB (JS heap ${mb(after.heap - before.heap)} MB, array buffers ${mb(after.buffers - before.buffers)} MB)`,
    `  stateAt(random i), ${seeks} seeks                median ${quantile(times, 0.5).toFixed(3)} ms   p99 ${quantile(times, 0.99).toFixed(3)} ms   max ${times[times.length - 1].toFixed(3)} ms`,
    `  stateAt(i + 1), 1000 steps forward           median ${quantile(steps, 0.5).toFixed(3)} ms   p99 ${quantile(steps, 0.99).toFixed(3)} ms`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of benchSeek(Number(process.argv[2] ?? 100_000))) console.log(line);
}
