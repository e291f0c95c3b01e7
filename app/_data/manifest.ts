// Reads public/recordings/index.json at build time (server components only). Until `npm run
// sessions` has generated it, the real OpenSSH recordings in public/recordings/real/ are listed
// from their own metadata so the gallery is never empty.

import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parseManifest, type ManifestEntry } from '@/lib/viewer/manifest';

const PUBLIC = path.join(process.cwd(), 'public');

function fallbackEntries(): ManifestEntry[] {
  const dir = path.join(PUBLIC, 'recordings', 'real');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const text = readFileSync(path.join(dir, f), 'utf8');
      const meta = (JSON.parse(text) as { meta?: { title?: string; description?: string; outcome?: string } }).meta ?? {};
      return {
        slug: f.replace(/\.json$/, ''),
        group: 'Real servers' as const,
        title: meta.title ?? f,
        description: meta.description ?? '',
        file: `/recordings/real/${f}`,
        algorithms: {},
        outcome: meta.outcome ?? 'recorded',
        ok: true,
        steps: 0,
        bytes: text.length,
      };
    });
}

let cached: ManifestEntry[] | undefined;

/** Every bundled recording, validated. A malformed manifest fails the build with its path. */
export function bundledRecordings(): ManifestEntry[] {
  if (cached) return cached;
  const file = path.join(PUBLIC, 'recordings', 'index.json');
  cached = existsSync(file) ? parseManifest(JSON.parse(readFileSync(file, 'utf8'))).recordings : fallbackEntries();
  return cached;
}
