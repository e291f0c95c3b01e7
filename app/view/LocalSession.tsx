'use client';

import Link from 'next/link';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { OpenRecording } from '@/components/gallery/OpenRecording';
import { ErrorPanel } from '@/components/viewer/ErrorPanel';
import { SessionView } from '@/components/viewer/SessionView';
import { describeError } from '@/lib/viewer/errors';
import { loadLocalRecording, type LocalRecording } from '@/lib/viewer/localRecording';

type Status = { kind: 'loading' } | { kind: 'none' } | { kind: 'ready'; rec: LocalRecording } | { kind: 'error'; e: unknown };

export function LocalSession() {
  const [status, setStatus] = useState<Status>({ kind: 'loading' });
  useEffect(() => {
    loadLocalRecording().then(
      (rec) => setStatus(rec ? { kind: 'ready', rec } : { kind: 'none' }),
      (e) => setStatus({ kind: 'error', e }),
    );
  }, []);
  // Another file opened here: show it from its first step, with the default deadline.
  const opened = useCallback((rec: LocalRecording) => {
    window.history.replaceState(null, '', '/view/');
    setStatus({ kind: 'ready', rec });
  }, []);
  const source = useMemo(
    () => (status.kind === 'ready' ? { kind: 'text' as const, text: status.rec.text, name: status.rec.name } : null),
    [status],
  );

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
