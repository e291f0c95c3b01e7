'use client';
// The playground: both sides' setup, a run in a Web Worker, and the result in the session viewer.
// The address bar is the experiment (lib/session/experiment.ts): opening a link restores every
// control, every change rewrites the link, and `sshscope simulate` takes the same names.

import Link from 'next/link';
import { memo, startTransition, useCallback, useEffect, useId, useRef, useState } from 'react';
import { CopyButton } from '@/components/inspector/CopyButton';
import { ThemeToggle } from '@/components/viewer/ThemeToggle';
import { PanelBoundary } from '@/components/viewer/PanelBoundary';
import { LIST_KEYS, parseExperiment, simulateArgs, withExperiment, type Catalog, type Experiment, type ExperimentProblem, type ListKey } from '@/lib/session/experiment';
import type { Session } from '@/lib/session/session';
import { attackFindings } from '@/lib/viewer/attackFindings';
import { describeError, type Problem } from '@/lib/viewer/errors';
import { deadlineFrom } from '@/lib/viewer/openProtocol';
import { runDetail, runPercent, type RunProgress } from '@/lib/viewer/runProtocol';
import { AlgorithmList } from './AlgorithmList';
import { AttackFieldset } from './AttackFieldset';
import { AttackReport } from './AttackReport';
import type { AttackSpec } from '@/lib/session/attack';
import './playground.css';

/** The viewer's own parameters and the playground's `run`: not part of the experiment. */
const PAGE_PARAMS = new Set(['step', 'present', 'panels', 'hide-future', 'deadline', 'run']);

const CATEGORY: Record<ListKey, { title: string; what: string }> = {
  kex: { title: 'Key exchange', what: 'key exchange' },
  hostKey: { title: 'Host key algorithms', what: 'host key' },
  cipher: { title: 'Ciphers', what: 'cipher' },
  mac: { title: 'MACs', what: 'MAC' },
};
const PARAM: Record<ListKey, string> = { kex: 'kex', hostKey: 'hostkey', cipher: 'cipher', mac: 'mac' };

type ViewerComponent = (typeof import('@/components/viewer/Viewer'))['Viewer'];
type RunState =
  | { kind: 'idle' }
  | { kind: 'running'; progress: RunProgress | null }
  | { kind: 'ready'; session: Session; text: string; outcome: { ok: boolean; description: string }; query: string; seed: number; attack: AttackSpec | null; Viewer: ViewerComponent }
  | { kind: 'error'; problems: Problem[] };

function replaceSearch(search: string): void {
  if (search !== window.location.search) history.replaceState(history.state, '', window.location.pathname + search);
}

function whenIdle(f: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(f, { timeout: 1000 });
  else setTimeout(f, 200);
}

/** What a run needs, loaded ahead of the click: the viewer's code and a started worker. */
function prepare(): void {
  void import('@/components/viewer/Viewer');
  void import('@/lib/viewer/runInWorker').then((m) => m.prepareWorker());
}

