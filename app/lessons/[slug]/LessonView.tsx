'use client';
// A lesson on screen: the session in the viewer, driven by the current stop, with the stop's
// narration above the diagram. The clicker keys (→ ← PageDown PageUp) move between stops; the
// viewer's own step buttons still step freely. ?stop=N follows the current stop.

import Link from 'next/link';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { SessionView } from '@/components/viewer/SessionView';
import type { ViewerGuide } from '@/components/viewer/Viewer';
import { citationLink, stopFromQuery, type Lesson } from '@/lib/lessons/lesson';
import '@/components/viewer/classroom.css';

export function LessonView({ lesson, file, sessionTitle }: { lesson: Lesson; file: string; sessionTitle: string }) {
  const source = useMemo(() => ({ kind: 'url' as const, url: file, name: sessionTitle }), [file, sessionTitle]);
  const count = lesson.stops.length;
  const [stop, setStop] = useState<number | null>(null);

  // Deep link in: read once on the client (static export).
  useEffect(() => setStop(stopFromQuery(window.location.search, count)), [count]);
  // Deep link out: the URL names the stop (the viewer keeps its own parameters beside it).
  useEffect(() => {
    if (stop === null) return;
    const q = new URLSearchParams(window.location.search);
    q.set('stop', String(stop + 1));
    const search = '?' + q.toString();
    if (search !== window.location.search) history.replaceState(history.state, '', window.location.pathname + search);
  }, [stop]);

  const next = useCallback(() => setStop((s) => Math.min((s ?? 0) + 1, count - 1)), [count]);
  const previous = useCallback(() => setStop((s) => Math.max((s ?? 0) - 1, 0)), []);

  const at = stop ?? 0;
  const s = lesson.stops[at];
  const guide = useMemo<ViewerGuide | undefined>(
    () =>
      stop === null
        ? undefined
        : {
            step: s.step - 1,
            next,
            previous,
            banner: (
              <section className="lesson-stop" aria-labelledby="lesson-stop-title" data-testid="lesson-stop" data-stop={at + 1}>
                <p className="lesson-stop-head">
                  <Link href="/lessons/">Lessons</Link> · {lesson.title} · Stop {at + 1} of {count} (step {s.step})
                </p>
                <div className="lesson-narration" aria-live="polite">
                  <h2 id="lesson-stop-title" className="lesson-stop-title">
                    {s.title}
                  </h2>{' '}
                  <span data-testid="lesson-narration">{s.narration}</span>
                </div>
                <p className="lesson-cite">
                  <span className="sr-only">Sources: </span>
                  {s.cite.map(citationLink).map((l) => (
                    <a key={l.href + l.label} href={l.href} target="_blank" rel="noopener noreferrer">
                      {l.label}
                      <span className="sr-only"> (opens in a new tab)</span>
                    </a>
                  ))}
                </p>
                <div className="lesson-nav">
                  <button type="button" onClick={previous} disabled={at === 0} title="Previous stop (← or PageUp)">
                    ← Previous stop
                  </button>
                  <button type="button" onClick={next} disabled={at === count - 1} title="Next stop (→ or PageDown)">
                    Next stop →
                  </button>
                </div>
              </section>
            ),
          },
    [stop, s, at, count, lesson.title, next, previous],
  );

  if (stop === null) return null;
  return <SessionView source={source} guide={guide} />;
}
