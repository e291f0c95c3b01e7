// The PQ/T hybrid methods (draft-ietf-sshm-mlkem-hybrid-kex). The draft has no test vectors and
// ML-KEM against FIPS 203 is noble's to test; what is ours is the combination: the order of the
// parts in C_INIT and S_REPLY, their lengths, K = HASH(K_PQ || K_CL) as a string, and the checks.
// The expected values below are built from the same seeds with noble's primitives directly,
// not through the code under test. Interop with OpenSSH 10 (test/interop/trixie.test.ts) is the
// independent check.

import { x25519 } from '@noble/curves/ed25519.js';
import { p256, p384 } from '@noble/curves/nist.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { ml_kem1024, ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { describe, expect, it } from 'vitest';
import { nestedDecoders } from '../decoders';
import { concat, fromHex, toHex, u32be } from '../../wire/bytes';
import type { Field } from '../../wire/field';
import { decodeMessage, encodeMessage } from '../../messages/codec';
import { KEX_HYBRID_INIT, KEX_HYBRID_REPLY } from '../../messages/specs';
import type { HybridKexAlgorithm } from '../types';
import { exchangeHashInputs } from './exchangeHash';
import { hybridMethods } from './hybrid';
import { kexAlgorithms } from './index';
import * as sntrup761 from './sntrup761';

const method = (name: string) => kexAlgorithms[name] as HybridKexAlgorithm;
const bytes = (n: number, start: number) => Uint8Array.from({ length: n }, (_, i) => (start + i * 7) & 0xff);

describe('mlkem768x25519-sha256, computed independently from the same seeds', () => {
  const m = method('mlkem768x25519-sha256');
  const clientEntropy = bytes(m.keypairEntropyLength, 1);
  const serverEntropy = bytes(m.encapsulateEntropyLength, 100);

  // What the draft says, written out with noble's primitives.
  const seed = clientEntropy.subarray(0, 64);
  const dC = clientEntropy.subarray(64, 96);
  const kemPair = ml_kem768.keygen(seed);
  const dS = serverEntropy.subarray(0, 32);
  const encaps = ml_kem768.encapsulate(kemPair.publicKey, serverEntropy.subarray(32, 64));
  const K_CL = x25519.getSharedSecret(dS, x25519.getPublicKey(dC));
  const K = concat(u32be(32), sha256(concat(encaps.sharedSecret, K_CL)));

  it('uses all its entropy and no other: 64 + 32 bytes for the client, 32 + 32 for the server', () => {
    expect(m.keypairEntropyLength).toBe(96);
    expect(m.encapsulateEntropyLength).toBe(64);
  });

  it('C_INIT = ML-KEM-768 encapsulation key (1184) || X25519 public key (32)', () => {
    const c = m.keypair(clientEntropy);
    expect(c.publicKey.length).toBe(1216);
    expect(toHex(c.publicKey)).toBe(toHex(concat(kemPair.publicKey, x25519.getPublicKey(dC))));
  });

  it('S_REPLY = ML-KEM-768 ciphertext (1088) || X25519 public key (32); K = SHA-256(K_PQ || K_CL) as a string', () => {
    const c = m.keypair(clientEntropy);
    const s = m.encapsulate(c.publicKey, serverEntropy);
    if (!s.ok) throw new Error(s.reason);
    expect(s.reply.length).toBe(1120);
    expect(toHex(s.reply)).toBe(toHex(concat(encaps.cipherText, x25519.getPublicKey(dS))));
    expect(toHex(s.secrets.K_PQ)).toBe(toHex(encaps.sharedSecret));
    expect(toHex(s.secrets.K_CL)).toBe(toHex(K_CL));
    // A string: a 4-byte length and the 32 hash bytes as they are, never a sign byte.
    expect(toHex(s.secrets.K)).toBe(toHex(K));

    const d = m.decapsulate(c.privateKey, s.reply);
    if (!d.ok) throw new Error(d.reason);
    expect(toHex(d.secrets.K)).toBe(toHex(K));
    expect(toHex(d.secrets.K_PQ)).toBe(toHex(encaps.sharedSecret));
  });

  it('K stays a string even when its first byte is ≥ 0x80 (an mpint would add a 0x00)', () => {
    // Search seeds until the hash starts with a high bit: then string and mpint encodings differ.
    for (let i = 0; i < 64; i++) {
      const e = bytes(m.encapsulateEntropyLength, i);
      const s = m.encapsulate(m.keypair(clientEntropy).publicKey, e);
      if (!s.ok) throw new Error(s.reason);
      if (s.secrets.K[4] >= 0x80) {
        expect(s.secrets.K.length).toBe(36);
        expect(toHex(s.secrets.K.subarray(0, 4))).toBe('00000020');
        return;
      }
    }
    throw new Error('no seed gave a K with its high bit set');
  });
});

