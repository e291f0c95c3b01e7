// Opening a recording in a Web Worker: the messages between page and worker, progress in percent
// and words, and what the page says when the deadline passes. Light and pure (the page's first
// load imports it): the page's side of the messages is openTracker.ts, the Worker itself lives in
// openInWorker.ts (page) and openWorker.ts (worker).

import type { CaptureSummary } from '../capture/streams';
import type { SessionHead, StepChunk } from '../session/portable';
import type { Party } from '../session/session';

/** How long the page waits for a recording to open before it stops the worker. */
export const OPEN_DEADLINE_MS = 20_000;
/** `?deadline=S` may shorten the wait (for tests and slow-file diagnosis), never lengthen it. */
const MIN_DEADLINE_MS = 100;

export type OpenStage = 'reading-capture' | 'importing' | 'parsing' | 'replaying' | 'building' | 'sending';

export interface OpenProgress {
  stage: OpenStage;
  /** Events replayed so far, both endpoints together, and in all (0 while parsing). */
  done: number;
  total: number;
  /** The event about to be replayed when this was reported. */
  at?: { party: Party; event: number; events: number; type: string };
  /**
   * True when the worker also reports the event after this one: a worker silent since then is
   * still inside `at`. False when reports were being thinned (many quick events in a row), so
   * it may be a little further on.
   */
  exact: boolean;
  /** Steps handed to the page so far, and in all (stage 'sending'). */
  steps?: { received: number; total: number };
  /** Stages 'reading-capture' and 'importing': the capture's size, and which connection is imported. */
  capture?: { bytes: number; stream?: number; streams?: number };
}

/** A capture's SSH connections, for the page to offer a choice (the key log entries stay in the worker). */
export type CaptureChoice = Omit<CaptureSummary, 'keylog'> & { keylogEntries: number };

/** One SSH connection of a capture turned into a recording: its text (to keep or download) and which it was. */
export interface ImportedCapture {
  text: string;
  stream: number;
  streams: number;
}

export type FromWorker =
  | { type: 'progress'; progress: OpenProgress }
  | { type: 'head'; head: SessionHead }
  /** The capture holds several SSH connections and none was picked: the job ends with this list. */
  | { type: 'streams'; capture: CaptureChoice }
  /** Sent before `head` when the job was a capture: the recording the session was opened from. */
  | { type: 'imported'; imported: ImportedCapture }
  | { type: 'steps'; chunk: StepChunk }
  | { type: 'done' }
  | { type: 'error'; error: { name: string; message: string; issues?: { path: string; problem: string }[] } }
  /** The worker stopped as asked, at the end of the event it was in, and is closing. */
  | { type: 'stopped' };

/** `stop` is honoured between events: see openInWorker.ts for why the page asks rather than terminates. */
export type ToWorker = { type: 'open'; text: string } | ({ type: 'open-capture' } & CaptureJob) | { type: 'stop' };

/** A capture to import and open: its bytes, an optional Wireshark SSH key log (text), which SSH connection. */
export interface CaptureJob {
  bytes: ArrayBuffer;
  keylog?: string;
  stream?: number;
}

/** The deadline from the page's query string: `deadline` in seconds, only ever shorter than the default. */
export function deadlineFrom(search: string): number {
  const raw = new URLSearchParams(search).get('deadline');
  const s = raw === null || raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isFinite(s)) return OPEN_DEADLINE_MS;
  return Math.min(OPEN_DEADLINE_MS, Math.max(MIN_DEADLINE_MS, Math.round(s * 1000)));
}

/** Whole percent for the progress bar: the replay is most of the work, handing over the steps the rest. */
export function percentOf(p: OpenProgress): number {
  switch (p.stage) {
    case 'reading-capture':
      return 0;
    case 'importing':
      return 1;
    case 'parsing':
      return 0;
    case 'replaying':
      return Math.floor(2 + 88 * (p.total ? p.done / p.total : 1));
    case 'building':
      return 90;
    case 'sending':
      return Math.floor(90 + 10 * (p.steps && p.steps.total ? p.steps.received / p.steps.total : 1));
  }
}

const n = (x: number) => x.toLocaleString('en');

/** One line under the progress bar. */
export function progressDetail(p: OpenProgress): string {
  switch (p.stage) {
    case 'reading-capture':
      return `Reading the capture (${n(p.capture?.bytes ?? 0)} bytes) and finding its SSH connections`;
    case 'importing':
      return p.capture?.streams && p.capture.streams > 1
        ? `Importing SSH connection ${p.capture.stream ?? 1} of ${p.capture.streams}`
        : 'Importing the SSH connection';
    case 'parsing':
      return 'Reading and checking the file';
    case 'replaying':
      return p.at ? `Replaying the ${p.at.party}'s events: ${n(p.at.event + 1)} of ${n(p.at.events)}` : 'Replaying';
    case 'building':
      return 'Building the steps';
    case 'sending':
      return `Preparing the steps: ${n(p.steps?.received ?? 0)} of ${n(p.steps?.total ?? 0)}`;
  }
}

/** The page gave up waiting: says where the worker was, for the error panel. */
export class OpenDeadlineError extends Error {
  readonly issues: { path: string; problem: string }[];
  constructor(
    readonly deadlineMs: number,
    progress: OpenProgress | null,
    /** How long before the deadline the last report came (ms). */
    sinceReport: number,
  ) {
    const s = (ms: number) => `${(ms / 1000).toLocaleString('en', { maximumFractionDigits: 1 })} s`;
    const stopped = `Opening was stopped after ${s(deadlineMs)}`;
    let issue: { path: string; problem: string };
    const p = progress;
    if (p && (p.stage === 'reading-capture' || p.stage === 'importing')) {
      issue = { path: '', problem: `${stopped}, while the capture was still being ${p.stage === 'importing' ? 'turned into a recording' : 'read'}.` };
    } else if (!p || p.stage === 'parsing') {
      issue = { path: '', problem: `${stopped}, while the file was still being read and checked.` };
    } else if (p.stage === 'replaying' && p.at) {
      const { party, event, events, type } = p.at;
      const path = `$.${party}.events[${event}]`;
      const where = p.exact
        ? `the replay was still in the ${party}'s event ${n(event + 1)} of ${n(events)} (${type}), which had been running for ${s(sinceReport)}`
        : `the replay had got as far as the ${party}'s event ${n(event + 1)} of ${n(events)} (${type})`;
      const why =
        p.exact && sinceReport >= deadlineMs / 2
          ? ' One event of a handshake takes milliseconds; this one needs far more arithmetic than any real key exchange (an oversized key or group, for instance).'
          : ` ${n(p.done)} of ${n(p.total)} events had been replayed in all.`;
      issue = { path, problem: `${stopped}: ${where}.${why}` };
    } else if (p.stage === 'sending') {
      issue = { path: '', problem: `${stopped}: every event was replayed, and ${n(p.steps?.received ?? 0)} of ${n(p.steps?.total ?? 0)} steps were ready.` };
    } else {
      issue = { path: '', problem: `${stopped}: every event was replayed, and the steps were still being built and checked.` };
    }
    super(issue.problem);
    this.name = 'OpenDeadlineError';
    this.issues = [issue];
  }
}
