'use client';
// "Open a recording or a capture": a file input and drag-and-drop anywhere on the page. A recording
// (.json), or a capture (.pcap/.pcapng, told by its magic number) optionally with its key log,
// chosen or dropped together. The files are kept in the tab (sessionStorage or IndexedDB) and /view
// opens them (a capture is read and imported in a Web Worker there); nothing is uploaded. On /view
// itself the page takes the new file without reloading (`onOpened`): a reload would tear down a
// worker still busy with the previous file, which Chromium does by force (see openInWorker.ts).

import { useEffect, useId, useState } from 'react';
import { HEAD_BYTES, fileKind, pickFiles } from '@/lib/viewer/droppedFiles';
import { saveLocalRecording, type LocalFile } from '@/lib/viewer/localRecording';

/** Files beyond this are refused before reading: a handshake recording is tens of KB, a capture of one a few. */
const MAX_BYTES = 200 * 1024 * 1024;

/** `onOpened`: called with the kept recording instead of navigating to /view (for /view itself). */
export function OpenRecording({ onOpened }: { onOpened?: (rec: LocalFile) => void } = {}) {
  const id = useId();
  const [dragging, setDragging] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function open(list: FileList | null | undefined) {
    const files = Array.from(list ?? []);
    if (files.length === 0) return;
    setError(null);
    const big = files.find((f) => f.size > MAX_BYTES);
    if (big) {
      setError(`${big.name} is ${(big.size / 1e6).toFixed(0)} MB; files larger than 200 MB are not opened.`);
      return;
    }
    setBusy(true);
    const name = files.map((f) => f.name).join(', ');
    try {
      const kinds = await Promise.all(files.map(async (file) => ({ file, kind: fileKind(file.name, new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer())) })));
      const picked = pickFiles(kinds);
      if (picked.problem) {
        setBusy(false);
        setError(picked.problem);
        return;
      }
      let rec: LocalFile;
      if (picked.capture) {
        const k = picked.keylog;
        rec = {
          kind: 'capture',
          name: picked.capture.name,
          bytes: new Uint8Array(await picked.capture.arrayBuffer()),
          ...(k ? { keylog: { name: k.name, text: await k.text() } } : {}),
        };
      } else {
        const file = picked.recording!;
        rec = { name: file.name, text: await file.text() };
      }
      await saveLocalRecording(rec);
      if (onOpened) {
        setBusy(false);
        onOpened(rec);
      } else window.location.assign('/view/');
    } catch (e) {
      setBusy(false);
      setError(`Could not keep ${name} in this tab: ${(e as Error).message}`);
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
      void open(e.dataTransfer?.files);
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
        Open a recording or a capture
      </label>
      <input
        id={id}
        type="file"
        multiple
        accept=".json,application/json,.pcap,.pcapng,.cap,application/vnd.tcpdump.pcap,.log,.txt,.keylog,text/plain"
        disabled={busy}
        onChange={(e) => void open(e.currentTarget.files)}
      />
      <p className="hint">
        or drop it anywhere on this page: a recording (.json), or a capture (.pcap, .pcapng) together with its Wireshark SSH key log
        (.log, .txt, .keylog) to decrypt it. Everything stays in this page: nothing is uploaded.
      </p>
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
          <div>Drop the recording, or the capture and its key log, to open them</div>
        </div>
      )}
    </div>
  );
}
