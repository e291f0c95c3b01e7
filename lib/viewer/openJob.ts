// The worker's job, apart from the Worker API so tests can run it: parse and replay a recording,
// reporting progress, then hand the session over (head, steps in chunks, done) or the error.
// Everything here runs off the page's thread; nothing here may touch the DOM or Node.
//
// The replay yields to the worker's event loop every SLICE_MS (between events), so that a request
// to stop is seen within one event, and so that terminating the worker is graceful: Chromium
// forcibly stops a worker that is still running JavaScript 2 s after terminate(), and doing so in
// the middle of a long BigInt operation crashed the whole tab in our tests (Chromium 156).

import { openRecordingAsync } from '../session/open';
import { sessionHead, stepChunks } from '../session/portable';
import type { Party } from '../session/session';
import type { FromWorker, OpenProgress } from './openProtocol';

export type Post = (msg: FromWorker, transfer?: ArrayBuffer[]) => void;

/** At most this many event reports per window: enough to name every event of a handshake, and
 *  few enough that a long session's events (tens of thousands a second) never flood the page. */
const REPORTS_PER_WINDOW = 64;
const WINDOW_MS = 16;
/** Replay time between two yields to the worker's event loop. */
const SLICE_MS = 10;

/** Decides, before each event, whether to report it: the first REPORTS_PER_WINDOW of every window. */
export class ReportGate {
  private windowStart = -Infinity;
  private count = 0;

  constructor(private readonly now: () => number) {}

  /** null: stay quiet; else report, `exact` when the next event will be reported too. */
  next(): { exact: boolean } | null {
    const t = this.now();
    if (t - this.windowStart >= WINDOW_MS) {
      this.windowStart = t;
      this.count = 0;
    }
    if (this.count >= REPORTS_PER_WINDOW) return null;
    this.count++;
    return { exact: this.count < REPORTS_PER_WINDOW };
  }
}

export interface RunOptions {
  now: () => number;
  /** Yields to the worker's event loop (where a stop request arrives). */
  yieldTo: () => Promise<void>;
  /** Aborted when the page asks the worker to stop. */
  signal: AbortSignal;
}

export async function runOpen(text: string, post: Post, options: RunOptions): Promise<void> {
  try {
    await openAndSend(text, post, options);
  } catch (e) {
    reportFailure(e, post, options.signal);
  }
}

/**
 * Parses and replays the recording, then hands the session over (head, steps, done). Throws on
 * failure. `warnings` are added to the session's (a capture's gaps: a recording file does not keep
 * warnings, so the importer passes them here).
 */
export async function openAndSend(text: string, post: Post, { now, yieldTo, signal }: RunOptions, warnings: readonly string[] = []): Promise<void> {
  const progress = (p: OpenProgress) => post({ type: 'progress', progress: p });
  progress({ stage: 'parsing', done: 0, total: 0, exact: true });
  const gate = new ReportGate(now);
  const base: Record<Party, number> = { client: 0, server: 0 };
  let total = 0;
  const session = await openRecordingAsync(text, {
    sliceMs: SLICE_MS,
    now,
    yieldTo,
    signal,
    observer: {
      endpoint(party, events) {
        // Endpoints replay one after the other, the client first.
        base[party] = total;
        total += events;
        return {
          before(i, e) {
            const g = gate.next();
            if (g) progress({ stage: 'replaying', done: base[party] + i, total, at: { party, event: i, events, type: e.event.type }, exact: g.exact });
          },
        };
      },
      replayed: () => progress({ stage: 'building', done: total, total, exact: true }),
    },
  });
  const head = sessionHead(warnings.length ? { ...session, warnings: [...(session.warnings ?? []), ...warnings] } : session);
  post({ type: 'head', head: head.message }, head.transfer);
  for (const c of stepChunks(session.steps)) {
    await yieldTo();
    signal.throwIfAborted();
    post({ type: 'steps', chunk: c.message }, c.transfer);
  }
  post({ type: 'done' });
}

/** What the page is told when a job failed: `stopped` when it was asked to stop, else the error and its issues. */
export function reportFailure(e: unknown, post: Post, signal: AbortSignal): void {
  if (signal.aborted) {
    post({ type: 'stopped' });
    return;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  const issues = (err as { issues?: unknown }).issues;
  post({
    type: 'error',
    error: {
      name: err.name,
      message: err.message,
      ...(Array.isArray(issues) ? { issues: issues.map((i: { path?: unknown; problem?: unknown }) => ({ path: String(i?.path ?? ''), problem: String(i?.problem ?? '') })) } : {}),
    },
  });
}
