import { describe, expect, it } from 'vitest';
import { findCommon, guessIsRight, negotiate, type KexInitLists } from './negotiate';

function lists(p: Partial<Record<'kex' | 'hostKey' | 'cipher' | 'mac', string[]>>, guess = false): KexInitLists {
  return {
    kex_algorithms: p.kex ?? ['curve25519-sha256'],
    server_host_key_algorithms: p.hostKey ?? ['ssh-ed25519'],
    encryption_algorithms_client_to_server: p.cipher ?? ['aes128-ctr'],
    encryption_algorithms_server_to_client: p.cipher ?? ['aes128-ctr'],
    mac_algorithms_client_to_server: p.mac ?? ['hmac-sha2-256'],
    mac_algorithms_server_to_client: p.mac ?? ['hmac-sha2-256'],
    compression_algorithms_client_to_server: ['none'],
    compression_algorithms_server_to_client: ['none'],
    first_kex_packet_follows: guess,
  };
}

const aead = (c: string) => c.includes('gcm') || c.startsWith('chacha20');

describe('negotiate (RFC 4253 §7.1)', () => {
  it("takes the client's first choice the server supports, whatever the server's order", () => {
    const r = negotiate(
      lists({ cipher: ['aes256-ctr', 'aes128-ctr', 'aes192-ctr'] }),
      lists({ cipher: ['aes192-ctr', 'aes128-ctr'] }),
      aead,
    );
    expect(r.ok && r.negotiated.cipherC2S).toBe('aes128-ctr');
    const choice = r.ok ? r.negotiated.choices.find((c) => c.category === 'cipherC2S') : undefined;
    expect(choice?.explanation).toBe(
      "aes128-ctr is the first algorithm on the client's list (#2) that the server also supports (server's #2); the server does not offer aes256-ctr.",
    );
  });

  it('never picks the feature markers inside kex_algorithms', () => {
    const r = negotiate(
      lists({ kex: ['ext-info-c', 'kex-strict-c-v00@openssh.com', 'ecdh-sha2-nistp256'] }),
      lists({ kex: ['ext-info-c', 'kex-strict-c-v00@openssh.com', 'ecdh-sha2-nistp256'] }),
      aead,
    );
    expect(r.ok && r.negotiated.kex).toBe('ecdh-sha2-nistp256');
  });

  it('an AEAD cipher makes the MAC implicit even when the MAC lists share nothing', () => {
    const r = negotiate(lists({ cipher: ['aes128-gcm@openssh.com'], mac: ['hmac-sha1'] }), lists({ cipher: ['aes128-gcm@openssh.com'], mac: ['umac-64@openssh.com'] }), aead);
    expect(r.ok && r.negotiated.macC2S).toBe('<implicit>');
  });

  it('fails on the first category with nothing in common, naming both lists', () => {
    const r = negotiate(lists({ hostKey: ['ssh-ed25519'], mac: ['a'] }), lists({ hostKey: ['rsa-sha2-256'], mac: ['b'] }), aead);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.choice.category).toBe('hostKey');
      expect(r.reason).toBe('no common host key algorithm: client offers [ssh-ed25519], server offers [rsa-sha2-256]');
    }
  });

  it('findCommon is empty-safe', () => {
    expect(findCommon([], ['a'])).toBeNull();
    expect(findCommon(['a'], [])).toBeNull();
  });
});

describe('guessIsRight (RFC 4253 §7)', () => {
  it('right only when both preferred kex and host key match', () => {
    expect(guessIsRight(lists({}), lists({})).right).toBe(true);
    expect(guessIsRight(lists({ kex: ['a', 'b'] }), lists({ kex: ['b', 'a'] })).right).toBe(false);
    expect(guessIsRight(lists({ hostKey: ['x', 'y'] }), lists({ hostKey: ['y', 'x'] })).right).toBe(false);
  });
});
