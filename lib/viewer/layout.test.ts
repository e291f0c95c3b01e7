import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STEP_PHASES, type Party, type Step, type StepPhase } from '../session/session';
import {
  LABEL_GAP,
  layoutRows,
  lifelineX,
  revealScroll,
  ROW_HEIGHT,
  rowAt,
  segmentsInView,
  TOP_PAD,
  visibleRange,
  type LayoutStep,
} from './layout';

const kinds: Step['kind'][] = ['message', 'computation', 'closed'];
/** A step of any kind by either party (or a packet from the attacker). */
function step(kind: Step['kind'], phase: StepPhase, who: Party | 'attacker'): LayoutStep {
  if (kind === 'message' || who === 'attacker') {
    return { kind: 'message', phase, from: who, to: who === 'client' ? 'server' : 'client', encrypted: false, entry: { kind: 'packet' } };
  }
  return { kind, phase, by: who };
}
const stepArb = fc
  .record({ kind: fc.constantFrom(...kinds), phase: fc.constantFrom(...STEP_PHASES), who: fc.constantFrom<Party | 'attacker'>('client', 'server', 'attacker') })
  .map(({ kind, phase, who }) => step(kind, phase, who));
const stepsArb = fc.array(stepArb, { minLength: 1, maxLength: 300 });
const height = (s: LayoutStep) => ROW_HEIGHT[s.kind];

describe('layoutRows', () => {
  it("places a small exchange exactly: a 22 px label gap above each row where a party's own phase changes", () => {
    const steps: LayoutStep[] = [
      step('message', 'version exchange', 'client'), // 0
      step('message', 'version exchange', 'server'), // 1: the server was already in the version exchange
      step('computation', 'algorithm negotiation', 'server'), // 2: the server changes
      step('message', 'key exchange', 'attacker'), // 3: nobody changes (no gap)
      step('closed', 'failure', 'client'), // 4: the client changes
    ];
    const l = layoutRows(steps);
    // By hand: 28 | 46 | 46 | gap 22 | 34 | 46 | gap 22 | 46
    expect([...l.tops]).toEqual([28, 74, 142, 176, 244, 290]);
    expect(l.height).toBe(290 + 24);
    const placed = (p: Party) => l.tracks[p].map((x) => [x.phase, x.start, x.end, x.y0, x.y1, x.labelY]);
    expect(placed('client')).toEqual([
      ['version exchange', 0, 4, 0, 222, 14],
      ['failure', 4, 5, 222, 314, 233],
    ]);
    expect(placed('server')).toEqual([
      ['version exchange', 0, 2, 0, 120, 14],
      ['algorithm negotiation', 2, 5, 120, 314, 131],
    ]);
    // The timeline keeps one tick per run of step phases, in wire order.
    expect(l.bands.map((b) => [b.phase, b.start, b.end])).toEqual([
      ['version exchange', 0, 2],
      ['algorithm negotiation', 2, 3],
      ['key exchange', 3, 4],
      ['failure', 4, 5],
    ]);
  });

  it('scales every height in presenter mode', () => {
    const steps = [step('message', 'version exchange', 'client'), step('computation', 'key exchange', 'client')];
    const l = layoutRows(steps, 1.5);
    expect([...l.tops]).toEqual([28 * 1.5, 28 * 1.5 + 46 * 1.5 + 22 * 1.5, 28 * 1.5 + 46 * 1.5 + 22 * 1.5 + 34 * 1.5]);
  });

  it('rows never overlap, gaps only where a track changes, tracks tile the diagram, bands tile the steps', () => {
    fc.assert(
      fc.property(stepsArb, (steps) => {
        const l = layoutRows(steps);
        expect(l.tops[0]).toBe(TOP_PAD);
        const starts = new Set([...l.tracks.client, ...l.tracks.server].map((s) => s.start));
        for (let i = 0; i < steps.length; i++) {
          const gapBelow = i + 1 < steps.length && starts.has(i + 1) ? LABEL_GAP : 0;
          expect(l.tops[i + 1] - l.tops[i]).toBe(height(steps[i]) + gapBelow);
        }
        for (const p of ['client', 'server'] as const) {
          const segs = l.tracks[p];
          expect(segs[0].y0).toBe(0);
          expect(segs[segs.length - 1].y1).toBe(l.height);
          for (let k = 0; k < segs.length; k++) {
            if (k > 0) expect(segs[k].y0).toBe(segs[k - 1].y1);
            // Each segment holds its rows and its label sits above its first row.
            expect(l.tops[segs[k].start]).toBeGreaterThanOrEqual(segs[k].y0);
            const last = segs[k].end - 1;
            expect(l.tops[last] + height(steps[last])).toBeLessThanOrEqual(segs[k].y1);
            expect(segs[k].labelY).toBeLessThan(l.tops[segs[k].start]);
            expect(segs[k].labelY).toBeGreaterThan(segs[k].y0);
          }
        }
        expect(l.bands[0].start).toBe(0);
        expect(l.bands[l.bands.length - 1].end).toBe(steps.length);
        for (let b = 0; b < l.bands.length; b++) {
          if (b > 0) expect(l.bands[b].start).toBe(l.bands[b - 1].end);
          for (let i = l.bands[b].start; i < l.bands[b].end; i++) expect(steps[i].phase).toBe(l.bands[b].phase);
        }
      }),
    );
  });
});

