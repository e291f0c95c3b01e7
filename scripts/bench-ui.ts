// UI budgets from issue 5, measured on the static export in Debian's Chromium:
//  - the viewer route's first-load JS, gzipped (the JS files out/sessions/<slug>/index.html loads),
//  - step → next frame at step 5,000 of a 10,000-packet session opened in /view,
//  - gallery → interactive viewer on localhost.
// Numbers are printed beside their targets; nothing here fails a test.

import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, launchOptions } from '../e2e/browser';
import { longFile } from '../e2e/fixtures';
import { serveStatic } from '../e2e/static-server';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'out');

const TARGET = { firstLoadKB: 180, stepMs: 16, galleryMs: 1000 };

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

const verdict = (ok: boolean) => (ok ? 'ok' : 'OVER BUDGET');

/** Script files an exported HTML page makes a modern browser load (src of <script> tags, except
 *  `nomodule` polyfills, which only browsers without ES modules fetch), as paths under out/. */
export function scriptsOf(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>/gi)) {
    const attrs = m[1];
    if (/\bnomodule\b/i.test(attrs)) continue;
    const src = /\bsrc="([^"]+)"/.exec(attrs)?.[1]?.replace(/&amp;/g, '&').split('?')[0];
    if (src && src.startsWith('/') && src.endsWith('.js')) out.push(src);
  }
  return [...new Set(out)];
}

/** Same measure from the browser's side: JS files it fetched (resource timing), by the load event or so far. */
async function fetchedJs(page: Page, outDir: string, untilLoad: boolean): Promise<{ files: number; gz: number }> {
  const paths = await page.evaluate((untilLoad) => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return performance
      .getEntriesByType('resource')
      .filter((e) => !untilLoad || e.startTime <= nav.loadEventStart)
      .map((e) => new URL(e.name).pathname)
      .filter((p) => p.endsWith('.js'));
  }, untilLoad);
  let gz = 0;
  for (const p of new Set(paths)) gz += gzipSync(readFileSync(join(outDir, decodeURIComponent(p))), { level: 9 }).length;
  return { files: new Set(paths).size, gz };
}

/** Sum of gzip sizes (bytes) of the JS a page loads before anything is imported on demand. */
export function firstLoadJs(outDir: string, page: string): { files: number; raw: number; gz: number } {
  const html = readFileSync(join(outDir, page), 'utf8');
  let raw = 0;
  let gz = 0;
  const files = scriptsOf(html);
  for (const f of files) {
    // URLs, not paths: a webpack build names route chunks after the folder ("%5Bslug%5D" for [slug]).
    const body = readFileSync(join(outDir, decodeURIComponent(f)));
    raw += body.length;
    gz += gzipSync(body, { level: 9 }).length;
  }
  return { files: files.length, raw, gz };
}

function firstSlug(): string | null {
  const p = join(ROOT, 'public/recordings/index.json');
  if (!existsSync(p)) return null;
  const m = JSON.parse(readFileSync(p, 'utf8')) as { recordings: { slug: string }[] };
  return m.recordings[0]?.slug ?? null;
}

async function waitForStep(page: Page, n: number): Promise<void> {
  await page.waitForFunction(
    (n) => [...document.querySelectorAll('[aria-live="polite"]')].some((e) => (e.textContent ?? '').trim().startsWith(`Step ${n} of`)),
    n,
    { timeout: 60_000 },
  );
}

/** Times from a real key press (seen in a capturing listener) to the next animation frame, and to
 *  the end of that frame's rendering (a message posted from the rAF callback runs after paint). */
async function stepFrameTimes(page: Page, samples: number): Promise<{ raf: number[]; painted: number[] }> {
  await page.evaluate(() => {
    const w = window as unknown as { __frame: Promise<[number, number]> | null };
    w.__frame = null;
    window.addEventListener(
      'keydown',
      () => {
        const t0 = performance.now();
        w.__frame = new Promise((res) =>
          requestAnimationFrame(() => {
            const tRaf = performance.now();
            const ch = new MessageChannel();
            ch.port1.onmessage = () => res([tRaf - t0, performance.now() - t0]);
            ch.port2.postMessage(0);
          }),
        );
      },
      { capture: true },
    );
  });
  const raf: number[] = [];
  const painted: number[] = [];
  const warmup = 5;
  for (let i = 0; i < samples + warmup; i++) {
    await page.keyboard.press(i % 2 === 0 ? 'ArrowRight' : 'ArrowLeft');
    const [a, b] = await page.evaluate(() => (window as unknown as { __frame: Promise<[number, number]> }).__frame);
    if (i < warmup) continue;
    raf.push(a);
    painted.push(b);
    await page.waitForTimeout(120); // let the packet animation finish before the next press
  }
  return { raf, painted };
}

