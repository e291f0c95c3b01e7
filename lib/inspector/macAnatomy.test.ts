// The MAC anatomy checked against the engine's own seal: the tag is recomputed with @noble
// primitives (and the engine's RFC 4418-tested UMAC, which noble lacks) from nothing but the listed
// key, nonce, AAD and covered parts, in the listed order, and must equal the tag on the wire.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gcm } from '@noble/ciphers/aes.js';
import { chacha20orig } from '@noble/ciphers/chacha.js';
import { poly1305 } from '@noble/ciphers/_poly1305.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { sha1 as legacySha1 } from '@noble/hashes/legacy.js';
import { describe, expect, it } from 'vitest';
import { createUmac } from '../ssh/algorithms/mac/umac';
import { openRecording } from '../session/open';
import { toHex } from './format';
import { macAnatomy, type MacAnatomy } from './macAnatomy';

const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) out.set(p, (o += p.length) - p.length);
  return out;
};
const HASH = { 'hmac-sha1': legacySha1, 'hmac-sha2-256': sha256, 'hmac-sha2-512': sha512 } as const;

/** The tag as computed from the anatomy's parts alone. */
function recompute(a: MacAnatomy): Uint8Array {
  const covered = concat(a.covered.map((p) => p.bytes));
  if (a.scheme === 'chacha20-poly1305') {
    const polyKey = chacha20orig(a.key.bytes, a.nonce[0].bytes, new Uint8Array(32));
    return poly1305(covered, polyKey);
  }
  if (a.scheme === 'AES-GCM') {
    const nonce = concat(a.nonce.map((p) => p.bytes));
    const aad = concat(a.aad.map((p) => p.bytes));
    // Seal a plaintext whose encryption is this ciphertext (CTR: decrypting = encrypting), keep the tag.
    const plain = gcm(a.key.bytes, nonce, aad).decrypt(concat([covered, a.tag.bytes]));
    return gcm(a.key.bytes, nonce, aad).encrypt(plain).subarray(-16);
  }
  const name = a.algorithm.replace(/-etm@openssh\.com$/, '').replace(/@openssh\.com$/, '');
  if (name.startsWith('umac-')) {
    return createUmac(a.key.bytes, a.tag.bytes.length as 8 | 16).tag(covered, a.nonce[0].bytes);
  }
  const h = HASH[name as keyof typeof HASH];
  return hmac(h, a.key.bytes, covered).subarray(0, a.tag.bytes.length);
}

function recordings(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return recordings(p);
    return f.endsWith('.json') && f !== 'index.json' ? [p] : [];
  });
}

describe('macAnatomy', () => {
  const seen = new Set<string>();
  for (const file of recordings('public/recordings').sort()) {
    it(`lists the parts that give each packet's tag: ${file}`, () => {
      const s = openRecording(JSON.parse(readFileSync(file, 'utf8')));
      for (const step of s.steps) {
        if (step.kind !== 'message' || !step.entry.encrypted || step.tampered === 'injected') continue;
        const a = macAnatomy(s.steps, step);
        if (!a) continue;
        const e = step.sent ?? step.received!;
        const n = e.wire.length - e.layout!.mac!.length;
        seen.add(`${a.scheme} ${a.algorithm}`);
        // The tag is the end of the wire bytes.
        expect(a.tag.span).toEqual({ view: 'wire', offset: n, length: e.layout!.mac!.length });
        expect(toHex(recompute(a)), `${file} step ${step.index + 1} ${a.algorithm}`).toBe(toHex(a.tag.bytes));
        // The wire parts (AAD and covered) are the wire before the tag, in order, nothing skipped.
        const wireParts = [...a.aad, ...a.covered].filter((p) => p.span?.view === 'wire');
        if (a.scheme === 'encrypt-and-MAC') {
          expect(wireParts).toEqual([]);
          expect(a.covered.at(-1)!.bytes).toEqual(e.packet);
        } else {
          let at = 0;
          for (const p of wireParts) {
            expect(p.span!.offset).toBe(at);
            expect(p.bytes).toEqual(e.wire.subarray(at, at + p.span!.length));
            at += p.span!.length;
          }
          expect(at).toBe(n);
        }
        // The sequence number is MAC input for HMAC only; GCM never sees it.
        const seqFirst = a.covered[0].name === 'sequence number';
        expect(seqFirst).toBe(/^hmac-/.test(a.algorithm));
        if (seqFirst) expect(toHex(a.covered[0].bytes)).toBe((e.seq ?? 0).toString(16).padStart(8, '0'));
      }
    });
  }
  it('covers every cipher family and both MAC orders', () => {
    const schemes = new Set([...seen].map((x) => x.split(' ')[0]));
    expect([...schemes].sort()).toEqual(['AES-GCM', 'chacha20-poly1305', 'encrypt-and-MAC', 'encrypt-then-MAC']);
    expect([...seen].some((x) => x.includes('umac'))).toBe(true);
  });
  it('changes a part, changes the tag (the check can fail)', () => {
    const s = openRecording(JSON.parse(readFileSync('public/recordings/basics/curve25519-ed25519-chacha20.json', 'utf8')));
    const step = s.steps.find((x) => x.kind === 'message' && x.entry.encrypted)!;
    const a = macAnatomy(s.steps, step as never)!;
    const bad = { ...a, nonce: [{ ...a.nonce[0], bytes: new Uint8Array(8).fill(9) }] };
    expect(toHex(recompute(bad))).not.toBe(toHex(a.tag.bytes));
  });
});
