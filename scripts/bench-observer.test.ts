// The bench's workload must stay a valid session: a payload the engine cannot decode once turned
// every case into "internal error" only when `npm run bench` was run. Two packets check the shape.
import { describe, expect, it } from 'vitest';
import { benchObserver } from './bench-observer';

describe('bench-observer', () => {
  it('decodes and opens each cipher family’s long session (two packets here)', () => {
    const lines = benchObserver(2);
    expect(lines).toHaveLength(5);
    for (const l of lines.slice(1)) expect(l).toMatch(/MB\/s\s+\(0\.0 MB, \d+ steps, decode \d+ ms, openRecording \d+ ms\)$/);
  });
});
