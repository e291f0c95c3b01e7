import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STEP_PHASES, type Step } from '../session/session';
import {
  bandLabelY,
  bandsInView,
  layoutRows,
  lifelineX,
  revealScroll,
  ROW_HEIGHT,
  rowAt,
  TOP_PAD,
  visibleRange,
  type LayoutStep,
} from './layout';

const kinds: Step['kind'][] = ['message', 'computation', 'closed'];
const stepArb = fc.record({ kind: fc.constantFrom(...kinds), phase: fc.constantFrom(...STEP_PHASES) });
const stepsArb = fc.array(stepArb, { minLength: 1, maxLength: 300 });

describe('layoutRows', () => {
  it('places a small handshake exactly: rows stacked by height, a 22 px label gap at each phase change', () => {
    const steps: LayoutStep[] = [
      { kind: 'message', phase: 'version exchange' },
      { kind: 'message', phase: 'version exchange' },
      { kind: 'computation', phase: 'algorithm negotiation' },
      { kind: 'closed', phase: 'failure' },
    ];
    const l = layoutRows(steps);
    // By hand: 28 | 46 | 46 | gap 22 | 34 | gap 22 | 46
    expect([...l.tops]).toEqual([28, 74, 142, 198, 244]);
    expect(l.bands.map((b) => [b.phase, b.start, b.end, b.y0, b.y1])).toEqual([
      ['version exchange', 0, 2, 0, 120],
      ['algorithm negotiation', 2, 3, 120, 176],
      ['failure', 3, 4, 176, 244],
    ]);
  });

  it('rows never overlap, each is as tall as its kind, and the bands tile the diagram in step order', () => {
    fc.assert(
      fc.property(stepsArb, (steps) => {
        const l = layoutRows(steps);
        expect(l.tops[0]).toBe(TOP_PAD);
        let phaseChanges = 0;
        for (let i = 0; i < steps.length; i++) {
          const gap = l.tops[i + 1] - l.tops[i];
          const changes = i + 1 < steps.length && steps[i + 1].phase !== steps[i].phase;
          if (changes) phaseChanges++;
          expect(gap).toBe(ROW_HEIGHT[steps[i].kind] + (changes ? 22 : 0));
        }
        expect(l.bands.length).toBe(phaseChanges + 1);
        expect(l.bands[0].y0).toBe(0);
        expect(l.bands[0].start).toBe(0);
        expect(l.bands[l.bands.length - 1].end).toBe(steps.length);
        for (let b = 0; b < l.bands.length; b++) {
          const band = l.bands[b];
          if (b > 0) {
            expect(band.y0).toBe(l.bands[b - 1].y1);
            expect(band.start).toBe(l.bands[b - 1].end);
          }
          for (let i = band.start; i < band.end; i++) {
            expect(steps[i].phase).toBe(band.phase);
            expect(l.tops[i]).toBeGreaterThanOrEqual(band.y0);
            expect(l.tops[i] + ROW_HEIGHT[steps[i].kind]).toBeLessThanOrEqual(band.y1);
          }
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
    const steps: LayoutStep[] = Array.from({ length: 10_000 }, () => ({ kind: 'message', phase: 'encrypted service' }));
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

describe('bands in view and sticky labels', () => {
  it('returns the same bands as a linear filter', () => {
    fc.assert(
      fc.property(stepsArb, fc.nat(20000), fc.nat(3000), (steps, top, h) => {
        const l = layoutRows(steps);
        const expected = l.bands.filter((b) => b.y1 >= top && b.y0 <= top + h);
        expect(bandsInView(l, top, top + h)).toEqual(expected);
      }),
    );
  });

  it('holds a label at the viewport top inside its band, never past its bottom', () => {
    const band = { phase: 'key exchange' as const, start: 0, end: 5, y0: 100, y1: 400 };
    expect(bandLabelY(band, 0)).toBe(100);
    expect(bandLabelY(band, 250)).toBe(250);
    expect(bandLabelY(band, 1000)).toBe(380);
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
