// Budget from issue 10: a simulated mlkem768x25519-sha256 handshake costs at most twice a
// curve25519-sha256 one. Both engines in one process, full handshake to SERVICE_ACCEPT and
// disconnect, the same host key (ssh-ed25519), cipher and MAC; the two methods alternate run by
// run so that whatever else the machine is doing weighs on both alike. Median of `runs` each.

import { demoHostKeys } from '../lib/session/demoKeys';
import { simulate } from '../lib/session/simulate';
import { defaultConfig } from '../lib/ssh/transport/config';

const PQ = 'mlkem768x25519-sha256';
const CLASSICAL = 'curve25519-sha256';
const BUDGET = 2;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export function benchPqBudget(runs = 31): { lines: string[]; ok: boolean } {
  const hostKeys = demoHostKeys(['ssh-ed25519']);
  const once = (kex: string, seed: number) => {
    const t = performance.now();
    const r = simulate({
      client: defaultConfig('client', { kex: [kex], hostKey: ['ssh-ed25519'] }),
      server: defaultConfig('server', { hostKeys, kex: [kex] }),
      seed,
    });
    const ms = performance.now() - t;
    if (!r.outcome.ok) throw new Error(`${kex}: ${r.outcome.description}`);
    if (r.client.state.negotiated?.kex !== kex) throw new Error(`${kex}: negotiated ${r.client.state.negotiated?.kex}`);
    return ms;
  };
  // Warm-up: the first runs pay for JIT compilation and noble's precomputed tables.
  for (let i = 0; i < 3; i++) {
    once(PQ, 1000 + i);
    once(CLASSICAL, 1000 + i);
  }
  const pq: number[] = [];
  const classical: number[] = [];
  for (let i = 0; i < runs; i++) {
    pq.push(once(PQ, i + 1));
    classical.push(once(CLASSICAL, i + 1));
  }
  const ratio = median(pq) / median(classical);
  const ok = ratio <= BUDGET;
  return {
    ok,
    lines: [
      `Post-quantum budget (simulated handshake, ssh-ed25519, median of ${runs}, the two methods alternating):`,
      `  ${PQ.padEnd(40)} ${median(pq).toFixed(2).padStart(8)} ms   (min ${Math.min(...pq).toFixed(2)} ms)`,
      `  ${CLASSICAL.padEnd(40)} ${median(classical).toFixed(2).padStart(8)} ms   (min ${Math.min(...classical).toFixed(2)} ms)`,
      `  ratio ${ratio.toFixed(2)}× (budget ≤ ${BUDGET}×): ${ok ? 'ok' : 'OVER BUDGET'}`,
    ],
  };
}
