// The ciphers through the packet path (createProtection), against published vectors and two
// independent implementations: OpenSSL (node:crypto, and the openssl CLI when present) and
// OpenSSH's own cipher-chachapoly.c.

import { createCipheriv, createHmac } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gcm } from '@noble/ciphers/aes.js';
import { chacha20orig } from '@noble/ciphers/chacha.js';
import { poly1305 } from '@noble/ciphers/_poly1305.js';
import { bytesToBigint, concat, fromHex, toHex, u32be, utf8 } from '../../wire/bytes';
import { createProtection, ctrXor } from '../protection';
import type { PacketProtection } from '../types';
import { ciphers } from './index';

describe('cipher registry', () => {
  it('holds the six ciphers with the sizes OpenSSH uses', () => {
    const sizes = Object.fromEntries(Object.values(ciphers).map((c) => [c.name, [c.keyLength, c.ivLength, c.blockSize, c.aead?.tagLength ?? 0]]));
    expect(sizes).toEqual({
      'aes128-ctr': [16, 16, 16, 0],
      'aes192-ctr': [24, 16, 16, 0],
      'aes256-ctr': [32, 16, 16, 0],
      'aes128-gcm@openssh.com': [16, 12, 16, 16],
      'aes256-gcm@openssh.com': [32, 12, 16, 16],
      'chacha20-poly1305@openssh.com': [64, 0, 8, 16],
    });
    for (const c of Object.values(ciphers)) expect(c.ref).toMatch(/RFC|OpenSSH/);
  });
});

// ---- AES-CTR ---------------------------------------------------------------------------------

// NIST SP 800-38A Appendix F.5: one plaintext, initial counter block f0f1…ff, three key sizes.
const SP800_38A = {
  counter: 'f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff',
  plaintext:
    '6bc1bee22e409f96e93d7e117393172a' + 'ae2d8a571e03ac9c9eb76fac45af8e51' + '30c81c46a35ce411e5fbc1191a0a52ef' + 'f69f2445df4f9b17ad2b417be66c3710',
  cases: [
    {
      section: 'F.5.1 CTR-AES128.Encrypt',
      cipher: 'aes128-ctr',
      key: '2b7e151628aed2a6abf7158809cf4f3c',
      ciphertext:
        '874d6191b620e3261bef6864990db6ce' + '9806f66b7970fdff8617187bb9fffdff' + '5ae4df3edbd5d35e5b4f09020db03eab' + '1e031dda2fbe03d1792170a0f3009cee',
    },
    {
      section: 'F.5.3 CTR-AES192.Encrypt',
      cipher: 'aes192-ctr',
      key: '8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b',
      ciphertext:
        '1abc932417521ca24f2b0459fe7e6e0b' + '090339ec0aa6faefd5ccc2c6f4ce8e94' + '1e36b26bd1ebc670d1bd1d665620abf7' + '4f78a7f6d29809585a97daec58c6b050',
    },
    {
      section: 'F.5.5 CTR-AES256.Encrypt',
      cipher: 'aes256-ctr',
      key: '603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4',
      ciphertext:
        '601ec313775789a5b7a7f504bbf3d228' + 'f443e3ca4d62b59aca84e990cacaf5c5' + '2b0930daa23de94ce87017ba2d84988d' + 'dfc9c58db67aada613c2dd08457941a6',
    },
  ],
};

const macKey = new Uint8Array(32).fill(7);
const ctrProtection = (cipher: string, key: Uint8Array, iv: Uint8Array, mac = 'hmac-sha2-256') =>
  createProtection({ cipher, mac, encKey: key, iv, macKey: mac.startsWith('umac') ? macKey.subarray(0, 16) : macKey });