export async function benchUi(): Promise<string[]> {
  if (!existsSync(CHROMIUM)) return [`UI budgets: skipped (no Chromium at ${CHROMIUM}; Debian package "chromium")`];
  const lines: string[] = ['UI budgets (static export, Debian Chromium headless, localhost):'];
  if (process.env.BENCH_NO_BUILD !== '1') {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/next/dist/bin/next'), 'build'], { cwd: ROOT, stdio: 'ignore', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  }
  const slug = firstSlug();
  if (!slug || !existsSync(join(OUT, 'sessions', slug, 'index.html'))) return [...lines, '  skipped: no bundled session pages in out/ (npm run sessions, npm run build)'];

  const fl = firstLoadJs(OUT, `sessions/${slug}/index.html`);
  const kb = fl.gz / 1024;
  lines.push(
    `  viewer first-load JS (/sessions/${slug}/): ${kb.toFixed(1)} KB gzipped in ${fl.files} files (${(fl.raw / 1024).toFixed(0)} KB raw)   target ≤ ${TARGET.firstLoadKB} KB   ${verdict(kb <= TARGET.firstLoadKB)}`,
  );
  for (const p of ['index.html', 'view/index.html']) {
    if (!existsSync(join(OUT, p))) continue;
    const r = firstLoadJs(OUT, p);
    lines.push(`    for comparison /${p.replace('index.html', '')}: ${(r.gz / 1024).toFixed(1)} KB gzipped in ${r.files} files`);
  }

  const copy = mkdtempSync(join(tmpdir(), 'sshscope-bench-out-'));
  cpSync(OUT, copy, { recursive: true });
  const server = await serveStatic(copy);
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch(launchOptions());

    // The first-load figure again, from the browser's side.
    {
      const p = await browser.newPage();
      await p.goto(`${server.url}/sessions/${slug}/`, { waitUntil: 'load' });
      const f = await fetchedJs(p, copy, true);
      await waitForStep(p, 1);
      const all = await fetchedJs(p, copy, false);
      lines.push(
        `    cross-check in Chromium: ${(f.gz / 1024).toFixed(1)} KB gzipped in ${f.files} JS files fetched by the load event; ` +
          `${(all.gz / 1024).toFixed(1)} KB in ${all.files} files once the viewer shows step 1 (the rest is imported after first paint)`,
      );
      await p.close();
    }

    // Step → next frame at step 5,000 of a 10,000-packet session.
    const file = longFile(10_000);
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(server.url + '/');
    const tOpen = performance.now();
    await page.getByLabel('Open a recording').setInputFiles({ name: 'long.json', mimeType: 'application/json', buffer: Buffer.from(file) });
    await waitForStep(page, 1);
    const openMs = performance.now() - tOpen;
    const total = await page.evaluate(() => {
      const t = [...document.querySelectorAll('[aria-live="polite"]')].map((e) => e.textContent ?? '').find((x) => /^Step \d+ of \d+/.test(x.trim()));
      return Number(/of (\d+)/.exec(t ?? '')?.[1] ?? 0);
    });
    const at = Math.min(5_000, total);
    await page.goto(`${server.url}/view/?step=${at}`);
    await waitForStep(page, at);
    await page.waitForTimeout(500);
    const { raf, painted } = await stepFrameTimes(page, 100);
    await waitForStep(page, at + 1); // 105 presses, odd count: one step past where we started
    const med = quantile(raf, 0.5);
    const p95 = quantile(raf, 0.95);
    lines.push(
      `  step → next frame at step ${at} of ${total} (${(file.length / 1e6).toFixed(1)} MB file, 100 presses after 5 warm-up): median ${med.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms   target ≤ ${TARGET.stepMs} ms   ${verdict(p95 <= TARGET.stepMs)}`,
      `    to the end of that frame's rendering: median ${quantile(painted, 0.5).toFixed(1)} ms, p95 ${quantile(painted, 0.95).toFixed(1)} ms; opening the file took ${(openMs / 1000).toFixed(1)} s`,
    );
    await context.close();

    // Gallery → interactive viewer: click the first card, until step 1 is announced and Next step works.
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const p = await ctx.newPage();
      await p.goto(server.url + '/');
      await p.waitForLoadState('networkidle');
      const t0 = performance.now();
      await p.locator(`a[href^="/sessions/${slug}"]`).first().click();
      await waitForStep(p, 1);
      await p.getByRole('button', { name: 'Next step', exact: true }).waitFor({ state: 'visible' });
      await p.waitForFunction(() => {
        const b = [...document.querySelectorAll('button')].find((x) => x.getAttribute('aria-label') === 'Next step' || x.textContent?.trim() === 'Next step');
        return !!b && !b.disabled;
      });
      times.push(performance.now() - t0);
      await ctx.close();
    }
    const gm = quantile(times, 0.5);
    lines.push(
      `  gallery → interactive viewer (/sessions/${slug}/, 7 runs): median ${gm.toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms   target < ${TARGET.galleryMs} ms   ${verdict(gm < TARGET.galleryMs)}`,
    );
  } catch (e) {
    lines.push(`  failed: ${(e as Error).message.split('\n')[0]}`);
  } finally {
    await browser?.close();
    await server.close();
    rmSync(copy, { recursive: true, force: true });
  }
  return lines;
}
