// sntrup761 alone: key generation (which may retry g and inverts in R/3 and R/q), encapsulation
// and decapsulation, each the median of several runs on fresh seeds after a warm-up.

import { decapsulate, encapsulate, keypair } from '../lib/ssh/algorithms/kex/sntrup761';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const seed = (n: number, tag: number) => Uint8Array.from({ length: 32 }, (_, i) => (n * 31 + i * 7 + tag) & 0xff);

export function benchSntrup(runs = 15): string[] {
  const keygen: number[] = [];
  const encaps: number[] = [];
  const decaps: number[] = [];
  for (let i = -1; i < runs; i++) {
    let t = performance.now();
    const kp = keypair(seed(i + 1, 1));
    const tk = performance.now() - t;
    t = performance.now();
    const e = encapsulate(kp.publicKey, seed(i + 1, 2));
    const te = performance.now() - t;
    t = performance.now();
    decapsulate(e.cipherText, kp.secretKey);
    const td = performance.now() - t;
    if (i < 0) continue; // warm-up
    keygen.push(tk);
    encaps.push(te);
    decaps.push(td);
  }
  const row = (what: string, xs: number[]) => `  ${what.padEnd(40)} ${median(xs).toFixed(1).padStart(8)} ms   (min ${Math.min(...xs).toFixed(1)} ms)`;
  return [`sntrup761 (median of ${runs}):`, row('key generation', keygen), row('encapsulation', encaps), row('decapsulation', decaps)];
}