describe('AES-CTR through the packet path: NIST SP 800-38A', () => {
  const pt = fromHex(SP800_38A.plaintext);
  for (const v of SP800_38A.cases) {
    it(`${v.section}: one packet, and the counter carrying over two packets (E&M)`, () => {
      const p = ctrProtection(v.cipher, fromHex(v.key), fromHex(SP800_38A.counter));
      // Encrypt-and-MAC encrypts the whole packet from the first byte: the wire starts with the ciphertext.
      const one = p.seal(3, pt);
      expect(toHex(one.wire.subarray(0, 64))).toBe(v.ciphertext);
      // Blocks 1–2 as one packet, 3–4 as the next: the counter continues (RFC 4344 §4).
      const a = p.seal(3, pt.subarray(0, 32));
      const b = a.next.seal(4, pt.subarray(32));
      expect(toHex(concat(a.wire.subarray(0, 32), b.wire.subarray(0, 32)))).toBe(v.ciphertext);
      // And back: open() decrypts the NIST ciphertext (with the MAC the sender appended).
      const opened = p.open(3, one.wire);
      expect(opened.ok && toHex(opened.packet)).toBe(SP800_38A.plaintext);
    });
    it(`${v.section}: encrypt-then-MAC keeps packet_length clear and starts the keystream after it`, () => {
      const p = ctrProtection(v.cipher, fromHex(v.key), fromHex(SP800_38A.counter), 'hmac-sha2-256-etm@openssh.com');
      const packet = concat(u32be(64), pt);
      const { wire } = p.seal(0, packet);
      expect(toHex(wire.subarray(0, 4))).toBe('00000040');
      expect(toHex(wire.subarray(4, 68))).toBe(v.ciphertext);
    });
  }
  it('a packet that is not block-aligned continues mid-block (stream semantics; the engine rejects such lengths first)', () => {
    const v = SP800_38A.cases[0];
    const p = ctrProtection(v.cipher, fromHex(v.key), fromHex(SP800_38A.counter));
    const a = p.seal(0, pt.subarray(0, 20));
    const b = a.next.seal(1, pt.subarray(20));
    expect(toHex(concat(a.wire.subarray(0, 20), b.wire.subarray(0, 44)))).toBe(v.ciphertext);
  });
});

describe('AES-CTR: the 128-bit counter wraps like OpenSSL’s (node:crypto)', () => {
  const key = fromHex('2b7e151628aed2a6abf7158809cf4f3c');
  for (const ivHex of ['00000000fffffffffffffffffffffffe', '0000000000000000fffffffffffffffe', 'fffffffffffffffffffffffffffffffe']) {
    it(`IV ${ivHex}`, () => {
      const zeros = new Uint8Array(96);
      const c = createCipheriv('aes-128-ctr', key, fromHex(ivHex));
      const expected = new Uint8Array(Buffer.concat([c.update(zeros), c.final()]));
      const iv = bytesToBigint(fromHex(ivHex));
      expect(toHex(ctrXor(key, iv, 0, zeros))).toBe(toHex(expected));
      expect(toHex(ctrXor(key, iv, 37, zeros.subarray(37)))).toBe(toHex(expected.subarray(37)));
      // Through packets: 32 then 64 bytes, the second starting past the wrap.
      let p: PacketProtection = ctrProtection('aes128-ctr', key, fromHex(ivHex));
      const first = p.seal(0, zeros.subarray(0, 32));
      p = first.next;
      const second = p.seal(1, zeros.subarray(32));
      expect(toHex(concat(first.wire.subarray(0, 32), second.wire.subarray(0, 64)))).toBe(toHex(expected));
    });
  }
});

// ---- AES-GCM ---------------------------------------------------------------------------------

