import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openRecording } from '../session/open';
import { alignKey, alignStepOf, alignSteps, type AlignStep } from './compareAlign';
import { rowDifferences, summaryDifferences } from './compareDiff';
import { alignedLayouts, sideView } from './compareLayout';

const stepArb: fc.Arbitrary<AlignStep> = fc.oneof(
  fc.record({ kind: fc.constant('message' as const), flow: fc.constantFrom('c2s' as const, 's2c' as const), title: fc.constantFrom('SSH_MSG_KEXINIT', 'SSH_MSG_IGNORE', 'SSH_MSG_NEWKEYS') }),
  fc.record({ kind: fc.constant('computation' as const), by: fc.constantFrom('client', 'server'), action: fc.constantFrom('compute K', 'negotiate') }),
  fc.record({ kind: fc.constant('closed' as const), by: fc.constantFrom('client', 'server') }),
);
const stepsArb = fc.array(stepArb, { maxLength: 40 });

/** LCS length by plain memoised recursion: a second, independent way to count what can match. */
function lcsLength(a: string[], b: string[]): number {
  const memo = new Map<number, number>();
  const go = (i: number, j: number): number => {
    if (i === a.length || j === b.length) return 0;
    const key = i * (b.length + 1) + j;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    const v = a[i] === b[j] ? 1 + go(i + 1, j + 1) : Math.max(go(i + 1, j), go(i, j + 1));
    memo.set(key, v);
    return v;
  };
  return go(0, 0);
}

function open(file: string) {
  return openRecording(readFileSync(`public/recordings/${file}.json`, 'utf8'));
}

describe('alignSteps', () => {
  it('keeps each side in order, every step exactly once, and matches only equal steps', () => {
    fc.assert(
      fc.property(stepsArb, stepsArb, (a, b) => {
        const rows = alignSteps(a, b);
        expect(rows.map((r) => r.a).filter((x) => x !== undefined)).toEqual(a.map((_, i) => i));
        expect(rows.map((r) => r.b).filter((x) => x !== undefined)).toEqual(b.map((_, i) => i));
        for (const r of rows) {
          expect(r.a !== undefined || r.b !== undefined).toBe(true);
          if (r.a !== undefined && r.b !== undefined) expect(alignKey(a[r.a])).toBe(alignKey(b[r.b]));
        }
        // As many rows share a step as the longest common subsequence allows.
        const matched = rows.filter((r) => r.a !== undefined && r.b !== undefined).length;
        expect(matched).toBe(lcsLength(a.map(alignKey), b.map(alignKey)));
      }),
    );
  });

  it('aligns a session with itself row by row', () => {
    fc.assert(
      fc.property(stepsArb, (a) => {
        expect(alignSteps(a, a)).toEqual(a.map((_, i) => ({ a: i, b: i })));
      }),
    );
  });

  it('puts a message present on one side only in a row of its own', () => {
    const kexinit: AlignStep = { kind: 'message', flow: 's2c', title: 'SSH_MSG_KEXINIT' };
    const ignore: AlignStep = { kind: 'message', flow: 's2c', title: 'SSH_MSG_IGNORE' };
    const newkeys: AlignStep = { kind: 'message', flow: 's2c', title: 'SSH_MSG_NEWKEYS' };
    expect(alignSteps([kexinit, ignore, newkeys], [kexinit, newkeys])).toEqual([{ a: 0, b: 0 }, { a: 1 }, { a: 2, b: 1 }]);
    // Same name, other direction: not the same step.
    expect(alignSteps([kexinit], [{ ...kexinit, flow: 'c2s' }])).toEqual([{ a: 0 }, { b: 0 }]);
  });
});

describe('differences of real sessions', () => {
  it('finds none between a session and itself', () => {
    for (const file of ['basics/curve25519-ed25519-chacha20', 'attacks/terrapin-strict-kex', 'failures/no-common-cipher']) {
      const s = open(file);
      const rows = alignSteps(s.steps.map(alignStepOf), s.steps.map(alignStepOf));
      expect(rows.every((r) => r.a === r.b)).toBe(true);
      expect(rowDifferences(rows, s.steps, s.steps)).toEqual([]);
      expect(summaryDifferences(s.summary, s.summary)).toEqual([]);
    }
  });

  it('marks Terrapin with and without strict kex: the injected IGNORE, strict kex, B failing', () => {
    const a = open('attacks/terrapin-chacha20-no-strict-kex');
    const b = open('attacks/terrapin-strict-kex');
    const rows = alignSteps(a.steps.map(alignStepOf), b.steps.map(alignStepOf));
    const diffs = rowDifferences(rows, a.steps, b.steps);
    const texts = diffs.flatMap((d) => d.texts);
    // The scenario's configs: strict kex off on A, on on B (kex-strict-* pseudo-algorithms in KEXINIT).
    expect(texts).toContain('strict kex: A false, B true');
    expect(texts.some((t) => t.startsWith('kex_algorithms: only B has kex-strict-'))).toBe(true);
    // A's EXT_INFO was dropped by the attacker, B's arrived.
    expect(texts).toContain('attacker: A dropped, B untouched');
    // The IGNORE the attacker injected: B rejects it (strict kex), A takes it silently.
    expect(texts.some((t) => /SSH_MSG_IGNORE/.test(t) && /strict/.test(t))).toBe(true);
    expect(summaryDifferences(a.summary, b.summary)[0]).toMatch(/^B fails: .*strict KEX violation/);
  });

  it('gives each side one row per aligned row, level with the other side', () => {
    const a = open('algorithms/guess-right');
    const b = open('algorithms/guess-wrong');
    const rows = alignSteps(a.steps.map(alignStepOf), b.steps.map(alignStepOf));
    const va = sideView(a, rows, 'a', b.steps, 'A');
    const vb = sideView(b, rows, 'b', a.steps, 'B');
    expect(va.session.steps.length).toBe(rows.length);
    expect(vb.session.steps.length).toBe(rows.length);
    va.session.steps.forEach((s, i) => expect(s.index).toBe(i));
    // Real steps keep their content; gaps are placeholders that name the other side's step.
    rows.forEach((r, i) => {
      if (r.a !== undefined) expect(va.session.steps[i].title).toBe(a.steps[r.a].title);
      else expect(va.session.steps[i].title).toContain(b.steps[r.b!].title);
    });
    // A gap shows the state after the last real step before it.
    const gapRow = rows.findIndex((r) => r.a === undefined);
    expect(gapRow).toBeGreaterThan(0);
    const before = rows.slice(0, gapRow).reverse().find((r) => r.a !== undefined)!.a!;
    expect(va.session.stateAt(gapRow)).toEqual(a.stateAt(before));
    const layouts = alignedLayouts(va.session.steps, vb.session.steps);
    expect(Array.from(layouts.a.tops)).toEqual(Array.from(layouts.b.tops));
    expect(layouts.a.height).toBe(layouts.b.height);
    // The wrong guess: B's client sent a KEX init the server ignored; the guess computation differs.
    const texts = rowDifferences(rows, a.steps, b.steps).flatMap((d) => d.texts);
    expect(texts).toContain('guess right: A true, B false');
  });
});
