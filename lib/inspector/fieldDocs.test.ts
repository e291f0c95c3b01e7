import { describe, expect, it } from 'vitest';
import { fieldDoc } from './fieldDocs';

describe('fieldDoc', () => {
  it('reads message field docs from the layout tables', () => {
    expect(fieldDoc('cookie')).toMatch(/16 random bytes/);
    expect(fieldDoc('e')).toBe('e = g^x mod p');
  });
  it('describes framing fields', () => {
    expect(fieldDoc('packet_length')).toMatch(/padding_length, payload and padding/);
  });
  it('knows that e inside a host key blob is the RSA exponent', () => {
    expect(fieldDoc('e', 'K_S')).toBe('RSA public exponent.');
  });
  it('returns undefined for unknown names', () => {
    expect(fieldDoc('no-such-field')).toBeUndefined();
  });
});
