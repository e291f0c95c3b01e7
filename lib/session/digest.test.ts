import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shortSha256 } from './digest';

describe('shortSha256', () => {
  it('FIPS 180-2 example "abc": the first 16 bytes of its SHA-256', () => {
    expect(shortSha256([new TextEncoder().encode('abc')])).toBe('ba7816bf8f01cfea414140de5dae2223');
  });

  it('equals Node\'s SHA-256 over the concatenated chunks, call after call (the hasher is reused)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 6 }), (chunks) => {
        const h = createHash('sha256');
        for (const c of chunks) h.update(c);
        expect(shortSha256(chunks)).toBe(h.digest('hex').slice(0, 32));
      }),
      { numRuns: 300 },
    );
  });
});
