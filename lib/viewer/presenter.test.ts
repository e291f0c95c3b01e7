// Presenter mode's pure parts: label fitting, the truncated layout of "hide future", the
// algorithms table, grouped hex.

import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openRecording } from '../session/open';
import { STEP_PHASES, type Step } from '../session/session';
import { algorithmTable, CATEGORIES } from './algorithms';
import { hexGroups } from './hexGroups';
import { clipText, fitLabel } from './labels';
import { layoutRows, rowHeight, truncateLayout, BOTTOM_PAD, type LayoutStep } from './layout';

describe('fitLabel', () => {
  it('takes the first form that fits, then shrinks the last, then clips at the floor', () => {
    expect(fitLabel(['SSH_MSG_KEXINIT · 1,024 B', 'SSH_MSG_KEXINIT'], 300, 10, 0.8)).toEqual({ text: 'SSH_MSG_KEXINIT · 1,024 B', scale: 1 });
    expect(fitLabel(['SSH_MSG_KEXINIT · 1,024 B', 'SSH_MSG_KEXINIT'], 200, 10, 0.8)).toEqual({ text: 'SSH_MSG_KEXINIT', scale: 1 });
    const shrunk = fitLabel(['SSH_MSG_KEXINIT · 1,024 B', 'SSH_MSG_KEXINIT'], 135, 10, 0.8);
    expect(shrunk.text).toBe('SSH_MSG_KEXINIT');
    expect(shrunk.scale).toBeCloseTo(0.9);
    const clipped = fitLabel(['SSH_MSG_KEXINIT'], 80, 10, 0.8);
    expect(clipped).toEqual({ text: clipText('SSH_MSG_KEXINIT', 10), scale: 0.8 });
    expect(clipped.text.endsWith('…')).toBe(true);
  });
  it('never returns a label wider than the room (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1, maxLength: 60 }), { minLength: 1, maxLength: 4 }), fc.integer({ min: 10, max: 800 }), (forms, maxW) => {
        const f = fitLabel(forms, maxW, 7, 0.5);
        return f.text.length * 7 * f.scale <= maxW + 1e-9 || f.text.length === 1;
      }),
    );
  });
});

describe('truncateLayout (hide future steps)', () => {
  const steps: LayoutStep[] = Array.from({ length: 40 }, (_, i) =>
    i % 3 === 0 ? { kind: 'computation', phase: STEP_PHASES[Math.floor(i / 8)], by: i % 2 ? 'client' : 'server' } : { kind: 'message', phase: STEP_PHASES[Math.floor(i / 8)], from: i % 2 ? 'client' : 'server', to: i % 2 ? 'server' : 'client', encrypted: false, entry: { kind: 'packet' } },
  );
  const full = layoutRows(steps, 1.5);
  it('keeps rows up to the current one and ends at its bottom, telling nothing of the next row', () => {
    for (let last = 0; last < steps.length - 1; last++) {
      const t = truncateLayout(full, steps, last);
      expect(t.count).toBe(last + 1);
      for (let i = 0; i <= last; i++) expect(t.tops[i]).toBe(full.tops[i]);
      const bottom = full.tops[last] + rowHeight(steps[last].kind, 1.5);
      expect(t.tops[last + 1]).toBe(bottom);
      expect(t.height).toBe(bottom + BOTTOM_PAD * 1.5);
      for (const b of t.bands) expect(b.end).toBeLessThanOrEqual(last + 1);
      for (const p of ['client', 'server'] as const) {
        for (const seg of t.tracks[p]) {
          expect(seg.start).toBeLessThanOrEqual(last);
          expect(seg.y1).toBeLessThanOrEqual(t.height);
        }
        expect(t.tracks[p].at(-1)!.y1).toBe(t.height);
      }
    }
  });
  it('is the layout itself at the last step', () => {
    expect(truncateLayout(full, steps, steps.length - 1)).toBe(full);
  });
});

describe('algorithmTable', () => {
  const session = openRecording(readFileSync('public/recordings/attacks/terrapin-strict-kex.json', 'utf8'));
  const steps: Step[] = session.steps;
  const first = (title: string, flow?: string) => steps.findIndex((s) => s.kind === 'message' && s.title === title && (!flow || s.flow === flow));
  it('before any KEXINIT: nothing offered', () => {
    const t = algorithmTable(steps, 0, session.stateAt(0));
    expect(t.status).toBe('no kexinit');
    expect(t.rows.every((r) => r.client === undefined && r.server === undefined)).toBe(true);
  });
  it("after one KEXINIT: that side's lists, read off the packet, nothing chosen", () => {
    const i = first('SSH_MSG_KEXINIT', 's2c');
    const t = algorithmTable(steps, i, session.stateAt(i));
    expect(t.status).toBe('offers only');
    const s = steps[i];
    if (s.kind !== 'message') throw new Error('not a message');
    for (const c of CATEGORIES) {
      const row = t.rows.find((r) => r.category === c.category)!;
      expect(row.server).toEqual(s.entry.values?.[c.field]);
      expect(row.client).toBeUndefined();
      expect(row.chosen).toBeUndefined();
    }
  });
  it("once negotiated: both lists and the winner, the client's first that the server lists", () => {
    const i = steps.findIndex((s) => s.kind === 'computation' && s.action === 'negotiate');
    const t = algorithmTable(steps, i, session.stateAt(i));
    expect(t.status).toBe('decided');
    for (const r of t.rows) if (r.chosen !== '<implicit>') expect(r.chosen, r.category).toBe(r.client!.find((n) => r.server!.includes(n)));
    expect(t.rows.find((r) => r.category === 'kex')!.chosen).toBe(session.summary.kex);
  });
  it('a failed negotiation marks the category with nothing in common', () => {
    const s2 = openRecording(readFileSync('public/recordings/failures/no-common-cipher.json', 'utf8'));
    const last = s2.steps.length - 1;
    const t = algorithmTable(s2.steps, last, s2.stateAt(last));
    expect(t.status).toBe('failed');
    const bad = t.rows.filter((r) => r.chosen === null);
    expect(bad.length).toBe(1);
    expect(bad[0].category).toMatch(/^cipher/);
    expect(bad[0].client!.some((n) => bad[0].server!.includes(n))).toBe(false);
  });
});

describe('hexGroups', () => {
  it('groups by four bytes and counts what is left out', () => {
    const b = Uint8Array.from({ length: 10 }, (_, i) => i * 17);
    expect(hexGroups(b)).toEqual({ groups: ['00112233', '44556677', '8899'], more: 0 });
    expect(hexGroups(b, 6)).toEqual({ groups: ['00112233', '4455'], more: 4 });
    expect(hexGroups(new Uint8Array(0))).toEqual({ groups: [], more: 0 });
  });
});
