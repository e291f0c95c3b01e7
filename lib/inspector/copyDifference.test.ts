import { describe, expect, it } from 'vitest';
import type { TraceEntry } from '../ssh/transport/events';
import { byteDifference, copyDifference } from './copyDifference';

const e = (bytes: number[]) => ({ wire: new Uint8Array(bytes) }) as TraceEntry;

describe('copyDifference', () => {
  it('names the differing bytes and how many bits differ', () => {
    expect(copyDifference(e([1, 2, 3, 4]), e([1, 2, 7, 4]))).toBe('On the wire, 1 byte (1 bit) differs, at offset 2.');
    // 1→0 is one bit, 3→7 one more.
    expect(copyDifference(e([1, 2, 3, 4]), e([0, 2, 7, 4]))).toBe('On the wire, 2 bytes (2 bits) differ, at offsets 0, 2.');
    expect(copyDifference(e([0x00]), e([0xff]))).toBe('On the wire, 1 byte (8 bits) differs, at offset 0.');
  });
  it('clips long lists', () => {
    const a = Array.from({ length: 20 }, () => 0);
    const b = Array.from({ length: 20 }, () => 1);
    expect(copyDifference(e(a), e(b))).toBe('On the wire, 20 bytes (20 bits) differ, at offsets 0, 1, 2, 3, 4, 5, 6, 7, ….');
  });
  it('reports a length change and identical copies', () => {
    expect(copyDifference(e([1, 2, 3]), e([1]))).toBe('The receiver got 1 byte where 3 were sent.');
    expect(copyDifference(e([1]), e([1]))).toBe('The receiver got the same bytes that were sent.');
  });
});

describe('byteDifference', () => {
  it('marks the bytes past the shorter copy as different', () => {
    expect(byteDifference(new Uint8Array([1, 2]), new Uint8Array([1, 3, 9, 9]))).toEqual({ offsets: [1, 2, 3], bits: 1, sameLength: false });
  });
});
