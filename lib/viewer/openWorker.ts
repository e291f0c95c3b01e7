// The dedicated worker that opens a recording (see openJob.ts): one job per worker. The page asks
// it to stop (`stop`) when it no longer wants the answer or the deadline passes; the job notices
// between events, says `stopped`, and the worker closes itself.

import type { FromWorker, ToWorker } from './openProtocol';
import { runCapture } from './captureJob';
import { runOpen } from './openJob';

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
  postMessage(msg: FromWorker, transfer?: Transferable[]): void;
  close(): void;
};

/** A yield to the event loop without the clamping nested timeouts get. */
function tick(): Promise<void> {
  return new Promise((resolve) => {
    const c = new MessageChannel();
    c.port1.onmessage = () => {
      c.port1.close();
      resolve();
    };
    c.port2.postMessage(null);
  });
}

const stop = new AbortController();
let started = false;
scope.onmessage = (e) => {
  const msg = e.data;
  if (msg.type === 'stop') stop.abort(new Error('stopped by the page'));
  else if ((msg.type === 'open' || msg.type === 'open-capture') && !started) {
    started = true;
    const post = (m: FromWorker, transfer?: ArrayBuffer[]) => scope.postMessage(m, transfer ?? []);
    const options = { now: () => performance.now(), yieldTo: tick, signal: stop.signal };
    void (msg.type === 'open' ? runOpen(msg.text, post, options) : runCapture(msg, post, options)).finally(() => scope.close());
  }
};
