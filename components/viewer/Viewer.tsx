'use client';
// The viewer: composes the diagram, the inspectors, the explanation and the controls around one
// cursor (the current step index). "Jump to step" only moves the cursor; every panel reads the
// session at that index.

import Link from 'next/link';
import { startTransition, useCallback, useEffect, useMemo, useRef, useState, type ReactNode, type RefObject } from 'react';
import type { Session } from '@/lib/session/session';
import type { FieldPath } from '@/lib/inspector/fieldAt';
import { messageTypes, nextBreakpoint } from '@/lib/viewer/breakpoints';
import { explanationKeyFor } from '@/lib/content/explanations';
import { actionForKey, isClickerKey, type KeyPress, type ViewerAction } from '@/lib/viewer/keyboard';
import { layoutRows, truncateLayout } from '@/lib/viewer/layout';
import { DEFAULT_PANELS, type PresenterPanel } from '@/lib/viewer/presenter';
import { liveText } from '@/lib/viewer/liveText';
import { parseViewQuery, viewQuery } from '@/lib/viewer/url';
import { Breakpoints } from './Breakpoints';
import { Controls } from './Controls';
import { Explanation, PacketInspector, StateInspector, preloadExplanation } from './panels';
import { AlgorithmsPanel, FieldsPanel, HashInputsPanel, PanelToggles } from './PresenterPanels';
import { PanelBoundary } from './PanelBoundary';
import { QuizPanel, useQuiz } from './Quiz';
import { SequenceDiagram } from './SequenceDiagram';
import { SessionWarnings } from './SessionWarnings';
import { ShortcutsDialog } from './ShortcutsDialog';
import { ThemeToggle } from './ThemeToggle';
import { ShowSecretsContext } from '@/components/inspector/ShowSecrets';
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

