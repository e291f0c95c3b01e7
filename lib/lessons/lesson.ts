// A lesson: a guided tour of one bundled session, as data (content/lessons/<slug>.json). Each
// stop names a step and what that step must be (`expect`), so a regenerated recording that moves
// a step fails the lesson test instead of narrating the wrong arrow.

import { z } from 'zod';
import { refToLink, type RefLink } from '../content/rfcLink';
import type { Step } from '../session/session';

/** A citation: a reference sshscope can link ("RFC 4253 §7.1", "draft-…-01 §3", "OpenSSH
 *  PROTOCOL §1.10"), or a label with a pinned URL (a paper). */
const citation = z.union([
  z.string().refine((r) => refToLink(r) !== null, { message: 'not a reference sshscope can link (e.g. "RFC 4253 §7.1")' }),
  z.object({ label: z.string().min(1), href: z.url({ protocol: /^https$/ }) }).strict(),
]);

const stop = z
  .object({
    /** 1-based step, as in `?step=N` and the live region. */
    step: z.number().int().min(1),
    /** The step's title: a message name ("SSH_MSG_NEWKEYS", "identification string") or a
     *  computation ("compute H", "verify signature"). */
    expect: z.string().min(1),
    /** Who the step belongs to: the sender of a message or the party that computed. */
    by: z.enum(['client', 'server', 'attacker']).optional(),
    /** A short heading for the stop. */
    title: z.string().min(1).max(60),
    /** What to say at this stop: a few sentences for a lecture. */
    narration: z.string().min(1).max(520),
    cite: z.array(citation).min(1),
  })
  .strict();

export const lessonSchema = z
  .object({
    format: z.literal('sshscope-lesson'),
    version: z.literal(1),
    title: z.string().min(1).max(60),
    /** One or two sentences for the lessons index. */
    summary: z.string().min(1).max(300),
    /** Slug of a bundled session (public/recordings/index.json). */
    session: z.string().regex(/^[a-z0-9-]+$/),
    stops: z.array(stop).min(2),
  })
  .strict();

export type Lesson = z.infer<typeof lessonSchema>;
export type LessonStop = Lesson['stops'][number];
export type Citation = z.infer<typeof citation>;

export class LessonError extends Error {
  override name = 'LessonError';
}

/** Validates a parsed lesson file; the error names the file and the JSON path of each problem. */
export function parseLesson(value: unknown, file: string): Lesson {
  const r = lessonSchema.safeParse(value);
  if (r.success) return r.data;
  const problems = r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
  throw new LessonError(`${file}: not a valid lesson:\n  ${problems.join('\n  ')}`);
}

export function citationLink(c: Citation): RefLink {
  return typeof c === 'string' ? refToLink(c)! : c;
}

/** Why a stop does not fit the session's steps, or null when it does. */
export function stopProblem(stop: LessonStop, steps: readonly Step[]): string | null {
  const s = steps[stop.step - 1];
  if (!s) return `step ${stop.step} does not exist (the session has ${steps.length} steps)`;
  if (s.title !== stop.expect) return `step ${stop.step} is "${s.title}", not "${stop.expect}"`;
  if (stop.by) {
    const who = s.kind === 'message' ? s.from : s.by;
    if (who !== stop.by) return `step ${stop.step} (${s.title}) is by the ${who}, not the ${stop.by}`;
  }
  return null;
}

/** The stop from `?stop=N` (1-based), clamped into the lesson; garbage means the first stop. */
export function stopFromQuery(search: string, count: number): number {
  const raw = new URLSearchParams(search).get('stop');
  if (raw === null || !/^\s*\d+\s*$/.test(raw)) return 0;
  return Math.min(Math.max(Number(raw), 1), Math.max(count, 1)) - 1;
}
