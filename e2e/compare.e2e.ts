// /compare (issue 13, part 4): two bundled sessions side by side, aligned by message, stepping
// together, differences listed in words; bad names explained; choosers write the address; axe clean.

import { describe, expect, test } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { failingFindings, formatFindings } from './axe';
import { screenshot, url, withPage } from './harness';
import { parseExperiment } from '../lib/session/experiment';
import { implementedAlgorithms, runExperiment } from '../lib/session/experimentRun';
import { stringifyRecording } from '../lib/session/recording';
import { manifest, openInNode, readPublic } from './model';
import { button, eventually } from './viewer';

const TERRAPIN = '/compare/?a=terrapin-chacha20-no-strict-kex&b=terrapin-strict-kex';

function side(page: Page, s: 'a' | 'b'): Locator {
  return page.getByTestId(`compare-side-${s}`);
}
function live(page: Page): Locator {
  return page.getByTestId('compare-live');
}
async function waitForComparison(page: Page): Promise<void> {
  await side(page, 'a').getByTestId('sequence-diagram').waitFor({ state: 'visible', timeout: 20_000 });
  await side(page, 'b').getByTestId('sequence-diagram').waitFor({ state: 'visible', timeout: 20_000 });
}
/** The row each side's diagram shows as current (its data-step), or null. */
async function currentRows(page: Page): Promise<(string | null)[]> {
  return Promise.all(
    (['a', 'b'] as const).map(async (s) => {
      const cur = side(page, s).locator('[aria-current="step"]');
      return (await cur.count()) === 1 ? cur.getAttribute('data-step') : null;
    }),
  );
}
async function expectClean(page: Page, where: string): Promise<void> {
  const f = await failingFindings(page);
  expect(f, formatFindings(where, f)).toEqual([]);
}

