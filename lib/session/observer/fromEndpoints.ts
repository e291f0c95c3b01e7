// An observer's recording made from a recording of ours: what a capture of that connection would
// hold (both directions' bytes in arrival order) plus, on request, the key log its endpoints could
// have written (their ephemeral private keys or K, keyed by their KEXINIT cookies). Used by the
// tests (the observer's decode must equal the replay), the bench and anyone wanting an example.

import type { Computation, Effect } from '../../ssh/transport/events';
import { replayEndpoint } from '../endpointReplay';
import type { KeylogEntry } from '../keylog';
import type { Recording, RecordedEndpoint } from '../recording';
import type { Party } from '../session';
import type { PeerChunk } from './decode';

export type KeylogChoice = 'none' | 'client-private' | 'server-private' | 'client-shared' | 'server-shared';

/** What one endpoint knew per key exchange, by its own KEXINIT cookie (hex). */
function secretsOf(effects: Effect[][]): Map<string, { cookie: Uint8Array; privateKey?: Uint8Array; K?: Uint8Array }> {
  const out = new Map<string, { cookie: Uint8Array; privateKey?: Uint8Array; K?: Uint8Array }>();
  let current: { cookie: Uint8Array; privateKey?: Uint8Array; K?: Uint8Array } | undefined;
  for (const e of effects.flat()) {
    if (e.type === 'message' && e.entry.direction === 'sent' && e.entry.number === 20 && e.entry.packet) {
      const cookie = e.entry.packet.slice(6, 22);
      current = { cookie };
      out.set(Array.from(cookie).join(','), current);
    } else if (e.type === 'computed' && current) {
      const c: Computation = e.computation;
      // A wrong guess makes a second ephemeral key in the same exchange: the last one is the one used.
      if (c.name === 'ephemeral key') current.privateKey = c.privateKey;
      // K as Wireshark logs it: without its length prefix.
      if (c.name === 'K') current.K = c.value.subarray(4);
    }
  }
  return out;
}

export function observerRecording(rec: Recording, keylog: KeylogChoice = 'none'): Recording {
  const replays: Partial<Record<Party, { endpoint: RecordedEndpoint; effects: Effect[][] }>> = {};
  for (const p of ['client', 'server'] as const) {
    const e = rec[p];
    if (e) replays[p] = { endpoint: e, effects: replayEndpoint(e.config, e.events).effects };
  }
  // Arrival order: what each side read, when it read it; a side we have no log of is
  // represented by what its partner sent, right after the event that sent it.
  const chunks: (PeerChunk & { order: number })[] = [];
  let order = 0;
  for (const p of ['client', 'server'] as const) {
    const r = replays[p];
    if (!r) continue;
    const peer: Party = p === 'client' ? 'server' : 'client';
    r.endpoint.events.forEach(({ t, event }, i) => {
      if (event.type === 'bytesReceived') chunks.push({ t, direction: p === 'client' ? 's2c' : 'c2s', bytes: event.bytes, order: order++ });
      if (replays[peer]) return;
      for (const e of r.effects[i]) if (e.type === 'send') chunks.push({ t, direction: p === 'client' ? 'c2s' : 's2c', bytes: e.bytes, order: order++ });
    });
  }
  chunks.sort((a, b) => a.t - b.t || a.order - b.order);
  const entries: KeylogEntry[] = [];
  if (keylog !== 'none') {
    const [party, kind] = keylog.split('-') as [Party, 'private' | 'shared'];
    const r = replays[party];
    if (!r) throw new Error(`no ${party} event log to take a key log from`);
    for (const s of secretsOf(r.effects).values()) {
      const secret = kind === 'private' ? s.privateKey : s.K;
      if (secret) entries.push({ cookie: s.cookie, kind: kind === 'private' ? 'PRIVATE_KEY' : 'SHARED_SECRET', secret });
    }
  }
  return {
    meta: { ...rec.meta, source: 'imported-capture', title: `${rec.meta.title} (observed)` },
    peerBytes: chunks.map(({ t, direction, bytes }) => ({ t, direction, bytes })),
    ...(keylog !== 'none' ? { keylog: entries } : {}),
  };
}
