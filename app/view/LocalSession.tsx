'use client';

import Link from 'next/link';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { OpenRecording } from '@/components/gallery/OpenRecording';
import { ErrorPanel } from '@/components/viewer/ErrorPanel';
import { CaptureView } from '@/components/viewer/CaptureView';
import { SessionView } from '@/components/viewer/SessionView';
import { describeError } from '@/lib/viewer/errors';
import { isCapture, loadLocalRecording, saveLocalRecording, type LocalCapture, type LocalFile } from '@/lib/viewer/localRecording';

type Status = { kind: 'loading' } | { kind: 'none' } | { kind: 'ready'; rec: LocalFile } | { kind: 'error'; e: unknown };

export function LocalSession() {
  const [status, setStatus] = useState<Status>({ kind: 'loading' });
  useEffect(() => {
    loadLocalRecording().then(
      (rec) => setStatus(rec ? { kind: 'ready', rec } : { kind: 'none' }),
      (e) => setStatus({ kind: 'error', e }),
    );
  }, []);
  // Another file opened here: show it from its first step, with the default deadline.
  const opened = useCallback((rec: LocalFile) => {
    window.history.replaceState(null, '', '/view/');
    setStatus({ kind: 'ready', rec });
  }, []);
  // The same capture with another connection or key log: kept for a reload, then shown. Keeping it
  // can fail (storage full); the page still shows it, a reload then shows the previous choice.
  const changed = useCallback((c: LocalCapture) => {
    window.history.replaceState(null, '', '/view/');
    setStatus({ kind: 'ready', rec: c });
    saveLocalRecording(c).catch(() => undefined);
  }, []);
  const source = useMemo(
    () => (status.kind === 'ready' && !isCapture(status.rec) ? { kind: 'text' as const, text: status.rec.text, name: status.rec.name } : null),
    [status],
  );

  if (status.kind === 'ready' && isCapture(status.rec)) return <CaptureView capture={status.rec} onChange={changed} afterError={<OpenRecording onOpened={opened} />} />;
  if (source) return <SessionView source={source} afterError={<OpenRecording onOpened={opened} />} />;
  if (status.kind === 'loading') return <main className="page-narrow loading" aria-busy="true" />;
  if (status.kind === 'error') {
    return (
      <main className="page-narrow">
        <ErrorPanel title="The opened file could not be read back" problems={describeError(status.e)} />
      </main>
    );
  }
  return (
    <main className="page-narrow">
      <h1>No recording is open</h1>
      <p>Choose a recording file from this computer, or pick one of the bundled sessions.</p>
      <OpenRecording onOpened={opened} />
      <p>
        <Link href="/">← Back to the gallery</Link>
      </p>
    </main>
  );
}
