// RFC 4251 §5 data types: the RFC's own examples, strict rejection with field and offset, and
// round-trip / span properties.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from './bytes';
import { DecodeError } from './errors';
import type { Field } from './field';
import { Reader } from './reader';
import { encodeMpint, Writer } from './writer';

describe('RFC 4251 §5 examples', () => {
  // The mpint table of RFC 4251 §5, both directions.
  const mpints: [bigint, string][] = [
    [0n, '00000000'],
    [0x9a378f9b2e332a7n, '0000000809a378f9b2e332a7'],
    [0x80n, '000000020080'],
    [-0x1234n, '00000002edcc'],
    [-0xdeadbeefn, '00000005ff21524111'],
  ];
  for (const [v, hex] of mpints) {
    it(`mpint ${v < 0n ? '-' : ''}${(v < 0n ? -v : v).toString(16)} ⇄ ${hex}`, () => {
      expect(toHex(encodeMpint(v))).toBe(hex);
      expect(new Reader(fromHex(hex)).mpint('m')).toBe(v);
    });
  }
  const lists: [string[], string][] = [
    [[], '00000000'],
    [['zlib'], '000000047a6c6962'],
    [['zlib', 'none'], '000000097a6c69622c6e6f6e65'],
  ];
  for (const [names, hex] of lists) {
    it(`name-list (${names.join(',') || 'empty'}) ⇄ ${hex}`, () => {
      expect(toHex(new Writer().nameList(names).bytes())).toBe(hex);
      expect(new Reader(fromHex(hex)).nameList('l')).toEqual(names);
    });
  }
  it('uint32, uint64, boolean, string', () => {
    const b = new Writer().uint32(0x29b7f4aa).uint64(0x0102030405060708n).boolean(true).string('testing').bytes();
    expect(toHex(b)).toBe('29b7f4aa' + '0102030405060708' + '01' + '0000000774657374696e67');
    const r = new Reader(b);
    expect([r.uint32('a'), r.uint64('b'), r.boolean('c'), r.text('d')]).toEqual([0x29b7f4aa, 0x0102030405060708n, true, 'testing']);
    r.end();
  });
});

function fails(hex: string, read: (r: Reader) => unknown, field: string, offset: number, problem: RegExp) {
  try {
    const r = new Reader(fromHex(hex));
    read(r);
    r.end();
  } catch (e) {
    expect(e).toBeInstanceOf(DecodeError);
    expect((e as DecodeError).field).toBe(field);
    expect((e as DecodeError).offset).toBe(offset);
    expect((e as DecodeError).message).toMatch(problem);
    return;
  }
  throw new Error(`expected ${hex} to be rejected`);
}

describe('strict decoding: a typed error naming the field and byte offset', () => {
  it('truncated fixed-size values', () => {
    fails('000000', (r) => r.uint32('packet_length'), 'packet_length', 0, /truncated/);
    fails('00000001', (r) => [r.uint32('a'), r.byte('b')], 'b', 4, /truncated/);
    fails('0102', (r) => r.uint64('n'), 'n', 0, /truncated/);
  });
  it('a string length past the end', () => {
    fails('0000000561', (r) => r.string('description'), 'description', 0, /runs past the end/);
    fails('ff000000', (r) => r.string('huge'), 'huge', 0, /runs past the end/);
  });
  it('trailing bytes', () => {
    fails('0000000000', (r) => r.uint32('a'), '(end)', 4, /1 unexpected trailing bytes/);
  });
  it('non-minimal or malformed mpints', () => {
    fails('000000020001', (r) => r.mpint('e'), 'e', 0, /not minimal/);
    fails('00000002ff80', (r) => r.mpint('e'), 'e', 0, /not minimal/);
    fails('0000000100', (r) => r.mpint('K'), 'K', 0, /zero must be encoded as the empty string/);
  });
  it('illegal name-lists', () => {
    fails('00000005612c2c6262', (r) => r.nameList('kex_algorithms'), 'kex_algorithms', 6, /empty name/);
    fails('000000022c61', (r) => r.nameList('kex_algorithms'), 'kex_algorithms', 4, /empty name/);
    fails('00000002612c', (r) => r.nameList('mac'), 'mac', 5, /stray comma/);
    fails('0000000361c362', (r) => r.nameList('cipher'), 'cipher', 5, /not printable US-ASCII/);
    fails('00000003610962', (r) => r.nameList('cipher'), 'cipher', 5, /0x09/);
    fails('00000003612062', (r) => r.nameList('cipher'), 'cipher', 5, /0x20/);
  });
  it('invalid UTF-8 in a text string', () => {
    fails('00000002c328', (r) => r.text('description'), 'description', 0, /UTF-8/);
  });
  it('offsets are absolute when a reader starts inside a larger buffer', () => {
    let err: unknown;
    try {
      new Reader(fromHex('00000002612c'), 100).nameList('x');
    } catch (e) {
      err = e;
    }
    expect((err as DecodeError).offset).toBe(105);
  });
});

