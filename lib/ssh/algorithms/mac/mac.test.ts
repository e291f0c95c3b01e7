// The HMAC MACs against RFC 4231 (HMAC-SHA-256/512) and RFC 2202 (HMAC-SHA-1), through the MAC
// objects the packet layer uses. SSH MACs cover uint32 seq || data (RFC 4253 §6.4), so each
// vector's first four bytes are passed as the sequence number and the rest as data.

import { describe, expect, it } from 'vitest';
import { fromHex, readU32, toHex, utf8 } from '../../wire/bytes';
import { macImpls, macs } from './index';

const fill = (n: number, b: number) => new Uint8Array(n).fill(b);
const range = (from: number, to: number) => Uint8Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** The MAC over `message`, its first four bytes taken as the sequence number. */
function tag(name: string, key: Uint8Array, message: Uint8Array): string {
  return toHex(macImpls[name].create(key)(readU32(message, 0), message.subarray(4)));
}

describe('RFC 4231 HMAC-SHA-256 / HMAC-SHA-512 (test cases 1–4, 6, 7)', () => {
  const big = fill(131, 0xaa);
  const cases: { tc: number; key: Uint8Array; data: Uint8Array; sha256: string; sha512: string }[] = [
    {
      tc: 1,
      key: fill(20, 0x0b),
      data: utf8('Hi There'),
      sha256: 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
      sha512: '87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854',
    },
    {
      tc: 2,
      key: utf8('Jefe'),
      data: utf8('what do ya want for nothing?'),
      sha256: '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
      sha512: '164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737',
    },
    {
      tc: 3,
      key: fill(20, 0xaa),
      data: fill(50, 0xdd),
      sha256: '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe',
      sha512: 'fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb',
    },
    {
      tc: 4,
      key: range(1, 25),
      data: fill(50, 0xcd),
      sha256: '82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b',
      sha512: 'b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3dba91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd',
    },
    {
      tc: 6,
      key: big,
      data: utf8('Test Using Larger Than Block-Size Key - Hash Key First'),
      sha256: '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
      sha512: '80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598',
    },
    {
      tc: 7,
      key: big,
      data: utf8(
        'This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.',
      ),
      sha256: '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
      sha512: 'e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58',
    },
  ];
  for (const c of cases) {
    it(`test case ${c.tc}`, () => {
      expect(tag('hmac-sha2-256', c.key, c.data)).toBe(c.sha256);
      expect(tag('hmac-sha2-256-etm@openssh.com', c.key, c.data)).toBe(c.sha256);
      expect(tag('hmac-sha2-512', c.key, c.data)).toBe(c.sha512);
      expect(tag('hmac-sha2-512-etm@openssh.com', c.key, c.data)).toBe(c.sha512);
    });
  }
});

describe('RFC 2202 HMAC-SHA-1 (test cases 1–7)', () => {
  const cases: [number, Uint8Array, Uint8Array, string][] = [
    [1, fill(20, 0x0b), utf8('Hi There'), 'b617318655057264e28bc0b6fb378c8ef146be00'],
    [2, utf8('Jefe'), utf8('what do ya want for nothing?'), 'effcdf6ae5eb2fa2d27416d5f184df9c259a7c79'],
    [3, fill(20, 0xaa), fill(50, 0xdd), '125d7342b9ac11cd91a39af48aa17b4f63f175d3'],
    [4, range(1, 25), fill(50, 0xcd), '4c9007f4026250c6bc8414f9bf50c86c2d7235da'],
    [5, fill(20, 0x0c), utf8('Test With Truncation'), '4c1a03424b55e07fe7f27be1d58bb9324a9a5a04'],
    [6, fill(80, 0xaa), utf8('Test Using Larger Than Block-Size Key - Hash Key First'), 'aa4ae5e15272d00e95705637ce8a3b55ed402112'],
    [7, fill(80, 0xaa), utf8('Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data'), 'e8e99d0f45237d786d6bbaa7965c7808bbff1a91'],
  ];
  for (const [tc, key, data, expected] of cases) {
    it(`test case ${tc}`, () => {
      expect(tag('hmac-sha1', key, data)).toBe(expected);
      expect(tag('hmac-sha1-etm@openssh.com', key, data)).toBe(expected);
    });
  }
});

describe('MAC registry', () => {
  it('names, key and tag lengths, EtM flags', () => {
    const rows = Object.fromEntries(Object.values(macs).map((m) => [m.name, [m.keyLength, m.macLength, m.etm]]));
    expect(rows).toEqual({
      'hmac-sha2-256': [32, 32, false],
      'hmac-sha2-512': [64, 64, false],
      'hmac-sha1': [20, 20, false],
      'hmac-sha2-256-etm@openssh.com': [32, 32, true],
      'hmac-sha2-512-etm@openssh.com': [64, 64, true],
      'hmac-sha1-etm@openssh.com': [20, 20, true],
      'umac-64@openssh.com': [16, 8, false],
      'umac-128@openssh.com': [16, 16, false],
      'umac-64-etm@openssh.com': [16, 8, true],
      'umac-128-etm@openssh.com': [16, 16, true],
    });
  });
  it('every MAC cites its source (how good each is: ../ratings.test.ts)', () => {
    for (const m of Object.values(macs)) {
      expect(m.ref, m.name).toMatch(/RFC (4253|6668|4418)/);
    }
  });
  it('the sequence number is the first four bytes MACed, big-endian (RFC 4253 §6.4)', () => {
    const key = fromHex('0b'.repeat(20));
    expect(toHex(macImpls['hmac-sha1'].create(key)(0x48692054, utf8('here')))).toBe('b617318655057264e28bc0b6fb378c8ef146be00');
  });
});
