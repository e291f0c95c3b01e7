// The bundled-recordings manifest (public/recordings/index.json, made by `npm run sessions`):
// validated here so a bad manifest fails the build with a path, not a blank gallery.

import { z } from 'zod';

export const GALLERY_GROUPS = ['Basics', 'Algorithms', 'Failures', 'Attacks', 'Real servers'] as const;
export type GalleryGroup = (typeof GALLERY_GROUPS)[number];

const entry = z.object({
  slug: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case'),
  group: z.enum(GALLERY_GROUPS),
  title: z.string().max(200),
  description: z.string().max(1000),
  file: z.string().regex(/^\/recordings\/[a-z0-9/._-]+\.json$/, 'must be a .json path under /recordings/'),
  algorithms: z
    .object({
      kex: z.string().max(100).optional(),
      hostKey: z.string().max(100).optional(),
      cipher: z.string().max(100).optional(),
      mac: z.string().max(100).optional(),
    })
    .partial(),
  outcome: z.string().max(1000),
  ok: z.boolean(),
  steps: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
});

const manifestSchema = z.object({
  format: z.literal('sshscope-manifest'),
  version: z.literal(1),
  recordings: z.array(entry),
});

export type ManifestEntry = z.infer<typeof entry>;
export type Manifest = z.infer<typeof manifestSchema>;

export class ManifestError extends Error {
  override name = 'ManifestError';
}

/** Validates a parsed manifest; throws ManifestError naming the JSON path and problem. */
export function parseManifest(value: unknown): Manifest {
  const r = manifestSchema.safeParse(value);
  if (!r.success) {
    const msg = r.error.issues
      .slice(0, 5)
      .map((i) => '$' + i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('') + ': ' + i.message)
      .join('; ');
    throw new ManifestError(`public/recordings/index.json is invalid: ${msg}`);
  }
  const seen = new Set<string>();
  r.data.recordings.forEach((e, i) => {
    if (seen.has(e.slug)) throw new ManifestError(`public/recordings/index.json: $.recordings[${i}].slug "${e.slug}" is not unique`);
    seen.add(e.slug);
  });
  return r.data;
}

/** Entries by gallery group, in the gallery's fixed group order; empty groups are left out. */
export function groupEntries(entries: readonly ManifestEntry[]): { group: GalleryGroup; entries: ManifestEntry[] }[] {
  return GALLERY_GROUPS.map((group) => ({ group, entries: entries.filter((e) => e.group === group) })).filter(
    (g) => g.entries.length > 0,
  );
}

/** "curve25519-sha256 · ssh-ed25519 · chacha20-poly1305@openssh.com" (what was negotiated). */
export function algorithmLine(a: ManifestEntry['algorithms']): string {
  const parts = [a.kex, a.hostKey, a.cipher];
  // AEAD ciphers carry their own tag; a MAC is only worth naming when one was negotiated separately.
  if (a.mac && a.mac !== 'none' && !(a.cipher ?? '').includes('gcm') && !(a.cipher ?? '').includes('poly1305')) parts.push(a.mac);
  return parts.filter(Boolean).join(' · ');
}
