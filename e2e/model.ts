// What the UI should show, computed in Node from the same file: the Session that openRecording
// (lib/session/open.ts) makes of it, and the live-region text issue 5 fixes.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { openRecording } from '../lib/session/open';
import type { Session, Step } from '../lib/session/session';

export async function openInNode(json: string): Promise<Session> {
  return openRecording(json);
}

/** A file as served (public/ files are copied into the export). */
export function readPublic(urlPath: string): string {
  return readFileSync(join(inject('outDir'), urlPath), 'utf8');
}

/** "Step N of M: <title> (<who>)", N 1-based (issue 5, "Names tests rely on"). */
export function expectedLive(session: Session, index: number): string {
  const s: Step = session.steps[index];
  return `Step ${index + 1} of ${session.steps.length}: ${s.title} (${s.who})`;
}

export interface ManifestEntry {
  slug: string;
  group: string;
  title: string;
  description: string;
  file: string;
  algorithms: Partial<Record<'kex' | 'hostKey' | 'cipher' | 'mac', string>>;
  outcome: string;
  ok: boolean;
  steps: number;
  bytes: number;
}

export const GROUPS = ['Basics', 'Algorithms', 'Failures', 'Attacks', 'Real servers'];

export function manifest(): ManifestEntry[] {
  const m = JSON.parse(readPublic('recordings/index.json')) as { format: string; version: number; recordings: ManifestEntry[] };
  if (m.format !== 'sshscope-manifest' || m.version !== 1) throw new Error('public/recordings/index.json: not an sshscope-manifest v1');
  return m.recordings;
}

/** The classical flagship (curve25519-sha256): for journeys about ECDH's Q_C and Q_S. */
export const FLAGSHIP = 'curve25519-ed25519-chacha20';

export async function flagshipSession(): Promise<{ entry: ManifestEntry; session: Session }> {
  const entry = manifest().find((e) => e.slug === FLAGSHIP);
  if (!entry) throw new Error(`the flagship ${FLAGSHIP} is not in the manifest`);
  return { entry, session: await openInNode(readPublic(entry.file)) };
}

/**
 * A bundled recording to walk through: the first successful Basics session with encrypted packets,
 * the gallery's first card (today the post-quantum modern default, mlkem768x25519-sha256).
 */
export async function journeySession(): Promise<{ entry: ManifestEntry; session: Session }> {
  for (const entry of manifest().filter((e) => e.group === 'Basics' && e.ok)) {
    const session = await openInNode(readPublic(entry.file));
    if (session.steps.some((s) => s.kind === 'message' && s.encrypted)) return { entry, session };
  }
  throw new Error('no successful Basics recording with encrypted packets in the manifest');
}
