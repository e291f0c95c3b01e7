// npm run bench: performance numbers live here, not in timed unit tests.

import { benchCapture } from './bench-capture';
import { benchHandshakes } from './bench-handshake';
import { benchLimits } from './bench-limits';
import { benchObserver } from './bench-observer';
import { benchPqBudget } from './bench-pq';
import { benchRecord } from './bench-record';
import { benchSeek } from './bench-seek';
import { benchUi } from './bench-ui';

console.log('Simulated handshake, client and server in one process (ssh-ed25519 host key, median of 9):');
for (const r of benchHandshakes()) {
  console.log(`  ${r.kex.padEnd(40)} ${r.medianMs.toFixed(1).padStart(8)} ms   (min ${r.minMs.toFixed(1)} ms)`);
}
console.log('');
const pq = benchPqBudget();
for (const line of pq.lines) console.log(line);
console.log('');
for (const line of await benchRecord()) console.log(line);
console.log('');
for (const line of await benchUi()) console.log(line);
console.log('');
// SSHSCOPE_BENCH_SEEK_IGNORES shortens the long session for a quick run (default: 100,000 steps).
for (const line of benchSeek(Number(process.env.SSHSCOPE_BENCH_SEEK_IGNORES ?? 100_000))) console.log(line);
console.log('');
for (const line of benchLimits()) console.log(line);
console.log('');
// SSHSCOPE_BENCH_CAPTURE_MIB sizes the synthesized capture (default 64 MiB of transfer).
for (const line of benchCapture(Number(process.env.SSHSCOPE_BENCH_CAPTURE_MIB ?? 64) * 1024 * 1024)) console.log(line);
console.log('');
for (const line of benchObserver()) console.log(line);
