// Two engines on an in-memory wire. The driver is the only place that decides *when* things
// happen; the engines decide *what*. Same seed ⇒ same bytes.

import type { EndpointConfig } from '../ssh/transport/config';
import { step } from '../ssh/transport/engine';
import type { Effect, EngineEvent } from '../ssh/transport/events';
import { initialState, waitingFor, type EngineState } from '../ssh/transport/state';
import { DISCONNECT } from '../ssh/messages/numbers';
import { SeededRandom } from './rng';
import { keyringSigner, publicHalves, type Signer } from '../ssh/algorithms/hostkey/signer';
import type { HostKeyPair } from '../ssh/algorithms/types';

export type Endpoint = 'client' | 'server';

export interface LoggedEvent {
  /** Virtual milliseconds since the start: simulations have no clock. */
  t: number;
  event: EngineEvent;
}

export interface SimEffect {
  endpoint: Endpoint;
  /** Index of the event (in that endpoint's log) that produced the effect. */
  eventIndex: number;
  effect: Effect;
}

/** A chunk on the wire, from one endpoint to the other; the attacker may rewrite it. */
export interface WireChunk {
  from: Endpoint;
  bytes: Uint8Array;
  /** Running count of chunks in this direction. */
  index: number;
}

export interface SimulateOptions {
  client: EndpointConfig;
  server: EndpointConfig;
  seed: number | string;
  /** Service the client requests once keys are in place; null for none. */
  service?: string | null;
  /** After SERVICE_ACCEPT the client disconnects politely (reason 11). Default true. */
  disconnectAfterService?: boolean;
  /**
   * Events once the service is accepted (e.g. a rekey), before the client disconnects: a plain
   * event goes to the client at once; a scripted one ({ endpoint, event }) waits until the wire is
   * quiet, so a scenario can play both sides of a dialogue (a login, a channel) one turn at a time.
   */
  afterService?: (EngineEvent | ScriptedEvent)[];
  /**
   * Signs for the server when its engine asks (needSignature). Default: the pure signers over the
   * private halves the server config's hostKeys carry (demo keys); the engines and the result get
   * only the public halves.
   */
  sign?: Signer;
  /** A man in the middle: returns the chunks to deliver instead (empty: drop). */
  network?: (chunk: WireChunk) => Uint8Array[];
  maxEvents?: number;
  /** Called with each event before it is stepped (progress for a caller that shows it). */
  onEvent?: (endpoint: Endpoint, index: number, event: EngineEvent) => void;
}

/** An event for one endpoint, given once everything sent before it has been delivered. */
export interface ScriptedEvent {
  endpoint: Endpoint;
  event: EngineEvent;
}

export interface SimulationResult {
  client: { config: EndpointConfig; events: LoggedEvent[]; state: EngineState };
  server: { config: EndpointConfig; events: LoggedEvent[]; state: EngineState };
  /** Every effect of both endpoints in the order they happened. */
  effects: SimEffect[];
  outcome: { ok: boolean; description: string };
}

/** A config with its host keys reduced to their public halves: what an engine and a recording may hold. */
export function publicConfig(config: EndpointConfig): EndpointConfig {
  return config.hostKeys ? { ...config, hostKeys: publicHalves(config.hostKeys) } : config;
}

function privateKeysOf(config: EndpointConfig): HostKeyPair[] {
  return (config.hostKeys ?? []).filter((k): k is HostKeyPair => 'privateBlob' in k && (k as HostKeyPair).privateBlob instanceof Uint8Array);
}

