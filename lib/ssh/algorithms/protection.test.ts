// Packet protection as properties: every cipher × MAC (and each AEAD alone) round-trips over
// consecutive packets, refuses any flipped bit, and never throws on arbitrary input. The
// vectors for the algorithms themselves are beside them, in cipher/ and mac/.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex, u32be, utf8 } from '../wire/bytes';
import { ciphers } from './cipher';
import { macImpls } from './mac';
import { createProtection, noProtection } from './protection';
import type { PacketProtection } from './types';
import { buildPacket, paddingLength } from '../transport/packet';

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

const esc = (x: string) => x.replace(/[.]/g, '\\.');

/**
 * What a failed open must say, per family: what the tag or MAC was computed from. Only the MACs
 * take the sequence number as input; ChaCha20 takes it as its nonce; GCM does not take it at all.
 */
function failureReason(cipher: string, mac: string, seq: number, packet: number): RegExp {
  if (cipher.includes('gcm')) {
    return new RegExp(`^authentication tag mismatch \\(${esc(cipher)}\\): checked with nonce = fixed field \\|\\| invocation counter 0x[0-9a-f]{16}, this side's packet ${packet} under these keys \\(RFC 5647 §7\\.1\\); the sequence number \\(${seq}\\) is no input to the tag$`);
  }
  if (cipher.startsWith('chacha20')) return new RegExp(`^Poly1305 tag mismatch \\(${esc(cipher)}, seq ${seq}\\): the sequence number is the nonce of both ChaCha20 instances`);
  const covered = macImpls[mac].etm ? 'the sequence number, packet_length and ciphertext' : 'the sequence number and the decrypted packet';
  return new RegExp(`^MAC mismatch \\(${esc(mac)}, seq ${seq}\\): the MAC over ${covered} does not match$`);
}

describe('packet protection: every cipher × MAC', () => {
  for (const { cipher, mac } of combos) {
    it(`${cipher} + ${mac}: seal → open over consecutive packets; any flipped bit is refused`, () => {
      fc.assert(
        fc.property(
          fc.array(fc.uint8Array({ minLength: 0, maxLength: 300 }), { minLength: 1, maxLength: 4 }),
          fc.nat(),
          fc.array(fc.nat(), { minLength: 4, maxLength: 4 }),
          (payloads, seq0, flips) => {
            let tx = protection(cipher, mac, 1);
            let rx = protection(cipher, mac, 1);
            payloads.forEach((payload, i) => {
              const seq = (seq0 + i) >>> 0;
              const packet = packetFor(payload, tx);
              const sealed = tx.seal(seq, packet);
              const wire = sealed.wire;
              expect(wire.length).toBe(packet.length + tx.macLength);
              // Pure: sealing again with the same value gives the same bytes.
              expect(toHex(tx.seal(seq, packet).wire)).toBe(toHex(wire));
              tx = sealed.next;
              expect(rx.peekLength(seq, wire.subarray(0, rx.lengthPrefixSize))).toBe(packet.length - 4);
              // A flipped bit anywhere (length, ciphertext or tag) fails authentication, without a throw.
              const bit = flips[i] % (wire.length * 8);
              const bad = wire.slice();
              bad[bit >> 3] ^= 1 << (bit & 7);
              rx.peekLength(seq, bad.subarray(0, rx.lengthPrefixSize));
              const refused = rx.open(seq, bad);
              expect(refused.ok).toBe(false);
              if (!refused.ok) expect(refused.reason).toMatch(failureReason(cipher, mac, seq, i + 1));
              const opened = rx.open(seq, wire);
              expect(opened.ok).toBe(true);
              if (opened.ok) {
                expect(toHex(opened.packet)).toBe(toHex(packet));
                rx = opened.next;
              }
            });
          },
        ),
        { numRuns: 12 },
      );
    });
  }

  it('open and peekLength never throw on arbitrary bytes (any length, any state)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...combos), fc.uint8Array({ minLength: 0, maxLength: 120 }), fc.nat(), fc.nat({ max: 3 }), ({ cipher, mac }, bytes, seq, skip) => {
        let p = protection(cipher, mac, 2);
        // Move the CTR position / GCM counter off its start first.
        for (let i = 0; i < skip; i++) p = p.seal(i, packetFor(utf8('x'), p)).next;
        p.peekLength(seq, bytes.subarray(0, p.lengthPrefixSize));
        p.peekLength(seq, bytes.subarray(0, 2));
        expect(p.open(seq, bytes).ok).toBe(false);
      }),
      { numRuns: 400 },
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

  it("GCM's failure names the invocation counter it used, which moves per packet and not with the sequence number", () => {
    const tx = protection('aes128-gcm@openssh.com', '<implicit>', 5);
    const rx = protection('aes128-gcm@openssh.com', '<implicit>', 5);
    const first = tx.seal(7, packetFor(utf8('one'), tx));
    const second = first.next.seal(8, packetFor(utf8('two'), first.next));
    // The receiver never saw the first packet: it opens the second with the first one's counter.
    const r = rx.open(8, second.wire);
    expect(r.ok).toBe(false);
    const iv = ciphers['aes128-gcm@openssh.com'];
    const counter = Uint8Array.from({ length: iv.ivLength }, (_, i) => (i * 31 + 2 + 5) & 255).subarray(4);
    if (!r.ok) {
      expect(r.reason).toContain(`invocation counter 0x${toHex(counter)}, this side's packet 1 under these keys`);
      expect(r.reason).not.toMatch(/over the sequence number/);
    }
  });

  it('a truncated packet is refused with a reason, not a throw', () => {
    const p = protection('aes128-ctr', 'hmac-sha2-256-etm@openssh.com', 4);
    const r = p.open(9, new Uint8Array(10));
    expect(r).toEqual({ ok: false, reason: expect.stringMatching(/truncated packet \(hmac-sha2-256-etm@openssh.com, seq 9\)/) });
  });
});

