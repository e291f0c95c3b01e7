'use client';
// Opens a recording's text into a Session and shows the viewer, or the error panel. The replay
// engine (with noble crypto) and the viewer itself (d3, inspectors, MDX explanations) are loaded
// with import() after first paint, in parallel with the recording: the route's first-load JS stays
// the framework plus this shell.

import { useEffect, useState, type ReactNode } from 'react';
import type { Session } from '@/lib/session/session';
import { describeError, type Problem } from '@/lib/viewer/errors';
import { ErrorPanel } from './ErrorPanel';
import { PanelBoundary } from './PanelBoundary';

export type RecordingSource =
  | { kind: 'url'; url: string; name: string }
  | { kind: 'text'; text: string; name: string };

type ViewerComponent = (typeof import('./Viewer'))['Viewer'];
type Status =
  | { kind: 'loading' }
  | { kind: 'ready'; session: Session; Viewer: ViewerComponent }
  | { kind: 'error'; problems: Problem[] };

async function readSource(src: RecordingSource): Promise<string> {
  if (src.kind === 'text') return src.text;
  const res = await fetch(src.url);
  if (!res.ok) throw new Error(`could not fetch ${src.url}: HTTP ${res.status}`);
  return res.text();
}

/** `afterError`: more ways out under the error panel (e.g. opening another local file). */
export function SessionView({ source, afterError }: { source: RecordingSource; afterError?: ReactNode }) {
  const [status, setStatus] = useState<Status>({ kind: 'loading' });

  useEffect(() => {
    let live = true;
    setStatus({ kind: 'loading' });
    (async () => {
      try {
        const viewer = import('./Viewer');
        const [text, { openRecording }] = await Promise.all([readSource(source), import('@/lib/session/open')]);
        const session = openRecording(text);
        if (session.steps.length === 0) throw new Error('the recording contains no steps (no messages were exchanged)');
        const { Viewer } = await viewer;
        if (live) setStatus({ kind: 'ready', session, Viewer });
      } catch (e) {
        if (live) setStatus({ kind: 'error', problems: describeError(e) });
      }
    })();
    return () => {
      live = false;
    };
  }, [source]);

  if (status.kind === 'error') {
    return (
      <main className="page-narrow">
        <ErrorPanel source={source.name} problems={status.problems} />
        {afterError}
      </main>
    );
  }
  if (status.kind === 'loading') {
    return (
      <main className="page-narrow loading" aria-busy="true">
        <p>Opening {source.name}…</p>
      </main>
    );
  }
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
      <Viewer session={status.session} />
    </PanelBoundary>
  );
}
