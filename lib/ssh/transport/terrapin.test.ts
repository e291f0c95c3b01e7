// The strict kex note says "open to Terrapin" only once the ciphers are known and only for the
// combinations the Terrapin paper shows exploitable (chacha20-poly1305, CBC with encrypt-then-MAC).

import { describe, expect, it } from 'vitest';
import type { Computation, Effect } from './events';
import type { Negotiated } from './negotiate';
import { terrapinNote } from './terrapin';
import { run } from '../../session/testkit';

const neg = (cipher: string, mac: string, s2c?: { cipher: string; mac: string }): Negotiated => ({
  kex: 'curve25519-sha256',
  hostKey: 'ssh-ed25519',
  cipherC2S: cipher,
  cipherS2C: s2c?.cipher ?? cipher,
  macC2S: mac,
  macS2C: s2c?.mac ?? mac,
  compressionC2S: 'none',
  compressionS2C: 'none',
  choices: [],
});

describe('terrapinNote', () => {
  it('chacha20-poly1305 and CBC with an EtM MAC are exploitable', () => {
    expect(terrapinNote(neg('chacha20-poly1305@openssh.com', '<implicit>'))).toMatch(/open to the Terrapin attack/);
    expect(terrapinNote(neg('aes128-cbc', 'hmac-sha2-256-etm@openssh.com'))).toMatch(/open to the Terrapin attack/);
  });
  it('GCM, CTR and encrypt-and-MAC are not claimed open', () => {
    for (const [c, m] of [
      ['aes128-gcm@openssh.com', '<implicit>'],
      ['aes128-ctr', 'hmac-sha2-256'],
      ['aes128-cbc', 'hmac-sha2-256'],
      ['aes256-ctr', 'hmac-sha2-256-etm@openssh.com'],
    ]) {
      const t = terrapinNote(neg(c, m));
      expect(t, `${c} ${m}`).not.toMatch(/open to/);
      expect(t).toContain(c);
    }
  });
  it('names the direction that is open when the two differ', () => {
    const t = terrapinNote(neg('aes128-gcm@openssh.com', '<implicit>', { cipher: 'chacha20-poly1305@openssh.com', mac: '<implicit>' }));
    expect(t).toContain('chacha20-poly1305@openssh.com (server→client)');
    expect(t).not.toContain('client→server');
  });
});

const strictNotes = (effects: { endpoint: string; effect: Effect }[]) =>
  effects
    .map((e) => e.effect)
    .filter((e): e is Extract<Effect, { type: 'computed' }> => e.type === 'computed')
    .map((e) => e.computation)
    .filter((c): c is Extract<Computation, { name: 'strict kex' }> => c.name === 'strict kex');

describe('the engine’s strict kex note', () => {
  it('without strict kex and with chacha20-poly1305: says Terrapin applies', () => {
    const r = run({ strictKex: false, cipher: ['chacha20-poly1305@openssh.com'] }, { strictKex: false });
    const notes = strictNotes(r.effects);
    expect(notes).toHaveLength(2);
    for (const n of notes) expect(n.explanation).toMatch(/open to the Terrapin attack/);
  });
  it('without strict kex and with AES-GCM: does not claim Terrapin exposure', () => {
    const r = run({ strictKex: false, cipher: ['aes256-gcm@openssh.com'] }, { strictKex: false });
    for (const n of strictNotes(r.effects)) {
      expect(n.enabled).toBe(false);
      expect(n.explanation).not.toMatch(/open to/);
      expect(n.explanation).toContain('aes256-gcm@openssh.com');
    }
  });
  it('with strict kex: no Terrapin note at all', () => {
    for (const n of strictNotes(run().effects)) {
      expect(n.enabled).toBe(true);
      expect(n.explanation).not.toMatch(/Terrapin/);
    }
  });
});
