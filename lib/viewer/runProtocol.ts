// Running a playground experiment in a Web Worker: the messages between page and worker. The
// worker simulates the handshake (lib/session/experimentRun.ts), hands the page the recording's
// text (for "Download recording"), then opens it exactly as a file is opened (openJob.ts), so the
// rest of the conversation is the opening worker's (openProtocol.ts).

import type { Party } from '../session/session';
import type { FromWorker, OpenProgress } from './openProtocol';
import { percentOf, progressDetail } from './openProtocol';

export type RunToWorker = { type: 'run'; query: string } | { type: 'stop' };

export type RunFromWorker =
  | FromWorker
  /** The simulation is about to step this event (the endpoints' events interleave). */
  | { type: 'simulating'; events: number; at: { party: Party; event: number; type: string } }
  | { type: 'recording'; text: string; outcome: { ok: boolean; description: string } };

export type RunProgress = { stage: 'simulating'; events: number; at?: { party: Party; event: number; type: string } } | OpenProgress;

/** Whole percent once the result is being opened; null while simulating (its length is not known ahead). */
export function runPercent(p: RunProgress): number | null {
  return p.stage === 'simulating' ? null : percentOf(p);
}

/** One line under the progress bar. */
export function runDetail(p: RunProgress): string {
  if (p.stage !== 'simulating') return `Opening the result: ${progressDetail(p)}`;
  if (!p.at) return 'Running the handshake';
  return `Running the handshake: the ${p.at.party}'s event ${p.at.event + 1} (${p.at.type}), ${p.events} events so far`;
}
