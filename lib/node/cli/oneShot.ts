// A process that does one handshake does one or two fixed-base multiplications per curve. noble
// builds a base-point table on the first one (tens of milliseconds, worth it over thousands of
// operations, as in serve or the browser's replays); for a single use the table-less path is
// several times faster. Same results either way: only the multiplication schedule differs.

import { ed25519 } from '@noble/curves/ed25519.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';

export function withoutBaseTables(): void {
  for (const Point of [ed25519.Point, p256.Point, p384.Point, p521.Point]) Point.BASE.precompute(1);
}
