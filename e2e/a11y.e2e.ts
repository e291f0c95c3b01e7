// Accessibility: axe on the gallery, the glossary, the viewer (light, dark, presenter) and /view with an error.
// Any moderate, serious or critical violation fails (heading order and landmarks are moderate), and
// all of them are printed.

import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { url, withPage, type PageOptions } from './harness';
import { failingFindings, formatFindings } from './axe';
import { malformedFile } from './fixtures';
import { journeySession, manifest } from './model';
import { waitForViewer } from './viewer';

async function scan(where: string, page: Page): Promise<void> {
  const findings = await failingFindings(page);
  if (findings.length) console.log(formatFindings(where, findings));
  expect(findings.map((f) => `${f.impact} ${f.id} (${f.nodes.length} nodes)`), `axe on ${where}`).toEqual([]);
}

const cases: { name: string; options: PageOptions; path: () => Promise<string>; theme?: 'dark' }[] = [
  { name: 'gallery (light)', options: {}, path: async () => '/' },
  { name: 'gallery (dark)', options: { colorScheme: 'dark' }, path: async () => '/' },
  { name: 'glossary (light)', options: {}, path: async () => '/glossary/' },
  { name: 'glossary (dark)', options: { colorScheme: 'dark' }, path: async () => '/glossary/' },
  { name: 'viewer (light)', options: {}, path: async () => `/sessions/${(await journeySession()).entry.slug}/?step=8` },
  { name: 'viewer (dark)', options: { colorScheme: 'dark' }, path: async () => `/sessions/${(await journeySession()).entry.slug}/?step=8` },
  {
    name: 'viewer (presenter, 1280×720)',
    options: { viewport: { width: 1280, height: 720 } },
    path: async () => `/sessions/${(await journeySession()).entry.slug}/?step=8&present=1`,
  },
  {
    name: 'viewer, a failure at its last step (error style)',
    options: {},
    path: async () => {
      const e = manifest().find((x) => x.group === 'Failures')!;
      return `/sessions/${e.slug}/?step=${e.steps}`;
    },
  },
  {
    name: 'viewer, an attack (attacker lifeline, tampered packets), dark',
    options: { colorScheme: 'dark' },
    path: async () => {
      const e = manifest().find((x) => x.group === 'Attacks')!;
      return `/sessions/${e.slug}/?step=${e.steps}`;
    },
  },
];

describe('accessibility (axe: no moderate, serious or critical findings)', () => {
  for (const c of cases) {
    test(c.name, () =>
      withPage(`a11y-${c.name}`, c.options, async ({ page }) => {
        const path = await c.path();
        await page.goto(url(path));
        if (path.startsWith('/sessions/')) await waitForViewer(page);
        else await page.waitForLoadState('networkidle');
        await scan(c.name, page);
      }));
  }

  test('viewer with the dark theme chosen by the toggle', () =>
    withPage('a11y-toggle-dark', {}, async ({ page }) => {
      await page.goto(url(`/sessions/${(await journeySession()).entry.slug}/?step=8`));
      await waitForViewer(page);
      // The toggle sets data-theme on <html>; whatever its wording, it is a button or switch about the theme.
      const toggle = page.getByRole('button', { name: /theme|dark|light/i }).or(page.getByRole('switch', { name: /theme|dark/i })).first();
      for (let i = 0; i < 3 && (await page.evaluate(() => document.documentElement.dataset.theme)) !== 'dark'; i++) await toggle.click();
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      await scan('viewer (dark via toggle)', page);
    }));

  test('/view showing an error', () =>
    withPage('a11y-view-error', {}, async ({ page }) => {
      const { text, path } = malformedFile();
      await page.goto(url('/'));
      await page.getByLabel('Open a recording').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(text) });
      await page.getByText(path).first().waitFor({ state: 'visible', timeout: 10_000 });
      await scan('/view with an error', page);
    }));
});