function save(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function Playground({ catalog }: { catalog: Catalog }) {
  const [experiment, setExperiment] = useState<Experiment | null>(null);
  const [linkProblems, setLinkProblems] = useState<ExperimentProblem[]>([]);
  const [seedText, setSeedText] = useState('1');
  const [run, setRun] = useState<RunState>({ kind: 'idle' });
  const abort = useRef<AbortController | null>(null);
  const resultRef = useRef<HTMLElement>(null);
  const resultTitle = useRef<HTMLHeadingElement>(null);
  const focusResult = useRef(false);
  const query = experiment ? withExperiment('', experiment, catalog) : '';

  const start = useCallback(
    (e: Experiment, keepStep: boolean) => {
      abort.current?.abort();
      const ac = new AbortController();
      abort.current = ac;
      const q = withExperiment('', e, catalog);
      // The link now reproduces this run; a new run starts at its first step.
      const rest = new URLSearchParams(window.location.search);
      if (!keepStep) rest.delete('step');
      rest.set('run', '1');
      replaceSearch(withExperiment('?' + rest.toString(), e, catalog));
      setRun({ kind: 'running', progress: null });
      let frame = 0;
      let latest: RunProgress | null = null;
      let running = true;
      (async () => {
        try {
          const viewer = import('@/components/viewer/Viewer');
          const { runInWorker } = await import('@/lib/viewer/runInWorker');
          const result = await runInWorker(q.slice(1), {
            deadlineMs: deadlineFrom(window.location.search),
            signal: ac.signal,
            onProgress: (p) => {
              latest = p;
              frame ||= requestAnimationFrame(() => {
                frame = 0;
                if (running && !ac.signal.aborted) setRun({ kind: 'running', progress: latest });
              });
            },
          }).finally(() => {
            running = false;
          });
          const { Viewer } = await viewer;
          if (ac.signal.aborted) return;
          focusResult.current = true;
          // Mounting the viewer is the page's one long render: as a transition React yields to
          // input between components, so keys and clicks are answered while it builds.
          startTransition(() => setRun({ kind: 'ready', ...result, query: q, seed: e.seed, attack: e.attack, Viewer }));
        } catch (err) {
          if (!ac.signal.aborted) {
            focusResult.current = true;
            setRun({ kind: 'error', problems: describeError(err) });
          }
        } finally {
          if (!ac.signal.aborted) whenIdle(prepare);
        }
      })();
    },
    [catalog],
  );

  // The link in: read once on the client (a static page knows no query), then run if asked.
  useEffect(() => {
    const params = new URLSearchParams(window.location.search);
    const { experiment: e, problems } = parseExperiment(params, catalog, PAGE_PARAMS);
    setExperiment(e);
    setSeedText(String(e.seed));
    setLinkProblems(problems);
    if (params.get('run') === '1' && problems.length === 0) start(e, true);
    else whenIdle(prepare);
    return () => {
      abort.current?.abort();
      void import('@/lib/viewer/runInWorker').then((m) => m.discardSpareWorker());
    };
  }, [catalog, start]);

  // A finished run: its heading takes focus, so keys step the viewer and a screen reader hears it.
  useEffect(() => {
    if ((run.kind === 'ready' || run.kind === 'error') && focusResult.current) {
      focusResult.current = false;
      resultTitle.current?.focus();
      resultRef.current?.scrollIntoView({ block: 'start' });
    }
  }, [run]);

  /** Every change rewrites the link; a run shown below no longer matches it (`run`, `step` go). */
  const change = useCallback(
    (e: Experiment) => {
      setExperiment(e);
      setLinkProblems([]);
      replaceSearch(withExperiment(window.location.search, e, catalog, ['run', 'step']));
    },
    [catalog],
  );

  // A step link under the result: the viewer reads ?step= when it mounts, so write it and remount.
  const [viewerMount, setViewerMount] = useState(0);
  const goToStep = useCallback((index: number) => {
    const q = new URLSearchParams(window.location.search);
    q.set('step', String(index + 1));
    replaceSearch('?' + q.toString().replace(/%2C/gi, ',').replace(/%40/gi, '@').replace(/%3A/gi, ':'));
    setViewerMount((n) => n + 1);
    focusResult.current = false;
  }, []);

  const id = useId();
  if (!experiment) return <main className="pg-page loading" aria-busy="true" />;
  const e = experiment;
  const stale = run.kind === 'ready' && run.query !== query;

  return (
    <div className="pg">
      <header className="pg-bar">
        <Link href="/" className="brand">
          sshscope
        </Link>
        <ThemeToggle />
      </header>
      <main className="pg-page">
        <h1>Playground</h1>
        <p className="pg-lead">
          Set up both sides, run the handshake in your browser, and step through what happened. The address bar holds the whole setup: copy it to share this
          experiment.
        </p>
        {linkProblems.length > 0 && (
          <section className="pg-problems" role="alert" aria-labelledby={`${id}-problems`}>
            <h2 id={`${id}-problems`}>Parts of this link were not used</h2>
            <ul>
              {linkProblems.map((p, i) => (
                <li key={i}>
                  <code>{p.param}</code>: {p.problem}
                </li>
              ))}
            </ul>
            <p>The rest of the setup is as the link says; whatever could not be read is at its default.</p>
          </section>
        )}

        <SetupForm
          experiment={e}
          catalog={catalog}
          seedText={seedText}
          onSeedText={setSeedText}
          running={run.kind === 'running'}
          onChange={change}
          onRun={start}
        />

        <section className="pg-result" aria-labelledby={`${id}-result`} ref={resultRef} data-testid="playground-result">
          <div className="pg-result-head">
            <h2 id={`${id}-result`} ref={resultTitle} tabIndex={-1}>
              Result
            </h2>
            <RunStatus run={run} stale={stale} />
            {run.kind === 'ready' && (
              <button type="button" onClick={() => save(run.text, `sshscope-playground-seed${run.seed}.json`)}>
                Download recording
              </button>
            )}
            {run.kind === 'ready' && (
              // The setup, not the recording, goes into the link: the run is deterministic, so /compare runs it again.
              <Link className="pg-compare" href={`/compare?a=playground&a-setup=${encodeURIComponent(run.query.replace(/^\?/, ''))}`}>
                Compare with another session
              </Link>
            )}
          </div>
          {run.kind === 'ready' && run.attack && <AttackReport session={run.session} attack={run.attack} onStep={goToStep} />}
          {run.kind === 'ready' && (
            <PanelBoundary name="viewer">
              <run.Viewer key={`${viewerMount}:${run.text}`} session={run.session} embedded keyScope={resultRef} />
            </PanelBoundary>
          )}
        </section>
      </main>
    </div>
  );
}

const isSeed = (v: string) => /^\d{1,16}$/.test(v) && Number.isSafeInteger(Number(v));

interface SetupFormProps {
  experiment: Experiment;
  catalog: Catalog;
  seedText: string;
  onSeedText: (s: string) => void;
  running: boolean;
  onChange: (e: Experiment) => void;
  onRun: (e: Experiment, keepStep: boolean) => void;
}

/** The setup: memoised, so the run's progress (many renders a second) never re-renders the lists. */
const SetupForm = memo(function SetupForm({ experiment: e, catalog, seedText, onSeedText, running, onChange: change, onRun }: SetupFormProps) {
  const id = useId();
  const seedOk = isSeed(seedText);
  const canRun = seedOk && !running;
  const setSide = <S extends 'client' | 'server'>(side: S, patch: Partial<Experiment[S]>) => change({ ...e, [side]: { ...e[side], ...patch } });
  const command = ['sshscope', 'simulate', ...simulateArgs(e, catalog), '--out', 'handshake.json'].map((a) => (/^[\w@.,=/:-]+$/.test(a) ? a : `'${a}'`)).join(' ');
  return (
    <>
        <form
          className="pg-setup"
          aria-labelledby={`${id}-setup`}
          id="setup"
          onSubmit={(ev) => {
            ev.preventDefault();
            if (canRun) onRun(e, false);
          }}
        >
          <h2 id={`${id}-setup`} className="sr-only">
            Setup
          </h2>
          <div className="pg-sides-opts">
            <fieldset className="pg-side pg-client">
              <legend>Client</legend>
              <label>
                <input type="checkbox" checked={e.client.strictKex} onChange={(ev) => setSide('client', { strictKex: ev.target.checked })} /> Strict kex{' '}
                <span className="pg-hint">(kex-strict-c-v00@openssh.com)</span>
              </label>
              <label>
                <input type="checkbox" checked={e.client.extInfo} onChange={(ev) => setSide('client', { extInfo: ev.target.checked })} /> ext-info{' '}
                <span className="pg-hint">(ext-info-c, RFC 8308)</span>
              </label>
              <label>
                <input type="checkbox" checked={e.client.guessKex} onChange={(ev) => setSide('client', { guessKex: ev.target.checked })} /> Guess the key exchange{' '}
                <span className="pg-hint">(first_kex_packet_follows)</span>
              </label>
            </fieldset>
            <fieldset className="pg-side pg-server">
              <legend>Server</legend>
              <label>
                <input type="checkbox" checked={e.server.strictKex} onChange={(ev) => setSide('server', { strictKex: ev.target.checked })} /> Strict kex{' '}
                <span className="pg-hint">(kex-strict-s-v00@openssh.com)</span>
              </label>
              <label>
                <input type="checkbox" checked={e.server.extInfo} onChange={(ev) => setSide('server', { extInfo: ev.target.checked })} /> ext-info{' '}
                <span className="pg-hint">(sends EXT_INFO when asked)</span>
              </label>
              <fieldset className="pg-keys">
                <legend>Host keys it holds</legend>
                {catalog.keyTypes.map((t) => (
                  <label key={t}>
                    <input
                      type="checkbox"
                      checked={e.server.keyTypes.includes(t)}
                      onChange={(ev) =>
                        setSide('server', {
                          // In the catalog's order, so the same set is always the same link.
                          keyTypes: catalog.keyTypes.filter((k) => (k === t ? ev.target.checked : e.server.keyTypes.includes(k))),
                        })
                      }
                    />{' '}
                    <code>{t}</code>
                  </label>
                ))}
              </fieldset>
            </fieldset>
            <div className="pg-seed">
              <label htmlFor={`${id}-seed`}>Seed</label>
              <input
                id={`${id}-seed`}
                inputMode="numeric"
                value={seedText}
                aria-invalid={!seedOk}
                aria-describedby={`${id}-seed-help`}
                onChange={(ev) => {
                  const v = ev.target.value.trim();
                  onSeedText(v);
                  if (isSeed(v)) change({ ...e, seed: Number(v) });
                }}
              />
              <p id={`${id}-seed-help`} className={seedOk ? 'pg-hint' : 'pg-invalid'}>
                {seedOk ? 'The random bytes (cookies, ephemeral keys, padding) come from it: the same seed, the same bytes.' : 'The seed is a whole number (0, 1, 2, …).'}
              </p>
            </div>
          </div>

          {LIST_KEYS.map((k) => (
            <fieldset key={k} className="pg-category">
              <legend>
                {CATEGORY[k].title}{' '}
                <span className="pg-hint">
                  (<code>{PARAM[k]}</code>, <code>server-{PARAM[k]}</code>)
                </span>
              </legend>
              <div className="pg-lists">
                <AlgorithmList
                  id={`${id}-client-${k}`}
                  category={k}
                  heading="Client offers"
                  label={`client ${CATEGORY[k].what}`}
                  items={e.client[k]}
                  available={catalog[k]}
                  onChange={(items) => setSide('client', { [k]: items })}
                />
                <AlgorithmList
                  id={`${id}-server-${k}`}
                  category={k}
                  heading="Server offers"
                  label={`server ${CATEGORY[k].what}`}
                  items={e.server[k]}
                  available={catalog[k]}
                  onChange={(items) => setSide('server', { [k]: items })}
                />
              </div>
            </fieldset>
          ))}

          <AttackFieldset attack={e.attack} onChange={(attack) => change({ ...e, attack })} />

          <div className="pg-run">
            <button type="submit" className="pg-run-button" aria-disabled={!canRun}>
              Run handshake
            </button>
            <span className="pg-hint">{running ? 'Running…' : 'Runs in your browser; nothing is sent anywhere.'}</span>
          </div>
        </form>
        <p className="pg-command">
          <span className="pg-hint">The same run in a terminal:</span> <code data-testid="cli-command">{command}</code> <CopyButton text={command} label="Copy the command" />
        </p>
    </>
  );
});

/** One sentence: what was negotiated, or why the handshake failed (the engine's words: a
 *  negotiation failure names the category and both lists). */
function outcomeLine(outcome: { ok: boolean; description: string }, session: Session): string {
  // Nobody closed, nothing left to deliver: the run stalled (simulate.ts says what the client waits for).
  const stalled = /^incomplete: (.*)$/.exec(outcome.description);
  if (stalled) return `The run stalled, with nothing left on the wire: ${stalled[1]}.`;
  if (!outcome.ok) return `The handshake failed: ${outcome.description.replace(/^failed: /, '')}.`;
  const s = session.summary;
  const mac = s.macC2S && s.macC2S !== '<implicit>' ? ` with ${s.macC2S}` : '';
  // The handshake can succeed and a side still catch tampering afterwards (a flipped goodbye):
  // say so here too, as the session's own summary does.
  const caught = attackFindings(session).noticed[0];
  const after = caught ? ` Afterwards the ${caught.by} closed the connection: ${caught.reasonName} (${caught.reason}).` : '';
  return `The handshake completed: ${s.kex}, host key ${s.hostKey}, ${s.cipherC2S}${mac}.${after}`;
}

function RunStatus({ run, stale }: { run: RunState; stale: boolean }) {
  const id = useId();
  if (run.kind === 'idle') return <p className="pg-hint">Nothing has run yet: press Run handshake.</p>;
  if (run.kind === 'running') {
    const p = run.progress;
    const percent = p ? runPercent(p) : null;
    return (
      <div className="pg-progress" aria-busy="true">
        <p id={id} className="pg-progress-label">
          Running the handshake{percent === null ? '…' : `… ${percent}%`}
        </p>
        {/* No value while simulating: how many events a handshake takes is known only at its end. */}
        <progress aria-labelledby={id} max={100} {...(percent === null ? {} : { value: percent })} />
        <p className="pg-hint">{p ? runDetail(p) : 'Starting the worker'}</p>
      </div>
    );
  }
  if (run.kind === 'error') {
    return (
      <div className="pg-run-error" role="alert">
        <p>The handshake could not be run:</p>
        <ul>
          {run.problems.map((p, i) => (
            <li key={i}>
              {p.where && <code>{p.where}</code>} {p.problem}
            </li>
          ))}
        </ul>
      </div>
    );
  }
  return (
    <>
      <p className={`pg-outcome ${run.outcome.ok ? 'ok' : 'failed'}`} data-testid="run-outcome" role="status">
        <span aria-hidden="true">{run.outcome.ok ? '✓ ' : '✕ '}</span>
        {outcomeLine(run.outcome, run.session)}
      </p>
      {stale && <p className="pg-stale">The setup has changed since this run: press Run handshake to see the new one.</p>}
    </>
  );
}
