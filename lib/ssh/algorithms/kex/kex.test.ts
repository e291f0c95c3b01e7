import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bigintToBytes, fromHex, toHex } from '../../wire/bytes';
import { Reader } from '../../wire/reader';
import { encodeMpint, encodeMpintFromUnsigned } from '../../wire/writer';
import { chooseGexGroup, groupBits, groups, kexAlgorithms } from './index';
import { modPow } from './dh';
import { exchangeHash, exchangeHashInputs } from './exchangeHash';
import type { DhKexAlgorithm } from '../types';

/** A Diffie-Hellman-style method by name (the hybrids have their own tests in hybrid.test.ts). */
function dh(name: string): DhKexAlgorithm {
  const m = kexAlgorithms[name];
  if (m.family === 'hybrid') throw new Error(`${name} is a hybrid method`);
  return m;
}

const x25519 = dh('curve25519-sha256');

describe('curve25519-sha256 (RFC 8731) over X25519 (RFC 7748)', () => {
  it('RFC 7748 §5.2: the first scalar × u-coordinate vector', () => {
    const r = x25519.sharedSecret(
      fromHex('a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4'),
      fromHex('e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c'),
    );
    expect(r.ok && toHex(r.K)).toBe(toHex(encodeMpintFromUnsigned(fromHex('c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552'))));
  });

  it('RFC 7748 §6.1: Alice and Bob agree on K', () => {
    const alice = x25519.keypair(fromHex('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a'));
    const bob = x25519.keypair(fromHex('5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb'));
    expect(toHex(alice.publicKey)).toBe('8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a');
    expect(toHex(bob.publicKey)).toBe('de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f');
    const k1 = x25519.sharedSecret(alice.privateKey, bob.publicKey);
    const k2 = x25519.sharedSecret(bob.privateKey, alice.publicKey);
    const shared = '4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742';
    // K enters the hash as an mpint: 4-byte length, no sign byte needed since 0x4a < 0x80.
    expect(k1.ok && toHex(k1.K)).toBe('00000020' + shared);
    expect(k2.ok && toHex(k2.K)).toBe('00000020' + shared);
  });

  it('rejects a low-order point (all-zero shared secret) and wrong lengths', () => {
    const priv = fromHex('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a');
    expect(x25519.sharedSecret(priv, new Uint8Array(32)).ok).toBe(false);
    expect(x25519.sharedSecret(priv, new Uint8Array(31)).ok).toBe(false);
  });
});

describe('ecdh-sha2-nistp* (RFC 5656)', () => {
  it('RFC 5903 §8.1 P-256: the shared x-coordinate', () => {
    const p256 = dh('ecdh-sha2-nistp256');
    const gr = fromHex(
      '04' + 'd12dfb5289c8d4f81208b70270398c342296970a0bccb74c736fc7554494bf63' + '56fbf3ca366cc23e8157854c13c58d6aac23f046ada30f8353e74f33039872ab',
    );
    const r = p256.sharedSecret(fromHex('c88f01f510d9ac3f70a292daa2316de544e9aab8afe84049c62a9c57862d1433'), gr);
    expect(r.ok && toHex(r.K)).toBe('0000002100' + 'd6840f6b42f6edafd13116e0e12565202fef8e9ece7dce03812464d04b9442de');
  });

  for (const name of ['ecdh-sha2-nistp256', 'ecdh-sha2-nistp384', 'ecdh-sha2-nistp521']) {
    it(`${name}: both sides agree; points off the curve are refused`, () => {
      const m = dh(name);
      fc.assert(
        fc.property(fc.uint8Array({ minLength: m.entropyLength(), maxLength: m.entropyLength() }), fc.uint8Array({ minLength: m.entropyLength(), maxLength: m.entropyLength() }), (ea, eb) => {
          const a = m.keypair(ea);
          const b = m.keypair(eb);
          const k1 = m.sharedSecret(a.privateKey, b.publicKey);
          const k2 = m.sharedSecret(b.privateKey, a.publicKey);
          expect(k1.ok && k2.ok && toHex(k1.K) === toHex(k2.K)).toBe(true);
          const bad = b.publicKey.slice();
          bad[bad.length - 1] ^= 1;
          expect(m.sharedSecret(a.privateKey, bad).ok).toBe(false);
        }),
        { numRuns: 5 },
      );
    });
  }
});

/** floor(pi · 2^bits) by Machin's formula, in bigint: the RFCs define their primes through it. */
function piTimes2Pow(bits: number): bigint {
  const guard = 64n;
  const one = 1n << (BigInt(bits) + guard);
  const atanInv = (x: bigint) => {
    let term = one / x;
    let sum = term;
    const x2 = x * x;
    for (let n = 1n; term !== 0n; n++) {
      term /= x2;
      sum += (n % 2n ? -1n : 1n) * (term / (2n * n + 1n));
    }
    return sum;
  };
  return (4n * (4n * atanInv(5n) - atanInv(239n))) >> guard;
}

