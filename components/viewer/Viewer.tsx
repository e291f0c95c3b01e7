'use client';
// The viewer: composes the diagram, the inspectors, the explanation and the controls around one
// cursor (the current step index). "Jump to step" only moves the cursor; every panel reads the
// session at that index.

import Link from 'next/link';
import { startTransition, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Session } from '@/lib/session/session';
import { messageTypes, nextBreakpoint } from '@/lib/viewer/breakpoints';
import { actionForKey, type ViewerAction } from '@/lib/viewer/keyboard';
import { layoutRows } from '@/lib/viewer/layout';
import { liveText } from '@/lib/viewer/liveText';
import { parseViewQuery, viewQuery } from '@/lib/viewer/url';
import { Breakpoints } from './Breakpoints';
import { Controls } from './Controls';
import { Explanation, PacketInspector, StateInspector } from './panels';
import { PanelBoundary } from './PanelBoundary';
import { SequenceDiagram } from './SequenceDiagram';
import { SessionWarnings } from './SessionWarnings';
import { ShortcutsDialog } from './ShortcutsDialog';
import { ThemeToggle } from './ThemeToggle';
import { Timeline } from './Timeline';

/** Time between steps while playing at 1×. */
const PLAY_INTERVAL_MS = 1200;

function usePrefersReducedMotion(): boolean {
  const [reduce, setReduce] = useState(false);
  useEffect(() => {
    const mq = matchMedia('(prefers-reduced-motion: reduce)');
    setReduce(mq.matches);
    const on = () => setReduce(mq.matches);
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, []);
  return reduce;
}

export function Viewer({ session }: { session: Session }) {
  const count = session.steps.length;
  const [index, setIndex] = useState(0);
  const [present, setPresent] = useState(false);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(1);
  const [breakpoints, setBreakpoints] = useState<ReadonlySet<string>>(() => new Set());
  const [animate, setAnimate] = useState(false);
  const [urlRead, setUrlRead] = useState(false);
  const help = useRef<HTMLDialogElement>(null);
  const reduceMotion = usePrefersReducedMotion();

  // Presenter mode draws the diagram 1.5× (projector-sized text); the geometry scales with it.
  const layout = useMemo(() => layoutRows(session.steps, present ? 1.5 : 1), [session.steps, present]);
  const types = useMemo(() => messageTypes(session.steps), [session.steps]);
  const step = session.steps[index];

  // One place moves the cursor: the packet animates only when stepping forward by one.
  const cursor = useRef(0);
  const go = useCallback(
    (i: number) => {
      const next = Math.min(Math.max(i, 0), count - 1);
      setAnimate(next === cursor.current + 1);
      cursor.current = next;
      setIndex(next);
    },
    [count],
  );

  // Deep link in: ?step=N (1-based) and ?present=1, read once on the client (static export).
  useEffect(() => {
    const v = parseViewQuery(window.location.search, count);
    cursor.current = v.index;
    setIndex(v.index);
    setPresent(v.present);
    setUrlRead(true);
  }, [count]);

  // Deep link out: the URL follows the cursor. ?step=N is 1-based, like the live region's
  // "Step N of M". Written in a task of its own right after the step renders (Next.js watches
  // replaceState, which costs a few ms), at most every 100 ms: browsers throttle replaceState
  // when a key is held down. The last position is always written.
  const lastWrite = useRef(0);
  useEffect(() => {
    if (!urlRead) return;
    const write = () => {
      lastWrite.current = performance.now();
      const q = viewQuery(window.location.search, { index, present });
      if (q !== window.location.search) history.replaceState(history.state, '', window.location.pathname + q);
    };
    const t = setTimeout(write, Math.max(0, lastWrite.current + 100 - performance.now()));
    return () => clearTimeout(t);
  }, [index, present, urlRead]);

  // Playing: one step per interval; stops at the end and at breakpoints.
  useEffect(() => {
    if (!playing) return;
    if (index >= count - 1) {
      setPlaying(false);
      return;
    }
    const t = setTimeout(() => {
      const next = index + 1;
      go(next);
      const s = session.steps[next];
      if (next >= count - 1 || (s.kind === 'message' && breakpoints.has(s.title))) setPlaying(false);
    }, PLAY_INTERVAL_MS / speed);
    return () => clearTimeout(t);
  }, [playing, index, count, speed, breakpoints, go, session.steps]);

  const togglePlay = useCallback(() => {
    // Play at the last step starts over, as media players do.
    if (!playing && index >= count - 1) go(0);
    setPlaying(!playing);
  }, [playing, index, count, go]);

  const run = useCallback(
    (a: ViewerAction) => {
      if (a !== 'togglePlay' && a !== 'help') setPlaying(false);
      switch (a) {
        case 'first':
          return go(0);
        case 'previous':
          return go(index - 1);
        case 'next':
          return go(index + 1);
        case 'last':
          return go(count - 1);
        case 'togglePlay':
          return togglePlay();
        case 'breakpoint': {
          const i = nextBreakpoint(session.steps, index, breakpoints);
          if (i >= 0) go(i);
          return;
        }
        case 'help':
          if (!help.current?.open) help.current?.showModal();
          return;
      }
    },
    [go, index, count, togglePlay, session.steps, breakpoints],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || help.current?.open) return;
      const t = e.target as HTMLElement | null;
      const action = actionForKey({
        key: e.key,
        ctrlKey: e.ctrlKey,
        metaKey: e.metaKey,
        altKey: e.altKey,
        targetTag: t?.tagName,
        targetType: (t as HTMLInputElement | null)?.type,
        targetEditable: t?.isContentEditable,
      });
      if (!action) return;
      e.preventDefault();
      run(action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [run]);

  const select = useCallback(
    (i: number) => {
      setPlaying(false);
      go(i);
    },
    [go],
  );

  const runToBreakpoint = useCallback(() => {
    const i = nextBreakpoint(session.steps, index, breakpoints);
    if (i >= 0) select(i);
  }, [session.steps, index, breakpoints, select]);

  const toggleBreakpoint = useCallback((t: string) => {
    setBreakpoints((cur) => {
      const next = new Set(cur);
      if (next.has(t)) next.delete(t);
      else next.add(t);
      return next;
    });
  }, []);

  // The diagram, controls and live region follow the cursor in the very next frame; the heavier
  // panels (field tree, hex dump, state, explanation) follow one frame later, as a transition, so
  // holding → stays smooth and an interrupted panel render is dropped for the newer step.
  const [panelTarget, setPanelTarget] = useState(index);
  useEffect(() => {
    const r = requestAnimationFrame(() => startTransition(() => setPanelTarget(index)));
    return () => cancelAnimationFrame(r);
  }, [index]);
  const panelIndex = Math.min(panelTarget, count - 1);
  const panelStep = session.steps[panelIndex];
  const state = useMemo(() => session.stateAt(panelIndex), [session, panelIndex]);
  const live = step ? liveText(step, index, count) : '';
  const travelMs = Math.min(650, (PLAY_INTERVAL_MS / speed) * 0.6);

  return (
    <div className={`viewer${present ? ' presenting' : ''}${session.warnings?.length ? ' has-warnings' : ''}`}>
      <header className="viewer-bar">
        <Link href="/" className="brand">
          sshscope
        </Link>
        <div className="viewer-heading">
          <h1>{session.meta.title || 'Untitled recording'}</h1>
          <p className={`outcome ${session.summary.ok ? 'ok' : 'failed'}`} title={session.summary.outcome}>
            <span aria-hidden="true">{session.summary.ok ? '✓ ' : '✕ '}</span>
            {session.summary.outcome}
          </p>
        </div>
        <div className="bar-actions">
          <button type="button" aria-pressed={present} onClick={() => setPresent((p) => !p)}>
            {present ? 'Exit presenter' : 'Presenter'}
          </button>
          <button type="button" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={() => run('help')}>
            ?
          </button>
          <ThemeToggle />
        </div>
      </header>
      {session.warnings?.length ? <SessionWarnings warnings={session.warnings} /> : null}
      <div className="viewer-body">
        <section className="pane pane-diagram" aria-label="Sequence diagram">
          <SequenceDiagram
            session={session}
            layout={layout}
            index={index}
            onSelect={select}
            animate={animate && !reduceMotion}
            travelMs={travelMs}
          />
        </section>
        <section className="pane pane-details" aria-label="Step details">
          {panelStep && (
            <PanelBoundary name="explanation" resetKey={panelIndex}>
              <Explanation step={panelStep} compact={!present} />
            </PanelBoundary>
          )}
          {!present && panelStep?.kind === 'message' && (
            <PanelBoundary name="packet inspector" resetKey={panelIndex}>
              <PacketInspector key={panelIndex} step={panelStep} steps={session.steps} />
            </PanelBoundary>
          )}
          {!present && (
            <PanelBoundary name="state inspector" resetKey={panelIndex}>
              <StateInspector state={state} step={panelStep} steps={session.steps} />
            </PanelBoundary>
          )}
        </section>
      </div>
      <footer className="viewer-controls">
        <p className="live" aria-live="polite">
          {live}
        </p>
        <Controls
          index={index}
          count={count}
          playing={playing}
          speed={speed}
          compact={present}
          onFirst={() => run('first')}
          onPrevious={() => run('previous')}
          onTogglePlay={togglePlay}
          onNext={() => run('next')}
          onLast={() => run('last')}
          onSpeed={setSpeed}
        >
          {!present && (
            <>
              <Timeline index={index} count={count} bands={layout.bands} valueText={live} onChange={select} />
              <Breakpoints
                types={types}
                selected={breakpoints}
                onToggle={toggleBreakpoint}
                onRun={runToBreakpoint}
                canRun={nextBreakpoint(session.steps, index, breakpoints) >= 0}
              />
            </>
          )}
        </Controls>
      </footer>
      <ShortcutsDialog ref={help} />
    </div>
  );
}
