// Opens a recording in a dedicated Web Worker, so that no file, however costly its replay, can
// freeze the page: the page only receives progress, then the session in bounded chunks. When the
// deadline passes or the caller aborts (navigating away, opening another file), the page stops
// waiting at once and the worker is stopped.
//
// Stopped how: the page asks (`stop`), the worker stops at the end of the event it is replaying
// (it yields between events) and closes itself, and the page then terminates it. Calling
// terminate() on a worker that is inside one long computation makes Chromium force it to stop
// after 2 s, and when that computation was a large BigInt operation (a 32768-bit RSA key) the
// whole tab crashed in most of our runs (Chromium 156; optimised code only). A worker stuck in
// such an event therefore finishes that event in the background (the page stays usable) before
// it goes; once the engine bounds key and group sizes (issue 14), no event takes that long.
//
// Why the session is rebuilt on the page rather than queried from the worker, or replayed twice:
// the viewer reads `stateAt` synchronously on every step, so a worker round trip per seek would
// make every panel asynchronous; and a second replay on the page would bring back the freeze this
// exists to prevent. The worker sends plain data instead (the steps), and the page folds stateAt
// from the steps alone (sessionState.ts), without running the engine.

import type { Session } from '../session/session';
import { OpenDeadlineError, type CaptureChoice, type CaptureJob, type FromWorker, type ImportedCapture, type OpenProgress, type ToWorker } from './openProtocol';
import { OpenTracker } from './openTracker';

export interface OpenInWorkerOptions {
  deadlineMs: number;
  onProgress?: (p: OpenProgress) => void;
  signal?: AbortSignal;
}

export function openInWorker(text: string, options: OpenInWorkerOptions): Promise<Session> {
  return runInWorker({ type: 'open', text }, options).then((o) => {
    if ('session' in o) return o.session;
    throw new Error('the opening worker listed SSH connections for a recording');
  });
}

/** What a capture's job ends with: the session (and the recording imported from the capture), or the connections to pick from. */
export type Opened = { session: Session; imported: ImportedCapture | null } | { choice: CaptureChoice };

/** Imports a capture in the worker (the bytes are handed over, not copied) and opens it, or lists its SSH connections. */
export function openCaptureInWorker(job: CaptureJob, options: OpenInWorkerOptions): Promise<Opened> {
  return runInWorker({ type: 'open-capture', ...job }, options);
}

function runInWorker(job: ToWorker & { type: 'open' | 'open-capture' }, options: OpenInWorkerOptions): Promise<Opened> {
  return new Promise((resolve, reject) => {
    const { signal, deadlineMs, onProgress } = options;
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    // The bundler (webpack or Turbopack) turns this into a worker script of its own.
    const worker = new Worker(new URL('./openWorker.ts', import.meta.url));
    const tracker = new OpenTracker();
    let settled = false;
    /** Whether the worker is still working (so must be asked to stop rather than terminated). */
    let working = true;
    const finish = (error: unknown, opened?: Opened) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (working) worker.postMessage({ type: 'stop' } satisfies ToWorker);
      else worker.terminate();
      if (opened) resolve(opened);
      else reject(error);
    };
    const onAbort = () => finish(signal!.reason);
    const timer = setTimeout(() => {
      finish(new OpenDeadlineError(deadlineMs, tracker.progress, tracker.progress ? performance.now() - tracker.progressAt : 0));
    }, deadlineMs);
    signal?.addEventListener('abort', onAbort, { once: true });

    worker.onmessage = (e: MessageEvent<FromWorker>) => {
      const msg = e.data;
      if (msg.type === 'done' || msg.type === 'error' || msg.type === 'stopped' || msg.type === 'streams') working = false;
      if (settled) {
        // Asked to stop: it has now, and is idle.
        if (!working) worker.terminate();
        return;
      }
      try {
        const session = tracker.handle(msg, performance.now());
        if (session) finish(null, { session, imported: tracker.imported });
        else if (tracker.choice) finish(null, { choice: tracker.choice });
        else if (tracker.progress) onProgress?.(tracker.progress);
      } catch (err) {
        finish(err);
      }
    };
    worker.onerror = (e) => {
      e.preventDefault();
      working = false;
      finish(new Error(`the worker that opens recordings failed${e.message ? `: ${e.message}` : ' to start'}`));
      worker.terminate();
    };
    worker.onmessageerror = () => finish(new Error('a message from the worker that opens recordings could not be read'));
    if (job.type === 'open-capture') worker.postMessage(job satisfies ToWorker, [job.bytes]);
    else worker.postMessage(job satisfies ToWorker);
  });
}