function probablyPrime(n: bigint, bases: bigint[]): boolean {
  let d = n - 1n;
  let r = 0;
  while (d % 2n === 0n) {
    d /= 2n;
    r++;
  }
  outer: for (const a of bases) {
    let x = modPow(a, d, n);
    if (x === 1n || x === n - 1n) continue;
    for (let i = 1; i < r; i++) {
      x = (x * x) % n;
      if (x === n - 1n) continue outer;
    }
    return false;
  }
  return true;
}

describe('MODP groups (RFC 3526, RFC 2409)', () => {
  const defs: [keyof typeof groups, number, bigint][] = [
    ['oakley2', 1024, 129093n],
    ['modp2048', 2048, 124476n],
    ['modp3072', 3072, 1690314n],
    ['modp4096', 4096, 240904n],
    ['modp6144', 6144, 929484n],
    ['modp8192', 8192, 4743158n],
  ];
  for (const [key, n, c] of defs) {
    it(`${groups[key].name}: p = 2^${n} - 2^${n - 64} - 1 + 2^64 · (⌊2^${n - 130} π⌋ + ${c})`, () => {
      const N = BigInt(n);
      const p = (1n << N) - (1n << (N - 64n)) - 1n + (1n << 64n) * (piTimes2Pow(n - 130) + c);
      expect(groups[key].p).toBe(p);
      expect(groupBits(groups[key])).toBe(n);
    });
  }
  it('groups 1 and 14 are safe primes', () => {
    for (const g of [groups.oakley2, groups.modp2048]) {
      expect(probablyPrime(g.p, [2n, 3n])).toBe(true);
      expect(probablyPrime((g.p - 1n) / 2n, [2n, 3n])).toBe(true);
    }
  });
});

describe('finite-field DH', () => {
  const dh14 = dh('diffie-hellman-group14-sha256');
  it('both sides agree (group14)', () => {
    const a = dh14.keypair(new Uint8Array(64).fill(3));
    const b = dh14.keypair(new Uint8Array(64).fill(9));
    const k1 = dh14.sharedSecret(a.privateKey, b.publicKey);
    const k2 = dh14.sharedSecret(b.privateKey, a.publicKey);
    expect(k1.ok && k2.ok && toHex(k1.K) === toHex(k2.K)).toBe(true);
  });
  it('refuses f = 0, 1, p-1, p, p+1 (RFC 4253 §8)', () => {
    const a = dh14.keypair(new Uint8Array(64).fill(3));
    const p = groups.modp2048.p;
    for (const f of [0n, 1n, p - 1n, p, p + 1n]) {
      expect(dh14.sharedSecret(a.privateKey, bigintToBytes(f)).ok, `f = ${f}`).toBe(false);
    }
  });
  it('group exchange: the server picks the smallest group of at least n bits within [min, max]', () => {
    expect(groupBits(chooseGexGroup(2048, 3072, 8192)!)).toBe(3072);
    expect(groupBits(chooseGexGroup(2048, 2500, 8192)!)).toBe(3072);
    expect(groupBits(chooseGexGroup(1024, 9000, 4096)!)).toBe(4096);
    expect(chooseGexGroup(512, 1024, 1024)).toBeNull();
  });
});

describe('exchangeHashInputs', () => {
  it('orders and encodes the DH-GEX inputs as RFC 4419 §3 lists them', () => {
    const inputs = exchangeHashInputs({
      family: 'dh-gex',
      V_C: 'SSH-2.0-a',
      V_S: 'SSH-2.0-b',
      I_C: Uint8Array.of(20, 1),
      I_S: Uint8Array.of(20, 2),
      K_S: Uint8Array.of(7),
      clientPublic: Uint8Array.of(0x80),
      serverPublic: Uint8Array.of(5),
      K: encodeMpint(42n),
      gex: { min: 2048, n: 3072, max: 8192, p: 23n, g: 5n },
    });
    expect(inputs.map((i) => i.name)).toEqual(['V_C', 'V_S', 'I_C', 'I_S', 'K_S', 'min', 'n', 'max', 'p', 'g', 'e', 'f', 'K']);
    const e = new Reader(inputs[10].bytes).mpint('e');
    expect(e).toBe(0x80n); // unsigned value: needs a 0x00 sign byte
    expect(toHex(inputs[10].bytes)).toBe('000000020080');
    expect(new Reader(inputs[0].bytes).text('V_C')).toBe('SSH-2.0-a');
    expect(toHex(exchangeHash('sha256', inputs))).toHaveLength(64);
  });
  it('ECDH uses Q_C/Q_S strings (RFC 5656 §4)', () => {
    const inputs = exchangeHashInputs({
      family: 'ecdh',
      V_C: 'a',
      V_S: 'b',
      I_C: new Uint8Array(0),
      I_S: new Uint8Array(0),
      K_S: new Uint8Array(0),
      clientPublic: Uint8Array.of(1, 2),
      serverPublic: Uint8Array.of(3),
      K: encodeMpint(1n),
    });
    expect(inputs.map((i) => i.name)).toEqual(['V_C', 'V_S', 'I_C', 'I_S', 'K_S', 'Q_C', 'Q_S', 'K']);
    expect(toHex(inputs[5].bytes)).toBe('000000020102');
  });
});
