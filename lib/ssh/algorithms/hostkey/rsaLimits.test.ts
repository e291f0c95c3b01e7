// RSA keys are sized before any arithmetic: a hostile n or e must cost nothing. Where a test says
// "would take minutes", the numbers are chosen so that computing the signature check would run far
// past the test timeout: a pass proves the refusal came first.

import { describe, expect, it } from 'vitest';
import { bigintToBytes, utf8 } from '../../wire/bytes';
import { Reader } from '../../wire/reader';
import { Writer } from '../../wire/writer';
import { hostKeyAlgorithms } from './index';
import { KeyFileError, parseOpenSshPrivateKey, serializeOpenSshPrivateKey } from './opensshKey';
import { MAX_RSA_BITS, rsaPublicKeyProblem } from './rsa';

const rsa = hostKeyAlgorithms['rsa-sha2-256'];
const data = utf8('exchange hash');

/** An odd number of exactly `bits` bits (not a real modulus: sizes are all that is checked first). */
const oddOfBits = (bits: number) => (1n << BigInt(bits - 1)) | 0x1234567n | 1n;
const publicBlob = (e: bigint, n: bigint) => new Writer().string('ssh-rsa').mpint(e).mpint(n).bytes();
/** A signature value just below n, so that only the size checks stand between it and modPow. */
const signatureFor = (n: bigint) => {
  const k = Math.ceil(n.toString(2).length / 8);
  return new Writer().string('rsa-sha2-256').string(bigintToBytes(n - 2n, k)).bytes();
};

describe('RSA public key limits (checked before any modular arithmetic)', () => {
  it('a 16384-bit modulus is the largest accepted: verification runs (and fails on the digest)', () => {
    const n = oddOfBits(MAX_RSA_BITS);
    expect(rsaPublicKeyProblem(n, 65537n)).toBeNull();
    expect(rsa.verify(publicBlob(65537n, n), signatureFor(n), data)).toMatchObject({ ok: false, reason: expect.stringContaining('signature does not match') });
  });

  it('a 16385-bit modulus is refused, naming its size', () => {
    const n = oddOfBits(16385);
    expect(rsa.verify(publicBlob(65537n, n), signatureFor(n), data)).toEqual({
      ok: false,
      reason: 'RSA modulus of 16385 bits is above the 16384-bit maximum',
    });
  });

  it('a 32768-bit n with a 262144-bit e is refused without computing (computing would take minutes)', () => {
    const n = oddOfBits(32768);
    const e = oddOfBits(1 << 18);
    expect(rsa.verify(publicBlob(e, n), signatureFor(n), data)).toEqual({
      ok: false,
      reason: 'RSA modulus of 32768 bits is above the 16384-bit maximum',
    });
  });

  it('e = 2^32 and e = 2^32 + 1 are refused for their size; e = 2^32 − 1 is accepted', () => {
    const n = oddOfBits(2048);
    const tooBig = 'RSA public exponent of 33 bits is too large (e must be below 2^32)';
    expect(rsa.verify(publicBlob(1n << 32n, n), signatureFor(n), data)).toEqual({ ok: false, reason: tooBig });
    expect(rsa.verify(publicBlob((1n << 32n) + 1n, n), signatureFor(n), data)).toEqual({ ok: false, reason: tooBig });
    expect(rsa.verify(publicBlob((1n << 32n) - 1n, n), signatureFor(n), data)).toMatchObject({ ok: false, reason: expect.stringContaining('signature does not match') });
  });

  it('a 1048576-bit e on a 16384-bit n is refused without computing (computing would take minutes)', () => {
    const n = oddOfBits(MAX_RSA_BITS);
    expect(rsa.verify(publicBlob(oddOfBits(1 << 20), n), signatureFor(n), data)).toEqual({
      ok: false,
      reason: 'RSA public exponent of 1048576 bits is too large (e must be below 2^32)',
    });
  });

  it('the old rules still hold: the minimum size, and an odd e of at least 3', () => {
    expect(rsaPublicKeyProblem(oddOfBits(1023), 65537n)).toBe('RSA modulus of 1023 bits is below the 1024-bit minimum');
    expect(rsaPublicKeyProblem(-oddOfBits(2048), 65537n)).toBe('RSA modulus of 0 bits is below the 1024-bit minimum');
    expect(rsaPublicKeyProblem(oddOfBits(2048), 65536n)).toBe('RSA public exponent 65536 is invalid (it must be odd and at least 3)');
    expect(rsaPublicKeyProblem(oddOfBits(2048), 1n)).toBe('RSA public exponent 1 is invalid (it must be odd and at least 3)');
  });
});

describe('RSA private keys obey the same limits', () => {
  // Fields in OpenSSH's order (n, e, d, iqmp, p, q); only sizes matter before the arithmetic.
  const hugePair = () => {
    const n = oddOfBits(32768);
    const e = oddOfBits(1 << 18);
    return {
      keyType: 'ssh-rsa',
      publicBlob: publicBlob(e, n),
      privateBlob: new Writer().mpint(n).mpint(e).mpint(oddOfBits(32768)).mpint(3n).mpint(oddOfBits(16384)).mpint(oddOfBits(16384)).bytes(),
    };
  };

  it('signing with a 32768-bit key from a hostile recording is refused at once', () => {
    expect(() => rsa.sign(hugePair(), data)).toThrow('RSA modulus of 32768 bits is above the 16384-bit maximum');
  });

  it('primes larger than the modulus are refused', () => {
    const key = rsa.demoKey(utf8('limits'));
    // The demo key's fields again, with a 4096-bit p: n stays 2048 bits.
    const rd = new Reader(key.privateBlob);
    const fields = ['n', 'e', 'd', 'iqmp', 'p', 'q'].map((f) => rd.mpint(f));
    fields[4] = oddOfBits(4096);
    const w = new Writer();
    for (const v of fields) w.mpint(v);
    expect(() => rsa.sign({ ...key, privateBlob: w.bytes() }, data)).toThrow('RSA primes p and q are larger than the modulus');
  });

  it('an OpenSSH key file with a 32768-bit modulus is refused with the reason', () => {
    const text = serializeOpenSshPrivateKey(hugePair(), 'hostile', 7);
    expect(() => parseOpenSshPrivateKey(text)).toThrow(KeyFileError);
    expect(() => parseOpenSshPrivateKey(text)).toThrow('RSA modulus of 32768 bits is above the 16384-bit maximum');
  });
});
