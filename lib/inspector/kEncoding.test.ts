import { describe, expect, it } from 'vitest';
import { refToLink } from '../content/rfcLink';
import { movingLinkProblem } from '../content/links';
import { kexAlgorithms } from '../ssh/algorithms/kex';
import { K_AS_STRING } from './kEncoding';

describe('K_AS_STRING', () => {
  it('every reason links a pinned section', () => {
    for (const r of K_AS_STRING) {
      const link = refToLink(r.ref);
      expect(link, r.ref).not.toBeNull();
      expect(movingLinkProblem(link!.href), r.ref).toBeNull();
      expect(link!.href).toMatch(/#section-\d/);
    }
  });
  it('cites the draft version the hybrid methods implement', () => {
    const hybridRefs = Object.values(kexAlgorithms).filter((k) => k.family === 'hybrid').map((k) => k.ref.split(' ')[0]);
    const drafts = K_AS_STRING.map((r) => r.ref.split(' ')[0]).filter((d) => d.startsWith('draft-'));
    for (const d of drafts) expect(hybridRefs).toContain(d);
  });
});
