// What one endpoint saw and did, derived by replaying its event log (never stored as truth).

import type { Computation, Effect, TraceEntry } from '../ssh/transport/events';
import { keyringSigner } from '../ssh/algorithms/hostkey/signer';
import { stepLogged } from './endpointReplay';
import type { Role } from '../ssh/transport/config';
import { initialState, type EngineState } from '../ssh/transport/state';
import type { RecordedEndpoint } from './recording';

export interface WireMessage extends TraceEntry {
  /** Direction on the wire, independent of whose log it came from. */
  flow: 'c2s' | 's2c';
  /** Index of the event that produced it. */
  eventIndex: number;
}

export interface EndpointTrace {
  messages: WireMessage[];
  computations: { eventIndex: number; computation: Computation }[];
  disconnect?: Extract<Effect, { type: 'disconnect' }>;
  state: EngineState;
}

/** Collects a trace from effects as they come: from a live run, or from a replay (traceOf). */
export class TraceBuilder {
  private readonly messages: WireMessage[] = [];
  private readonly computations: EndpointTrace['computations'] = [];
  private disconnect: EndpointTrace['disconnect'];
  constructor(private readonly role: Role) {}

  add(eventIndex: number, e: Effect): void {
    if (e.type === 'message') {
      const outgoing = e.entry.direction === 'sent';
      const flow = (this.role === 'client') === outgoing ? 'c2s' : 's2c';
      this.messages.push({ ...e.entry, flow, eventIndex });
    } else if (e.type === 'computed') this.computations.push({ eventIndex, computation: e.computation });
    else if (e.type === 'disconnect') this.disconnect = e;
  }

  finish(state: EngineState): EndpointTrace {
    return { messages: this.messages, computations: this.computations, disconnect: this.disconnect, state };
  }
}

export function traceOf(endpoint: RecordedEndpoint): EndpointTrace {
  let state = initialState(endpoint.config);
  const trace = new TraceBuilder(endpoint.config.role);
  const sign = endpoint.legacyHostKeys ? keyringSigner(endpoint.legacyHostKeys) : undefined;
  endpoint.events.forEach(({ event }, eventIndex) => {
    const r = stepLogged(state, event, sign);
    state = r.state;
    for (const e of r.effects) trace.add(eventIndex, e);
  });
  return trace.finish(state);
}