describe('sntrup761x25519-sha512 and its @openssh.com name, composed independently', () => {
  for (const name of ['sntrup761x25519-sha512', 'sntrup761x25519-sha512@openssh.com']) {
    it(`${name}: C_INIT = sntrup761 pk (1158) || X25519 (32), S_REPLY = ct (1039) || X25519 (32), K = SHA-512(K_PQ || K_CL) as a string`, () => {
      const m = method(name);
      expect(m.keypairEntropyLength).toBe(32 + 32);
      expect(m.encapsulateEntropyLength).toBe(32 + 32);
      const ce = bytes(m.keypairEntropyLength, 40);
      const se = bytes(m.encapsulateEntropyLength, 50);
      const kemPair = sntrup761.keypair(ce.subarray(0, 32));
      const dC = ce.subarray(32, 64);
      const client = m.keypair(ce);
      expect(toHex(client.publicKey)).toBe(toHex(concat(kemPair.publicKey, x25519.getPublicKey(dC))));

      const s = m.encapsulate(client.publicKey, se);
      if (!s.ok) throw new Error(s.reason);
      const dS = se.subarray(0, 32);
      const enc = sntrup761.encapsulate(kemPair.publicKey, se.subarray(32, 64));
      expect(toHex(s.reply)).toBe(toHex(concat(enc.cipherText, x25519.getPublicKey(dS))));
      const K_CL = x25519.getSharedSecret(dS, x25519.getPublicKey(dC));
      const K = concat(u32be(64), sha512(concat(enc.sharedSecret, K_CL)));
      expect(toHex(s.secrets.K)).toBe(toHex(K));

      const d = m.decapsulate(client.privateKey, s.reply);
      if (!d.ok) throw new Error(d.reason);
      expect(toHex(d.secrets.K)).toBe(toHex(K));
      expect(m.formulas('client').K).toMatch(/^K = SHA-512\(K_PQ \|\| K_CL\), encoded as a string/);
    });
  }
});

describe('the NIST-curve hybrids (PuTTY)', () => {
  const cases = [
    { name: 'mlkem768nistp256-sha256', kem: ml_kem768, curve: p256, scalar: 32, hash: sha256, init: 1184 + 65, reply: 1088 + 65 },
    { name: 'mlkem1024nistp384-sha384', kem: ml_kem1024, curve: p384, scalar: 48, hash: sha384, init: 1568 + 97, reply: 1568 + 97 },
  ] as const;
  for (const c of cases) {
    it(`${c.name}: parts, lengths and K = ${c.hash === sha256 ? 'SHA-256' : 'SHA-384'}(K_PQ || x-coordinate)`, () => {
      const m = method(c.name);
      const ce = bytes(m.keypairEntropyLength, 3);
      const se = bytes(m.encapsulateEntropyLength, 5);
      const client = m.keypair(ce);
      expect(client.publicKey.length).toBe(c.init);
      const kemPair = c.kem.keygen(ce.subarray(0, 64));
      expect(toHex(client.publicKey.subarray(0, kemPair.publicKey.length))).toBe(toHex(kemPair.publicKey));
      expect(client.publicKey[kemPair.publicKey.length]).toBe(0x04); // an uncompressed point

      const s = m.encapsulate(client.publicKey, se);
      if (!s.ok) throw new Error(s.reason);
      expect(s.reply.length).toBe(c.reply);
      const d = m.decapsulate(client.privateKey, s.reply);
      if (!d.ok) throw new Error(d.reason);
      expect(toHex(d.secrets.K)).toBe(toHex(s.secrets.K));
      // The x-coordinate of the shared point, fixed length, big-endian; computed with noble from the server's side.
      const serverPriv = s.privateKey;
      const x = c.curve.getSharedSecret(serverPriv, client.publicKey.subarray(kemPair.publicKey.length), true).subarray(1);
      expect(toHex(s.secrets.K_CL)).toBe(toHex(x));
      expect(s.secrets.K_CL.length).toBe(c.scalar);
      const encaps = c.kem.encapsulate(kemPair.publicKey, se.subarray(se.length - 32));
      expect(toHex(s.secrets.K_PQ)).toBe(toHex(encaps.sharedSecret));
      expect(toHex(s.secrets.K)).toBe(toHex(concat(u32be(c.hash(new Uint8Array()).length), c.hash(concat(encaps.sharedSecret, x)))));
    });
  }
});

