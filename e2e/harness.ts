// Per-test pages: every page a test opens is watched for console errors, uncaught exceptions and
// dialogs (alert/confirm/prompt: a hostile string that ran), and the test fails on any of them.

import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, inject } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '..');
export const RESULTS = join(ROOT, 'test-results');
export const SCREENSHOTS = join(RESULTS, 'screenshots');

let browser: Promise<Browser> | null = null;

function getBrowser(): Promise<Browser> {
  browser ??= chromium.connect(inject('wsEndpoint'));
  return browser;
}

afterAll(async () => {
  if (browser) await (await browser).close();
  browser = null;
});

export function url(path: string): string {
  return inject('baseURL') + path;
}

export interface PageOptions {
  viewport?: { width: number; height: number };
  colorScheme?: 'light' | 'dark';
  reducedMotion?: 'reduce' | 'no-preference';
}

/** What went wrong on a page that a user would not see but a developer must. */
export interface Problems {
  console: string[];
  pageErrors: string[];
  dialogs: string[];
}

export interface Watched {
  page: Page;
  context: BrowserContext;
  problems: Problems;
}

/**
 * Opens a fresh browser context and page, runs `fn`, then fails if the page logged a console error,
 * threw, or opened a dialog. On failure a screenshot goes to test-results/failures/.
 */
export async function withPage(name: string, options: PageOptions, fn: (w: Watched) => Promise<void>): Promise<void> {
  const b = await getBrowser();
  const context = await b.newContext({
    viewport: options.viewport ?? { width: 1440, height: 900 },
    colorScheme: options.colorScheme ?? 'light',
    reducedMotion: options.reducedMotion ?? 'no-preference',
  });
  const page = await context.newPage();
  const problems: Problems = { console: [], pageErrors: [], dialogs: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') {
      const loc = m.location();
      problems.console.push(`${m.text()}${loc.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (e) => problems.pageErrors.push(`${e.name}: ${e.message}`));
  page.on('dialog', (d) => {
    problems.dialogs.push(`${d.type()}: ${d.message()}`);
    // Dismiss so the page does not hang; the test still fails below.
    void d.dismiss().catch(() => undefined);
  });
  try {
    await fn({ page, context, problems });
    const all = [
      ...problems.console.map((m) => `console error: ${m}`),
      ...problems.pageErrors.map((m) => `page error: ${m}`),
      ...problems.dialogs.map((m) => `dialog ${m}`),
    ];
    if (all.length) throw new Error(`${all.length} problem(s) on ${page.url()}:\n  ${all.join('\n  ')}`);
  } catch (e) {
    const dir = join(RESULTS, 'failures');
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: join(dir, `${name.replace(/[^a-z0-9-]+/gi, '_')}.png`), fullPage: false }).catch(() => undefined);
    const extra = [...problems.console, ...problems.pageErrors, ...problems.dialogs];
    if (extra.length && e instanceof Error && !/problem\(s\) on /.test(e.message)) {
      e.message += `\n  also on the page: ${extra.join(' | ')}`;
    }
    throw e;
  } finally {
    await context.close();
  }
}

/** Saves a screenshot for people to look at (test-results/screenshots/, gitignored). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}
