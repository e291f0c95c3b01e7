// How many steps a viewer will walk for a recording, for the manifest. Counted from the replayed
// traces: each wire message once (sent, or received-only when an attacker injected it), each
// computation, and each endpoint's disconnect.

import type { Recording } from '../recording';
import { toHex } from '../../ssh/wire/bytes';
import { traceOf, type EndpointTrace } from '../trace';

export function countSteps(rec: Recording): number {
  const traces: EndpointTrace[] = [];
  if (rec.client) traces.push(traceOf(rec.client));
  if (rec.server) traces.push(traceOf(rec.server));
  const both = traces.length === 2;
  let n = 0;
  const sentWire = new Set<string>();
  for (const t of traces) {
    for (const m of t.messages) if (m.direction === 'sent') sentWire.add(`${m.flow}:${toHex(m.wire)}`);
  }
  for (const t of traces) {
    for (const m of t.messages) {
      // With both ends run, a received message is the same step as its sending, unless nobody sent it.
      if (m.direction === 'sent' || !both || !sentWire.has(`${m.flow}:${toHex(m.wire)}`)) n++;
    }
    n += t.computations.length + (t.disconnect ? 1 : 0);
  }
  return n;
}
