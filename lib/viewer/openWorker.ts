// The dedicated worker that opens a recording (see openJob.ts): one job per worker. The page asks
// it to stop (`stop`) when it no longer wants the answer or the deadline passes; the job notices
// between events, says `stopped`, and the worker closes itself.

import type { FromWorker, ToWorker } from './openProtocol';
import { runCapture } from './captureJob';
import { runOpen } from './openJob';
import { tick } from './workerTick';

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
  postMessage(msg: FromWorker, transfer?: Transferable[]): void;
  close(): void;
};

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
