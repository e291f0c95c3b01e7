import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRecording } from '../session/recording';
import { traceOf } from '../session/trace';
import { ciphers } from '../ssh/algorithms/cipher';
import { kexAlgorithms } from '../ssh/algorithms/kex';
import { macs } from '../ssh/algorithms/mac';
import { entries, run } from '../session/testkit';
import type { TraceEntry } from '../ssh/transport/events';
import type { Field } from '../ssh/wire/field';
import { ancestorPaths, fieldAtPath, fieldPathAt, tilingProblems } from './fieldAt';

const leaf = (name: string, offset: number, length: number): Field => ({ name, type: 'bytes', offset, length, value: null });

// A packet laid out by hand: [len 0-3][pad 4][payload 5-10: msg 5, str 6-10: len 6-9, data 10][padding 11-12]
const tree: Field[] = [
  leaf('packet_length', 0, 4),
  leaf('padding_length', 4, 1),
  {
    name: 'payload',
    type: 'group',
    offset: 5,
    length: 6,
    value: null,
    children: [
      leaf('message_number', 5, 1),
      { name: 'data', type: 'string', offset: 6, length: 5, value: null, children: [leaf('length', 6, 4), leaf('bytes', 10, 1)] },
    ],
  },
  leaf('random padding', 11, 2),
];

describe('fieldPathAt', () => {
  it('finds the deepest field for each byte of a hand-made packet', () => {
    const expected = ['0', '0', '0', '0', '1', '2.0', '2.1.0', '2.1.0', '2.1.0', '2.1.0', '2.1.1', '3', '3'];
    expect(Array.from({ length: 13 }, (_, i) => fieldPathAt(tree, i))).toEqual(expected);
  });
  it('returns null outside every field', () => {
    expect(fieldPathAt(tree, 13)).toBeNull();
    expect(fieldPathAt(tree, -1)).toBeNull();
    expect(fieldPathAt([], 0)).toBeNull();
  });
  it('stops at a parent when its children leave a byte uncovered', () => {
    const holey: Field[] = [{ ...leaf('blob', 0, 4), children: [leaf('a', 0, 2)] }];
    expect(fieldPathAt(holey, 3)).toBe('0');
  });
});

describe('fieldAtPath / ancestorPaths', () => {
  it('walks paths and rejects bad ones', () => {
    expect(fieldAtPath(tree, '2.1.1')?.name).toBe('bytes');
    expect(fieldAtPath(tree, '2')?.name).toBe('payload');
    for (const bad of ['', '9', '2.7', '0.0', 'x', '-1', '1.5e0']) expect(fieldAtPath(tree, bad)).toBeUndefined();
    expect(fieldAtPath(tree, null)).toBeUndefined();
  });
  it('lists ancestors outermost first', () => {
    expect(ancestorPaths('2.1.0')).toEqual(['2', '2.1', '2.1.0']);
  });
});

describe('tilingProblems', () => {
  it('accepts the hand-made packet and reports gaps, overlaps and overruns', () => {
    expect(tilingProblems(tree, 0, 13)).toEqual([]);
    expect(tilingProblems(tree, 0, 14).map((p) => p.kind)).toEqual(['gap']);
    expect(tilingProblems([leaf('a', 0, 3), leaf('b', 2, 2)], 0, 4).map((p) => p.kind)).toEqual(['overlap']);
    expect(tilingProblems([leaf('a', 1, 3)], 0, 3).map((p) => p.kind)).toEqual(['gap', 'outside']);
  });
});

/** A random tree that tiles [start, start+length): every byte maps to exactly one leaf. */
const tiledTree = (depth: number): fc.Arbitrary<{ sizes: number[]; deep: boolean[] }> =>
  fc.record({ sizes: fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 8 }), deep: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }) }).map((x) => ({ ...x, deep: depth > 0 ? x.deep : x.deep.map(() => false) }));

function build(seed: { sizes: number[]; deep: boolean[] }, start: number, depth: number): Field[] {
  let at = start;
  return seed.sizes.map((n, i) => {
    const f = leaf(`f${depth}.${i}`, at, n);
    // Split a field into two children when asked (and it has room): nested tiling like K_S.
    if (seed.deep[i] && n >= 2 && depth < 3) f.children = [leaf('l', at, 1), leaf('r', at + 1, n - 1)];
    at += n;
    return f;
  });
}

function leafCounts(fields: Field[], length: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let b = 0; b < length; b++) {
    const p = fieldPathAt(fields, b);
    const f = fieldAtPath(fields, p);
    if (!p || !f) throw new Error(`byte ${b} maps to no field`);
    if (f.children?.length) throw new Error(`byte ${b} maps to non-leaf ${p}`);
    if (b < f.offset || b >= f.offset + f.length) throw new Error(`byte ${b} outside ${p}`);
    counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  return counts;
}

function leaves(fields: Field[], prefix = ''): [string, Field][] {
  return fields.flatMap((f, i) => {
    const p = prefix ? `${prefix}.${i}` : String(i);
    return f.children?.length ? leaves(f.children, p) : [[p, f] as [string, Field]];
  });
}

describe('every byte maps to exactly one leaf (property)', () => {
  it('random tilings', () => {
    fc.assert(
      fc.property(tiledTree(2), (seed) => {
        const fields = build(seed, 0, 0);
        const total = seed.sizes.reduce((a, b) => a + b, 0);
        expect(tilingProblems(fields, 0, total)).toEqual([]);
        const counts = leafCounts(fields, total);
        for (const [p, f] of leaves(fields)) expect(counts.get(p)).toBe(f.length);
      }),
    );
  });
});

function checkEntry(e: TraceEntry, label: string) {
  const views: [Field[], Uint8Array][] = [[e.fields, e.packet ?? e.wire]];
  if (e.wireFields) views.push([e.wireFields, e.wire]);
  for (const [fields, bytes] of views) {
    expect(tilingProblems(fields, 0, bytes.length), label).toEqual([]);
    const counts = leafCounts(fields, bytes.length);
    for (const [p, f] of leaves(fields)) expect(counts.get(p) ?? 0, `${label} ${p} ${f.name}`).toBe(f.length);
  }
}

describe('every byte maps to exactly one leaf (real and simulated traces)', () => {
  const dir = 'public/recordings/real';
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    it(file, () => {
      const t = traceOf(parseRecording(readFileSync(`${dir}/${file}`, 'utf8')).client!);
      expect(t.messages.length).toBeGreaterThan(8);
      for (const m of t.messages) checkEntry(m, `${file} ${m.name}`);
    });
  }
  it('every kex method, cipher and MAC in simulation', () => {
    const kexes = Object.keys(kexAlgorithms);
    const cipherNames = Object.keys(ciphers);
    const macNames = Object.keys(macs);
    let checked = 0;
    kexes.forEach((kex, i) => {
      const cipher = cipherNames[i % cipherNames.length];
      const mac = macNames[i % macNames.length];
      const algs = { kex: [kex], cipher: [cipher], mac: [mac] };
      const r = run(algs, algs);
      expect(r.outcome.ok, `${kex} ${cipher} ${mac}: ${r.outcome.description}`).toBe(true);
      for (const e of [...entries(r, 'client'), ...entries(r, 'server')]) {
        checkEntry(e, `${kex} ${cipher} ${mac} ${e.name}`);
        checked++;
      }
    });
    expect(checked).toBeGreaterThan(kexes.length * 10);
  });
});