describe('framing shapes', () => {
  const shape = (cipher: string, mac: string) => {
    const p = protection(cipher, mac, 0);
    return { mode: p.mode, blockSize: p.blockSize, macLength: p.macLength, lengthPrefixSize: p.lengthPrefixSize, layout: p.layout(60) };
  };
  it('encrypt-and-MAC: the whole packet encrypted, the length read from the first block', () => {
    expect(shape('aes256-ctr', 'hmac-sha2-512')).toEqual({
      mode: 'encrypt-and-mac',
      blockSize: 16,
      macLength: 64,
      lengthPrefixSize: 16,
      layout: { mode: 'encrypt-and-mac', lengthEncrypted: true, encrypted: { offset: 0, length: 64 }, mac: { offset: 64, length: 64 } },
    });
  });
  it('encrypt-then-MAC: length in clear', () => {
    expect(shape('aes128-ctr', 'umac-64-etm@openssh.com')).toEqual({
      mode: 'encrypt-then-mac',
      blockSize: 16,
      macLength: 8,
      lengthPrefixSize: 4,
      layout: { mode: 'encrypt-then-mac', lengthEncrypted: false, encrypted: { offset: 4, length: 60 }, mac: { offset: 64, length: 8 } },
    });
  });
  it('AES-GCM: length in clear (the AAD), 16-byte tag', () => {
    expect(shape('aes256-gcm@openssh.com', '<implicit>')).toMatchObject({
      mode: 'aead',
      blockSize: 16,
      macLength: 16,
      lengthPrefixSize: 4,
      layout: { lengthEncrypted: false, encrypted: { offset: 4, length: 60 }, mac: { offset: 64, length: 16 } },
    });
  });
  it('chacha20-poly1305: length encrypted with K_1, 8-byte blocks', () => {
    expect(shape('chacha20-poly1305@openssh.com', '<implicit>')).toMatchObject({
      mode: 'aead',
      blockSize: 8,
      macLength: 16,
      lengthPrefixSize: 4,
      layout: { lengthEncrypted: true, encrypted: { offset: 4, length: 60 }, mac: { offset: 64, length: 16 } },
    });
  });
  it('AEAD ciphers ignore the negotiated MAC', () => {
    const a = createProtection({ cipher: 'aes128-gcm@openssh.com', mac: 'hmac-sha2-256', encKey: new Uint8Array(16), iv: new Uint8Array(12), macKey: new Uint8Array(32) });
    expect(a.mac).toBe('<implicit>');
  });
});

