'use client';
// "Open a recording": a file input and drag-and-drop anywhere on the page. The file's text is
// kept in the tab (sessionStorage or IndexedDB) and /view opens it; nothing is uploaded. On /view
// itself the page takes the new file without reloading (`onOpened`): a reload would tear down a
// worker still busy with the previous file, which Chromium does by force (see openInWorker.ts).

import { useEffect, useId, useState } from 'react';
import { saveLocalRecording, type LocalRecording } from '@/lib/viewer/localRecording';

/** Files beyond this are refused before reading: a handshake recording is tens of KB. */
const MAX_BYTES = 200 * 1024 * 1024;

/** `onOpened`: called with the kept recording instead of navigating to /view (for /view itself). */
export function OpenRecording({ onOpened }: { onOpened?: (rec: LocalRecording) => void } = {}) {
  const id = useId();
  const [dragging, setDragging] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function open(file: File | undefined) {
    if (!file) return;
    setError(null);
    if (file.size > MAX_BYTES) {
      setError(`${file.name} is ${(file.size / 1e6).toFixed(0)} MB; recordings larger than 200 MB are not opened.`);
      return;
    }
    setBusy(true);
    try {
      const rec = { name: file.name, text: await file.text() };
      await saveLocalRecording(rec);
      if (onOpened) {
        setBusy(false);
        onOpened(rec);
      } else window.location.assign('/view/');
    } catch (e) {
      setBusy(false);
      setError(`Could not keep ${file.name} in this tab: ${(e as Error).message}`);
    }
  }

  useEffect(() => {
    let depth = 0;
    const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth++;
      setDragging(true);
    };
    const over = (e: DragEvent) => {
      if (hasFiles(e)) e.preventDefault();
    };
    const leave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      void open(e.dataTransfer?.files[0]);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
    // open() uses state setters and `onOpened`; the listeners follow it.
  }, [onOpened]);

  return (
    <div className="open-recording">
      <label htmlFor={id} className="open-label">
        Open a recording
      </label>
      <input
        id={id}
        type="file"
        accept=".json,application/json"
        disabled={busy}
        onChange={(e) => void open(e.currentTarget.files?.[0])}
      />
      <p className="hint">or drop a recording file anywhere on this page. It stays in your browser.</p>
      <p className="hint">
        A recording contains the session&apos;s ephemeral private keys (its random bytes), on purpose: anyone with the file can decrypt that
        one session. A recording sshscope makes never contains a host&apos;s or a user&apos;s private key; an imported
        capture may hold a password typed in that session, masked until you choose to show it.
      </p>
      {error && (
        <p className="open-error" role="alert">
          {error}
        </p>
      )}
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <div>Drop the recording to open it</div>
        </div>
      )}
    </div>
  );
}
