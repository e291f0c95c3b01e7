// The page's side of the messages from the worker that opens a recording: the latest progress,
// the steps as they arrive, and the Session once the worker says it is done.

import { SessionReceiver } from '../session/portable';
import type { Session } from '../session/session';
import type { CaptureChoice, FromWorker, ImportedCapture, OpenProgress } from './openProtocol';

/** What the worker reported as it failed, as an error describeError reads (message, issues). */
export function workerError(e: FromWorker & { type: 'error' }): Error {
  // A plain Error named as the worker named it (CaptureError, KeylogError…): the page titles by name.
  const err = new Error(e.error.message) as Error & { issues?: { path: string; problem: string }[] };
  err.name = e.error.name;
  if (e.error.issues) err.issues = e.error.issues;
  return err;
}

/**
 * `handle` returns the Session when it is complete, and throws what the worker reported as failure.
 * A capture's job may end instead with its list of SSH connections (`choice`, and `handle` returns
 * null with `finished` set), or send the imported recording first (`imported`).
 */
export class OpenTracker {
  progress: OpenProgress | null = null;
  choice: CaptureChoice | null = null;
  imported: ImportedCapture | null = null;
  /** When the latest progress arrived (the caller's clock). */
  progressAt = 0;
  private receiver: SessionReceiver | null = null;
  private total = 0;

  handle(msg: FromWorker, now: number): Session | null {
    switch (msg.type) {
      case 'progress':
        this.progress = msg.progress;
        this.progressAt = now;
        return null;
      case 'streams':
        this.choice = msg.capture;
        return null;
      case 'imported':
        this.imported = msg.imported;
        return null;
      case 'head':
        this.receiver = new SessionReceiver(msg.head);
        this.total = msg.head.stepCount;
        this.sending(now);
        return null;
      case 'steps':
        if (!this.receiver) throw new Error('the opening worker sent steps before the session');
        this.receiver.add(msg.chunk);
        this.sending(now);
        return null;
      case 'done':
        if (!this.receiver) throw new Error('the opening worker finished without a session');
        return this.receiver.session();
      case 'error':
        throw workerError(msg);
      case 'stopped':
        throw new Error('the worker that opens recordings stopped before it was done');
      default:
        throw new Error('the opening worker sent a message this page does not understand');
    }
  }

  private sending(now: number): void {
    const last = this.progress;
    this.progress = {
      stage: 'sending',
      done: last?.total ?? 0,
      total: last?.total ?? 0,
      exact: true,
      steps: { received: this.receiver?.received ?? 0, total: this.total },
    };
    this.progressAt = now;
  }
}
