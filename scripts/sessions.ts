// npm run sessions: regenerates every bundled recording from its scenario and seed, and the
// manifest public/recordings/index.json. Deterministic: running it twice changes nothing.
// The real OpenSSH recordings in public/recordings/real/ are read, never rewritten.

import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildBundle, MANIFEST_PATH } from '../lib/session/scenarios/bundle';
import { GROUP_DIRS } from '../lib/session/scenarios/scenario';

const PUBLIC = 'public';
const REAL = 'recordings/real';

const started = performance.now();
const existing = readdirSync(join(PUBLIC, REAL))
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ path: `${REAL}/${f}`, text: readFileSync(join(PUBLIC, REAL, f), 'utf8') }));
const bundle = buildBundle(existing);

// Scenario directories hold only what the catalog generates: remove recordings of scenarios that are gone.
for (const dir of Object.values(GROUP_DIRS).filter((d) => d !== 'real')) {
  const full = join(PUBLIC, 'recordings', dir);
  let names: string[] = [];
  try {
    names = readdirSync(full);
  } catch {
    continue;
  }
  for (const f of names) {
    if (f.endsWith('.json') && !bundle.files.has(`recordings/${dir}/${f}`)) rmSync(join(full, f));
  }
}

let changed = 0;
for (const [path, text] of bundle.files) {
  const full = join(PUBLIC, path);
  let old: string | undefined;
  try {
    old = readFileSync(full, 'utf8');
  } catch {
    old = undefined;
  }
  if (old === text) continue;
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, text);
  changed++;
}

for (const e of bundle.manifest.recordings) {
  console.log(`${e.ok ? 'ok  ' : 'fail'} ${e.group.padEnd(12)} ${e.slug.padEnd(52)} ${String(e.bytes).padStart(6)} B ${String(e.steps).padStart(4)} steps  ${e.outcome.slice(0, 80)}`);
}
console.log(
  `${bundle.manifest.recordings.length} recordings in ${MANIFEST_PATH}; ${changed} file(s) written; ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
