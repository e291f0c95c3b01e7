// Ciphers and MACs against published vectors and an independent implementation (the openssl
// CLI, when present), then the packet framings as properties.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chacha20orig } from '@noble/ciphers/chacha.js';
import { bytesToBigint, fromHex, toHex, utf8 } from '../wire/bytes';
import { ciphers } from './cipher';
import { macImpls } from './mac';
import { createUmac } from './mac/umac';
import { createProtection, ctrKeystream } from './protection';
import type { PacketProtection } from './types';
import { buildPacket, paddingLength } from '../transport/packet';

const hasOpenssl = existsSync('/usr/bin/openssl');

describe('UMAC (RFC 4418 appendix; key "abcdefghijklmnop", nonce "bcdefghi")', () => {
  const key = utf8('abcdefghijklmnop');
  const nonce = utf8('bcdefghi');
  // The RFC's table (the 2^25 row, 32 MiB and subject to erratum 3507, is left out for time).
  const rows: [string, Uint8Array, string, string, string][] = [
    ['<empty>', new Uint8Array(0), '113145FB', '6E155FAD26900BE1', '32FEDB100C79AD58F07FF764'],
    ["'a' * 3", utf8('aaa'), '3B91D102', '44B5CB542F220104', '185E4FE905CBA7BD85E4C2DC'],
    ["'a' * 2^10", new Uint8Array(1 << 10).fill(97), '599B350B', '26BF2F5D60118BD9', '7A54ABE04AF82D60FB298C3C'],
    ["'a' * 2^15", new Uint8Array(1 << 15).fill(97), '58DCF532', '27F8EF643B0D118D', '7B136BD911E4B734286EF2BE'],
    ["'a' * 2^20", new Uint8Array(1 << 20).fill(97), 'DB6364D1', 'A4477E87E9F55853', 'F8ACFA3AC31CFEEA047F7B11'],
    ["'abc' * 1", utf8('abc'), 'ABF3A3A0', 'D4D7B9F6BD4FBFCF', '883C3D4B97A61976FFCF2323'],
    ["'abc' * 500", utf8('abc'.repeat(500)), 'ABEB3C8B', 'D4CF26DDEFD5C01A', '8824A260C53C66A36C9260A6'],
  ];
  const hex = (b: Uint8Array) => toHex(b).toUpperCase();
  for (const [label, msg, t32, t64, t96] of rows) {
    it(label, () => {
      expect(hex(createUmac(key, 4).tag(msg, nonce))).toBe(t32);
      expect(hex(createUmac(key, 8).tag(msg, nonce))).toBe(t64);
      expect(hex(createUmac(key, 12).tag(msg, nonce))).toBe(t96);
      // UMAC-128's iterations extend UMAC-96's: its first 12 bytes are the 96-bit tag.
      expect(hex(createUmac(key, 16).tag(msg, nonce)).slice(0, 24)).toBe(t96);
    });
  }
});

describe('HMAC (RFC 4231 test case 2, RFC 2202 test case 2) through the MAC objects', () => {
  // The MACs hash uint32 seq || data; "what do ya want for nothing?" starts with "what" = seq.
  const seq = 0x77686174;
  const data = utf8(' do ya want for nothing?');
  const key = utf8('Jefe');
  it('hmac-sha2-256 / -512 / sha1 (keys shorter than the hash are allowed by HMAC)', () => {
    const sha256 = macImpls['hmac-sha2-256'].create(key)(seq, data);
    expect(toHex(sha256)).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
    const sha512 = macImpls['hmac-sha2-512'].create(key)(seq, data);
    expect(toHex(sha512)).toBe(
      '164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737',
    );
    const sha1 = macImpls['hmac-sha1'].create(key)(seq, data);
    expect(toHex(sha1)).toBe('effcdf6ae5eb2fa2d27416d5f184df9c259a7c79');
  });
});

