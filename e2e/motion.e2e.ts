// prefers-reduced-motion turns the travelling-packet animation off. Measured without knowing how
// the animation is drawn: count the diagram's DOM changes that keep happening after a step.

import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { url, withPage } from './harness';
import { expectedLive, journeySession } from './model';
import { expectLive, waitForViewer } from './viewer';

/** Presses → and returns how many mutation batches hit the diagram between 150 and 900 ms later. */
async function lateMutations(page: Page): Promise<number> {
  await page.evaluate(() => {
    const w = window as unknown as { __late: number[]; __t0: number };
    w.__late = [];
    const diagram = document.querySelector('[data-testid="sequence-diagram"]')!;
    new MutationObserver(() => w.__late.push(performance.now())).observe(diagram, { attributes: true, subtree: true, childList: true, characterData: true });
    window.addEventListener('keydown', () => (w.__t0 = performance.now()), { capture: true, once: true });
  });
  await page.keyboard.press('ArrowRight');
  await page.waitForTimeout(1_000);
  return page.evaluate(() => {
    const w = window as unknown as { __late: number[]; __t0: number };
    return w.__late.filter((t) => t - w.__t0 > 150 && t - w.__t0 < 900).length;
  });
}

describe('motion', () => {
  for (const reducedMotion of ['no-preference', 'reduce'] as const) {
    test(`stepping to a packet with prefers-reduced-motion: ${reducedMotion}`, () =>
      withPage(`motion-${reducedMotion}`, { reducedMotion }, async ({ page }) => {
        const { entry, session } = await journeySession();
        // Open at the step before a client packet (?step is 1-based, so ?step=i is index i - 1), then → onto it.
        const i = session.steps.findIndex((s, k) => k > 2 && s.kind === 'message' && s.flow === 'c2s');
        await page.goto(url(`/sessions/${entry.slug}/?step=${i}`));
        await waitForViewer(page);
        await page.waitForTimeout(1_000);
        const late = await lateMutations(page);
        await expectLive(page, expectedLive(session, i));
        if (reducedMotion === 'reduce') expect(late, 'DOM changes in the diagram 150–900 ms after the step').toBe(0);
        // The control: with motion allowed, the packet visibly travels: changes in more than one frame
        // (a loaded machine draws fewer frames in the window, so not a frame count that needs a fast one).
        else expect(late, 'animation frames after the step').toBeGreaterThanOrEqual(2);
      }));
  }
});
