// Every recording bundled under public/recordings/ (found by walking the directory, so new ones are
// included) opens, and replays to the same bytes every time: two independent opens give identical
// steps and states, and the sends match the recorded digests where the file carries them.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toHex } from '../ssh/wire/bytes';
import { digestsOfEffects } from './digest';
import { EXPLAIN_KEYS } from './explain';
import { openRecording } from './open';
import { parseRecording, stringifyRecording } from './recording';
import { replay } from './simulate';

const root = 'public/recordings';
const files = (readdirSync(root, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.json') && !f.endsWith('index.json'))
  .sort();

/** Steps as comparable text: bytes become hex, functions are left out. */
const plain = (v: unknown) => JSON.stringify(v, (_k, x) => (x instanceof Uint8Array ? toHex(x) : typeof x === 'bigint' ? x.toString() : x));

describe('bundled recordings replay deterministically', () => {
  it('the walk finds the real recordings at least', () => {
    expect(files.filter((f) => f.startsWith('real')).length).toBeGreaterThanOrEqual(4);
  });

  for (const f of files) {
    it(f, () => {
      const text = readFileSync(join(root, f), 'utf8');
      expect(text.length).toBeLessThan(64 * 1024);
      const rec = parseRecording(text);
      expect(stringifyRecording(rec)).toBe(text);
      const a = openRecording(text);
      const b = openRecording(JSON.parse(text));
      expect(a.steps.length).toBeGreaterThan(0);
      expect(plain(a.steps)).toBe(plain(b.steps));
      for (const x of a.steps) expect(EXPLAIN_KEYS).toContain(x.explain);
      expect(plain(a.summary)).toBe(plain(b.summary));
      const last = a.steps.length - 1;
      expect(plain(a.stateAt(last))).toBe(plain(b.stateAt(last)));
      for (const party of ['client', 'server'] as const) {
        const e = rec[party];
        if (!e) continue;
        const one = digestsOfEffects(replay(e.config, e.events).effects);
        const two = digestsOfEffects(replay(e.config, e.events).effects);
        expect(one).toEqual(two);
        if (e.sent) expect(one).toEqual(e.sent);
      }
    });
  }
});
