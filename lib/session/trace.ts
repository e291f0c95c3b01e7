// What one endpoint saw and did, derived by replaying its event log (never stored as truth).

import type { Computation, Effect, TraceEntry } from '../ssh/transport/events';
import { step } from '../ssh/transport/engine';
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

export function traceOf(endpoint: RecordedEndpoint): EndpointTrace {
  let state = initialState(endpoint.config);
  const messages: WireMessage[] = [];
  const computations: EndpointTrace['computations'] = [];
  let disconnect: EndpointTrace['disconnect'];
  const role = endpoint.config.role;
  endpoint.events.forEach(({ event }, eventIndex) => {
    const r = step(state, event);
    state = r.state;
    for (const e of r.effects) {
      if (e.type === 'message') {
        const outgoing = e.entry.direction === 'sent';
        const flow = (role === 'client') === outgoing ? 'c2s' : 's2c';
        messages.push({ ...e.entry, flow, eventIndex });
      } else if (e.type === 'computed') computations.push({ eventIndex, computation: e.computation });
      else if (e.type === 'disconnect') disconnect = e;
    }
  });
  return { messages, computations, disconnect, state };
}
