// Card-vs-replay: every gallery card (public/recordings/index.json) and every scenario text is
// checked against what its bundled recording shows when opened the way the viewer opens it. The
// claims beside each text are compared with the replayed steps; wrong claims are shown to fail.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openRecording, type OpenedSession } from '../open';
import { SCENARIOS } from './catalog';
import { compareClaims, type Claims } from './claims';
import { scenarioPath, type ManifestEntry } from './bundle';

const manifest = JSON.parse(readFileSync('public/recordings/index.json', 'utf8')) as { recordings: ManifestEntry[] };
const opened = new Map<string, OpenedSession>();
function session(slug: string): OpenedSession {
  let s = opened.get(slug);
  if (!s) {
    const sc = SCENARIOS.find((x) => x.slug === slug);
    if (!sc) throw new Error(`no scenario ${slug}`);
    s = openRecording(readFileSync(`public/${scenarioPath(sc.group, sc.slug)}`, 'utf8'));
    opened.set(slug, s);
  }
  return s;
}
const claimsOf = (slug: string): Claims => SCENARIOS.find((x) => x.slug === slug)!.claims;
const check = (slug: string, claims: Claims) => compareClaims(claims, session(slug), session);

describe('every gallery card and scenario text against its replay', () => {
  for (const s of SCENARIOS) {
    it(`${s.group} / ${s.slug}`, () => {
      const card = manifest.recordings.find((r) => r.slug === s.slug);
      expect(card, 'the gallery lists it').toBeDefined();
      const opened = session(s.slug);
      // The card and the file carry exactly the catalog's texts.
      expect(card).toMatchObject({ group: s.group, title: s.title, description: s.summary, file: `/${scenarioPath(s.group, s.slug)}` });
      expect(opened.meta).toMatchObject({ title: s.title, description: s.description });
      // The card's verdict and algorithms are the replay's.
      expect(card!.ok).toBe(opened.summary.ok);
      expect(card!.ok).toBe(s.claims.disconnect === null);
      const { kex, hostKey, cipherC2S, macC2S } = opened.summary;
      expect(card!.algorithms).toEqual({ kex, hostKey, cipher: cipherC2S, ...(macC2S && macC2S !== '<implicit>' ? { mac: macC2S } : {}) });
      expect(card!.steps).toBe(opened.steps.length);
      expect(compareClaims(s.claims, opened, session)).toEqual([]);
    });
  }
});

describe('the comparison fails on wrong claims', () => {
  it('the strict-kex card may not claim the deletion it never shows', () => {
    const c = claimsOf('terrapin-strict-kex');
    const wrong: Claims = { ...c, dropped: [{ from: 'server', message: 'SSH_MSG_EXT_INFO' }], notDelivered: [] };
    expect(check('terrapin-strict-kex', wrong)).toEqual([
      'claimed but not in the replay: dropped from server SSH_MSG_EXT_INFO',
      "the server's SSH_MSG_EXT_INFO is notDelivered in the replay, not dropped",
    ]);
  });

  it('an unclaimed injection is reported', () => {
    const c = claimsOf('terrapin-chacha20-no-strict-kex');
    expect(check('terrapin-chacha20-no-strict-kex', { ...c, injected: [] })).toEqual(['in the replay but not claimed: injected into client SSH_MSG_IGNORE']);
  });

  it('a wrong sequence number, bit count, field or decision point is reported', () => {
    const t = claimsOf('terrapin-chacha20-no-strict-kex');
    const newkeys = { from: 'server' as const, message: 'SSH_MSG_NEWKEYS', seq: { sent: 2, received: 2 } };
    expect(check('terrapin-chacha20-no-strict-kex', { ...t, delivered: [newkeys] })).toEqual(["the server's SSH_MSG_NEWKEYS was counted by the client as 3, not 2"]);

    const f = claimsOf('forged-signature');
    // The padding drawn again would change many bits; the forgery changes one.
    const nine = { ...f, modified: [{ from: 'server' as const, message: 'SSH_MSG_KEX_ECDH_REPLY', bitsChanged: 9, changedField: 'K_S' }] };
    const report = check('forged-signature', nine);
    expect(report).toHaveLength(2);
    expect(report[0]).toMatch(/^the server's SSH_MSG_KEX_ECDH_REPLY: byte \d+ differs, outside K_S/);
    expect(report[1]).toBe("the server's SSH_MSG_KEX_ECDH_REPLY differs in 1 bits between the copies, not 9");

    const m = claimsOf('mitm-different-host-key');
    expect(check('mitm-different-host-key', { ...m, disconnect: { ...m.disconnect!, detectedAt: 'verify signature' } })).toEqual([
      'the client decided at check host key, not at verify signature',
    ]);
  });

  it('who disconnects and why, and a failure claimed as a success', () => {
    const g = claimsOf('terrapin-aes-gcm-no-strict-kex');
    expect(check('terrapin-aes-gcm-no-strict-kex', { ...g, disconnect: { ...g.disconnect!, by: 'server', mentions: ['over the sequence number'] } })).toEqual([
      'the client disconnects first, not the server',
      expect.stringMatching(/^the disconnect's description does not mention "over the sequence number"/),
    ]);
    const report = check('terrapin-aes-gcm-no-strict-kex', { ...g, disconnect: null });
    expect(report[0]).toMatch(/^the client disconnects \(SSH_DISCONNECT_MAC_ERROR\), but the claims say nobody does/);
  });

  it('claims about values, counts and agreement', () => {
    const d = claimsOf('downgrade-kexinit');
    expect(check('downgrade-kexinit', { ...d, agree: { H: true } })).toEqual(['client and server disagree on H']);
    const w = claimsOf('guess-wrong');
    expect(check('guess-wrong', { ...w, computes: [{ by: 'client', action: 'ephemeral key', count: 1 }], guess: 'right' })).toEqual([
      "the client has 2 'ephemeral key' steps, not 1",
      'the server judges the guess wrong, not right',
    ]);
    const p = claimsOf('ecdh-p384-ecdsa-aes256gcm');
    expect(check('ecdh-p384-ecdsa-aes256gcm', { ...p, fields: [{ from: 'client', message: 'SSH_MSG_KEX_ECDH_INIT', field: 'Q_C', bytes: 65 }], keyLengths: { C: 16 } })).toEqual([
      "Q_C in the client's SSH_MSG_KEX_ECDH_INIT is 97 bytes, not 65",
      'key C is 32 bytes, not 16',
    ]);
  });
});
