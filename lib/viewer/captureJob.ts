// The worker's job for a capture (see openJob.ts for a recording's): read the pcap/pcapng, and
// either list its SSH connections for the page to pick one, or import the one picked (or the only
// one) as an observer's recording, hand its text to the page (to keep and to download), then open
// it exactly as a recording file is opened. Nothing here touches the DOM or Node.

import { openCapture } from '../capture/streams';
import { parseKeylog } from '../session/keylog';
import { stringifyRecording } from '../session/recording';
import { captureIssues } from './captureErrors';
import { openAndSend, reportFailure, type Post, type RunOptions } from './openJob';
import type { CaptureChoice, CaptureJob } from './openProtocol';

export async function runCapture(job: CaptureJob, post: Post, options: RunOptions): Promise<void> {
  const { signal, yieldTo } = options;
  const bytes = job.bytes.byteLength;
  try {
    // The key log first: a mistyped line is found at once, before a long capture is read.
    const keylog = job.keylog === undefined ? undefined : parseKeylog(job.keylog);
    post({ type: 'progress', progress: { stage: 'reading-capture', done: 0, total: 0, exact: true, capture: { bytes } } });
    await yieldTo();
    signal.throwIfAborted();
    const file = openCapture(new Uint8Array(job.bytes));
    const streams = file.summary.streams.length;
    if (job.stream === undefined && streams > 1) {
      post({ type: 'streams', capture: choiceOf(file.summary) });
      return;
    }
    post({ type: 'progress', progress: { stage: 'importing', done: 0, total: 0, exact: true, capture: { bytes, streams, ...(job.stream ? { stream: job.stream } : {}) } } });
    await yieldTo();
    signal.throwIfAborted();
    const imported = file.toRecording({ ...(job.stream !== undefined ? { stream: job.stream } : {}), ...(keylog ? { keylog } : {}), tool: 'sshscope (browser)' });
    const text = stringifyRecording(imported.recording);
    post({ type: 'imported', imported: { text, stream: imported.stream.number, streams } });
    // The connection's gaps and doubts, shown with the session (the file keeps them only in its description).
    await openAndSend(text, post, options, imported.notes);
  } catch (e) {
    const issues = captureIssues(e);
    if (issues) (e as { issues?: unknown }).issues = issues;
    reportFailure(e, post, signal);
  }
}

/** The summary without its key log secrets: the page lists connections, it needs no secrets. */
export function choiceOf(summary: ReturnType<typeof openCapture>['summary']): CaptureChoice {
  const { keylog, ...rest } = summary;
  return { ...rest, keylogEntries: keylog.length };
}
