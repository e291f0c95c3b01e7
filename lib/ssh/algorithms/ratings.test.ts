// Every algorithm sshscope implements, and every name the bundled recordings' KEXINITs carry,
// has a rating with a reason and a source; kex ratings follow RFC 9142's levels.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRecording } from '../../session/open';
import { CATEGORIES } from '../../viewer/algorithms';
import { ciphers } from './cipher';
import { hostKeyAlgorithms } from './hostkey';
import { kexAlgorithms } from './kex';
import { macs } from './mac';
import { KEX_RATINGS, isSignal, ratingOf, type AlgorithmRating } from './ratings';

const REGISTRIES = { kex: kexAlgorithms, hostKey: hostKeyAlgorithms, cipher: ciphers, mac: macs } as const;

function wellFormed(x: AlgorithmRating | undefined, what: string) {
  expect(x, `${what} has no rating`).toBeDefined();
  expect(['recommended', 'acceptable', 'weak', 'broken']).toContain(x!.rating);
  expect(x!.reason.length, what).toBeGreaterThan(10);
  expect(x!.reason, what).not.toMatch(/\n/);
  expect(x!.source, what).toMatch(/RFC \d+|NIST SP 800-131A|draft-|OpenSSH|USENIX|IEEE|CCS/);
}

function recordings(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return recordings(p);
    return f.endsWith('.json') && f !== 'index.json' ? [p] : [];
  });
}

describe('algorithm ratings', () => {
  it('rates every algorithm in every registry, with a reason and a source', () => {
    for (const [category, registry] of Object.entries(REGISTRIES)) {
      const names = Object.keys(registry);
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) wellFormed(ratingOf(category, name), `${category} ${name}`);
    }
    wellFormed(ratingOf('compression', 'none'), 'compression none');
  });
  it('rates every name in every bundled KEXINIT, except the signals', () => {
    const unrated: string[] = [];
    for (const file of recordings('public/recordings')) {
      const s = openRecording(JSON.parse(readFileSync(file, 'utf8')));
      for (const step of s.steps) {
        if (step.kind !== 'message' || step.entry.name !== 'SSH_MSG_KEXINIT' || !step.entry.values) continue;
        for (const { category, field } of CATEGORIES) {
          for (const name of (step.entry.values[field] as string[] | undefined) ?? []) {
            if (isSignal(name)) expect(ratingOf(category, name)).toBeUndefined();
            else if (!ratingOf(category, name)) unrated.push(`${category} ${name} (${file})`);
          }
        }
      }
    }
    expect(unrated).toEqual([]);
  });
  it('maps RFC 9142 levels to ratings: MUST/SHOULD recommended, MAY acceptable, SHOULD NOT weak, MUST NOT broken', () => {
    const expected: Record<string, string> = { MUST: 'recommended', SHOULD: 'recommended', MAY: 'acceptable', 'SHOULD NOT': 'weak', 'MUST NOT': 'broken' };
    let checked = 0;
    for (const [name, x] of Object.entries(KEX_RATINGS)) {
      const level = /^RFC 9142 §4: (MUST NOT|SHOULD NOT|MUST|SHOULD|MAY)$/.exec(x.source)?.[1];
      if (!level) continue;
      expect(x.rating, name).toBe(expected[level]);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(10);
    // Levels quoted elsewhere in the issue: group1-sha1 is SHOULD NOT, not MUST NOT.
    expect(KEX_RATINGS['diffie-hellman-group1-sha1'].source).toBe('RFC 9142 §4: SHOULD NOT');
    expect(KEX_RATINGS['diffie-hellman-group14-sha256'].source).toBe('RFC 9142 §4: MUST');
  });
  it('leaves unknown names unrated and reads per-direction categories', () => {
    expect(ratingOf('kex', 'made-up@example.com')).toBeUndefined();
    expect(ratingOf('cipherC2S', 'aes128-ctr')).toEqual(ratingOf('cipher', 'aes128-ctr'));
    expect(ratingOf('macS2C', 'hmac-sha1')?.rating).toBe('acceptable');
    expect(ratingOf('kex', 'constructor')).toBeUndefined();
  });
});
