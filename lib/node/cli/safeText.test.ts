// safeText: no character a terminal acts on survives, ordinary text is untouched, and the result
// never exceeds its limit (the schema's limits rely on that).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeJson, safeText } from './safeText';

// What a terminal acts on: C0, DEL, C1, bidi controls, line/paragraph separators, lone surrogates.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('safeText', () => {
  it('leaves printable text, UTF-8 letters and emoji alone', () => {
    for (const s of ['SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3', 'Grüße, 世界 🔐', '']) expect(safeText(s)).toBe(s);
  });

  it('escapes an OSC title sequence, CSI, C1 and bidi overrides visibly', () => {
    expect(safeText('\x1b]0;pwned\x07ok')).toBe('\\x1b]0;pwned\\x07ok');
    expect(safeText('\x1b[2J\x1b[32mhandshake complete\x1b[0m')).toBe('\\x1b[2J\\x1b[32mhandshake complete\\x1b[0m');
    expect(safeText('a\u009b31mb\u007f')).toBe('a\\x9b31mb\\x7f');
    expect(safeText('file\u202egnp.exe')).toBe('file\\u{202e}gnp.exe');
    expect(safeText('line1\r\nline2\t')).toBe('line1\\x0d\\x0aline2\\x09');
  });

  it('is idempotent: text made safe once (a stored title) is shown as it is', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        const once = safeText(s, 200);
        expect(safeText(once, 200)).toBe(once);
      }),
    );
  });

  it('cuts long text at the limit with the original length', () => {
    const s = 'x'.repeat(5000);
    const t = safeText(s, 200);
    expect(t.length).toBeLessThanOrEqual(200);
    expect(t).toMatch(/^x+… \(5000 characters\)$/);
    // Escapes are never cut in half.
    expect(safeText('\x1b'.repeat(100), 60)).toMatch(/^(\\x1b)+… \(100 characters\)$/);
  });

  it('property: never longer than the limit, never an unsafe character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.integer({ min: 40, max: 500 }), (s, max) => {
        const t = safeText(s, max);
        expect(t.length).toBeLessThanOrEqual(max);
        expect(UNSAFE.test(t)).toBe(false);
      }),
    );
  });
});

describe('safeJson', () => {
  it('the same value, with C1 and bidi characters as \\u escapes', () => {
    const value = { title: '\u009b2J\u202e\x1b', n: 1 };
    const text = safeJson(JSON.stringify(value));
    expect(UNSAFE.test(text)).toBe(false);
    expect(JSON.parse(text)).toEqual(value);
  });
});
