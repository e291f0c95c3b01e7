'use client';
// A capture opened from this computer: read and imported in the Web Worker (never on the page),
// with progress and the same deadline as a recording. Several SSH connections: the user picks one
// (StreamChooser). One, or one picked: the viewer, with "Add a key log" (import again, decrypted)
// and "Download recording" (the imported recording, which then opens like any recording).

import { useEffect, useId, useState, type ReactNode } from 'react';
import type { Session } from '@/lib/session/session';
import { errorTitle } from '@/lib/viewer/captureErrors';
import { recordingFileName } from '@/lib/viewer/droppedFiles';
import { describeError, type Problem } from '@/lib/viewer/errors';
import type { LocalCapture } from '@/lib/viewer/localRecording';
import { OpenDeadlineError, deadlineFrom, type CaptureChoice, type ImportedCapture, type OpenProgress } from '@/lib/viewer/openProtocol';
import { ErrorPanel } from './ErrorPanel';
import { PanelBoundary } from './PanelBoundary';
import { Opening } from './SessionView';
import { StreamChooser } from './StreamChooser';

type ViewerComponent = (typeof import('./Viewer'))['Viewer'];
type Status =
  | { kind: 'loading'; progress: OpenProgress | null }
  | { kind: 'choose'; choice: CaptureChoice }
  | { kind: 'ready'; session: Session; imported: ImportedCapture; Viewer: ViewerComponent }
  | { kind: 'error'; title?: string; source: string; keylogProblem: boolean; problems: Problem[] };

interface Props {
  capture: LocalCapture;
  /** The capture with another connection picked or another key log: keep it, and show it. */
  onChange: (c: LocalCapture) => void;
  afterError?: ReactNode;
}

export function CaptureView({ capture, onChange, afterError }: Props) {
  const [status, setStatus] = useState<Status>({ kind: 'loading', progress: null });

  useEffect(() => {
    const abort = new AbortController();
    let frame = 0;
    let latest: OpenProgress | null = null;
    let opening = true;
    setStatus({ kind: 'loading', progress: null });
    (async () => {
      try {
        const viewer = import('./Viewer');
        const { openCaptureInWorker } = await import('@/lib/viewer/openInWorker');
        const opened = await openCaptureInWorker(
          {
            // A copy is handed to the worker: the page keeps the capture to import again (another connection, a key log).
            bytes: capture.bytes.slice().buffer,
            ...(capture.keylog ? { keylog: capture.keylog.text } : {}),
            ...(capture.stream !== undefined ? { stream: capture.stream } : {}),
          },
          {
            deadlineMs: deadlineFrom(window.location.search),
            signal: abort.signal,
            onProgress: (p) => {
              latest = p;
              frame ||= requestAnimationFrame(() => {
                frame = 0;
                if (opening && !abort.signal.aborted) setStatus({ kind: 'loading', progress: latest });
              });
            },
          },
        ).finally(() => {
          opening = false;
        });
        if (abort.signal.aborted) return;
        if ('choice' in opened) {
          setStatus({ kind: 'choose', choice: opened.choice });
          return;
        }
        if (!opened.imported) throw new Error('the worker opened the capture without its recording');
        if (opened.session.steps.length === 0) throw new Error('the SSH connection holds no steps (no bytes were exchanged)');
        const { Viewer } = await viewer;
        if (!abort.signal.aborted) setStatus({ kind: 'ready', session: opened.session, imported: opened.imported, Viewer });
      } catch (e) {
        if (abort.signal.aborted) return;
        const name = e instanceof Error ? e.name : '';
        const keylogProblem = name === 'KeylogError';
        setStatus({
          kind: 'error',
          ...(e instanceof OpenDeadlineError ? { title: 'This capture took too long to open' } : errorTitle(name) ? { title: errorTitle(name) } : {}),
          source: keylogProblem && capture.keylog ? capture.keylog.name : capture.name,
          keylogProblem,
          problems: describeError(e),
        });
      }
    })();
    return () => {
      abort.abort();
      cancelAnimationFrame(frame);
    };
  }, [capture]);

  const addKeylog = (name: string, text: string) => onChange({ ...capture, keylog: { name, text } });

  if (status.kind === 'error') {
    return (
      <main className="page-narrow">
        <ErrorPanel title={status.title ?? 'This capture cannot be opened'} source={status.source} problems={status.problems} />
        {status.keylogProblem && (
          <div className="capture-tools">
            <AddKeylog onKeylog={addKeylog} label="Choose another key log" />
            <button type="button" onClick={() => onChange(withoutKeylog(capture))}>
              Open without the key log
            </button>
          </div>
        )}
        {afterError}
      </main>
    );
  }
  if (status.kind === 'loading') return <Opening name={capture.name} progress={status.progress} what="capture" />;
  if (status.kind === 'choose') {
    return (
      <StreamChooser name={capture.name} keylogName={capture.keylog?.name} choice={status.choice} onPick={(stream) => onChange({ ...capture, stream })}>
        <div className="capture-tools">
          <AddKeylog onKeylog={addKeylog} />
          <p className="hint">A key log added here decrypts whichever connection its secrets belong to. Nothing leaves this page.</p>
        </div>
      </StreamChooser>
    );
  }
  const { Viewer, session, imported } = status;
  const actions = (
    <>
      {imported.streams > 1 && (
        <button type="button" className="capture-action" onClick={() => onChange(withoutStream(capture))} title={`SSH connection ${imported.stream} of ${imported.streams} in ${capture.name}`}>
          Other connections
        </button>
      )}
      <AddKeylog onKeylog={addKeylog} />
      <DownloadRecording text={imported.text} fileName={recordingFileName(capture.name, imported.stream, imported.streams)} />
    </>
  );
  return (
    <PanelBoundary
      name="viewer"
      fallback={(e) => (
        <main className="page-narrow">
          <ErrorPanel title="This capture opened, but the viewer failed to show it" source={capture.name} problems={describeError(e)} />
          {afterError}
        </main>
      )}
    >
      <Viewer session={session} actions={actions} />
    </PanelBoundary>
  );
}

function withoutKeylog({ keylog: _, ...rest }: LocalCapture): LocalCapture {
  return rest;
}

function withoutStream({ stream: _, ...rest }: LocalCapture): LocalCapture {
  return rest;
}

/** A file input shown as a button: the key log's text goes to the worker with the capture. */
function AddKeylog({ onKeylog, label = 'Add a key log' }: { onKeylog: (name: string, text: string) => void; label?: string }) {
  const id = useId();
  return (
    <span className="capture-action">
      <label htmlFor={id} className="file-button">
        {label}
      </label>
      <input
        id={id}
        className="sr-only"
        type="file"
        accept=".log,.txt,.keylog,text/plain"
        onChange={async (e) => {
          const file = e.currentTarget.files?.[0];
          if (file) onKeylog(file.name, await file.text());
        }}
      />
    </span>
  );
}

/** Saves the imported recording as a file, made in the page (a blob URL): nothing is uploaded. */
function DownloadRecording({ text, fileName }: { text: string; fileName: string }) {
  return (
    <button
      type="button"
      className="capture-action"
      title={`Save this connection as ${fileName}, a recording that opens like any other`}
      onClick={() => {
        const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
        const a = document.createElement('a');
        a.href = url;
        a.download = fileName;
        a.click();
        // The download has started from the click; the URL is not needed after this task.
        setTimeout(() => URL.revokeObjectURL(url), 0);
      }}
    >
      Download recording
    </button>
  );
}
