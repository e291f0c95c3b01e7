// The dedicated worker that runs one playground experiment (runJob.ts), then closes. Like the
// opening worker (openWorker.ts), it is asked to stop rather than terminated mid-computation.

import { runExperimentJob } from './runJob';
import { tick } from './workerTick';
import type { RunFromWorker, RunToWorker } from './runProtocol';

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<RunToWorker>) => void) | null;
  postMessage(msg: RunFromWorker, transfer?: Transferable[]): void;
  close(): void;
};

const stop = new AbortController();
let started = false;
scope.onmessage = (e) => {
  const msg = e.data;
  if (msg.type === 'stop') stop.abort(new Error('stopped by the page'));
  else if (msg.type === 'run' && !started) {
    started = true;
    void runExperimentJob(msg.query, (m, transfer) => scope.postMessage(m, transfer ?? []), { now: () => performance.now(), yieldTo: tick, signal: stop.signal }).finally(() => scope.close());
  }
};
