import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HexArena } from './hexArena';

// Reference: Node-free, independent of the arena (the standard radix-16 parse of each pair).
const reference = (hex: string) => Uint8Array.from({ length: hex.length / 2 }, (_, i) => Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16));

describe('HexArena', () => {
  it('decodes like parseInt, pair by pair, in either case', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (bytes, upper) => {
        let hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
        if (upper) hex = hex.toUpperCase();
        expect(new HexArena().decode(hex)).toEqual(reference(hex));
      }),
    );
    expect(Array.from(new HexArena().decode('00ff7f80a5'))).toEqual([0, 255, 127, 128, 165]);
  });

  it('earlier results keep their bytes across many decodes and chunk boundaries', () => {
    const arena = new HexArena();
    const inputs = Array.from({ length: 3000 }, (_, k) => (k % 256).toString(16).padStart(2, '0').repeat(1 + (k % 97)));
    // One large value (its own buffer) in the middle.
    inputs[1500] = 'ab'.repeat(40_000);
    const outs = inputs.map((h) => arena.decode(h));
    outs.forEach((o, k) => expect(o).toEqual(reference(inputs[k])));
    expect(outs[1500].byteOffset).toBe(0);
    expect(outs[1500].buffer.byteLength).toBe(40_000);
  });

  it('refuses odd lengths and non-hex digits, saying where', () => {
    const arena = new HexArena();
    expect(() => arena.decode('abc')).toThrow(/length 3/);
    expect(() => arena.decode('0g')).toThrow(/at 1/);
    expect(() => arena.decode('é0')).toThrow(/at 0/);
    expect(() => arena.decode(' 0')).toThrow(/at 0/);
    expect(arena.decode('')).toEqual(new Uint8Array(0));
  });
});
