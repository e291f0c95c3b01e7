// Bundles the CLI into one ES module so `sshscope` starts without compiling TypeScript.
import { build } from 'esbuild';

await build({
  entryPoints: ['lib/node/cli/main.ts'],
  outfile: 'dist/cli.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  sourcemap: false,
  logLevel: 'warning',
  legalComments: 'none',
});
