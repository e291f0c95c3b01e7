// Costs of the size limits: refusing a hostile RSA key takes no arithmetic; the probable-prime
// test on a server's GEX group is the price of accepting one, per group size (npm run bench).

import { hostKeyAlgorithms } from '../lib/ssh/algorithms/hostkey';
import { groups } from '../lib/ssh/algorithms/kex';
import { isProbablePrime } from '../lib/ssh/algorithms/kex/primality';
import { bigintToBytes } from '../lib/ssh/wire/bytes';
import { Writer } from '../lib/ssh/wire/writer';

function median(runs: number, f: () => void): number {
  const times = Array.from({ length: runs }, () => {
    const t = performance.now();
    f();
    return performance.now() - t;
  }).sort((a, b) => a - b);
  return times[Math.floor(runs / 2)];
}

export function benchLimits(): string[] {
  const lines: string[] = [];
  const odd = (bits: number) => (1n << BigInt(bits - 1)) | 1n;
  const n = odd(32768);
  const key = new Writer().string('ssh-rsa').mpint(odd(1 << 18)).mpint(n).bytes();
  const sig = new Writer().string('rsa-sha2-256').string(bigintToBytes(n - 2n, 4096)).bytes();
  const rsa = hostKeyAlgorithms['rsa-sha2-256'];
  const refuse = median(9, () => {
    if (rsa.verify(key, sig, new Uint8Array(32)).ok) throw new Error('accepted');
  });
  lines.push(`RSA verify refusing a 32768-bit n with a 2^18-bit e: ${refuse.toFixed(2)} ms (median of 9)`);
  lines.push('GEX probable-prime test (trial division, then Miller–Rabin), median of 3:');
  for (const g of [groups.modp2048, groups.modp3072, groups.modp4096, groups.modp6144, groups.modp8192]) {
    const bits = g.p.toString(2).length;
    const one = median(3, () => isProbablePrime(g.p, [2n]));
    const two = median(3, () => isProbablePrime(g.p, [2n, 3n]));
    // gex.ts uses bases 2 and 3 up to 4096 bits, base 2 alone above.
    lines.push(`  ${String(bits).padStart(5)} bits   1 round ${one.toFixed(0).padStart(5)} ms${bits <= 4096 ? '' : ' (used)'}   2 rounds ${two.toFixed(0).padStart(5)} ms${bits <= 4096 ? ' (used)' : ''}`);
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) for (const line of benchLimits()) console.log(line);
