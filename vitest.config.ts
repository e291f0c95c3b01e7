import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The app's "@/…" import alias (tsconfig paths), for tests that render components.
  resolve: { alias: [{ find: /^@\//, replacement: `${import.meta.dirname}/` }] },
  test: {
    include: ['lib/**/*.test.ts', 'scripts/**/*.test.ts', 'test/**/*.test.ts'],
    // Interop tests start real servers; give them room on a 2-core CI machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
