// Finding the viewer's parts by the names issue 5 fixes, never by CSS classes.

import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';

export const STEP_BUTTONS = ['First step', 'Previous step', 'Next step', 'Last step'] as const;

export function button(page: Page, name: string): Locator {
  return page.getByRole('button', { name, exact: true });
}

/** The polite live region that announces the current step. */
export function liveRegion(page: Page): Locator {
  return page.locator('[aria-live="polite"]').filter({ hasText: /^\s*Step \d+ of \d+/ });
}

/** Waits (up to `timeout`) until `read()` returns `want`; fails with the last value seen. */
export async function eventually<T>(read: () => Promise<T>, want: T, what: string, timeout = 5_000): Promise<void> {
  const until = Date.now() + timeout;
  let last: T | undefined;
  for (;;) {
    try {
      last = await read();
    } catch {
      last = undefined;
    }
    if (JSON.stringify(last) === JSON.stringify(want)) return;
    if (Date.now() > until) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(last, what).toEqual(want);
}

export async function liveText(page: Page): Promise<string> {
  const el = liveRegion(page);
  return ((await el.count()) === 1 ? (await el.textContent()) ?? '' : `(${await el.count()} step live regions)`).trim();
}

export function expectLive(page: Page, text: string): Promise<void> {
  return eventually(() => liveText(page), text, 'live region text');
}

export function stepParam(page: Page): string | null {
  return new URL(page.url()).searchParams.get('step');
}

export function expectStepParam(page: Page, n: number): Promise<void> {
  return eventually(async () => stepParam(page), String(n), 'URL ?step=');
}

/** Waits until the viewer has a session on screen: the diagram, the live region and the explanation
 *  (panels may be imported after first paint; presenter mode shows only diagram and explanation). */
export async function waitForViewer(page: Page): Promise<void> {
  await page.getByTestId('sequence-diagram').first().waitFor({ state: 'visible', timeout: 15_000 });
  await liveRegion(page).waitFor({ state: 'attached', timeout: 15_000 });
  await page.getByTestId('explanation').first().waitFor({ state: 'visible', timeout: 15_000 });
}

/**
 * The step details (field tree, hex dump, state, explanation) follow the cursor one frame after the
 * live region, and an explanation may still be loading: wait until they show step `index` (0-based)
 * and nothing in them is busy, before reading their text.
 */
export async function waitForPanels(page: Page, index: number): Promise<void> {
  await page.waitForFunction(
    (i) => {
      const pane = document.querySelector('.pane-details');
      return pane?.getAttribute('data-panel-step') === String(i) && !pane.querySelector('[aria-busy="true"]');
    },
    index,
    { timeout: 10_000 },
  );
  // Text measured for layout checks must be in its final font.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

/** Document scroll size against the viewport: presenter mode must not scroll. */
export function scrollSize(page: Page): Promise<{ sw: number; sh: number; vw: number; vh: number }> {
  return page.evaluate(() => ({
    sw: document.documentElement.scrollWidth,
    sh: document.documentElement.scrollHeight,
    vw: window.innerWidth,
    vh: window.innerHeight,
  }));
}