describe('checks the draft asks for (§2.1)', () => {
  for (const m of hybridMethods) {
    const client = m.keypair(bytes(m.keypairEntropyLength, 9));
    const se = bytes(m.encapsulateEntropyLength, 11);
    const ok = m.encapsulate(client.publicKey, se);
    if (!ok.ok) throw new Error(ok.reason);
    const pqInit = m.init[0].length;
    const pqReply = m.reply[0].length;

    it(`${m.name}: C_INIT and S_REPLY of any other length are refused`, () => {
      for (const n of [0, client.publicKey.length - 1, client.publicKey.length + 1]) {
        const r = m.encapsulate(concat(client.publicKey, new Uint8Array(1)).subarray(0, n), se);
        expect(r.ok, `C_INIT of ${n} bytes`).toBe(false);
        if (!r.ok) expect(r.reason).toMatch(/^C_INIT must be/);
      }
      for (const n of [ok.reply.length - 1, ok.reply.length + 1]) {
        const r = m.decapsulate(client.privateKey, concat(ok.reply, new Uint8Array(1)).subarray(0, n));
        expect(r.ok, `S_REPLY of ${n} bytes`).toBe(false);
      }
    });

    it.skipIf(!m.name.startsWith('mlkem'))(`${m.name}: an encapsulation key failing FIPS 203's modulus check is refused`, () => {
      const bad = client.publicKey.slice();
      // The first 12-bit coefficient becomes 4095 ≥ q = 3329.
      bad[0] = 0xff;
      bad[1] |= 0x0f;
      const r = m.encapsulate(bad, se);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(/^C_PK2 is not a valid ML-KEM-\d+ encapsulation key/);
    });

    it(`${m.name}: an invalid ECDH public key is refused on both sides`, () => {
      const zeroInit = concat(client.publicKey.subarray(0, pqInit), new Uint8Array(m.init[1].length));
      const r1 = m.encapsulate(zeroInit, se);
      expect(r1.ok).toBe(false);
      if (!r1.ok) expect(r1.reason).toMatch(/^C_PK1: /);
      const zeroReply = concat(ok.reply.subarray(0, pqReply), new Uint8Array(m.reply[1].length));
      const r2 = m.decapsulate(client.privateKey, zeroReply);
      expect(r2.ok).toBe(false);
      if (!r2.ok) expect(r2.reason).toMatch(/^S_PK1: /);
    });

    it(`${m.name}: a changed ciphertext decapsulates to another secret (implicit rejection), so H cannot match`, () => {
      const changed = ok.reply.slice();
      changed[10] ^= 1;
      const r = m.decapsulate(client.privateKey, changed);
      expect(r.ok).toBe(true);
      if (r.ok) expect(toHex(r.secrets.K_PQ)).not.toBe(toHex(ok.secrets.K_PQ));
    });
  }

  it('X25519: a low-order S_PK1 (all-zero shared secret) is refused', () => {
    const m = method('mlkem768x25519-sha256');
    const client = m.keypair(bytes(m.keypairEntropyLength, 9));
    const s = m.encapsulate(client.publicKey, bytes(m.encapsulateEntropyLength, 1));
    if (!s.ok) throw new Error(s.reason);
    // u = 1 is a point of small order: X25519 with it gives all zeros (RFC 7748 §6.1, RFC 8731 §3).
    const lowOrder = fromHex('0100000000000000000000000000000000000000000000000000000000000000');
    const r = m.decapsulate(client.privateKey, concat(s.reply.subarray(0, 1088), lowOrder));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/X25519/);
  });
});

