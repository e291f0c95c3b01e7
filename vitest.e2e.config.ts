import { defineConfig } from 'vitest/config';

// Browser journeys against the static export (e2e/README-free: see e2e/global-setup.ts).
// One fork, one file at a time: a single Chromium is shared and the machine has two cores.
export default defineConfig({
  resolve: { alias: { '@': import.meta.dirname } },
  test: {
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
