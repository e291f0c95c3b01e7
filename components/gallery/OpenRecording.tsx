'use client';
// "Open a recording": a file input and drag-and-drop anywhere on the page. The file's text is
// kept in the tab (sessionStorage or IndexedDB) and /view opens it; nothing is uploaded.

import { useEffect, useId, useState } from 'react';
import { saveLocalRecording } from '@/lib/viewer/localRecording';

/** Files beyond this are refused before reading: a handshake recording is tens of KB. */
const MAX_BYTES = 200 * 1024 * 1024;

export function OpenRecording() {
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
      const text = await file.text();
      await saveLocalRecording({ name: file.name, text });
      // A full navigation, so /view also reloads when it is the page we are on.
      window.location.assign('/view/');
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
    // open() only uses state setters, so the listeners never go stale.
  }, []);

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
