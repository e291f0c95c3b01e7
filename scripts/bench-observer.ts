// Decryption throughput of the passive observer with a key log: a long simulated session (many
// 16 KiB data packets from the client) seen as a capture, decoded by decodeObserved (framing,
// decryption and MAC/tag checks, both directions), and then opened whole by openRecording.

import { demoHostKeys } from '../lib/session/demoKeys';
import { observerRecording } from '../lib/session/observer/fromEndpoints';
import { decodeObserved } from '../lib/session/observer/decode';
import { openParsedRecording } from '../lib/session/open';
import type { Recording } from '../lib/session/recording';
import { simulate } from '../lib/session/simulate';
import { defaultConfig, type EndpointConfig } from '../lib/ssh/transport/config';
import type { EngineEvent } from '../lib/ssh/transport/events';

const CASES: [string, Partial<EndpointConfig>][] = [
  ['chacha20-poly1305@openssh.com', { cipher: ['chacha20-poly1305@openssh.com'] }],
  ['aes128-gcm@openssh.com', { cipher: ['aes128-gcm@openssh.com'] }],
  ['aes128-ctr + hmac-sha2-256-etm', { cipher: ['aes128-ctr'], mac: ['hmac-sha2-256-etm@openssh.com'] }],
  ['aes256-ctr + hmac-sha2-512 (E&M)', { cipher: ['aes256-ctr'], mac: ['hmac-sha2-512'] }],
];

function longObserved(cfg: Partial<EndpointConfig>, packets: number, size: number): Recording {
  const c = { kex: ['curve25519-sha256'], hostKey: ['ssh-ed25519'], ...cfg };
  // SSH_MSG_CHANNEL_DATA (RFC 4254 §5.2): byte 94, uint32 recipient channel, string data. It must
  // decode: the engine decodes every payload it sends, and the viewer every one it shows.
  const payload = new Uint8Array(size).map((_, i) => (i * 7) & 0xff);
  payload[0] = 94;
  new DataView(payload.buffer).setUint32(1, 0);
  new DataView(payload.buffer).setUint32(5, size - 9);
  const afterService: EngineEvent[] = Array.from({ length: packets }, () => ({ type: 'request', request: { kind: 'payload', payload } }));
  const sim = simulate({ client: defaultConfig('client', c), server: defaultConfig('server', { hostKeys: demoHostKeys(), ...c }), seed: 1, afterService, maxEvents: 4 * packets + 10_000 });
  return observerRecording(
    {
      meta: { title: 'long observed session', description: '', created: '', tool: 'bench', source: 'simulated', attacker: false },
      client: { config: sim.client.config, events: sim.client.events },
      server: { config: sim.server.config, events: sim.server.events },
    },
    'client-private',
  );
}

export function benchObserver(packets = Number(process.env.SSHSCOPE_BENCH_OBSERVER_PACKETS ?? 1024), size = 16 * 1024): string[] {
  const out = [`Observer decryption with a key log: ${packets} packets of ${size / 1024} KiB from the client, both directions decoded (best of 3):`];
  for (const [label, cfg] of CASES) {
    const rec = longObserved(cfg, packets, size);
    const bytes = rec.peerBytes!.reduce((n, c) => n + c.bytes.length, 0);
    let best = Infinity;
    let steps = 0;
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      const d = decodeObserved(rec.peerBytes!, rec.keylog);
      best = Math.min(best, performance.now() - t);
      steps = d.anchors.length;
      if (d.failure || d.keylog !== 'used') throw new Error(`${label}: ${d.failure ?? 'the key log was not used'}`);
    }
    const t = performance.now();
    const s = openParsedRecording(rec);
    const open = performance.now() - t;
    if (!s.summary.ok) throw new Error(`${label}: ${s.summary.outcome}`);
    out.push(`  ${label.padEnd(36)} ${((bytes / 1e6) / (best / 1000)).toFixed(1).padStart(7)} MB/s   (${(bytes / 1e6).toFixed(1)} MB, ${steps} steps, decode ${best.toFixed(0)} ms, openRecording ${open.toFixed(0)} ms)`);
  }
  return out;
}
