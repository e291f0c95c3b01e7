// /lessons/: the guided tours (content/lessons/*.json), each a bundled session with stops.

import type { Metadata } from 'next';
import Link from 'next/link';
import { ThemeToggle } from '@/components/viewer/ThemeToggle';
import '@/components/viewer/classroom.css';
import { bundledRecordings } from '../_data/manifest';
import { lessons } from '../_data/lessons';

export const metadata: Metadata = { title: 'Lessons — sshscope' };

export default function Lessons() {
  const sessions = bundledRecordings();
  return (
    <main className="gallery">
      <header className="gallery-head">
        <div>
          <h1>Lessons</h1>
          <p className="lead">Guided tours of a session, stop by stop, with a short narration for a lecture and its sources.</p>
          <p className="sub">
            Step between stops with → and ← (or a presentation clicker); <kbd>P</kbd> opens presenter mode. Each stop has its own
            link. <Link href="/">Back to the sessions</Link>
          </p>
        </div>
        <ThemeToggle />
      </header>
      <ul className="lesson-list">
        {lessons().map(({ slug, lesson }) => (
          <li key={slug}>
            <h2>
              <Link href={`/lessons/${slug}/`}>{lesson.title}</Link>
            </h2>
            <p>{lesson.summary}</p>
            <p className="lesson-meta">
              {lesson.stops.length} stops · session: {sessions.find((s) => s.slug === lesson.session)?.title ?? lesson.session}
            </p>
          </li>
        ))}
      </ul>
    </main>
  );
}
