// The dedicated worker that opens a recording (see openJob.ts): one job per worker, and the page
// terminates the worker when it no longer wants the answer or the deadline passes.

import type { ToWorker } from './openProtocol';
import { runOpen } from './openJob';

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
  postMessage(msg: unknown, transfer?: Transferable[]): void;
};

scope.onmessage = (e) => {
  scope.onmessage = null;
  runOpen(e.data.text, (msg, transfer) => scope.postMessage(msg, transfer ?? []), () => performance.now());
};
