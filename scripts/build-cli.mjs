// Bundles the CLI into one script so `sshscope` starts without compiling TypeScript, and stores
// V8's code cache for it beside it: bin/sshscope.mjs hands the cache back to V8, which then skips
// most parsing and compiling at every start (a third of a short command's CPU time).
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import vm from 'node:vm';
import { wrap } from '../bin/load-cli.mjs';

const outfile = resolve('dist/cli.cjs');
await build({
  entryPoints: ['lib/node/cli/main.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  // CommonJS, so the bundle can run as a vm.Script (ES modules cannot take a code cache on Node 20).
  format: 'cjs',
  target: 'node20',
  minify: true,
  sourcemap: false,
  logLevel: 'warning',
  legalComments: 'none',
});

// Run the module body once so the cache also holds the functions that start-up compiles.
const script = new vm.Script(wrap(readFileSync(outfile, 'utf8')), { filename: outfile });
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(outfile), module, outfile, resolve('dist'));
writeFileSync(resolve('dist/cli.cache'), script.createCachedData());