export function simulate(opts: SimulateOptions): SimulationResult {
  const rng = { client: new SeededRandom(opts.seed, 'client'), server: new SeededRandom(opts.seed, 'server') };
  const sign = opts.sign ?? keyringSigner(privateKeysOf(opts.server));
  const configs = { client: publicConfig(opts.client), server: publicConfig(opts.server) };
  const states: Record<Endpoint, EngineState> = { client: initialState(configs.client), server: initialState(configs.server) };
  const logs: Record<Endpoint, LoggedEvent[]> = { client: [], server: [] };
  const effects: SimEffect[] = [];
  const wire: { to: Endpoint; bytes: Uint8Array | null }[] = [];
  const chunkCount = { client: 0, server: 0 };
  const closedSent = { client: false, server: false };
  const maxEvents = opts.maxEvents ?? 100_000;
  let t = 0;
  let total = 0;

  const other = (e: Endpoint): Endpoint => (e === 'client' ? 'server' : 'client');

  function feed(who: Endpoint, event: EngineEvent): void {
    if (++total > maxEvents) throw new Error(`simulation exceeded ${maxEvents} events`);
    const index = logs[who].length;
    logs[who].push({ t: t++, event });
    opts.onEvent?.(who, index, event);
    const r = step(states[who], event);
    states[who] = r.state;
    for (const effect of r.effects) {
      effects.push({ endpoint: who, eventIndex: index, effect });
      if (effect.type === 'needEntropy') {
        feed(who, { type: 'entropy', purpose: effect.purpose, bytes: rng[who].bytes(effect.n) });
      } else if (effect.type === 'needSignature') {
        feed(who, { type: 'signature', algorithm: effect.algorithm, signature: sign(effect) });
      } else if (effect.type === 'send') {
        const chunk: WireChunk = { from: who, bytes: effect.bytes, index: chunkCount[who]++ };
        const out = opts.network ? opts.network(chunk) : [effect.bytes];
        for (const b of out) wire.push({ to: other(who), bytes: b });
      }
    }
    // A closed endpoint closes its side of the connection once its last bytes are queued.
    if (states[who].closed && !closedSent[who]) {
      closedSent[who] = true;
      wire.push({ to: other(who), bytes: null });
    }
  }

  const service = opts.service === undefined ? 'ssh-userauth' : opts.service;
  feed('server', { type: 'start' });
  feed('client', { type: 'start' });
  if (service) feed('client', { type: 'request', request: { kind: 'service', name: service } });

  // Deliver until the wire is quiet; then let the client act on what it has (after-service
  // requests, then a polite disconnect), and deliver again.
  let stage: 'handshake' | 'after' | 'done' = 'handshake';
  const deliver = () => {
    while (wire.length > 0) {
      const d = wire.shift()!;
      feed(d.to, d.bytes ? { type: 'bytesReceived', bytes: d.bytes } : { type: 'close' });
    }
  };
  for (;;) {
    deliver();
    const c = states.client;
    if (stage === 'done' || c.closed || !service || !c.service.accepted) break;
    if (stage === 'handshake') {
      stage = 'after';
      for (const e of opts.afterService ?? []) {
        if ('endpoint' in e) {
          deliver();
          if (states[e.endpoint].closed) break;
          feed(e.endpoint, e.event);
        } else feed('client', e);
      }
      continue;
    }
    stage = 'done';
    if (opts.disconnectAfterService === false) break;
    feed('client', { type: 'request', request: { kind: 'disconnect', reason: DISCONNECT.BY_APPLICATION, description: 'bye' } });
  }

  const c = states.client;
  const ok = Boolean(service ? c.service.accepted : c.kexCount > 0);
  const closed = c.closed ?? states.server.closed;
  return {
    client: { config: configs.client, events: logs.client, state: states.client },
    server: { config: configs.server, events: logs.server, state: states.server },
    effects,
    outcome: {
      ok,
      description: ok
        ? `handshake complete${service ? `, service ${service} accepted` : ''}`
        : closed
          ? `failed: ${closed.description}`
          : // Nothing left to deliver and nobody closed: a stall (a man in the middle kept a
            // packet back). Say what the client still waits for, as the summary does (open.ts).
            `incomplete: the client was still waiting for ${waitingFor(c)}`,
    },
  };
}

/** Folds an event log through a fresh engine: the recorded truth reproduced. */
export function replay(config: EndpointConfig, events: LoggedEvent[]): { state: EngineState; effects: Effect[][] } {
  let state = initialState(config);
  const effects: Effect[][] = [];
  for (const { event } of events) {
    const r = step(state, event);
    state = r.state;
    effects.push(r.effects);
  }
  return { state, effects };
}