describe('AES-GCM', () => {
  // McGrew & Viega, "The Galois/Counter Mode of Operation (GCM)", test cases 4 and 16: the
  // primitive we call, with a 96-bit IV and AAD. (No published vector has SSH's 4-byte AAD, so
  // the framing is checked against OpenSSL below.)
  const P = fromHex(
    'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39',
  );
  const A = fromHex('feedfacedeadbeeffeedfacedeadbeefabaddad2');
  const IV = fromHex('cafebabefacedbaddecaf888');
  it('GCM spec test case 4 (AES-128) and 16 (AES-256)', () => {
    const k128 = fromHex('feffe9928665731c6d6a8f9467308308');
    expect(toHex(gcm(k128, IV, A).encrypt(P))).toBe(
      '42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091' +
        '5bc94fbc3221a5db94fae95ae7121a47',
    );
    const k256 = fromHex('feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308');
    expect(toHex(gcm(k256, IV, A).encrypt(P))).toBe(
      '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662' +
        '76fc6ece0f4e1768cddf8853bb2d551b',
    );
  });

  /** OpenSSL's GCM (node:crypto) with the RFC 5647 framing spelled out independently. */
  function opensslGcm(key: Uint8Array, nonce: Uint8Array, packet: Uint8Array): string {
    const c = createCipheriv(key.length === 16 ? 'aes-128-gcm' : 'aes-256-gcm', key, nonce);
    c.setAAD(packet.subarray(0, 4));
    const ct = Buffer.concat([c.update(packet.subarray(4)), c.final()]);
    return toHex(packet.subarray(0, 4)) + ct.toString('hex') + c.getAuthTag().toString('hex');
  }

  for (const [name, keyLength] of [['aes128-gcm@openssh.com', 16], ['aes256-gcm@openssh.com', 32]] as const) {
    it(`${name}: length as AAD, nonce = fixed || invocation counter, +1 per packet and wrapping at 2^64 (RFC 5647 §7.1)`, () => {
      const key = Uint8Array.from({ length: keyLength }, (_, i) => i * 3 + 1);
      const fixed = fromHex('a1b2c3d4');
      const packet = (n: number) => concat(u32be(28), Uint8Array.of(6), utf8(`hello packet ${n}!!!!`), new Uint8Array(6).fill(n));
      let p = createProtection({ cipher: name, mac: 'hmac-sha2-256', encKey: key, iv: concat(fixed, fromHex('fffffffffffffffe')), macKey: new Uint8Array(0) });
      const expectedCounters = ['fffffffffffffffe', 'ffffffffffffffff', '0000000000000000', '0000000000000001'];
      expectedCounters.forEach((counter, n) => {
        const sealed = p.seal(100 + n, packet(n));
        expect(toHex(sealed.wire), `packet ${n}`).toBe(opensslGcm(key, concat(fixed, fromHex(counter)), packet(n)));
        p = sealed.next;
      });
    });
  }
});

// ---- chacha20-poly1305@openssh.com -----------------------------------------------------------

describe('chacha20-poly1305@openssh.com', () => {
  const key = Uint8Array.from({ length: 64 }, (_, i) => i); // K_2 = 00..1f, K_1 = 20..3f
  // packet_length 28, padding_length 6, then the bytes 0x45..0x5f.
  const packet = concat(u32be(28), Uint8Array.of(6), Uint8Array.from({ length: 27 }, (_, i) => 0x45 + i));
  const make = () => createProtection({ cipher: 'chacha20-poly1305@openssh.com', mac: '<implicit>', encKey: key, iv: new Uint8Array(0), macKey: new Uint8Array(0) });

  // Produced by OpenSSH's own cipher-chachapoly.c + chacha.c + poly1305.c (openssh-portable
  // 0ef0f5a8), compiled into a throwaway harness that called chachapoly_crypt(ctx, seq, out,
  // packet, 28, 4, 16, 1) with the key and packet above. Our code was not involved.
  const openssh: [number, string][] = [
    [0, '94450e451efd0476e5afec9a5f2c122eff121c74ace4a5a2b9f40107b0a5a24dfce9370c443ef84a4b4bed909489f785'],
    [7, 'a39afcb62e03530406ca60152020f5bf87de817f60e7666126ba67d81c374580d107ed3dd4e1893db2974b3c93c47df1'],
    [0x01020304, 'bc79806790875af593586ce298206ab3f8110827557842806be03785d12f12f5738166a282818c3d44ed9ee7dddf087a'],
  ];
  for (const [seq, wireHex] of openssh) {
    it(`seq ${seq}: the wire bytes OpenSSH's chachapoly_crypt produces; peekLength and open invert them`, () => {
      const p = make();
      expect(toHex(p.seal(seq, packet).wire)).toBe(wireHex);
      const wire = fromHex(wireHex);
      expect(p.peekLength(seq, wire.subarray(0, 4))).toBe(28);
      const opened = p.open(seq, wire);
      expect(opened.ok && toHex(opened.packet)).toBe(toHex(packet));
    });
  }

  it('Poly1305 as used: RFC 8439 §2.5.2 vector', () => {
    const k = fromHex('85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b');
    expect(toHex(poly1305(utf8('Cryptographic Forum Research Group'), k))).toBe('a8061dc1305136c6c22b8baf0c0127a9');
  });

  const hasOpenssl = existsSync('/usr/bin/openssl');
  describe.skipIf(!hasOpenssl)('against the openssl CLI (enc -chacha20, mac POLY1305)', () => {
    const openssl = (args: string[], input: Uint8Array) => new Uint8Array(execFileSync('/usr/bin/openssl', args, { input }));
    // openssl's ChaCha20 IV is the state's words 12–15 as bytes: a 32-bit little-endian block
    // counter then a 96-bit nonce. The original ChaCha20 has a 64-bit counter (words 12–13) and a
    // 64-bit nonce (words 14–15), so: counter as 8 little-endian bytes || the 8-byte nonce.
    const chacha = (k: Uint8Array, nonce: Uint8Array, counter: number, data: Uint8Array) =>
      openssl(['enc', '-chacha20', '-K', toHex(k), '-iv', toHex(concat(Uint8Array.of(counter, 0, 0, 0, 0, 0, 0, 0), nonce)), '-nosalt'], data);
    for (const seq of [0, 1, 0xfffffffe, 0x80000001]) {
      it(`seq ${seq}: length with K_1 at block 0, payload with K_2 from block 1, Poly1305 keyed by K_2 block 0`, () => {
        const n = concat(new Uint8Array(4), u32be(seq)); // uint64 big-endian sequence number
        const k2 = key.subarray(0, 32);
        const k1 = key.subarray(32);
        const encLength = chacha(k1, n, 0, packet.subarray(0, 4));
        const body = chacha(k2, n, 1, packet.subarray(4));
        const polyKey = chacha(k2, n, 0, new Uint8Array(32));
        const authed = concat(encLength, body);
        const tag = new TextDecoder().decode(openssl(['mac', '-macopt', `hexkey:${toHex(polyKey)}`, 'POLY1305'], authed)).trim().toLowerCase();
        expect(toHex(make().seal(seq, packet).wire)).toBe(toHex(authed) + tag);
        // The same ChaCha20 variant as noble's chacha20orig (the building block we use).
        expect(toHex(chacha20orig(k2, n, new Uint8Array(100), undefined, 1))).toBe(toHex(chacha(k2, n, 1, new Uint8Array(100))));
      });
    }
  });
});

