'use client';
// Two open sessions, aligned: each side's own sequence diagram over the shared rows, one cursor
// (the row) that moves both, the differences in words, and a live region naming both sides' steps.

import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Session } from '@/lib/session/session';
import { alignStepOf, alignSteps } from '@/lib/viewer/compareAlign';
import { rowDifferences, summaryDifferences, type RowDifference } from '@/lib/viewer/compareDiff';
import { alignedLayouts, sideView, type SideView } from '@/lib/viewer/compareLayout';
import { actionForKey } from '@/lib/viewer/keyboard';
import { Controls } from '@/components/viewer/Controls';
import { SequenceDiagram } from '@/components/viewer/SequenceDiagram';

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

/** "A: step 18 of 32: SSH_MSG_IGNORE (attacker → client)" or the gap. */
function sideText(label: 'A' | 'B', other: 'A' | 'B', view: SideView, original: Session, row: number): string {
  const own = view.own[row];
  if (own === undefined) return `${label}: no step here (only in ${other})`;
  const s = original.steps[own];
  return `${label}: step ${own + 1} of ${original.steps.length}: ${s.title} (${s.who})`;
}

interface Props {
  a: Session;
  b: Session;
  titleA: string;
  titleB: string;
}

export function Comparison({ a, b, titleA, titleB }: Props) {
  const rows = useMemo(() => alignSteps(a.steps.map(alignStepOf), b.steps.map(alignStepOf)), [a, b]);
  const views = useMemo(() => ({ a: sideView(a, rows, 'a', b.steps, 'A'), b: sideView(b, rows, 'b', a.steps, 'B') }), [a, b, rows]);
  const layouts = useMemo(() => alignedLayouts(views.a.session.steps, views.b.session.steps), [views]);
  const diffs = useMemo(() => rowDifferences(rows, a.steps, b.steps), [rows, a.steps, b.steps]);
  const overall = useMemo(() => summaryDifferences(a.summary, b.summary), [a.summary, b.summary]);
  const diffAt = useMemo(() => new Map<number, RowDifference>(diffs.map((d) => [d.row, d])), [diffs]);
  const count = rows.length;

  const [index, setIndex] = useState(0);
  const [animate, setAnimate] = useState(false);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(1);
  const reduceMotion = usePrefersReducedMotion();
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
  // Another pair starts at the first row.
  useEffect(() => {
    cursor.current = 0;
    setIndex(0);
    setPlaying(false);
  }, [rows]);

  useEffect(() => {
    if (!playing) return;
    if (index >= count - 1) {
      setPlaying(false);
      return;
    }
    const t = setTimeout(() => go(index + 1), PLAY_INTERVAL_MS / speed);
    return () => clearTimeout(t);
  }, [playing, index, count, speed, go]);
  const togglePlay = useCallback(() => {
    if (!playing && index >= count - 1) go(0);
    setPlaying((p) => !p);
  }, [playing, index, count, go]);

  // ←/→ (and PageUp/PageDown, Home/End) step both sides, except while a chooser or field has focus.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const t = e.target instanceof HTMLElement ? e.target : null;
      if (t && (t.tagName === 'SELECT' || t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
      const action = actionForKey({ key: e.key, ctrlKey: e.ctrlKey, metaKey: e.metaKey, altKey: e.altKey, targetTag: t?.tagName });
      const to = action === 'next' ? cursor.current + 1 : action === 'previous' ? cursor.current - 1 : action === 'first' ? 0 : action === 'last' ? count - 1 : null;
      if (to === null) return;
      e.preventDefault();
      setPlaying(false);
      go(to);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go, count]);

  const select = useCallback(
    (i: number) => {
      setPlaying(false);
      go(i);
    },
    [go],
  );

  // The two diagrams scroll together (their rows share one geometry), whichever the reader scrolls.
  const sides = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const panes = Array.from(sides.current?.querySelectorAll<HTMLElement>('.diagram-scroll') ?? []);
    if (panes.length !== 2) return;
    const follow = (from: HTMLElement, to: HTMLElement) => () => {
      if (Math.abs(to.scrollTop - from.scrollTop) > 1) to.scrollTop = from.scrollTop;
    };
    const f0 = follow(panes[0], panes[1]);
    const f1 = follow(panes[1], panes[0]);
    panes[0].addEventListener('scroll', f0, { passive: true });
    panes[1].addEventListener('scroll', f1, { passive: true });
    return () => {
      panes[0].removeEventListener('scroll', f0);
      panes[1].removeEventListener('scroll', f1);
    };
  }, [views]);

  // The diagrams take the height the viewport leaves under the page's top and above the controls,
  // so both diagrams and the controls are in view together (down to a floor; below it the page scrolls).
  const footer = useRef<HTMLElement>(null);
  const [diagramH, setDiagramH] = useState(420);
  useLayoutEffect(() => {
    const measure = () => {
      const el = sides.current;
      if (!el) return;
      const top = el.getBoundingClientRect().top + window.scrollY;
      const heads = el.querySelector('.cmp-side-head')?.getBoundingClientRect().height ?? 0;
      const below = footer.current?.getBoundingClientRect().height ?? 0;
      setDiagramH(Math.max(260, Math.floor(window.innerHeight - top - heads - below - 24)));
    };
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, []);

  // Rows that differ are marked in both diagrams (a dashed outline and a tint), beside the text list.
  const marks = useMemo(
    () =>
      diffs
        .map((d) => `.cmp-sides [data-step="${d.row}"] > .hit { fill: var(--cmp-${d.kind}-bg); stroke: var(--cmp-${d.kind}); stroke-dasharray: 5 3; }`)
        .join('\n'),
    [diffs],
  );

  const here = diffAt.get(index);
  const lineA = sideText('A', 'B', views.a, a, index);
  const lineB = sideText('B', 'A', views.b, b, index);
  const travelMs = Math.min(650, (PLAY_INTERVAL_MS / speed) * 0.6);
  const anim = animate && !reduceMotion;

  return (
    <div className="cmp-body">
      <section className="cmp-overall" aria-labelledby="cmp-overall-title">
        <h2 id="cmp-overall-title">Overall</h2>
        {overall.length === 0 && diffs.length === 0 ? (
          <p data-testid="compare-same">No differences: both sessions exchange the same messages with the same choices.</p>
        ) : (
          <ul data-testid="compare-overall">
            {overall.map((t) => (
              <li key={t}>{t}</li>
            ))}
            <li>
              {diffs.length} of {count} rows differ ({diffs.filter((d) => d.kind === 'only').length} on one side only)
            </li>
          </ul>
        )}
      </section>
      <style>{marks}</style>
      <div className="cmp-sides" ref={sides}>
        {(
          [
            ['A', titleA, a, views.a, layouts.a],
            ['B', titleB, b, views.b, layouts.b],
          ] as const
        ).map(([label, title, original, view, layout]) => (
          <section key={label} className={`cmp-side cmp-side-${label.toLowerCase()}`} aria-labelledby={`cmp-title-${label}`} data-testid={`compare-side-${label.toLowerCase()}`}>
            <div className="cmp-side-head">
              <h2 id={`cmp-title-${label}`} title={title}>
                <span className="cmp-label">{label}</span> {title}
              </h2>
              <p className={`outcome ${original.summary.ok ? 'ok' : 'failed'}`} title={original.summary.outcome}>
                <span aria-hidden="true">{original.summary.ok ? '✓ ' : '✕ '}</span>
                {original.summary.outcome}
              </p>
            </div>
            <div className="cmp-diagram" style={{ height: diagramH }}>
              <SequenceDiagram session={view.session} layout={layout} index={index} onSelect={select} animate={anim && view.own[index] !== undefined} travelMs={travelMs} />
            </div>
          </section>
        ))}
      </div>
      <footer className="cmp-controls viewer-controls" ref={footer}>
        <div className="cmp-live" aria-live="polite" data-testid="compare-live">
          <p className="cmp-row">
            Row {index + 1} of {count}
            {here ? (here.kind === 'only' ? ' · on one side only: ' : ' · differs: ') : ''}
            {here && <span className="cmp-here">{here.texts.join('; ')}</span>}
          </p>
          <p className="cmp-line-a">{lineA}</p>
          <p className="cmp-line-b">{lineB}</p>
        </div>
        <Controls
          index={index}
          count={count}
          playing={playing}
          speed={speed}
          onFirst={() => select(0)}
          onPrevious={() => select(index - 1)}
          onTogglePlay={togglePlay}
          onNext={() => select(index + 1)}
          onLast={() => select(count - 1)}
          onSpeed={setSpeed}
        />
      </footer>
      <section className="cmp-diffs" aria-labelledby="cmp-diffs-title">
        <h2 id="cmp-diffs-title">Differences, row by row</h2>
        {diffs.length === 0 ? (
          <p>None: every row has the same step on both sides, with the same choices.</p>
        ) : (
          <ol data-testid="compare-differences">
            {diffs.map((d) => (
              <li key={d.row} className={`cmp-diff cmp-diff-${d.kind}`}>
                <button type="button" onClick={() => select(d.row)} aria-current={d.row === index ? 'step' : undefined}>
                  Row {d.row + 1}
                </button>{' '}
                <span className="cmp-kind">{d.kind === 'only' ? 'One side only' : 'Differs'}:</span>{' '}
                {d.texts.join('; ')}
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