/** The viewport's height in CSS px, following resizes: presenter mode sizes the diagram from it. */
function useViewportHeight(): number {
  const [h, setH] = useState(720);
  useEffect(() => {
    const on = () => setH(window.innerHeight);
    on();
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, []);
  return h;
}

/** Presenter mode: diagram text at 2.9% of the viewport height (its geometry scales alike); body
 *  text is 4.2vh in CSS (app/globals.css), above the 1/25 of the height a projected slide needs. */
export function presenterScale(viewportHeight: number): number {
  return Math.max(1, (viewportHeight * 0.029) / 12);
}

/** What the key handler needs to know about a key event and where focus is. */
function keyPress(e: KeyboardEvent, presenting: boolean): KeyPress {
  const t = e.target instanceof HTMLElement ? e.target : null;
  return {
    key: e.key,
    ctrlKey: e.ctrlKey,
    metaKey: e.metaKey,
    altKey: e.altKey,
    targetTag: t?.tagName,
    targetType: (t as HTMLInputElement | null)?.type,
    targetEditable: t?.isContentEditable,
    inTree: Boolean(t?.closest('[role="tree"]')),
    presenting,
  };
}

/** Something that drives the viewer from outside (a lesson): its stop sets the cursor, its banner
 *  sits above the diagram, and the clicker keys (←/→, PageUp/PageDown) move between its stops. */
export interface ViewerGuide {
  /** 0-based step of the current stop. */
  step: number;
  banner: ReactNode;
  next: () => void;
  previous: () => void;
}

interface ViewerProps {
  session: Session;
  /**
   * Inside another page (the playground): the page keeps its own <main>, h1 and brand, so the
   * viewer's body is a plain region and its title an h2.
   */
  embedded?: boolean;
  /**
   * Keys step the viewer only while focus is inside this element (or nowhere): on a page with
   * other controls, Space on one of its buttons must press that button, not play the session.
   */
  keyScope?: RefObject<HTMLElement | null>;
  guide?: ViewerGuide;
  /** More controls for the bar (an imported capture's "Add a key log", "Download recording"). */
  actions?: ReactNode;
}

export function Viewer({ session, embedded = false, keyScope, guide, actions }: ViewerProps) {
  const count = session.steps.length;
  const [index, setIndex] = useState(0);
  const [present, setPresent] = useState(false);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(1);
  const [breakpoints, setBreakpoints] = useState<ReadonlySet<string>>(() => new Set());
  const [animate, setAnimate] = useState(false);
  const [urlRead, setUrlRead] = useState(false);
  const [panels, setPanels] = useState<ReadonlySet<PresenterPanel>>(DEFAULT_PANELS);
  // Passwords stay masked until the reader asks, for this session only: never stored, and a
  // different recording starts masked again.
  const [secretsShownFor, setSecretsShownFor] = useState<Session | null>(null);
  const secrets = useMemo(
    () => ({ show: secretsShownFor === session, setShow: (show: boolean) => setSecretsShownFor(show ? session : null) }),
    [secretsShownFor, session],
  );
  const [hideFuture, setHideFuture] = useState(false);
  // Quiz mode (?quiz=1 or the Quiz button): forward moves stop before each unanswered message.
  const quiz = useQuiz(session.steps, session.meta.title ?? '');
  const help = useRef<HTMLDialogElement>(null);
  const details = useRef<HTMLElement>(null);
  const reduceMotion = usePrefersReducedMotion();
  const viewportHeight = useViewportHeight();

  // Presenter mode sizes the diagram from the viewport height; the geometry scales with the text.
  const scale = present ? presenterScale(viewportHeight) : 1;
  const fullLayout = useMemo(() => layoutRows(session.steps, scale), [session.steps, scale]);
  // "What comes next?": nothing past the current step is laid out, so nothing of it is drawn.
  const hidingFuture = hideFuture || quiz.on;
  const layout = useMemo(
    () => (hidingFuture ? truncateLayout(fullLayout, session.steps, index) : fullLayout),
    [hidingFuture, fullLayout, session.steps, index],
  );
  const seen = hidingFuture ? index + 1 : count;
  const types = useMemo(() => messageTypes(session.steps.slice(0, seen)), [session.steps, seen]);
  const step = session.steps[index];
  const atEnd = index >= count - 1;

  const { gate: quizGate, setOn: setQuiz, answer: quizAnswer } = quiz;
  // One place moves the cursor: the packet animates only when stepping forward by one.
  const cursor = useRef(0);
  const go = useCallback(
    (i: number) => {
      let next = Math.min(Math.max(i, 0), count - 1);
      const gated = quizGate(cursor.current, next);
      if (gated.asked) setPlaying(false);
      next = gated.to;
      setAnimate(next === cursor.current + 1);
      cursor.current = next;
      setIndex(next);
    },
    [count, quizGate],
  );

  // Deep link in: ?step=N (1-based) and ?present=1, read once on the client (static export).
  useEffect(() => {
    const v = parseViewQuery(window.location.search, count);
    cursor.current = v.index;
    setIndex(v.index);
    setPresent(v.present);
    setPanels(v.panels);
    setHideFuture(v.hideFuture);
    if (v.quiz) setQuiz(true, v.index);
    setUrlRead(true);
  }, [count, setQuiz]);

  // A guide's stop moves the cursor (also back past answered quiz steps: a stop is always shown).
  const guideStep = guide?.step;
  useEffect(() => {
    if (guideStep === undefined) return;
    const i = Math.min(Math.max(guideStep, 0), count - 1);
    setAnimate(i === cursor.current + 1);
    cursor.current = i;
    setIndex(i);
    setPlaying(false);
  }, [guideStep, count]);

  // Deep link out: the URL follows the cursor. ?step=N is 1-based, like the live region's
  // "Step N of M". Written in a task of its own right after the step renders (Next.js watches
  // replaceState, which costs a few ms), at most every 100 ms: browsers throttle replaceState
  // when a key is held down. The last position is always written.
  const lastWrite = useRef(0);
  useEffect(() => {
    if (!urlRead) return;
    const write = () => {
      lastWrite.current = performance.now();
      const q = viewQuery(window.location.search, { index, present, panels, hideFuture, quiz: quiz.on, withStep: !guide });
      if (q !== window.location.search) history.replaceState(history.state, '', window.location.pathname + q);
    };
    const t = setTimeout(write, Math.max(0, lastWrite.current + 100 - performance.now()));
    return () => clearTimeout(t);
  }, [index, present, panels, hideFuture, urlRead, quiz.on, guide]);

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

  const togglePanel = useCallback((p: PresenterPanel) => {
    setPanels((cur) => {
      const next = new Set(cur);
      if (next.has(p)) next.delete(p);
      else next.add(p);
      return next;
    });
    // A panel switched on is at the top of the column: show it.
    details.current?.scrollTo({ top: 0 });
  }, []);

  // Long content scrolls with ↓/↑ (never with the clicker keys, which always step): most of a
  // column's height at a time, so the line at the bottom comes to the top.
  const scrollDetails = useCallback((dir: 1 | -1) => {
    const el = details.current;
    if (el) el.scrollBy({ top: dir * el.clientHeight * 0.85 });
  }, []);

  const run = useCallback(
    (a: ViewerAction) => {
      if (a.startsWith('panel:')) return togglePanel(a.slice('panel:'.length) as PresenterPanel);
      switch (a) {
        case 'togglePresenter':
          return setPresent((p) => !p);
        case 'exitPresenter':
          return setPresent(false);
        case 'toggleHideFuture':
          return setHideFuture((h) => !h);
        case 'toggleQuiz':
          return setQuiz(!quiz.on, index);
        case 'scrollDown':
          return scrollDetails(1);
        case 'scrollUp':
          return scrollDetails(-1);
      }
      if (a !== 'togglePlay' && a !== 'help') setPlaying(false);
      if (guide && (a === 'next' || a === 'previous')) return a === 'next' ? guide.next() : guide.previous();
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
    [go, index, count, togglePlay, session.steps, breakpoints, togglePanel, scrollDetails, quiz.on, setQuiz, guide],
  );

  // Two listeners. The clicker keys are taken in the capture phase, before the focused control
  // sees them (a focused slider would page backwards, a focused speed menu would change speed);
  // every other key in the bubble phase, after the focused control had its chance.
  useEffect(() => {
    const handle = (e: KeyboardEvent, early: boolean) => {
      if (isClickerKey(e.key) !== early) return;
      const scope = keyScope?.current;
      if (scope && e.target instanceof Node && e.target !== document.body && !scope.contains(e.target)) return;
      if (e.defaultPrevented || help.current?.open) return;
      const action = actionForKey(keyPress(e, present));
      if (!action) return;
      e.preventDefault();
      if (early) e.stopPropagation();
      run(action);
    };
    // A button presses itself on Space's keyup: when the viewer took the keydown, it takes the
    // keyup too, so Space on a focused toggle plays instead of also switching the toggle.
    let tookSpace = false;
    const capture = (e: KeyboardEvent) => {
      const before = e.defaultPrevented;
      handle(e, true);
      if (e.key === ' ' || e.key === 'Spacebar') tookSpace = !before && e.defaultPrevented;
    };
    const bubble = (e: KeyboardEvent) => handle(e, false);
    const keyup = (e: KeyboardEvent) => {
      if ((e.key === ' ' || e.key === 'Spacebar') && tookSpace) {
        tookSpace = false;
        e.preventDefault();
        e.stopPropagation();
      }
    };
    window.addEventListener('keydown', capture, true);
    window.addEventListener('keydown', bubble);
    window.addEventListener('keyup', keyup, true);
    return () => {
      window.removeEventListener('keydown', capture, true);
      window.removeEventListener('keydown', bubble);
      window.removeEventListener('keyup', keyup, true);
    };
  }, [run, present, keyScope]);

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
  // A link from the state inspector (an input of H) to the packet field it came from.
  const [shownField, setShownField] = useState<{ step: number; field?: FieldPath } | null>(null);
  const showSource = useCallback(
    (target: number, field?: FieldPath) => {
      setShownField({ step: target, field });
      go(target);
    },
    [go],
  );
  // Once the reader moves on, coming back to that step by other means selects nothing.
  useEffect(() => {
    if (shownField && index !== shownField.step) setShownField(null);
  }, [index, shownField]);
  const panelStep = session.steps[panelIndex];
  const state = useMemo(() => session.stateAt(panelIndex), [session, panelIndex]);

  // The neighbours' explanations load ahead, so stepping never waits for one.
  useEffect(() => {
    for (const d of [1, -1, 2]) {
      const s = session.steps[index + d];
      if (s) preloadExplanation(explanationKeyFor(s));
    }
  }, [session.steps, index]);

  // Presenter mode: a new step starts its column at the top, and a cue says when there is more
  // below (it scrolls with ↓/↑, never with the clicker keys).
  const [moreBelow, setMoreBelow] = useState(false);
  const measureMore = useCallback(() => {
    const el = details.current;
    setMoreBelow(Boolean(el) && el!.scrollTop + el!.clientHeight < el!.scrollHeight - 4);
  }, []);
  useEffect(() => {
    if (!present) return;
    details.current?.scrollTo({ top: 0 });
    // After the panels rendered this step (and an explanation that loads later, or a resize).
    const el = details.current;
    const ro = el ? new ResizeObserver(measureMore) : null;
    if (el && ro) for (const c of el.children) ro.observe(c);
    const r = requestAnimationFrame(measureMore);
    return () => {
      cancelAnimationFrame(r);
      ro?.disconnect();
    };
  }, [panelIndex, present, panels, measureMore]);
  const live = step ? liveText(step, index, count) : '';
  const travelMs = Math.min(650, (PLAY_INTERVAL_MS / speed) * 0.6);

  const outcomeHidden = hidingFuture && !atEnd;
  const answerQuiz = useCallback(
    (choice: number) => {
      const k = quizAnswer(choice);
      if (k !== null) go(k);
    },
    [quizAnswer, go],
  );
  const banner = quiz.on || guide;
  const Body = embedded ? 'div' : 'main';
  const Title = embedded ? 'h2' : 'h1';
  return (
    <ShowSecretsContext.Provider value={secrets}>
    <div className={`viewer${present ? ' presenting' : ''}${session.warnings?.length ? ' has-warnings' : ''}${embedded ? ' embedded' : ''}${banner ? ' has-banner' : ''}`}>
      <header className="viewer-bar">
        {!embedded && (
          <Link href="/" className="brand">
            sshscope
          </Link>
        )}
        <div className="viewer-heading">
          <Title title={session.meta.title || undefined}>{session.meta.title || 'Untitled recording'}</Title>
          {outcomeHidden ? (
            <p className="outcome hidden-outcome" data-testid="outcome">
              Outcome hidden until the last step
            </p>
          ) : (
            <p className={`outcome ${session.summary.ok ? 'ok' : 'failed'}`} title={session.summary.outcome} data-testid="outcome">
              <span aria-hidden="true">{session.summary.ok ? '✓ ' : '✕ '}</span>
              {session.summary.outcome}
            </p>
          )}
        </div>
        <div className="bar-actions">
          <button type="button" aria-pressed={quiz.on} title="Quiz: before each message, choose what comes next (1–4 answer)" onClick={() => run('toggleQuiz')}>
            Quiz
          </button>
          {actions}
          <button type="button" aria-pressed={hideFuture} title="Hide future steps and the outcome until they are reached (W)" onClick={() => run('toggleHideFuture')}>
            Hide future
          </button>
          <button type="button" aria-pressed={present} title={present ? 'Leave presenter mode (Esc or P)' : 'Presenter mode (P)'} onClick={() => run('togglePresenter')}>
            {present ? 'Exit presenter' : 'Presenter'}
          </button>
          <button type="button" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={() => run('help')}>
            ?
          </button>
          <ThemeToggle />
        </div>
      </header>
      {session.warnings?.length ? <SessionWarnings warnings={session.warnings} /> : null}
      {banner && (
        <div className="viewer-banner">
          {guide?.banner}
          {quiz.on && <QuizPanel quiz={quiz} atEnd={atEnd} onAnswer={answerQuiz} />}
        </div>
      )}
      <Body className="viewer-body">
        <section className="pane pane-diagram" aria-labelledby="pane-diagram-title">
          <h2 id="pane-diagram-title" className="sr-only">
            Sequence diagram
          </h2>
          <SequenceDiagram
            session={session}
            layout={layout}
            index={index}
            onSelect={select}
            animate={animate && !reduceMotion}
            travelMs={travelMs}
            presenting={present}
            showCounters={!present || panels.has('counters')}
            hideFuture={hidingFuture}
          />
        </section>
        <section
          className="pane pane-details"
          aria-labelledby="pane-details-title"
          ref={details}
          // Which step the panels show: they follow the cursor a frame late (above), so a reader
          // of the page (a test, a screen scraper) can wait for them to catch up.
          data-panel-step={panelIndex}
          tabIndex={present ? 0 : undefined}
          onScroll={present ? measureMore : undefined}
        >
          <h2 id="pane-details-title" className="sr-only">
            Step details
          </h2>
          {present && panelStep && (
            <>
              {panels.has('algorithms') && (
                <PanelBoundary name="algorithms" resetKey={panelIndex}>
                  <AlgorithmsPanel steps={session.steps} index={panelIndex} state={state} />
                </PanelBoundary>
              )}
              {panels.has('hashInputs') && (
                <PanelBoundary name="inputs of H" resetKey={panelIndex}>
                  <HashInputsPanel state={state} />
                </PanelBoundary>
              )}
              {panels.has('fields') && (
                <PanelBoundary name="fields" resetKey={panelIndex}>
                  <FieldsPanel key={panelIndex} step={panelStep} />
                </PanelBoundary>
              )}
            </>
          )}
          {panelStep && (
            <PanelBoundary name="explanation" resetKey={panelIndex}>
              <Explanation step={panelStep} compact={!present} />
            </PanelBoundary>
          )}
          {!present && panelStep?.kind === 'message' && (
            <PanelBoundary name="packet inspector" resetKey={panelIndex}>
              <PacketInspector
                key={panelIndex}
                step={panelStep}
                steps={session.steps}
                initialField={shownField?.step === panelIndex ? shownField.field : undefined}
              />
            </PanelBoundary>
          )}
          {!present && (
            <PanelBoundary name="state inspector" resetKey={panelIndex}>
              <StateInspector state={state} step={panelStep} steps={session.steps} onShowSource={showSource} />
            </PanelBoundary>
          )}
          {present && moreBelow && (
            <p className="pp-more" data-testid="more-below">
              <span aria-hidden="true">▾</span> more below: <kbd>↓</kbd>
            </p>
          )}
        </section>
      </Body>
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
          {present ? (
            <PanelToggles on={panels} onToggle={togglePanel} />
          ) : (
            <>
              <Timeline index={index} count={count} bands={layout.bands} valueText={live} onChange={select} />
              <Breakpoints
                types={types}
                selected={breakpoints}
                onToggle={toggleBreakpoint}
                onRun={runToBreakpoint}
                canRun={hidingFuture ? breakpoints.size > 0 && !atEnd : nextBreakpoint(session.steps, index, breakpoints) >= 0}
              />
            </>
          )}
        </Controls>
      </footer>
      <ShortcutsDialog ref={help} />
    </div>
    </ShowSecretsContext.Provider>
  );
}
