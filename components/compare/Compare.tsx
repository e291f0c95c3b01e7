'use client';
// /compare: two sessions side by side. The address names them (?a=SLUG&b=SLUG, bundled sessions;
// `local` for a file opened from this computer, which stays in this page only: nothing is uploaded;
// `playground` for a playground run, whose setup is the playground's own query in `a-setup` /
// `b-setup`: the run is deterministic, so the link holds the experiment and this page runs it again
// in a worker); each is opened in a Web Worker like a session page, then both are shown aligned by
// message (lib/viewer/compareAlign.ts) with their differences (lib/viewer/compareDiff.ts).

import Link from 'next/link';
import { useCallback, useEffect, useId, useState } from 'react';
import type { Session } from '@/lib/session/session';
import { describeError, type Problem } from '@/lib/viewer/errors';
import { deadlineFrom } from '@/lib/viewer/openProtocol';
import { ThemeToggle } from '@/components/viewer/ThemeToggle';
import { PanelBoundary } from '@/components/viewer/PanelBoundary';
import { Comparison } from './Comparison';
import './compare.css';

export interface CompareEntry {
  slug: string;
  title: string;
  file: string;
  group: string;
}

type SideStatus =
  | { kind: 'none' }
  | { kind: 'loading' }
  | { kind: 'ready'; session: Session; title: string }
  | { kind: 'error'; title: string; problems: Problem[] };

/** Pairs worth comparing, shown as links (each only when both sessions are bundled). */
const PRESETS: { a: string; b: string; what: string }[] = [
  { a: 'terrapin-chacha20-no-strict-kex', b: 'terrapin-strict-kex', what: 'Terrapin without and with strict kex' },
  { a: 'terrapin-chacha20-no-strict-kex', b: 'deleted-packet-detected', what: 'Terrapin vs a deleted packet alone' },
  { a: 'curve25519-ed25519-chacha20', b: 'mlkem768x25519-ed25519-chacha20', what: 'Classical curve25519 vs post-quantum ML-KEM hybrid' },
  { a: 'guess-right', b: 'guess-wrong', what: 'The right vs the wrong kex guess' },
];

/** The parameter value of a side opened from a local file. */
const LOCAL = 'local';
/** The parameter value of a side that is a playground run; its setup is in `a-setup` / `b-setup`. */
export const PLAYGROUND = 'playground';

interface LocalFile {
  name: string;
  text: string;
}

interface Pair {
  a: string;
  b: string;
  /** The playground query of a side that is a playground run (kept while it is chosen). */
  setupA: string;
  setupB: string;
}

function readPair(search: string): Pair {
  const q = new URLSearchParams(search);
  return { a: q.get('a') ?? '', b: q.get('b') ?? '', setupA: q.get('a-setup') ?? '', setupB: q.get('b-setup') ?? '' };
}