describe('AES-CTR + HMAC framing against OpenSSL (node:crypto)', () => {
  const key = Uint8Array.from({ length: 16 }, (_, i) => 0x10 + i);
  const iv = Uint8Array.from({ length: 16 }, (_, i) => 0xf0 + i);
  const mk = Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i);
  const packets = [0, 1, 2].map((n) => concat(u32be(28), Uint8Array.of(10), utf8(`packet #${n} payload`), new Uint8Array(10).fill(n)));
  it('encrypt-and-MAC: wire = AES-CTR(packet) || HMAC(seq || packet), the counter continuing', () => {
    const c = createCipheriv('aes-128-ctr', key, iv);
    let p = createProtection({ cipher: 'aes128-ctr', mac: 'hmac-sha2-256', encKey: key, iv, macKey: mk });
    packets.forEach((packet, i) => {
      const seq = 41 + i;
      const expected = toHex(c.update(packet)) + createHmac('sha256', mk).update(concat(u32be(seq), packet)).digest('hex');
      const sealed = p.seal(seq, packet);
      expect(toHex(sealed.wire)).toBe(expected);
      p = sealed.next;
    });
  });
  it('encrypt-then-MAC: wire = length || AES-CTR(rest) || HMAC(seq || length || ciphertext)', () => {
    const c = createCipheriv('aes-128-ctr', key, iv);
    let p = createProtection({ cipher: 'aes128-ctr', mac: 'hmac-sha2-256-etm@openssh.com', encKey: key, iv, macKey: mk });
    packets.forEach((packet, i) => {
      const seq = (0xfffffffe + i) >>> 0; // wraps to 0 on the third packet
      const authed = concat(packet.subarray(0, 4), new Uint8Array(c.update(packet.subarray(4))));
      const expected = toHex(authed) + createHmac('sha256', mk).update(concat(u32be(seq), authed)).digest('hex');
      const sealed = p.seal(seq, packet);
      expect(toHex(sealed.wire)).toBe(expected);
      p = sealed.next;
    });
  });
});
