// The playground worker's job without the Worker: every message through a real structured clone.
// The recording it posts is what sshscope simulate writes for the same setup, and the session the
// page assembles is the one openRecording gives for that recording.

import { describe, expect, it } from 'vitest';
import { parseExperiment } from '../session/experiment';
import { implementedAlgorithms, runExperiment } from '../session/experimentRun';
import { openRecording } from '../session/open';
import { stringifyRecording } from '../session/recording';
import type { Session } from '../session/session';
import { OpenTracker } from './openTracker';
import { runExperimentJob } from './runJob';
import { runDetail, runPercent, type RunFromWorker } from './runProtocol';

const yieldTo = () => new Promise<void>((resolve) => setImmediate(resolve));

async function job(query: string, signal = new AbortController().signal): Promise<RunFromWorker[]> {
  const messages: RunFromWorker[] = [];
  await runExperimentJob(query, (msg, transfer) => messages.push(structuredClone(msg, { transfer: transfer ?? [] })), { now: () => performance.now(), yieldTo, signal });
  return messages;
}

function sessionOf(messages: RunFromWorker[]): Session {
  const t = new OpenTracker();
  let s: Session | null = null;
  for (const m of messages) if (m.type !== 'simulating' && m.type !== 'recording') s = t.handle(m, 0) ?? s;
  if (!s) throw new Error('no session');
  return s;
}

describe('the playground worker job', () => {
  it('reports the simulation, posts the recording, then opens it', async () => {
    const query = 'server-cipher=aes256-ctr&seed=5';
    const messages = await job(query);
    const kinds = messages.map((m) => m.type);
    const firstRecording = kinds.indexOf('recording');
    expect(kinds[0]).toBe('simulating');
    expect(kinds.slice(0, firstRecording).every((k) => k === 'simulating')).toBe(true);
    expect(kinds.at(-1)).toBe('done');

    const catalog = implementedAlgorithms();
    const direct = runExperiment(parseExperiment(new URLSearchParams(query), catalog).experiment, catalog);
    const rec = messages[firstRecording] as Extract<RunFromWorker, { type: 'recording' }>;
    expect(rec.text).toBe(stringifyRecording(direct.recording));
    expect(rec.outcome).toEqual(direct.outcome);

    const session = sessionOf(messages);
    const reference = openRecording(rec.text);
    expect(session.steps.map((s) => s.title)).toEqual(reference.steps.map((s) => s.title));
    expect(session.summary).toEqual(reference.summary);
  });

  it('a failing setup still gives a recording and a session that says why', async () => {
    const messages = await job('cipher=aes128-ctr&server-cipher=chacha20-poly1305@openssh.com');
    const rec = messages.find((m) => m.type === 'recording') as Extract<RunFromWorker, { type: 'recording' }>;
    expect(rec.outcome.ok).toBe(false);
    expect(sessionOf(messages).summary.outcome).toMatch(/no common cipher client→server algorithm: client offers \[aes128-ctr\], server offers \[chacha20-poly1305@openssh.com\]/);
  });

  it('refuses a setup with problems, naming them', async () => {
    const messages = await job('kex=nope');
    expect(messages).toEqual([{ type: 'error', error: { name: 'SimulationError', message: expect.stringContaining('kex: sshscope does not implement "nope"') } }]);
  });

  it('stops before opening when asked during the simulation', async () => {
    const ac = new AbortController();
    const messages: RunFromWorker[] = [];
    await runExperimentJob('', (m) => {
      messages.push(m);
      if (m.type === 'simulating') ac.abort();
    }, { now: () => performance.now(), yieldTo, signal: ac.signal });
    expect(messages.at(-1)).toEqual({ type: 'stopped' });
    expect(messages.some((m) => m.type === 'head')).toBe(false);
  });

  it('progress says what runs', () => {
    expect(runPercent({ stage: 'simulating', events: 3 })).toBeNull();
    expect(runDetail({ stage: 'simulating', events: 3, at: { party: 'server', event: 1, type: 'entropy' } })).toBe("Running the handshake: the server's event 2 (entropy), 3 events so far");
    expect(runPercent({ stage: 'building', done: 5, total: 5, exact: true })).toBe(90);
  });
});
