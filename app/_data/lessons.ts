// Reads content/lessons/*.json at build time (server components only), validated: a malformed
// lesson fails the build with its file and JSON path. Ordered as LESSON_ORDER, then by name.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseLesson, type Lesson } from '@/lib/lessons/lesson';

const DIR = path.join(process.cwd(), 'content', 'lessons');

/** The order a course would take them in. */
const LESSON_ORDER = ['handshake-in-twelve-steps', 'negotiation-who-decides-what', 'why-the-host-key-signs-h', 'terrapin-step-by-step'];

export interface LessonEntry {
  slug: string;
  lesson: Lesson;
}

let cached: LessonEntry[] | undefined;

export function lessons(): LessonEntry[] {
  if (cached) return cached;
  const rank = (s: string) => (LESSON_ORDER.includes(s) ? LESSON_ORDER.indexOf(s) : LESSON_ORDER.length);
  cached = readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => {
      const file = path.join('content', 'lessons', f);
      return { slug: f.slice(0, -'.json'.length), lesson: parseLesson(JSON.parse(readFileSync(path.join(DIR, f), 'utf8')), file) };
    })
    .sort((a, b) => rank(a.slug) - rank(b.slug) || a.slug.localeCompare(b.slug));
  return cached;
}
