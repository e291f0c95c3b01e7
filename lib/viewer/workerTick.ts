// Shared by the workers (openWorker.ts, runWorker.ts): a yield between engine events, so a job
// sees the page's `stop` message while it runs.

/** A yield to the event loop without the clamping nested timeouts get. */
export function tick(): Promise<void> {
  return new Promise((resolve) => {
    const c = new MessageChannel();
    c.port1.onmessage = () => {
      c.port1.close();
      resolve();
    };
    c.port2.postMessage(null);
  });
}
