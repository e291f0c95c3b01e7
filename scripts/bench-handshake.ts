// Simulated handshake time per kex method: both engines in one process, full handshake to
// SERVICE_ACCEPT and disconnect. Reported as the median of several runs after a warm-up.

import { simulate } from '../lib/session/simulate';
import { demoHostKeys } from '../lib/session/demoKeys';
import { kexAlgorithms } from '../lib/ssh/algorithms/kex';
import { defaultConfig } from '../lib/ssh/transport/config';

export function benchHandshakes(runs = 9): { kex: string; medianMs: number; minMs: number }[] {
  const hostKeys = demoHostKeys(['ssh-ed25519']);
  const rows = [];
  for (const kex of Object.keys(kexAlgorithms)) {
    const once = (seed: number) => {
      const t = performance.now();
      const r = simulate({
        client: defaultConfig('client', { kex: [kex], hostKey: ['ssh-ed25519'] }),
        server: defaultConfig('server', { hostKeys, kex: [kex] }),
        seed,
      });
      if (!r.outcome.ok) throw new Error(`${kex}: ${r.outcome.description}`);
      return performance.now() - t;
    };
    once(0);
    const times = Array.from({ length: runs }, (_, i) => once(i + 1)).sort((a, b) => a - b);
    rows.push({ kex, medianMs: times[Math.floor(runs / 2)], minMs: times[0] });
  }
  return rows;
}
