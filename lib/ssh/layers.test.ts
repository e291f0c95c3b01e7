// Data flows downward only (DESIGN.md, "Layers"): the engine under lib/ssh imports nothing from the
// layers built on it, and nothing under lib/ssh or lib/session imports a Node built-in (the browser
// runs them). Test files may drive the engine through the simulator above it, so they are not
// scanned; every other module is, including test helpers (which is why the simulator-based testkit
// lives in lib/session).

import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Folders (from the repository root) that lib/ssh must not import from: everything above the engine. */
const ABOVE_THE_ENGINE = ['lib/session', 'lib/node', 'lib/viewer', 'lib/inspector', 'lib/capture', 'lib/content', 'components', 'app'];

const NODE_BUILTINS = new Set(builtinModules);

/** Every module specifier a TypeScript source names: static imports, re-exports, import(), require(). */
function specifiers(source: string): string[] {
  const found: string[] = [];
  const re = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;
  for (let m = re.exec(source); m; m = re.exec(source)) found.push(m[1]);
  return found;
}

/** The repository-relative path a specifier of `file` points to, or undefined for a package. */
function target(file: string, spec: string): string | undefined {
  if (spec.startsWith('@/')) return normalize(spec.slice(2));
  if (spec.startsWith('.')) return normalize(join(dirname(file), spec));
  return undefined;
}

const isBuiltin = (spec: string) => spec.startsWith('node:') || NODE_BUILTINS.has(spec.split('/')[0]);

/** What `file` (repository-relative) imports that its layer forbids, one line per import. */
function violations(file: string, source: string): string[] {
  const out: string[] = [];
  for (const spec of specifiers(source)) {
    const to = target(file, spec);
    if (file.startsWith('lib/ssh/') && to && ABOVE_THE_ENGINE.some((d) => to === d || to.startsWith(d + '/'))) {
      out.push(`${file} imports ${spec} (${to}): lib/ssh must not import from the layers above it`);
    }
    if (isBuiltin(spec)) out.push(`${file} imports the Node built-in ${spec}: the browser runs this code (Node-only code lives in lib/node)`);
  }
  return out;
}

function modules(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f))
    .map((f) => relative('.', join(dir, f)).split('\\').join('/'))
    .sort();
}

describe('layers', () => {
  const engine = modules('lib/ssh');
  const session = modules('lib/session');

  it(`no module under lib/ssh (${engine.length}) imports from lib/session, lib/node, lib/viewer, components, app…`, () => {
    expect(engine.length).toBeGreaterThan(40);
    expect(engine.flatMap((f) => violations(f, readFileSync(f, 'utf8')))).toEqual([]);
  });

  it(`no module under lib/session (${session.length}) imports a Node built-in`, () => {
    expect(session.flatMap((f) => violations(f, readFileSync(f, 'utf8')))).toEqual([]);
  });

  it('the check can fail: each kind of forbidden import is caught', () => {
    const file = 'lib/ssh/transport/example.ts';
    const source = [
      "import { demoHostKeys } from '../../session/demoKeys';",
      "import type { Session } from '../../session/session';",
      "export { record } from '../../node/cli/record';",
      'import {',
      '  CATEGORIES,',
      "} from '@/lib/viewer/algorithms';",
      "const lazy = await import('../../../components/Viewer');",
      "import { readFileSync } from 'node:fs';",
      "const os = require('os');",
      "import { concat } from '../wire/bytes';",
      "import { sha256 } from '@noble/hashes/sha2.js';",
    ].join('\n');
    const found = violations(file, source);
    expect(found).toHaveLength(7);
    for (const s of ['../../session/demoKeys', '../../session/session', '../../node/cli/record', '@/lib/viewer/algorithms', '../../../components/Viewer', 'node:fs', 'os']) {
      expect(found.some((v) => v.includes(`imports ${s} `) || v.endsWith(`built-in ${s}: the browser runs this code (Node-only code lives in lib/node)`))).toBe(true);
    }
    // A sibling folder whose name only starts like a forbidden one is not above the engine.
    expect(violations('lib/ssh/a.ts', "import x from '../sessionish/x';")).toEqual([]);
  });

  it('the scan covers the helper that used to break the rule: the simulator-based testkit is in lib/session', () => {
    expect(engine).not.toContain('lib/ssh/transport/testkit.ts');
    expect(session).toContain('lib/session/testkit.ts');
  });
});
