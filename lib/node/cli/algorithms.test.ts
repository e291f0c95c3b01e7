import { describe, expect, it } from 'vitest';
import { algorithmFlags } from './algorithms';
import { UsageError } from './args';

describe('algorithm flags', () => {
  it('keeps the given order and maps flags to config keys', () => {
    expect(algorithmFlags({ kex: 'ecdh-sha2-nistp256,curve25519-sha256', mac: 'hmac-sha1' })).toEqual({
      kex: ['ecdh-sha2-nistp256', 'curve25519-sha256'],
      mac: ['hmac-sha1'],
    });
  });
  it('--kex takes every post-quantum hybrid, sntrup761x25519-sha512 under both its names too', () => {
    const names = ['mlkem768x25519-sha256', 'sntrup761x25519-sha512', 'sntrup761x25519-sha512@openssh.com', 'mlkem768nistp256-sha256', 'mlkem1024nistp384-sha384'];
    expect(algorithmFlags({ kex: names.join(',') })).toEqual({ kex: names });
  });
  it('refuses a name the engine does not implement, naming the flag and the name', () => {
    expect(() => algorithmFlags({ cipher: 'aes128-ctr,aes999-ctr' })).toThrow(UsageError);
    expect(() => algorithmFlags({ cipher: 'aes128-ctr,aes999-ctr' })).toThrow(/^--cipher: sshscope does not implement aes999-ctr \(it knows: .*aes128-ctr/);
    // Inherited object keys are not algorithms.
    expect(() => algorithmFlags({ kex: 'constructor' })).toThrow(/--kex: sshscope does not implement constructor/);
  });
});
