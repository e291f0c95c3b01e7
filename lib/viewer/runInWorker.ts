// Runs a playground experiment in a dedicated Web Worker (runWorker.ts), so that no setup, not
// even diffie-hellman-group18-sha512, can freeze the page: the page receives progress, the
// recording's text, then the Session in chunks (the opening worker's protocol, openTracker.ts).
// On the deadline or an abort the page stops waiting at once and asks the worker to stop; see
// openInWorker.ts for why it asks rather than terminates.

import type { Session } from '../session/session';
import { OpenDeadlineError } from './openProtocol';
import { OpenTracker } from './openTracker';
import type { RunFromWorker, RunProgress, RunToWorker } from './runProtocol';

export interface RunResult {
  session: Session;
  /** The recording as `sshscope simulate` writes it. */
  text: string;
  outcome: { ok: boolean; description: string };
}

export interface RunInWorkerOptions {
  deadlineMs: number;
  onProgress?: (p: RunProgress) => void;
  signal?: AbortSignal;
}

const newWorker = () => new Worker(new URL('./runWorker.ts', import.meta.url));
let spare: Worker | null = null;

/**
 * Starts the next run's worker ahead of the click: fetching, compiling and evaluating the engine
 * (every algorithm) then happens while the reader is still choosing, not after "Run handshake".
 * It waits idle for its one job.
 */
export function prepareWorker(): void {
  spare ??= newWorker();
}

/** Stops the idle spare worker (the page is going away). */
export function discardSpareWorker(): void {
  spare?.terminate();
  spare = null;
}

export function runInWorker(query: string, options: RunInWorkerOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const { signal, deadlineMs, onProgress } = options;
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const worker = spare ?? newWorker();
    spare = null;
    const tracker = new OpenTracker();
    let recording: { text: string; outcome: RunResult['outcome'] } | null = null;
    let simulating: RunProgress | null = null;
    let settled = false;
    let working = true;
    const finish = (error: unknown, result?: RunResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (working) worker.postMessage({ type: 'stop' } satisfies RunToWorker);
      else worker.terminate();
      if (result) resolve(result);
      else reject(error);
    };
    const onAbort = () => finish(signal!.reason);
    const timer = setTimeout(() => {
      // Still simulating: the deadline error says so; opening: where the replay was.
      const e = new OpenDeadlineError(deadlineMs, tracker.progress, tracker.progress ? performance.now() - tracker.progressAt : 0);
      finish(recording ? e : new Error(`The handshake was stopped after ${deadlineMs / 1000} s, still running (${simulating?.stage === 'simulating' ? simulating.events : 0} events so far).`));
    }, deadlineMs);
    signal?.addEventListener('abort', onAbort, { once: true });

    worker.onmessage = (e: MessageEvent<RunFromWorker>) => {
      const msg = e.data;
      if (msg.type === 'done' || msg.type === 'error' || msg.type === 'stopped') working = false;
      if (settled) {
        if (!working) worker.terminate();
        return;
      }
      try {
        if (msg.type === 'simulating') {
          simulating = { stage: 'simulating', events: msg.events, at: msg.at };
          onProgress?.(simulating);
          return;
        }
        if (msg.type === 'recording') {
          recording = { text: msg.text, outcome: msg.outcome };
          return;
        }
        const session = tracker.handle(msg, performance.now());
        if (session) {
          if (!recording) throw new Error('the playground worker opened a session before it sent the recording');
          finish(null, { session, ...recording });
        } else if (tracker.progress) onProgress?.(tracker.progress);
      } catch (err) {
        finish(err);
      }
    };
    worker.onerror = (e) => {
      e.preventDefault();
      working = false;
      finish(new Error(`the worker that runs the handshake failed${e.message ? `: ${e.message}` : ' to start'}`));
      worker.terminate();
    };
    worker.onmessageerror = () => finish(new Error('a message from the worker that runs the handshake could not be read'));
    worker.postMessage({ type: 'run', query } satisfies RunToWorker);
  });
}