const name = fc.stringMatching(/^[\x21-\x2b\x2d-\x7e]{1,64}$/);
type Op =
  | { t: 'byte'; v: number }
  | { t: 'boolean'; v: boolean }
  | { t: 'uint32'; v: number }
  | { t: 'uint64'; v: bigint }
  | { t: 'string'; v: Uint8Array }
  | { t: 'mpint'; v: bigint }
  | { t: 'name-list'; v: string[] }
  | { t: 'nested'; v: [number, Uint8Array] };
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.integer({ min: 0, max: 255 }).map((v) => ({ t: 'byte' as const, v })),
  fc.boolean().map((v) => ({ t: 'boolean' as const, v })),
  fc.nat({ max: 0xffffffff }).map((v) => ({ t: 'uint32' as const, v })),
  fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map((v) => ({ t: 'uint64' as const, v })),
  fc.uint8Array({ maxLength: 40 }).map((v) => ({ t: 'string' as const, v })),
  fc.bigInt({ min: -(1n << 520n), max: 1n << 520n }).map((v) => ({ t: 'mpint' as const, v })),
  fc.array(name, { maxLength: 6 }).map((v) => ({ t: 'name-list' as const, v })),
  fc.tuple(fc.nat({ max: 0xffffffff }), fc.uint8Array({ maxLength: 20 })).map((v) => ({ t: 'nested' as const, v })),
);

function write(w: Writer, o: Op): void {
  if (o.t === 'byte') w.byte(o.v);
  else if (o.t === 'boolean') w.boolean(o.v);
  else if (o.t === 'uint32') w.uint32(o.v);
  else if (o.t === 'uint64') w.uint64(o.v);
  else if (o.t === 'string') w.string(o.v);
  else if (o.t === 'mpint') w.mpint(o.v);
  else if (o.t === 'name-list') w.nameList(o.v);
  else w.string(new Writer().uint32(o.v[0]).string(o.v[1]).bytes());
}
function read(r: Reader, o: Op): unknown {
  if (o.t === 'byte') return r.byte('f');
  if (o.t === 'boolean') return r.boolean('f');
  if (o.t === 'uint32') return r.uint32('f');
  if (o.t === 'uint64') return r.uint64('f');
  if (o.t === 'string') return r.string('f');
  if (o.t === 'mpint') return r.mpint('f');
  if (o.t === 'name-list') return r.nameList('f');
  return r.nested('f', undefined, (s) => [s.uint32('a'), s.string('b')]);
}

function tiles(fields: Field[], start: number, end: number): boolean {
  let at = start;
  for (const f of fields) {
    if (f.offset !== at) return false;
    if (f.children && !tiles(f.children, f.offset, f.offset + f.length)) return false;
    at += f.length;
  }
  return at === end;
}

describe('properties', () => {
  it('decode ∘ encode = id for every type, in any sequence; the spans tile the bytes', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 12 }), (ops) => {
        const w = new Writer();
        ops.forEach((o) => write(w, o));
        const bytes = w.bytes();
        const r = new Reader(bytes);
        const back = ops.map((o) => read(r, o));
        r.end();
        back.forEach((v, i) => expect(v).toEqual(ops[i].t === 'nested' ? [(ops[i] as { v: [number, Uint8Array] }).v[0], (ops[i] as { v: [number, Uint8Array] }).v[1]] : ops[i].v));
        expect(tiles(r.fields, 0, bytes.length)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('readers throw nothing but DecodeError on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.array(op, { minLength: 1, maxLength: 6 }), (bytes, ops) => {
        const r = new Reader(bytes);
        try {
          ops.forEach((o) => read(r, o));
          r.end();
        } catch (e) {
          expect(e).toBeInstanceOf(DecodeError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