/** Children tile their parent. */
function tiles(f: Field): void {
  let at = f.offset;
  for (const c of f.children ?? []) {
    expect(c.offset, `${f.name}/${c.name}`).toBe(at);
    at += c.length;
  }
  expect(at).toBe(f.offset + f.length);
}

describe('the field tree splits C_INIT and S_REPLY into their named parts', () => {
  it('methods that share a C_INIT or S_REPLY length share its parts (the split is read from the length)', () => {
    for (const kind of ['init', 'reply'] as const) {
      const byLength = new Map<number, string>();
      for (const m of hybridMethods) {
        const total = m[kind][0].length + m[kind][1].length;
        const parts = JSON.stringify(m[kind]);
        expect(byLength.get(total) ?? parts, `${m.name} ${kind}`).toBe(parts);
        byLength.set(total, parts);
      }
      // Only the two names of sntrup761x25519-sha512 share: four distinct layouts for five methods.
      expect(byLength.size).toBe(hybridMethods.length - 1);
    }
  });

  for (const m of hybridMethods) {
    it(`${m.name}: C_PK2 || C_PK1 and S_CT2 || S_PK1, every byte annotated`, () => {
      const client = m.keypair(bytes(m.keypairEntropyLength, 21));
      const s = m.encapsulate(client.publicKey, bytes(m.encapsulateEntropyLength, 23));
      if (!s.ok) throw new Error(s.reason);

      const init = decodeMessage(encodeMessage(KEX_HYBRID_INIT, { C_INIT: client.publicKey }), 0, nestedDecoders, 'hybrid');
      expect(init.name).toBe('SSH_MSG_KEX_HYBRID_INIT');
      const cInit = init.fields.find((f) => f.name === 'C_INIT')!;
      expect(cInit.children!.map((c) => c.name)).toEqual(['length', 'C_PK2', 'C_PK1']);
      expect(cInit.children!.map((c) => c.note ?? '')).toEqual(['', m.init[0].what, m.init[1].what]);
      tiles(cInit);
      expect(toHex(cInit.children![2].value as Uint8Array)).toBe(toHex(client.publicKey.subarray(m.init[0].length)));

      const reply = decodeMessage(
        encodeMessage(KEX_HYBRID_REPLY, { K_S: Uint8Array.of(1, 2, 3), S_REPLY: s.reply, signature: Uint8Array.of(4) }),
        0,
        { ...nestedDecoders, publicKeyFields: () => [], signatureFields: () => [] },
        'hybrid',
      );
      const sReply = reply.fields.find((f) => f.name === 'S_REPLY')!;
      expect(sReply.children!.map((c) => c.name)).toEqual(['length', 'S_CT2', 'S_PK1']);
      expect(sReply.children![1].note).toBe(m.reply[0].what);
      tiles(sReply);
    });
  }

  it('a C_INIT of a length no method has stays one leaf with a note', () => {
    const init = decodeMessage(encodeMessage(KEX_HYBRID_INIT, { C_INIT: new Uint8Array(100) }), 0, nestedDecoders, 'hybrid');
    const f = init.fields.find((x) => x.name === 'C_INIT')!;
    expect(f.children).toBeUndefined();
    expect(f.note).toMatch(/no hybrid method/);
  });
});

describe('exchange hash inputs (§2.5)', () => {
  it('C_INIT and S_REPLY as strings, then K as a string (not re-encoded)', () => {
    const K = concat(u32be(32), new Uint8Array(32).fill(0xee));
    const inputs = exchangeHashInputs({
      family: 'hybrid',
      V_C: 'a',
      V_S: 'b',
      I_C: new Uint8Array(0),
      I_S: new Uint8Array(0),
      K_S: new Uint8Array(0),
      clientPublic: Uint8Array.of(1, 2),
      serverPublic: Uint8Array.of(3),
      K,
    });
    expect(inputs.map((i) => i.name)).toEqual(['V_C', 'V_S', 'I_C', 'I_S', 'K_S', 'C_INIT', 'S_REPLY', 'K']);
    expect(toHex(inputs[5].bytes)).toBe('000000020102');
    expect(inputs[7].type).toBe('string');
    expect(toHex(inputs[7].bytes)).toBe(toHex(K));
  });
});
