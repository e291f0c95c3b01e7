// The playground worker's job, apart from the Worker API so tests and the bench can run it: read
// the experiment from its query, simulate it (reporting each event), post the recording's text,
// then open that text as any recording is opened (runOpen), so the viewer gets the same Session a
// session page gets. Runs off the page's thread; imports lib/session, never lib/node.

import { parseExperiment } from '../session/experiment';
import { implementedAlgorithms, runExperiment } from '../session/experimentRun';
import { stringifyRecording } from '../session/recording';
import { ReportGate, runOpen, type RunOptions } from './openJob';
import type { RunFromWorker } from './runProtocol';

export type RunPost = (msg: RunFromWorker, transfer?: ArrayBuffer[]) => void;

export async function runExperimentJob(query: string, post: RunPost, options: RunOptions): Promise<void> {
  let recording: string;
  try {
    const catalog = implementedAlgorithms();
    const { experiment, problems } = parseExperiment(new URLSearchParams(query), catalog);
    // The page checks the setup before it asks; a problem here means page and worker disagree.
    if (problems.length) throw new Error(`the setup has problems: ${problems.map((p) => `${p.param}: ${p.problem}`).join('; ')}`);
    const gate = new ReportGate(options.now);
    let events = 0;
    // The simulation is one synchronous loop (the engines are pure): its reports reach the page
    // while it runs, but a request to stop is seen only once it is over.
    const run = runExperiment(experiment, catalog, (party, event, e) => {
      events++;
      if (gate.next()) post({ type: 'simulating', events, at: { party, event, type: e.type } });
    });
    recording = stringifyRecording(run.recording);
    post({ type: 'recording', text: recording, outcome: run.outcome });
  } catch (e) {
    post({ type: 'error', error: { name: 'SimulationError', message: e instanceof Error ? e.message : String(e) } });
    return;
  }
  await options.yieldTo();
  if (options.signal.aborted) {
    post({ type: 'stopped' });
    return;
  }
  await runOpen(recording, post, options);
}
