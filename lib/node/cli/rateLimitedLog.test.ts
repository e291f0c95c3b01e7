// RateLimitedLog on a fake clock: one line per interval goes out, the rest become one summary.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateLimitedLog } from './rateLimitedLog';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('RateLimitedLog', () => {
  it('a burst: the first line, then one summary when the interval ends; later lines go out again', () => {
    const out: string[] = [];
    const log = new RateLimitedLog((s) => out.push(s), 1000, (n) => `${n} more`);
    for (let i = 0; i < 500; i++) log.line(`refused ${i}`);
    expect(out).toEqual(['refused 0']);
    vi.advanceTimersByTime(1000);
    expect(out).toEqual(['refused 0', '499 more']);
    log.line('refused later');
    expect(out.at(-1)).toBe('refused later');
  });

  it('flush sums up at once and only once', () => {
    const out: string[] = [];
    const log = new RateLimitedLog((s) => out.push(s), 60_000, (n) => `${n} more`);
    log.line('a');
    log.line('b');
    log.flush();
    log.flush();
    vi.advanceTimersByTime(60_000);
    expect(out).toEqual(['a', '1 more']);
  });
});
