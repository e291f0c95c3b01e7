'use client';
// Opens a recording's text into a Session and shows the viewer, or the error panel. The recording
// is parsed and replayed in a Web Worker (lib/viewer/openInWorker.ts), with progress here and a
// deadline, so that no file can freeze the tab. The worker client and the viewer itself (d3,
// inspectors, MDX explanations) are loaded with import() after first paint, in parallel with the
// recording: the route's first-load JS stays the framework plus this shell.

import Link from 'next/link';
import { useEffect, useId, useState, type ReactNode } from 'react';
import type { Session } from '@/lib/session/session';
import { describeError, type Problem } from '@/lib/viewer/errors';
import { OpenDeadlineError, deadlineFrom, percentOf, progressDetail, type OpenProgress } from '@/lib/viewer/openProtocol';
import { ErrorPanel } from './ErrorPanel';
import { PanelBoundary } from './PanelBoundary';
import type { ViewerGuide } from './Viewer';

export type RecordingSource =
  | { kind: 'url'; url: string; name: string }
  | { kind: 'text'; text: string; name: string };

type ViewerComponent = (typeof import('./Viewer'))['Viewer'];
type Status =
  | { kind: 'loading'; progress: OpenProgress | null }
  | { kind: 'ready'; session: Session; Viewer: ViewerComponent }
  | { kind: 'error'; title?: string; problems: Problem[] };

async function readSource(src: RecordingSource, signal: AbortSignal): Promise<string> {
  if (src.kind === 'text') return src.text;
  const res = await fetch(src.url, { signal });
  if (!res.ok) throw new Error(`could not fetch ${src.url}: HTTP ${res.status}`);
  return res.text();
}

/** `afterError`: more ways out under the error panel (e.g. opening another local file). */
export function SessionView({ source, afterError, guide }: { source: RecordingSource; afterError?: ReactNode; guide?: ViewerGuide }) {
  const [status, setStatus] = useState<Status>({ kind: 'loading', progress: null });

  useEffect(() => {
    // Leaving the page or opening another source aborts: the worker is terminated mid-replay.
    const abort = new AbortController();
    let frame = 0;
    let latest: OpenProgress | null = null;
    /** Until the worker has answered: a progress frame still pending after that is dropped. */
    let opening = true;
    setStatus({ kind: 'loading', progress: null });
    (async () => {
      try {
        const viewer = import('./Viewer');
        const [text, { openInWorker }] = await Promise.all([readSource(source, abort.signal), import('@/lib/viewer/openInWorker')]);
        const session = await openInWorker(text, {
          deadlineMs: deadlineFrom(window.location.search),
          signal: abort.signal,
          // Reports can come thousands of times a second: render the latest once per frame.
          onProgress: (p) => {
            latest = p;
            frame ||= requestAnimationFrame(() => {
              frame = 0;
              if (opening && !abort.signal.aborted) setStatus({ kind: 'loading', progress: latest });
            });
          },
        }).finally(() => {
          opening = false;
        });
        if (session.steps.length === 0) throw new Error('the recording contains no steps (no messages were exchanged)');
        const { Viewer } = await viewer;
        if (!abort.signal.aborted) setStatus({ kind: 'ready', session, Viewer });
      } catch (e) {
        if (abort.signal.aborted) return;
        setStatus({
          kind: 'error',
          ...(e instanceof OpenDeadlineError ? { title: 'This recording took too long to open' } : {}),
          problems: describeError(e),
        });
      }
    })();
    return () => {
      abort.abort();
      cancelAnimationFrame(frame);
    };
  }, [source]);

  if (status.kind === 'error') {
    return (
      <main className="page-narrow">
        <ErrorPanel title={status.title} source={source.name} problems={status.problems} />
        {afterError}
      </main>
    );
  }
  if (status.kind === 'loading') return <Opening name={source.name} progress={status.progress} />;
  const { Viewer } = status;
  // A session the viewer cannot draw (a bug, or data no test foresaw) still ends in the error panel.
  return (
    <PanelBoundary
      name="viewer"
      fallback={(e) => (
        <main className="page-narrow">
          <ErrorPanel title="This recording opened, but the viewer failed to show it" source={source.name} problems={describeError(e)} />
          {afterError}
        </main>
      )}
    >
      <Viewer session={status.session} guide={guide} />
    </PanelBoundary>
  );
}

/** The progress of opening: a labelled progress bar, what the worker is doing, and a way out. */
export function Opening({ name, progress, what = 'recording' }: { name: string; progress: OpenProgress | null; what?: 'recording' | 'capture' }) {
  const id = useId();
  const percent = progress ? percentOf(progress) : 0;
  return (
    <main className="page-narrow loading" aria-busy="true">
      <p id={id} className="opening-label">
        Opening {what}… {percent}%
      </p>
      <progress className="opening-bar" aria-labelledby={id} max={100} value={percent} />
      <p className="opening-detail">
        <code>{name}</code>
        {progress ? ` — ${progressDetail(progress)}` : ''}
      </p>
      <p>
        <Link href="/">← Back to the gallery</Link>
      </p>
    </main>
  );
}
