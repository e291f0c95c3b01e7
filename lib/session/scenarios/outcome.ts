// A recording's outcome, derived by replaying it (never taken from what a scenario claims):
// who ended the connection and why, what was negotiated, whether the service was accepted.

import type { Effect } from '../../ssh/transport/events';
import { toHex } from '../../ssh/wire/bytes';
import type { Negotiated } from '../../ssh/transport/negotiate';
import type { Recording, RecordedEndpoint } from '../recording';
import { DISCONNECT } from '../../ssh/messages/numbers';
import { replay, type Endpoint } from '../simulate';
import { waitingFor } from '../../ssh/transport/state';
import { traceOf } from '../trace';

export interface Disconnect {
  endpoint: Endpoint;
  /** Virtual (simulated) or wall-clock time of the event that ended it. */
  t: number;
  reason: number;
  reasonName: string;
  description: string;
  by: 'local' | 'peer' | 'connection';
}

export interface Outcome {
  ok: boolean;
  /** "handshake complete, service ssh-userauth accepted" or "client disconnects: …". */
  sentence: string;
  /** The first endpoint that ended the connection of its own accord (a local decision). */
  first?: Disconnect;
  /** The negotiated algorithms as the client saw them (the server's view if only it was run). */
  negotiated?: Negotiated;
}

function disconnectOf(who: Endpoint, e: RecordedEndpoint): Disconnect | undefined {
  const { effects } = replay(e.config, e.events);
  for (let i = 0; i < effects.length; i++) {
    const d = effects[i].find((x): x is Extract<Effect, { type: 'disconnect' }> => x.type === 'disconnect');
    if (d) return { endpoint: who, t: e.events[i].t, reason: d.reason, reasonName: d.reasonName, description: d.description, by: d.by };
  }
  return undefined;
}

export function outcomeOf(rec: Pick<Recording, 'client' | 'server'>): Outcome {
  const ends = (['client', 'server'] as const)
    .map((who) => (rec[who] ? disconnectOf(who, rec[who]) : undefined))
    .filter((d): d is Disconnect => Boolean(d && d.by === 'local'))
    .sort((a, b) => a.t - b.t);
  const first = ends[0];
  const main = rec.client ?? rec.server;
  const state = main ? replay(main.config, main.events).state : undefined;
  const negotiated = state?.negotiated;
  const service = state?.role === 'client' ? state.service : undefined;
  // A service the client asked for and never got (a request held back on the wire) is not a
  // complete run, though the key exchange finished.
  const complete = service?.requested ? Boolean(service.accepted) : Boolean(state && state.kexCount > 0);
  // The client's polite goodbye (SSH_DISCONNECT_BY_APPLICATION) after the service is the normal end;
  // any other decision to close is a detection, even one that comes after the goodbye (the server
  // finds the goodbye itself tampered with), as the session summary counts it (open.ts).
  const detected = ends.find((d) => !(d.endpoint === 'client' && d.reason === DISCONNECT.BY_APPLICATION));
  const ok = complete && !detected;
  // Tampering nobody noticed: no side detected anything (the run ended well, or stalled).
  const unnoticed = !detected && rec.client && rec.server ? silentTampering(rec.client, rec.server) : [];
  const closer = detected ?? (ok ? undefined : first);
  const head = ok
    ? `handshake complete${service?.accepted ? `, service ${service.accepted} accepted` : ''}${state && state.kexCount > 1 ? `, ${state.kexCount} key exchanges` : ''}`
    : closer
      ? `${closer.endpoint} disconnects: ${closer.reasonName} (${closer.reason}): ${closer.description}`
      : state
        ? `incomplete: the ${state.role} was still waiting for ${waitingFor(state)}`
        : 'stopped: nothing left on the wire';
  const sentence = head + (unnoticed.length ? `; unnoticed by either side: ${unnoticed.join(', ')}` : '');
  return { ok, sentence, first, negotiated };
}

/**
 * With both endpoints run, packets one side sent that the other never received, and packets
 * received that nobody sent: a successful connection with either was tampered with silently.
 */
function silentTampering(client: RecordedEndpoint, server: RecordedEndpoint): string[] {
  const t = { client: traceOf(client), server: traceOf(server) };
  const out: string[] = [];
  for (const [from, to] of [['server', 'client'], ['client', 'server']] as const) {
    const sent = t[from].messages.filter((m) => m.direction === 'sent');
    const received = t[to].messages.filter((m) => m.direction === 'received');
    const key = (w: Uint8Array) => toHex(w);
    const got = new Set(received.map((m) => key(m.wire)));
    const put = new Set(sent.map((m) => key(m.wire)));
    for (const m of sent) if (!got.has(key(m.wire))) out.push(`the ${from}'s ${m.name} never arrived`);
    for (const m of received) if (!put.has(key(m.wire))) out.push(`the ${to} received an ${m.name} the ${from} never sent`);
  }
  return out;
}
