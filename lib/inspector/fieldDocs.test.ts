import { describe, expect, it } from 'vitest';
import { fieldDoc } from './fieldDocs';

describe('fieldDoc', () => {
  it('reads message field docs from the layout tables', () => {
    expect(fieldDoc('cookie')).toMatch(/16 random bytes/);
    // RFC 4253 §7.1's reason, not "unique": neither side alone decides the keys.
    expect(fieldDoc('cookie')).toMatch(/neither side alone can fully determine the keys and the session id/);
    expect(fieldDoc('e')).toBe('e = g^x mod p');
  });
  it('describes framing fields', () => {
    expect(fieldDoc('packet_length')).toMatch(/padding_length, payload and padding/);
  });
  it('says what RFC 4253 §4.2, §6 and §6.4 say (issue 11 corrections)', () => {
    expect(fieldDoc('softwareversion')).toMatch(/no whitespace and no minus sign/);
    expect(fieldDoc('protoversion')).toMatch(/"2\.0"/);
    expect(fieldDoc('protoversion')).not.toMatch(/SSH-2\.0-/);
    expect(fieldDoc('random padding')).toMatch(/4 to 255/);
    expect(fieldDoc('random padding')).toMatch(/block size or 8, whichever is larger/);
    expect(fieldDoc('random padding')).toMatch(/packet_length is left out/);
    expect(fieldDoc('authentication tag')).toMatch(/chacha20-poly1305/);
    expect(fieldDoc('authentication tag')).toMatch(/AES-GCM/);
    expect(fieldDoc('always_display')).toMatch(/SHOULD be displayed/);
  });
  it('knows that e inside a host key blob is the RSA exponent', () => {
    expect(fieldDoc('e', 'K_S')).toBe('RSA public exponent.');
  });
  it('returns undefined for unknown names', () => {
    expect(fieldDoc('no-such-field')).toBeUndefined();
  });
});
