// Explanation keys: the names the brief and the content team agreed on, and nothing a step can
// carry is missing from EXPLAIN_KEYS.

import { describe, expect, it } from 'vitest';
import { allSpecs } from '../ssh/messages/specs';
import { EXPLAIN_KEYS, kexConceptKey, messageExplainKey } from './explain';

describe('explain keys', () => {
  it('messages: kebab case of the name without SSH_MSG_', () => {
    expect(messageExplainKey('SSH_MSG_KEXINIT', 20)).toBe('messages/kexinit');
    expect(messageExplainKey('SSH_MSG_KEX_ECDH_REPLY', 31)).toBe('messages/kex-ecdh-reply');
    expect(messageExplainKey('SSH_MSG_KEX_DH_GEX_REQUEST', 34)).toBe('messages/kex-dh-gex-request');
    expect(messageExplainKey('identification string', undefined)).toBe('messages/identification');
    expect(messageExplainKey('banner line', undefined)).toBe('messages/banner');
  });
  it('packets that could not be read explain the failure', () => {
    expect(messageExplainKey('undecryptable packet', undefined)).toBe('concepts/mac-error');
    expect(messageExplainKey('malformed message 31', 31)).toBe('concepts/malformed-packet');
  });
  it('user authentication, connection and ping messages: one explanation per family', () => {
    expect(messageExplainKey('SSH_MSG_USERAUTH_REQUEST', 50)).toBe('messages/userauth-request');
    expect(messageExplainKey('SSH_MSG_USERAUTH_PK_OK', 60)).toBe('messages/userauth-replies');
    expect(messageExplainKey('userauth method message 60', 60)).toBe('messages/userauth-replies');
    expect(messageExplainKey('SSH_MSG_USERAUTH_INFO_RESPONSE', 61)).toBe('messages/keyboard-interactive');
    expect(messageExplainKey('SSH_MSG_CHANNEL_EXTENDED_DATA', 95)).toBe('messages/channel-data');
    expect(messageExplainKey('SSH2_MSG_PONG', 193)).toBe('messages/ping');
  });
  it('numbers without a layout', () => {
    expect(messageExplainKey('message 150', 150)).toBe('messages/higher-layer');
    expect(messageExplainKey('kex message 40', 40)).toBe('messages/unknown');
    expect(messageExplainKey('message 9', 9)).toBe('messages/unknown');
  });
  it('every transport message layout has a key, and every key is listed once', () => {
    for (const s of allSpecs) expect(EXPLAIN_KEYS).toContain(messageExplainKey(s.name, s.number));
    expect(new Set(EXPLAIN_KEYS).size).toBe(EXPLAIN_KEYS.length);
    for (const k of EXPLAIN_KEYS) expect(k).toMatch(/^(messages|concepts)\/[a-z0-9]+(-[a-z0-9]+)*$/);
  });
  it('kex families', () => {
    expect(kexConceptKey('diffie-hellman-group14-sha256')).toBe('concepts/dh');
    expect(kexConceptKey('diffie-hellman-group-exchange-sha256')).toBe('concepts/dh');
    expect(kexConceptKey('curve25519-sha256')).toBe('concepts/ecdh');
    expect(kexConceptKey('ecdh-sha2-nistp256')).toBe('concepts/ecdh');
    // Not ECDH's page: a hybrid's K is a hash of two secrets, sent as a string, not an mpint.
    for (const k of ['mlkem768x25519-sha256', 'mlkem768nistp256-sha256', 'mlkem1024nistp384-sha384', 'sntrup761x25519-sha512', 'sntrup761x25519-sha512@openssh.com']) {
      expect(kexConceptKey(k)).toBe('concepts/hybrid-kex');
    }
  });
});
