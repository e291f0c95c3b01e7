// toHex: the same lower-case text as Node's own encoder on both of its paths (short strings by
// concatenation, long ones through a buffer), and fromHex inverts it.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from './bytes';

describe('toHex', () => {
  it('every byte value, in order', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(toHex(all)).toBe(Buffer.from(all).toString('hex'));
    expect(toHex(all.subarray(0, 31))).toBe(Buffer.from(all.subarray(0, 31)).toString('hex'));
  });

  it('agrees with Buffer for any bytes, views with an offset included', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.nat(8), (b, off) => {
        const view = b.subarray(Math.min(off, b.length));
        expect(toHex(view)).toBe(Buffer.from(view).toString('hex'));
        expect(fromHex(toHex(view))).toEqual(view);
      }),
    );
  });

  it('a 4 MB input comes out as one flat string of twice the length', () => {
    const big = new Uint8Array(4 * 1024 * 1024).map((_, i) => (i * 2654435761) >>> 24);
    const hex = toHex(big);
    expect(hex.length).toBe(big.length * 2);
    expect(hex).toBe(Buffer.from(big).toString('hex'));
  });
});
