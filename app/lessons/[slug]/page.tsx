// /lessons/[slug]/: one lesson, pre-rendered per file in content/lessons. The session is fetched
// and replayed in the browser, as on a session page; ?stop=N (1-based) links to a stop.

import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { bundledRecordings } from '../../_data/manifest';
import { lessons } from '../../_data/lessons';
import { LessonView } from './LessonView';

export const dynamicParams = false;

export function generateStaticParams() {
  return lessons().map((l) => ({ slug: l.slug }));
}

type Params = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { slug } = await params;
  const l = lessons().find((x) => x.slug === slug);
  return { title: l ? `${l.lesson.title} — sshscope lessons` : 'sshscope' };
}

export default async function LessonPage({ params }: Params) {
  const { slug } = await params;
  const entry = lessons().find((l) => l.slug === slug);
  if (!entry) notFound();
  const session = bundledRecordings().find((r) => r.slug === entry.lesson.session);
  // A lesson naming a session that is not bundled fails the build, not the reader.
  if (!session) throw new Error(`content/lessons/${slug}.json: session "${entry.lesson.session}" is not in public/recordings/index.json`);
  return <LessonView lesson={entry.lesson} file={session.file} sessionTitle={session.title} />;
}
