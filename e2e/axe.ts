// axe-core injected into the page; moderate, serious and critical violations fail the test, all printed
// (only "minor" ones are left out: none is reported today, but they are advisory).

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import type { AxeResults } from 'axe-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface Finding {
  id: string;
  impact: string;
  help: string;
  nodes: string[];
}

const FAILING = new Set(['moderate', 'serious', 'critical']);

/** Runs axe on the page as it is now; returns the moderate, serious and critical findings. */
export async function failingFindings(page: Page): Promise<Finding[]> {
  await page.addScriptTag({ content: axeSource });
  const results = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<unknown> } }).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  })) as AxeResults;
  return results.violations
    .filter((v) => FAILING.has(v.impact ?? ''))
    .map((v) => ({
      id: v.id,
      impact: v.impact ?? '',
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ') ?? ''}`),
    }));
}

export function formatFindings(where: string, f: Finding[]): string {
  return f.map((v) => `${where}: [${v.impact}] ${v.id}: ${v.help}\n    ${v.nodes.join('\n    ')}`).join('\n');
}
