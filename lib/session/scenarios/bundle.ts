// Everything `npm run sessions` writes, computed in memory: one recording per scenario and the
// manifest public/recordings/index.json. No clock and no Math.random: the same code gives the
// same bytes, which is what the byte-identity test relies on. File access stays with the caller
// (scripts/sessions.ts, the tests), so this module runs anywhere.

import { openParsedRecording } from '../open';
import { parseRecording, stringifyRecording, type Recording } from '../recording';
import { SCENARIOS } from './catalog';
import { outcomeOf, type Outcome } from './outcome';
import { GROUP_DIRS, runScenario, type Group, type ScenarioRun } from './scenario';

export const MANIFEST_PATH = 'recordings/index.json';
const GROUP_ORDER: Group[] = ['Basics', 'Algorithms', 'Failures', 'Attacks', 'Real servers'];

export interface ManifestEntry {
  slug: string;
  group: Group;
  title: string;
  description: string;
  /** URL path under public/. */
  file: string;
  algorithms: { kex?: string; hostKey?: string; cipher?: string; mac?: string };
  outcome: string;
  ok: boolean;
  steps: number;
  bytes: number;
}

export interface Manifest {
  format: 'sshscope-manifest';
  version: 1;
  recordings: ManifestEntry[];
}

/** A recording already on disk that the manifest lists as it is (the real OpenSSH sessions). */
export interface ExistingRecording {
  /** Path under public/: "recordings/real/openssh-….json". */
  path: string;
  text: string;
}

export interface Bundle {
  /** Path under public/ → file contents. */
  files: Map<string, string>;
  manifest: Manifest;
  runs: ScenarioRun[];
}

const byteLength = (text: string) => new TextEncoder().encode(text).length;

/** The steps the viewer walks: opening the recording the way the viewer does (this also checks it opens). */
function countSteps(rec: Recording): number {
  return openParsedRecording(rec).steps.length;
}

/** What the client negotiated (the server's view if only it was run); the AEAD's implicit MAC is left out. */
function algorithmsOf(o: Outcome): ManifestEntry['algorithms'] {
  const n = o.negotiated;
  if (!n) return {};
  return { kex: n.kex, hostKey: n.hostKey, cipher: n.cipherC2S, ...(n.macC2S !== '<implicit>' ? { mac: n.macC2S } : {}) };
}

export function scenarioPath(group: Group, slug: string): string {
  return `recordings/${GROUP_DIRS[group]}/${slug}.json`;
}

export function buildBundle(existing: ExistingRecording[]): Bundle {
  const files = new Map<string, string>();
  const entries: ManifestEntry[] = [];
  const runs: ScenarioRun[] = [];
  for (const s of SCENARIOS) {
    const run = runScenario(s);
    runs.push(run);
    const path = scenarioPath(s.group, s.slug);
    const text = stringifyRecording(run.recording);
    files.set(path, text);
    entries.push({
      slug: s.slug,
      group: s.group,
      title: s.title,
      description: s.summary,
      file: '/' + path,
      algorithms: algorithmsOf(run.outcome),
      outcome: run.outcome.sentence,
      ok: run.outcome.ok,
      steps: countSteps(run.recording),
      bytes: byteLength(text),
    });
  }
  for (const e of [...existing].sort((a, b) => a.path.localeCompare(b.path))) {
    const rec = parseRecording(e.text);
    const outcome = outcomeOf(rec);
    const slug = e.path.replace(/^.*\//, '').replace(/\.json$/, '');
    entries.push({
      slug,
      group: 'Real servers',
      title: rec.meta.title,
      description: rec.meta.description,
      file: '/' + e.path,
      algorithms: algorithmsOf(outcome),
      outcome: outcome.sentence,
      ok: outcome.ok,
      steps: countSteps(rec),
      bytes: byteLength(e.text),
    });
  }
  const slugs = new Set<string>();
  for (const e of entries) {
    if (slugs.has(e.slug)) throw new Error(`duplicate recording slug "${e.slug}"`);
    slugs.add(e.slug);
  }
  entries.sort((a, b) => GROUP_ORDER.indexOf(a.group) - GROUP_ORDER.indexOf(b.group));
  const manifest: Manifest = { format: 'sshscope-manifest', version: 1, recordings: entries };
  files.set(MANIFEST_PATH, JSON.stringify(manifest, null, 1) + '\n');
  return { files, manifest, runs };
}