describe('noProtection (before the first NEWKEYS)', () => {
  it('passes packets through, 8-byte blocks, no MAC', () => {
    const packet = buildPacket(utf8('hi'), new Uint8Array(paddingLength(2, 8, 'none')));
    const { wire, next } = noProtection.seal(0, packet);
    expect(wire).toEqual(packet);
    expect(next).toBe(noProtection);
    expect(noProtection.peekLength(0, wire)).toBe(packet.length - 4);
    expect(noProtection.open(0, wire)).toEqual({ ok: true, packet, next: noProtection });
    expect(noProtection).toMatchObject({ mode: 'none', blockSize: 8, macLength: 0, lengthPrefixSize: 4 });
    expect(noProtection.layout(12)).toEqual({ mode: 'none', lengthEncrypted: false, encrypted: null, mac: null });
  });
  it('is what createProtection gives for cipher "none" with MAC "none"', () => {
    expect(createProtection({ cipher: 'none', mac: 'none', encKey: new Uint8Array(0), iv: new Uint8Array(0), macKey: new Uint8Array(0) })).toBe(noProtection);
  });
});

describe('createProtection: programmer errors throw, naming the problem', () => {
  const base = { cipher: 'aes128-ctr', mac: 'hmac-sha2-256', encKey: new Uint8Array(16), iv: new Uint8Array(16), macKey: new Uint8Array(32) };
  it.each([
    [{ cipher: 'aes128-cbc' }, /unknown cipher aes128-cbc/],
    [{ mac: 'hmac-md5' }, /unknown MAC hmac-md5/],
    [{ encKey: new Uint8Array(32) }, /aes128-ctr needs a 16-byte key, got 32/],
    [{ iv: new Uint8Array(12) }, /aes128-ctr needs a 16-byte IV, got 12/],
    [{ macKey: new Uint8Array(20) }, /hmac-sha2-256 needs a 32-byte key, got 20/],
    [{ cipher: 'chacha20-poly1305@openssh.com', encKey: new Uint8Array(32), iv: new Uint8Array(0) }, /needs a 64-byte key/],
    [{ cipher: 'aes256-gcm@openssh.com', encKey: new Uint8Array(32), iv: new Uint8Array(16) }, /needs a 12-byte IV/],
  ])('%o', (patch, message) => {
    expect(() => createProtection({ ...base, ...patch })).toThrow(message);
  });
  it('keys are copied: changing the caller’s buffers later changes nothing', () => {
    const keys = { ...base, encKey: new Uint8Array(16).fill(1), macKey: new Uint8Array(32).fill(2) };
    const p = createProtection(keys);
    const packet = buildPacket(utf8('abc'), new Uint8Array(paddingLength(3, 16, 'encrypt-and-mac')));
    const before = toHex(p.seal(0, packet).wire);
    keys.encKey.fill(9);
    keys.macKey.fill(9);
    expect(toHex(p.seal(0, packet).wire)).toBe(before);
  });
  it('the sequence number is taken mod 2^32 as RFC 4253 §6.4 says it wraps', () => {
    const p = protection('aes128-ctr', 'hmac-sha2-256', 5);
    const packet = buildPacket(u32be(1), new Uint8Array(paddingLength(4, 16, 'encrypt-and-mac')));
    expect(toHex(p.seal(2 ** 32 + 3, packet).wire)).toBe(toHex(p.seal(3, packet).wire));
  });
});