describe.skipIf(!hasOpenssl)('AES-CTR and ChaCha20 against the openssl CLI', () => {
  const openssl = (args: string[], input: Uint8Array) => new Uint8Array(execFileSync('/usr/bin/openssl', args, { input }));
  it('AES-CTR: a 128-bit counter that carries across all 16 bytes (RFC 4344 §4)', () => {
    const key = fromHex('2b7e151628aed2a6abf7158809cf4f3c');
    for (const ivHex of ['f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff', '00000000fffffffffffffffffffffffe', 'fffffffffffffffffffffffffffffffe']) {
      const zeros = new Uint8Array(80);
      const expected = openssl(['enc', '-aes-128-ctr', '-K', toHex(key), '-iv', ivHex, '-nosalt', '-nopad'], zeros);
      expect(toHex(ctrKeystream(key, bytesToBigint(fromHex(ivHex)), 0n, 80))).toBe(toHex(expected));
      // Starting two blocks in gives the same stream, two blocks on.
      expect(toHex(ctrKeystream(key, bytesToBigint(fromHex(ivHex)), 2n, 48))).toBe(toHex(expected.subarray(32)));
    }
  });
  it('SP 800-38A F.5.1, first block', () => {
    const ks = ctrKeystream(fromHex('2b7e151628aed2a6abf7158809cf4f3c'), bytesToBigint(fromHex('f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff')), 0n, 16);
    const pt = fromHex('6bc1bee22e409f96e93d7e117393172a');
    expect(toHex(pt.map((b, i) => b ^ ks[i]))).toBe('874d6191b620e3261bef6864990db6ce');
  });
  it('original ChaCha20 with a 64-bit nonce and counter (as chacha20-poly1305@openssh.com uses it)', () => {
    const key = fromHex('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
    const nonce = fromHex('0000000000000007'); // the sequence number, big-endian
    // openssl's 16-byte IV is the state's words 12–15: counter (LE, 64-bit here) then the nonce.
    const iv = '0100000000000000' + toHex(nonce);
    const expected = openssl(['enc', '-chacha20', '-K', toHex(key), '-iv', iv, '-nosalt'], new Uint8Array(100));
    expect(toHex(chacha20orig(key, nonce, new Uint8Array(100), undefined, 1))).toBe(toHex(expected));
  });
});

// ---- framing properties ----------------------------------------------------------------------

const combos: { cipher: string; mac: string }[] = [];
for (const c of Object.values(ciphers)) {
  if (c.aead) combos.push({ cipher: c.name, mac: '<implicit>' });
  else for (const m of Object.keys(macImpls)) combos.push({ cipher: c.name, mac: m });
}

function protection(cipher: string, mac: string, seed: number): PacketProtection {
  const c = ciphers[cipher];
  const fill = (n: number, k: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + k + seed) & 255);
  return createProtection({
    cipher,
    mac,
    encKey: fill(c.keyLength, 1),
    iv: fill(c.ivLength, 2),
    macKey: fill(mac === '<implicit>' ? 0 : macImpls[mac].keyLength, 3),
  });
}

function packetFor(payload: Uint8Array, p: PacketProtection): Uint8Array {
  return buildPacket(payload, new Uint8Array(paddingLength(payload.length, p.blockSize, p.mode)).fill(0xaa));
}

describe('packet protection', () => {
  for (const { cipher, mac } of combos) {
    it(`${cipher} + ${mac}: seal → open over consecutive packets; any flipped bit is refused`, () => {
      fc.assert(
        fc.property(fc.array(fc.uint8Array({ minLength: 1, maxLength: 300 }), { minLength: 1, maxLength: 4 }), fc.nat(), fc.nat(), (payloads, seq0, flip) => {
          let tx = protection(cipher, mac, 1);
          let rx = protection(cipher, mac, 1);
          payloads.forEach((payload, i) => {
            const seq = (seq0 + i) >>> 0;
            const packet = packetFor(payload, tx);
            const sealed = tx.seal(seq, packet);
            tx = sealed.next;
            const wire = sealed.wire;
            expect(wire.length).toBe(packet.length + tx.macLength);
            expect(rx.peekLength(seq, wire.subarray(0, rx.lengthPrefixSize))).toBe(packet.length - 4);
            // A flipped bit anywhere fails authentication (and must not throw).
            const bad = wire.slice();
            bad[flip % bad.length] ^= 1 << (flip % 8);
            expect(rx.open(seq, bad).ok).toBe(false);
            const opened = rx.open(seq, wire);
            expect(opened.ok).toBe(true);
            if (opened.ok) {
              expect(toHex(opened.packet)).toBe(toHex(packet));
              rx = opened.next;
            }
          });
        }),
        { numRuns: 15 },
      );
    });
  }

  it('open and peekLength never throw on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.constantFrom(...combos), fc.uint8Array({ minLength: 16, maxLength: 200 }), fc.nat(), ({ cipher, mac }, bytes, seq) => {
        const p = protection(cipher, mac, 2);
        p.peekLength(seq, bytes.subarray(0, p.lengthPrefixSize));
        expect(p.open(seq, bytes).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('the wrong sequence number fails authentication (AES-GCM: a replayed packet does)', () => {
    for (const { cipher, mac } of combos) {
      const tx = protection(cipher, mac, 3);
      const rx = protection(cipher, mac, 3);
      const { wire } = tx.seal(5, packetFor(utf8('hello'), tx));
      if (cipher.includes('gcm')) {
        // GCM's nonce is its own invocation counter, not the sequence number (RFC 5647 §7.1).
        const first = rx.open(5, wire);
        expect(first.ok).toBe(true);
        if (first.ok) expect(first.next.open(6, wire).ok, `${cipher} replay`).toBe(false);
      } else {
        expect(rx.open(6, wire).ok, `${cipher} ${mac}`).toBe(false);
      }
    }
  });
});
