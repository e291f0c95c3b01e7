import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatKeylog, KeylogError, parseKeylog } from './keylog';

const cookie = '0123456789abcdef0123456789abcdef';

describe('parseKeylog', () => {
  it('reads both kinds, skips comments and blank lines', () => {
    const e = parseKeylog(`# made by a test\n\n${cookie} PRIVATE_KEY 77\r\n${cookie.toUpperCase()} SHARED_SECRET 00ff\n`);
    expect(e.map((x) => x.kind)).toEqual(['PRIVATE_KEY', 'SHARED_SECRET']);
    expect(Array.from(e[0]!.secret)).toEqual([0x77]);
    expect(Array.from(e[1]!.secret)).toEqual([0x00, 0xff]);
    expect(e[1]!.cookie[0]).toBe(0x01);
  });

  it.each([
    [`${cookie} PRIVATE_KEY`, 1, /3 fields|found 2/],
    [`abcd PRIVATE_KEY 00`, 1, /32 hex digits/],
    [`${cookie} SESSION_KEY 00`, 1, /unknown kind/],
    [`\n${cookie} SHARED_SECRET 0`, 2, /even number/],
    [`${cookie} SHARED_SECRET zz`, 1, /hex/],
  ])('refuses %j at line %i', (text, line, re) => {
    try {
      parseKeylog(text);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(KeylogError);
      expect((e as KeylogError).line).toBe(line);
      expect((e as Error).message).toMatch(re);
    }
  });

  it('format then parse gives the same entries', () => {
    const entry = fc.record({
      cookie: fc.uint8Array({ minLength: 16, maxLength: 16 }),
      kind: fc.constantFrom('PRIVATE_KEY' as const, 'SHARED_SECRET' as const),
      secret: fc.uint8Array({ minLength: 1, maxLength: 80 }),
    });
    fc.assert(fc.property(fc.array(entry, { maxLength: 5 }), (es) => {
      expect(parseKeylog(formatKeylog(es))).toEqual(es);
    }));
  });
});
