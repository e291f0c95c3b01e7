import { describe, expect, it } from 'vitest';
import type { TraceEntry } from '../ssh/transport/events';
import { copyDifference } from './copyDifference';

const e = (bytes: number[]) => ({ wire: new Uint8Array(bytes) }) as TraceEntry;

describe('copyDifference', () => {
  it('names the flipped bytes', () => {
    expect(copyDifference(e([1, 2, 3, 4]), e([1, 2, 7, 4]))).toBe('1 byte differs on the wire, at offset 2.');
    expect(copyDifference(e([1, 2, 3, 4]), e([0, 2, 7, 4]))).toBe('2 bytes differ on the wire, at offsets 0, 2.');
  });
  it('clips long lists', () => {
    const a = Array.from({ length: 20 }, () => 0);
    const b = Array.from({ length: 20 }, () => 1);
    expect(copyDifference(e(a), e(b))).toBe('20 bytes differ on the wire, at offsets 0, 1, 2, 3, 4, 5, 6, 7, ….');
  });
  it('reports a length change and identical copies', () => {
    expect(copyDifference(e([1, 2, 3]), e([1]))).toBe('The receiver got 1 byte where 3 were sent.');
    expect(copyDifference(e([1]), e([1]))).toBe('The receiver got the same bytes that were sent.');
  });
});