describe('visibleRange and rowAt', () => {
  it('covers exactly the rows a linear scan finds in the viewport (plus overscan)', () => {
    fc.assert(
      fc.property(stepsArb, fc.nat(20000), fc.integer({ min: 1, max: 2000 }), fc.nat(6), (steps, top, h, overscan) => {
        const l = layoutRows(steps);
        const scrollTop = top % (l.height + 1);
        const { first, end } = visibleRange(l, scrollTop, h, overscan);
        const inView: number[] = [];
        for (let i = 0; i < steps.length; i++) {
          if (l.tops[i + 1] > scrollTop && l.tops[i] < scrollTop + h) inView.push(i);
        }
        for (const i of inView) {
          expect(i).toBeGreaterThanOrEqual(first);
          expect(i).toBeLessThan(end);
        }
        // Never more than the viewport's rows plus overscan (+1 for a partial row at each edge).
        expect(end - first).toBeLessThanOrEqual(inView.length + 2 * overscan + 2);
      }),
    );
  });

  it('finds rows by y in a 10,000-row layout', () => {
    const steps: LayoutStep[] = Array.from({ length: 10_000 }, (_, i) => step('message', 'version exchange', i % 2 ? 'server' : 'client'));
    const l = layoutRows(steps);
    expect(rowAt(l, 0)).toBe(0);
    expect(rowAt(l, TOP_PAD + 46 * 5000 + 1)).toBe(5000);
    expect(rowAt(l, l.height)).toBe(9999);
    const r = visibleRange(l, TOP_PAD + 46 * 5000, 460, 0);
    expect(r).toEqual({ first: 5000, end: 5011 });
  });

  it('is empty for an empty session', () => {
    expect(visibleRange(layoutRows([]), 0, 500)).toEqual({ first: 0, end: 0 });
  });
});

describe('segments in view', () => {
  it('returns the same segments as a linear filter', () => {
    fc.assert(
      fc.property(stepsArb, fc.nat(20000), fc.nat(3000), (steps, top, h) => {
        const l = layoutRows(steps);
        for (const segs of [l.tracks.client, l.tracks.server]) {
          const expected = segs.filter((x) => x.y1 >= top && x.y0 <= top + h);
          expect(segmentsInView(segs, top, top + h)).toEqual(expected);
        }
      }),
    );
  });
});

describe('revealScroll', () => {
  it('leaves the scroll alone when the row is in view, otherwise brings the whole row into view', () => {
    fc.assert(
      fc.property(stepsArb, fc.nat(299), fc.nat(20000), fc.integer({ min: 200, max: 1200 }), (steps, k, top, h) => {
        const l = layoutRows(steps);
        const i = k % steps.length;
        const scrollTop = top % (l.height + 1);
        const r = revealScroll(l, i, scrollTop, h, 20);
        const st = r ?? scrollTop;
        if (r === null) {
          expect(l.tops[i] - 20).toBeGreaterThanOrEqual(scrollTop);
        } else {
          expect(r).toBeGreaterThanOrEqual(0);
          expect(r).toBeLessThanOrEqual(Math.max(0, l.height - h));
        }
        expect(l.tops[i]).toBeGreaterThanOrEqual(st);
        expect(l.tops[i + 1]).toBeLessThanOrEqual(st + h);
      }),
    );
  });
});

describe('lifelineX', () => {
  it('puts the client left of the attacker left of the server, symmetric about the centre', () => {
    const two = lifelineX(['client', 'server'], 1000);
    expect(two.client).toBeLessThan(two.server);
    expect(two.client + two.server).toBeCloseTo(1000);
    expect(Number.isNaN(two.attacker)).toBe(true);
    const three = lifelineX(['client', 'attacker', 'server'], 900);
    expect(three.attacker).toBeCloseTo(450);
    expect(three.client).toBeLessThan(three.attacker);
  });
});
