import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bitLength, formatBigint, formatSpan, formatValue, hexPreview, quoteText, toHex } from './format';

describe('toHex / hexPreview', () => {
  it('matches Node Buffer hex for random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        expect(toHex(b)).toBe(Buffer.from(b).toString('hex'));
        expect(toHex(b, ' ')).toBe(Buffer.from(b).toString('hex').replace(/(..)(?!$)/g, '$1 '));
      }),
    );
  });
  it('clips with an ellipsis and says the length', () => {
    expect(hexPreview(new Uint8Array([0xde, 0xad]))).toBe('de ad (2 bytes)');
    expect(hexPreview(new Uint8Array([7]))).toBe('07 (1 byte)');
    expect(hexPreview(new Uint8Array(0))).toBe('(empty)');
    expect(hexPreview(new Uint8Array(32).fill(0xab), 4)).toBe('ab ab ab ab … (32 bytes)');
  });
});

describe('bitLength / formatBigint', () => {
  it('counts bits like the RFC 4251 §5 mpint examples imply', () => {
    // 0x9a378f9b2e332a7 is RFC 4251's example (needs 60 bits); 0x80 needs a leading 00 in mpint: 8 bits.
    expect(bitLength(0x9a378f9b2e332a7n)).toBe(60);
    expect(bitLength(0x80n)).toBe(8);
    expect(bitLength(0n)).toBe(0);
    expect(bitLength(-0xdeadbeefn)).toBe(32);
    fc.assert(fc.property(fc.integer({ min: 1, max: 4096 }), (k) => {
      expect(bitLength(1n << BigInt(k - 1))).toBe(k);
    }));
  });
  it('shows small values in decimal and hex, large ones clipped with their size in bits', () => {
    expect(formatBigint(0x80n).short).toBe('128 (0x80)');
    expect(formatBigint(-1234n).short).toBe('-1234 (-0x4d2)');
    const p = (1n << 2047n) + 12345n;
    const f = formatBigint(p);
    expect(f.short).toBe('0x8000000000000000… (2048 bits)');
    expect(BigInt(f.full)).toBe(p);
  });
});

describe('quoteText', () => {
  it('escapes control characters, quotes and bidi overrides so hostile strings show what they are', () => {
    expect(quoteText('ssh-userauth')).toBe('"ssh-userauth"');
    expect(quoteText('a\r\nb\u0000"\\')).toBe('"a\\r\\nb\\u0000\\"\\\\"');
    expect(quoteText('x\u202ey')).toBe('"x\\u202ey"');
    expect(quoteText('<img src=x onerror=alert(1)>')).toBe('"<img src=x onerror=alert(1)>"');
    expect(quoteText('abcdef', 3)).toBe('"abc…" (6 characters)');
  });
});

describe('formatValue by wire type', () => {
  it('name-list (RFC 4251 §5 example "zlib,none") as a list', () => {
    const f = formatValue({ type: 'name-list', value: ['zlib', 'none'], length: 13 });
    expect(f.list).toEqual(['zlib', 'none']);
    expect(f.short).toBe('2 names: zlib,none');
    expect(f.full).toBe('zlib,none');
    expect(formatValue({ type: 'name-list', value: [], length: 4 }).short).toBe('(empty list)');
  });
  it('byte, boolean, uint32', () => {
    expect(formatValue({ type: 'byte', value: 20, length: 1 }).short).toBe('20 (0x14)');
    expect(formatValue({ type: 'boolean', value: false, length: 1 }).short).toBe('FALSE (0)');
    expect(formatValue({ type: 'uint32', value: 1132, length: 4 }).short).toBe('1,132');
  });
  it('bytes: hex preview, CR LF named, printable strings as text', () => {
    expect(formatValue({ type: 'bytes', value: new Uint8Array([13, 10]), length: 2 }).short).toBe('CR LF (0d 0a)');
    const s = formatValue({ type: 'string', value: new TextEncoder().encode('ssh-ed25519'), length: 15 });
    expect(s.short).toBe('"ssh-ed25519" (11 bytes)');
    expect(s.full).toBe(Buffer.from('ssh-ed25519').toString('hex'));
    const key = new Uint8Array(32).fill(1);
    expect(formatValue({ type: 'string', value: key, length: 36 }).short).toBe('01 01 01 01 01 01 01 01 01 01 01 01 … (32 bytes)');
  });
  it('text values are quoted', () => {
    expect(formatValue({ type: 'string', value: 'ssh-userauth', length: 16 }).short).toBe('"ssh-userauth"');
  });
  it('never throws, whatever the value', () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withTypedArray: true, withMap: true, withSet: true }), (v) => {
        const r = formatValue({ type: 'bytes', value: v, length: 0 });
        expect(typeof r.short).toBe('string');
      }),
    );
  });
});

describe('formatSpan', () => {
  it('inclusive end, unit', () => {
    expect(formatSpan(6, 16)).toBe('6–21 (16 bytes)');
    expect(formatSpan(4, 1)).toBe('4–4 (1 byte)');
    expect(formatSpan(9, 0)).toBe('at 9 (0 bytes)');
  });
});