function pairQuery(p: Pair): string {
  const q = new URLSearchParams(window.location.search);
  for (const k of ['a', 'b'] as const) {
    if (p[k]) q.set(k, p[k]);
    else q.delete(k);
    const setup = k === 'a' ? p.setupA : p.setupB;
    if (p[k] === PLAYGROUND) q.set(`${k}-setup`, setup);
    else q.delete(`${k}-setup`);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** How a playground side is named: its setup as the playground's address shows it. */
function playgroundTitle(setup: string): string {
  if (!setup) return 'Playground run (default setup)';
  let shown = setup;
  try {
    shown = decodeURIComponent(setup.replace(/\+/g, ' '));
  } catch {
    // A hand-edited link with a stray %: show it as it is (the run reports what it cannot read).
  }
  return `Playground run (${shown})`;
}

/** One side: nothing chosen, loading, open, or why it could not be opened. */
function useSide(slug: string, param: 'a' | 'b', entries: readonly CompareEntry[], file: LocalFile | undefined, setup: string): SideStatus {
  const [status, setStatus] = useState<SideStatus>({ kind: 'none' });
  useEffect(() => {
    if (!slug) {
      setStatus({ kind: 'none' });
      return;
    }
    if (slug === PLAYGROUND) return runSide(setup, setStatus);
    const entry = slug === LOCAL && file ? { title: file.name, file: '' } : entries.find((e) => e.slug === slug);
    if (!entry && slug === LOCAL) {
      setStatus({
        kind: 'error',
        title: 'A local file is not kept in the address',
        problems: [{ where: `?${param}=${LOCAL}`, problem: `open the file for session ${param.toUpperCase()} again (it never left this computer)` }],
      });
      return;
    }
    if (!entry) {
      setStatus({
        kind: 'error',
        title: `No bundled session is named “${slug}”`,
        problems: [{ where: `?${param}=`, problem: `it names “${slug}”, which is not one of the ${entries.length} bundled sessions: choose one above` }],
      });
      return;
    }
    const abort = new AbortController();
    setStatus({ kind: 'loading' });
    (async () => {
      try {
        const read = async () => {
          if (!entry.file) return file!.text;
          const res = await fetch(entry.file, { signal: abort.signal });
          if (!res.ok) throw new Error(`could not fetch ${entry.file}: HTTP ${res.status}`);
          return res.text();
        };
        const [text, { openInWorker }] = await Promise.all([read(), import('@/lib/viewer/openInWorker')]);
        const session = await openInWorker(text, { deadlineMs: deadlineFrom(window.location.search), signal: abort.signal });
        if (session.steps.length === 0) throw new Error('the recording contains no steps (no messages were exchanged)');
        if (!abort.signal.aborted) setStatus({ kind: 'ready', session, title: entry.title });
      } catch (e) {
        if (!abort.signal.aborted) setStatus({ kind: 'error', title: `${entry.title} could not be opened`, problems: describeError(e) });
      }
    })();
    return () => abort.abort();
  }, [slug, param, entries, file, setup]);
  return status;
}

/** Runs a playground setup in the playground's worker; returns the effect's cleanup. */
function runSide(setup: string, setStatus: (s: SideStatus) => void): () => void {
  const abort = new AbortController();
  const title = playgroundTitle(setup);
  setStatus({ kind: 'loading' });
  (async () => {
    try {
      const { runInWorker } = await import('@/lib/viewer/runInWorker');
      const { session } = await runInWorker(setup, { deadlineMs: deadlineFrom(window.location.search), signal: abort.signal });
      // A run that failed to negotiate still has steps (the KEXINITs, the DISCONNECT): it compares.
      if (!abort.signal.aborted) setStatus({ kind: 'ready', session, title });
    } catch (e) {
      if (!abort.signal.aborted) setStatus({ kind: 'error', title: `${title} could not be run`, problems: describeError(e) });
    }
  })();
  return () => abort.abort();
}

interface ChooserProps {
  label: string;
  value: string;
  entries: readonly CompareEntry[];
  file: LocalFile | undefined;
  /** The playground setup of this side, when it is a playground run. */
  setup: string;
  onChange: (slug: string) => void;
  onFile: (file: LocalFile) => void;
}

function Chooser({ label, value, entries, file, setup, onChange, onFile }: ChooserProps) {
  const id = useId();
  const groups = [...new Set(entries.map((e) => e.group))];
  const known = entries.some((e) => e.slug === value) || (value === LOCAL && file !== undefined) || value === PLAYGROUND;
  return (
    <div className="cmp-chooser">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={known ? value : ''} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">— choose a session —</option>
        {file && <option value={LOCAL}>Local file: {file.name}</option>}
        {value === PLAYGROUND && <option value={PLAYGROUND}>{playgroundTitle(setup)}</option>}
        {groups.map((g) => (
          <optgroup key={g} label={g}>
            {entries
              .filter((e) => e.group === g)
              .map((e) => (
                <option key={e.slug} value={e.slug}>
                  {e.title}
                </option>
              ))}
          </optgroup>
        ))}
      </select>
      <label className="cmp-file">
        <span>or open a file as {label.slice(-1)}</span>
        <input
          type="file"
          accept=".json,application/json"
          onChange={async (e) => {
            const f = e.currentTarget.files?.[0];
            if (f) onFile({ name: f.name, text: await f.text() });
          }}
        />
      </label>
      {value === PLAYGROUND && (
        <Link className="cmp-edit" href={`/playground?${setup}`}>
          Change this setup in the playground
        </Link>
      )}
    </div>
  );
}

function SideProblem({ side, status }: { side: 'A' | 'B'; status: Extract<SideStatus, { kind: 'error' }> }) {
  return (
    <div className="cmp-problem" role="alert" data-testid={`compare-problem-${side.toLowerCase()}`}>
      <h2>
        Session {side}: {status.title}
      </h2>
      <ul>
        {status.problems.map((p, i) => (
          <li key={i}>
            {p.where ? <code>{p.where}</code> : null}
            {p.where ? ': ' : ''}
            {p.problem}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Compare({ entries }: { entries: CompareEntry[] }) {
  const [pair, setPair] = useState<Pair | null>(null);
  // The address is read on the client (a static page has no query at build time); back/forward
  // restore the pair chosen then.
  useEffect(() => {
    const read = () => setPair(readPair(window.location.search));
    read();
    window.addEventListener('popstate', read);
    return () => window.removeEventListener('popstate', read);
  }, []);
  const choose = useCallback(
    (side: 'a' | 'b', slug: string) => {
      if (!pair) return;
      const next = { ...pair, [side]: slug };
      // Choosing another session forgets the playground setup, as the address will.
      if (slug !== PLAYGROUND) next[side === 'a' ? 'setupA' : 'setupB'] = '';
      setPair(next);
      history.pushState(history.state, '', window.location.pathname + pairQuery(next));
    },
    [pair],
  );
  const [files, setFiles] = useState<{ a?: LocalFile; b?: LocalFile }>({});
  const openFile = useCallback(
    (side: 'a' | 'b', file: LocalFile) => {
      setFiles((cur) => ({ ...cur, [side]: file }));
      choose(side, LOCAL);
    },
    [choose],
  );
  const a = useSide(pair?.a ?? '', 'a', entries, files.a, pair?.setupA ?? '');
  const b = useSide(pair?.b ?? '', 'b', entries, files.b, pair?.setupB ?? '');
  const presets = PRESETS.filter((p) => entries.some((e) => e.slug === p.a) && entries.some((e) => e.slug === p.b));

  return (
    <div className="cmp">
      <header className="cmp-bar">
        <Link href="/" className="brand">
          sshscope
        </Link>
        <h1>Compare two sessions</h1>
        <ThemeToggle />
      </header>
      <main className="cmp-page">
        <form className="cmp-choose" aria-label="Sessions to compare" onSubmit={(e) => e.preventDefault()}>
          <Chooser label="Session A" value={pair?.a ?? ''} entries={entries} file={files.a} setup={pair?.setupA ?? ''} onChange={(s) => choose('a', s)} onFile={(f) => openFile('a', f)} />
          <Chooser label="Session B" value={pair?.b ?? ''} entries={entries} file={files.b} setup={pair?.setupB ?? ''} onChange={(s) => choose('b', s)} onFile={(f) => openFile('b', f)} />
        </form>
        <nav className="cmp-presets" aria-label="Pairs worth comparing">
          <span>Try:</span>
          <ul>
            {presets.map((p) => (
              <li key={p.what}>
                <a
                  href={`?a=${p.a}&b=${p.b}`}
                  aria-current={pair?.a === p.a && pair?.b === p.b ? 'page' : undefined}
                  onClick={(e) => {
                    e.preventDefault();
                    const next = { a: p.a, b: p.b, setupA: '', setupB: '' };
                    setPair(next);
                    history.pushState(history.state, '', window.location.pathname + pairQuery(next));
                  }}
                >
                  {p.what}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        {a.kind === 'error' && <SideProblem side="A" status={a} />}
        {b.kind === 'error' && <SideProblem side="B" status={b} />}
        {pair && (a.kind === 'none' || b.kind === 'none') && a.kind !== 'error' && b.kind !== 'error' && (
          <p className="cmp-hint">Choose a session for A and for B to see them side by side, aligned message by message.</p>
        )}
        {(a.kind === 'loading' || b.kind === 'loading') && (
          <p className="cmp-hint" aria-busy="true">
            Opening {a.kind === 'loading' && b.kind === 'loading' ? 'both sessions' : a.kind === 'loading' ? 'session A' : 'session B'}…
          </p>
        )}
        {a.kind === 'ready' && b.kind === 'ready' && (
          <PanelBoundary name="comparison">
            <Comparison a={a.session} b={b.session} titleA={a.title} titleB={b.title} />
          </PanelBoundary>
        )}
      </main>
    </div>
  );
}
