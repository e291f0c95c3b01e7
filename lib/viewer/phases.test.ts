import { describe, expect, it } from 'vitest';
import { STEP_PHASES } from '../session/session';
import { PHASE_STYLES, phaseStyle } from './phases';

describe('phase styles', () => {
  it('give every phase of the contract its own label, text tag, colour variable and pattern key', () => {
    for (const p of STEP_PHASES) expect(PHASE_STYLES[p], p).toBeDefined();
    for (const k of ['label', 'tag', 'short', 'cssVar', 'key'] as const) {
      const values = STEP_PHASES.map((p) => PHASE_STYLES[p][k]);
      expect(new Set(values).size, `${k} is unique per phase`).toBe(STEP_PHASES.length);
    }
    // Issue 5 names the phases exactly.
    expect(STEP_PHASES.map((p) => PHASE_STYLES[p].label).slice(0, 5)).toEqual([
      'Version exchange',
      'Algorithm negotiation',
      'Key exchange',
      'New keys',
      'Encrypted service',
    ]);
  });
  it('falls back to a neutral style for a phase it does not know', () => {
    expect(phaseStyle('time travel')).toMatchObject({ label: 'time travel', key: 'unknown' });
  });
  it('uses only palette variables that app/globals.css defines', async () => {
    const { readFileSync } = await import('node:fs');
    const css = readFileSync(new URL('../../app/globals.css', import.meta.url), 'utf8');
    for (const p of STEP_PHASES) expect(css).toContain(`${PHASE_STYLES[p].cssVar}:`);
  });
});
