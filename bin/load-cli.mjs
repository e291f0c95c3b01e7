// Loads dist/cli.cjs (built by scripts/build-cli.mjs) with its V8 code cache when there is one.
// A cache from another Node version is rejected by V8 and the script simply compiles as usual.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

export const wrap = (source) => `(function (exports, require, module, __filename, __dirname) {${source}\n})`;

export function loadCli() {
  const file = fileURLToPath(new URL('../dist/cli.cjs', import.meta.url));
  let cachedData;
  try {
    cachedData = readFileSync(fileURLToPath(new URL('../dist/cli.cache', import.meta.url)));
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  return module.exports;
}
