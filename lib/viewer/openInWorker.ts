// Opens a recording in a dedicated Web Worker, so that no file, however costly its replay, can
// freeze the page: the page only receives progress, then the session in bounded chunks. When the
// deadline passes or the caller aborts (navigating away, opening another file), the worker is
// terminated, which stops even a computation that never yields.
//
// Why the session is rebuilt on the page rather than queried from the worker, or replayed twice:
// the viewer reads `stateAt` synchronously on every step, so a worker round trip per seek would
// make every panel asynchronous; and a second replay on the page would bring back the freeze this
// exists to prevent. The worker sends plain data instead (steps, plus tables of each endpoint's
// engine state after every event: engineViews.ts), and the page answers stateAt by lookup.

import type { Session } from '../session/session';
import { OpenDeadlineError, OpenTracker, type FromWorker, type OpenProgress, type ToWorker } from './openProtocol';

export interface OpenInWorkerOptions {
  deadlineMs: number;
  onProgress?: (p: OpenProgress) => void;
  signal?: AbortSignal;
}

export function openInWorker(text: string, options: OpenInWorkerOptions): Promise<Session> {
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
    const finish = (error: unknown, session?: Session) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.terminate();
      signal?.removeEventListener('abort', onAbort);
      if (session) resolve(session);
      else reject(error);
    };
    const onAbort = () => finish(signal!.reason);
    const timer = setTimeout(() => {
      finish(new OpenDeadlineError(deadlineMs, tracker.progress, tracker.progress ? performance.now() - tracker.progressAt : 0));
    }, deadlineMs);
    signal?.addEventListener('abort', onAbort, { once: true });

    worker.onmessage = (e: MessageEvent<FromWorker>) => {
      if (settled) return;
      try {
        const session = tracker.handle(e.data, performance.now());
        if (session) finish(null, session);
        else if (tracker.progress) onProgress?.(tracker.progress);
      } catch (err) {
        finish(err);
      }
    };
    worker.onerror = (e) => {
      e.preventDefault();
      finish(new Error(`the worker that opens recordings failed${e.message ? `: ${e.message}` : ' to start'}`));
    };
    worker.onmessageerror = () => finish(new Error('a message from the worker that opens recordings could not be read'));
    worker.postMessage({ text } satisfies ToWorker);
  });
}