describe('/compare', () => {
  test('the Terrapin pair: two diagrams that step together, the injected IGNORE and strict kex marked', async () => {
    const a = await openInNode(readPublic(manifest().find((e) => e.slug === 'terrapin-chacha20-no-strict-kex')!.file));
    const b = await openInNode(readPublic(manifest().find((e) => e.slug === 'terrapin-strict-kex')!.file));
    await withPage('compare terrapin', { viewport: { width: 1440, height: 900 } }, async ({ page }) => {
      await page.goto(url(TERRAPIN));
      await waitForComparison(page);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Compare two sessions');
      expect(await page.getByTestId('sequence-diagram').count()).toBe(2);
      await eventually(() => currentRows(page), ['0', '0'], 'both at row 1');
      const first = await live(page).innerText();
      expect(first).toContain(`A: step 1 of ${a.steps.length}: ${a.steps[0].title} (${a.steps[0].who})`);
      expect(first).toContain(`B: step 1 of ${b.steps.length}: ${b.steps[0].title} (${b.steps[0].who})`);

      // → moves both diagrams, and the live region names both sides' steps.
      for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
      await eventually(() => currentRows(page), ['3', '3'], 'both at row 4 after three →');
      await button(page, 'Next step').click();
      await eventually(() => currentRows(page), ['4', '4'], 'both at row 5 after Next step');
      await page.keyboard.press('ArrowLeft');
      await eventually(() => currentRows(page), ['3', '3'], 'both back at row 4 after ←');
      expect(await live(page).innerText()).toMatch(/^Row 4 of \d+/);
      // A row clicked in either diagram moves both.
      await side(page, 'b').locator('[data-step="6"]').click();
      await eventually(() => currentRows(page), ['6', '6'], 'both at row 7 after a click on B');

      // The differences, in words (the scenarios' configs: strict kex off on A, on on B).
      const diffs = page.getByTestId('compare-differences');
      const text = await diffs.innerText();
      expect(text).toContain('strict kex: A false, B true');
      expect(text).toMatch(/SSH_MSG_IGNORE.*strict kex/);
      expect(text).toContain('attacker: A dropped, B untouched');
      expect(await page.getByTestId('compare-overall').innerText()).toMatch(/B fails: .*strict KEX violation/);

      // A difference's button moves both sides to its row; a one-sided row is a gap on the other.
      const only = diffs.locator('li', { hasText: 'only in A: SSH_MSG_IGNORE' });
      expect(await only.count()).toBe(1);
      await only.getByRole('button').click();
      const row = Number((await only.getByRole('button').innerText()).replace('Row ', '')) - 1;
      await eventually(() => currentRows(page), [String(row), String(row)], 'both at the IGNORE row');
      const here = await live(page).innerText();
      expect(here).toMatch(/A: step \d+ of \d+: SSH_MSG_IGNORE \(attacker → client\)/);
      expect(here).toContain('B: no step here (only in A)');
      expect(await side(page, 'b').locator(`[data-step="${row}"] title`).textContent()).toContain('not in B (SSH_MSG_IGNORE)');
      await page.evaluate(() => window.scrollTo(0, 0));
      // Both diagrams and the controls fit the viewport together.
      const box = await button(page, 'Next step').boundingBox();
      expect(box && box.y + box.height).toBeLessThanOrEqual(900);
      await screenshot(page, 'compare-terrapin-1440');
      await expectClean(page, TERRAPIN);
    });
  });

  test('classical vs post-quantum at 1280×720: the negotiated kex differs, choosers write the address', async () => {
    const classical = manifest().find((e) => e.slug === 'curve25519-ed25519-chacha20')!;
    const pq = manifest().find((e) => e.slug === 'mlkem768x25519-ed25519-chacha20')!;
    await withPage('compare kex', { viewport: { width: 1280, height: 720 } }, async ({ page }) => {
      await page.goto(url(`/compare/?a=${classical.slug}&b=${pq.slug}`));
      await waitForComparison(page);
      // The manifest's algorithms (written by the scenario runner) name each side's kex.
      expect(await page.getByTestId('compare-overall').innerText()).toContain(`kex: A ${classical.algorithms.kex}, B ${pq.algorithms.kex}`);
      await page.keyboard.press('End');
      // Both diagrams move to the last row; read once they have (a single read right after the key
      // press could land between a row losing aria-current and the new one getting it).
      const lastRow = async () => {
        const [a, b] = await currentRows(page);
        const m = /^Row (\d+) of (\d+)/.exec(await live(page).innerText());
        return a !== null && a === b && m !== null && m[1] === m[2] && Number(a) === Number(m[1]) - 1;
      };
      await eventually(lastRow, true, 'both diagrams at the last row after End');
      const box = await button(page, 'Next step').boundingBox();
      expect(box && box.y + box.height).toBeLessThanOrEqual(720);
      await screenshot(page, 'compare-kex-1280');
      await expectClean(page, 'compare kex');

      // Choosing another B rewrites ?b= and opens it.
      await page.getByLabel('Session B').selectOption('guess-wrong');
      await eventually(async () => new URL(page.url()).searchParams.get('b'), 'guess-wrong', '?b= after choosing');
      expect(new URL(page.url()).searchParams.get('a')).toBe(classical.slug);
      await eventually(() => side(page, 'b').locator('h2').innerText(), `B ${manifest().find((e) => e.slug === 'guess-wrong')!.title}`, 'B heading');
    });
  });

  test('either side may be a file from this computer (kept in the page, ?b=local); a bad file is explained', async () => {
    const strict = manifest().find((e) => e.slug === 'terrapin-strict-kex')!;
    await withPage('compare local file', {}, async ({ page }) => {
      await page.goto(url('/compare/?a=terrapin-chacha20-no-strict-kex'));
      await page.getByLabel('or open a file as B').setInputFiles({ name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(readPublic(strict.file)) });
      await waitForComparison(page);
      await eventually(async () => new URL(page.url()).searchParams.get('b'), 'local', '?b= for a local file');
      expect(await side(page, 'b').locator('h2').innerText()).toBe('B mine.json');
      expect(await page.getByTestId('compare-differences').innerText()).toContain('strict kex: A false, B true');
      await page.getByLabel('or open a file as A').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"sshscope-recording","version":99}') });
      const problem = page.getByTestId('compare-problem-a');
      await problem.waitFor({ state: 'visible', timeout: 15_000 });
      expect(await problem.innerText()).toContain('broken.json could not be opened');
      await expectClean(page, 'compare local file');
      // A reload cannot bring the file back: the address says so instead of showing nothing.
      await page.reload();
      await page.getByTestId('compare-problem-b').waitFor({ state: 'visible', timeout: 15_000 });
      expect(await page.getByTestId('compare-problem-b').innerText()).toContain('open the file for session B again');
    });
  });

  test('a name that is not a bundled session is explained; the gallery links here', async () => {
    await withPage('compare bad slug', {}, async ({ page }) => {
      await page.goto(url('/compare/?a=no-such-session&b=terrapin-strict-kex'));
      const problem = page.getByTestId('compare-problem-a');
      await problem.waitFor({ state: 'visible', timeout: 15_000 });
      const text = await problem.innerText();
      expect(text).toContain('No bundled session is named “no-such-session”');
      expect(text).toContain('?a=');
      expect(await page.getByRole('main').getByRole('alert').count()).toBe(1);
      await expectClean(page, 'compare bad slug');

      await page.goto(url('/'));
      await page.getByRole('link', { name: 'Compare two sessions' }).click();
      await page.getByRole('heading', { name: 'Compare two sessions', level: 1 }).waitFor({ timeout: 15_000 });
      await page.getByRole('link', { name: 'The right vs the wrong kex guess' }).click();
      await waitForComparison(page);
      expect(new URL(page.url()).searchParams.get('a')).toBe('guess-right');
      expect(await page.getByTestId('compare-differences').innerText()).toContain('guess right: A true, B false');
      // A session against itself: nothing differs, and the page says so.
      await page.goto(url('/compare/?a=guess-wrong&b=guess-wrong'));
      await waitForComparison(page);
      await page.getByTestId('compare-same').waitFor({ state: 'visible' });
      await page.goto(url('/compare/?a=guess-right&b=guess-wrong'));
      await waitForComparison(page);
      await page.setViewportSize({ width: 390, height: 844 });
      await screenshot(page, 'compare-guess-phone');
      await expectClean(page, 'compare guess phone');
    });
  });

  test('a playground run as a side: the playground links here with its setup, which the address keeps and runs again', async () => {
    const setup = 'attack=terrapin&strict=0&seed=7';
    // The same setup run here, as the worker runs it: the side must be this session, step for step.
    const catalog = implementedAlgorithms();
    const { experiment, problems } = parseExperiment(new URLSearchParams(setup), catalog);
    expect(problems).toEqual([]);
    const expected = await openInNode(stringifyRecording(runExperiment(experiment, catalog).recording));
    const strict = await openInNode(readPublic(manifest().find((e) => e.slug === 'terrapin-strict-kex')!.file));
    await withPage('compare playground', {}, async ({ page }) => {
      await page.goto(url(`/playground/?${setup}&run=1`));
      await page.getByTestId('run-outcome').waitFor({ state: 'visible', timeout: 30_000 });
      await page.getByRole('link', { name: 'Compare with another session' }).click();
      await page.getByRole('heading', { name: 'Compare two sessions', level: 1 }).waitFor({ timeout: 15_000 });
      const address = new URL(page.url()).searchParams;
      expect(address.get('a')).toBe('playground');
      expect(new URLSearchParams(address.get('a-setup')!).get('attack')).toBe('terrapin');
      await page.getByLabel('Session B').selectOption('terrapin-strict-kex');
      await waitForComparison(page);
      await eventually(() => currentRows(page), ['0', '0'], 'both at row 1');
      expect(await side(page, 'a').locator('h2').innerText()).toMatch(/^A Playground run \(.*attack=terrapin/);
      const live0 = await live(page).innerText();
      expect(live0).toContain(`A: step 1 of ${expected.steps.length}: ${expected.steps[0].title} (${expected.steps[0].who})`);
      expect(live0).toContain(`B: step 1 of ${strict.steps.length}:`);
      expect(await page.getByTestId('compare-differences').innerText()).toContain('strict kex: A false, B true');
      await screenshot(page, 'compare-playground');
      await expectClean(page, 'compare playground');

      // The address holds the experiment, not the recording: a reload runs it again.
      await page.reload();
      await waitForComparison(page);
      await eventually(() => currentRows(page), ['0', '0'], 'both at row 1 after the reload');
      expect(await live(page).innerText()).toContain(`A: step 1 of ${expected.steps.length}:`);
      await page.getByRole('link', { name: 'Change this setup in the playground' }).waitFor({ state: 'visible' });

      // A setup the playground cannot read is explained on its side, naming the parameter.
      await page.goto(url('/compare/?a=playground&a-setup=kex%3Dno-such-kex&b=terrapin-strict-kex'));
      const problem = page.getByTestId('compare-problem-a');
      await problem.waitFor({ state: 'visible', timeout: 30_000 });
      const text = await problem.innerText();
      expect(text).toContain('could not be run');
      expect(text).toContain('no-such-kex');
    });
  });
});
