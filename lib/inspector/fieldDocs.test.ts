import { describe, expect, it } from 'vitest';
import { allFieldSpecs } from '../ssh/messages/layout';
import { higherLayerSpecs, methodSpecs } from '../ssh/messages/specs';
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
  it('reads user authentication and connection fields from their layout tables, by message where names repeat', () => {
    expect(fieldDoc('data', undefined, 'SSH_MSG_IGNORE')).toMatch(/must ignore/);
    expect(fieldDoc('data', undefined, 'SSH_MSG_CHANNEL_DATA')).toMatch(/count against the window/);
    expect(fieldDoc('signature', undefined, 'SSH_MSG_KEX_ECDH_REPLY')).toMatch(/exchange hash H/);
    expect(fieldDoc('signature', undefined, 'SSH_MSG_USERAUTH_REQUEST')).toMatch(/session identifier/);
    expect(fieldDoc('password', undefined, 'SSH_MSG_USERAUTH_REQUEST')).toMatch(/plaintext/);
    // RFC 4256 numbers list items from 1: prompt[2] is a prompt.
    expect(fieldDoc('prompt[2]', 'prompts', 'SSH_MSG_USERAUTH_INFO_REQUEST')).toBe(fieldDoc('prompt', undefined, 'SSH_MSG_USERAUTH_INFO_REQUEST'));
    expect(fieldDoc('response[1]', 'responses', 'SSH_MSG_USERAUTH_INFO_RESPONSE')).toMatch(/one-time code/);
    expect(fieldDoc('data_type_code')).toMatch(/stderr/);
    expect(fieldDoc('TTY_OP_END')).toMatch(/RFC 4254 §8/);
    // Inside a userauth public key blob, e is still RSA's exponent.
    expect(fieldDoc('e', 'public_key_blob')).toBe('RSA public exponent.');
  });
  it('every field of a user authentication, connection or ping message has a doc', () => {
    for (const s of [...higherLayerSpecs, ...Object.values(methodSpecs).flat()]) {
      for (const f of allFieldSpecs(s)) expect(fieldDoc(f.name, undefined, s.name), `${s.name} ${f.name}`).toBeTruthy();
    }
  });
  it('returns undefined for unknown names', () => {
    expect(fieldDoc('no-such-field')).toBeUndefined();
  });
});
