// Once per e2e run: build the static export, serve a private copy of it, start Chromium.
// The copy matters: other people may rebuild out/ while the tests run.

import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { launchChromiumServer, CHROMIUM } from './browser';
import { serveStatic } from './static-server';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
    wsEndpoint: string;
    /** The served copy of the export: tests read manifest and recordings from it, not from public/,
     *  so what they expect matches what the browser gets even if public/ changes during the run. */
    outDir: string;
  }
}

const root = resolve(import.meta.dirname, '..');

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`e2e: Chromium not found at ${CHROMIUM} (Debian package "chromium"; .ci/run installs it)`);
  }
  if (process.env.E2E_NO_BUILD !== '1') {
    const started = Date.now();
    try {
      execFileSync(process.execPath, [join(root, 'node_modules/next/dist/bin/next'), 'build'], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
        maxBuffer: 64 * 1024 * 1024,
      });
    } catch (e) {
      // Say why: next build prints type errors on stdout.
      const x = e as { stdout?: Buffer; stderr?: Buffer };
      const out = `${x.stdout?.toString() ?? ''}\n${x.stderr?.toString() ?? ''}`.trim().split('\n').slice(-40).join('\n');
      throw new Error(`e2e: next build failed (set E2E_NO_BUILD=1 to test an existing out/):\n${out}`);
    }
    console.log(`e2e: next build in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  const out = join(root, 'out');
  if (!existsSync(join(out, 'index.html'))) throw new Error(`e2e: no static export in ${out} (run next build, or unset E2E_NO_BUILD)`);
  const copy = mkdtempSync(join(tmpdir(), 'sshscope-e2e-out-'));
  cpSync(out, copy, { recursive: true });

  const server = await serveStatic(copy);
  const browser = await launchChromiumServer();
  project.provide('baseURL', server.url);
  project.provide('wsEndpoint', browser.wsEndpoint());
  project.provide('outDir', copy);

  return async () => {
    await browser.close();
    await server.close();
    rmSync(copy, { recursive: true, force: true });
  };
}
