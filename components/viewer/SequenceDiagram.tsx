'use client';
// The sequence diagram: lifelines, one arrow per packet, computation notes, and a phase track along
// each party's lifeline (each side has its own phase: the server can be encrypting while the client
// still checks its key). d3 computes positions (lib/viewer/layout) and runs the one transition (the
// travelling packet); React owns the DOM. Only the rows in view are rendered, so thousands of packets
// scroll smoothly.

import { easeCubicInOut } from 'd3-ease';
import { select } from 'd3-selection';
import 'd3-transition';
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Actor, Party, Session, Step } from '../../lib/session/session';
import {
  lifelineX,
  revealScroll,
  rowHeight,
  segmentsInView,
  visibleRange,
  type DiagramLayout,
  type PlacedSegment,
} from '../../lib/viewer/layout';
import { countersInWords } from '../../lib/viewer/counters';
import { FLOOR, fitLabel } from '../../lib/viewer/labels';
import { PARTIES } from '../../lib/viewer/phaseTracks';
import { phaseStyle } from '../../lib/viewer/phases';
import { CounterStrip } from './CounterStrip';

interface Props {
  session: Session;
  layout: DiagramLayout;
  index: number;
  onSelect: (index: number) => void;
  /** Animate the packet of the current step (false with reduced motion or when jumping). */
  animate: boolean;
  /** Travel time of one packet, ms. */
  travelMs: number;
  /** Presenter mode: lifelines further apart, and labels never clipped (shorter forms, then smaller). */
  presenting?: boolean;
  /** Show the counter strip under the heads (presenter mode can switch it off). */
  showCounters?: boolean;
  /** "What comes next?": the layout stops at the current row, and nothing drawn may tell the future
   *  (a packet's "not read" mark says its receiver closes first). */
  hideFuture?: boolean;
}

const ACTOR_LABEL: Record<Actor, string> = { client: 'Client', server: 'Server', attacker: 'Attacker' };

/** Rough width of one monospace character at 12 px, for placing labels without measuring the DOM. */
const CHAR_W = 7.3;
/** Width of a phase track at scale 1 (a strip centred on the lifeline, like a UML activation bar). */
const TRACK_W = 10;
/** Phase labels: sans-serif at 11.5 px; a generous average glyph width so estimates err wide. */
const LABEL_FONT = 11.5;
const LABEL_CHAR = 0.62;
/** The phase patterns drawn in the SVG (the same cues as the timeline's CSS patterns). */
const PATTERN_KEYS = ['version', 'negotiation', 'kex', 'newkeys', 'encrypted', 'failure', 'unknown'] as const;

/** Inline font size for a label drawn at `scale` of its class's size (the classes size text with --dk). */
function shrink(scale: number, basePx: number): React.CSSProperties | undefined {
  return scale < 1 ? { fontSize: `calc(${(basePx * scale).toFixed(2)}px * var(--dk, 1))` } : undefined;
}

function formatBytes(n: number): string {
  return `${n.toLocaleString('en-US')} B`;
}

function stepLabel(step: Step, hideFuture = false): string {
  const parts = [`Step ${step.index + 1}: ${step.title} (${step.who})`];
  if (step.kind === 'message') {
    const counters = countersInWords(step);
    if (counters) parts.push(counters);
    parts.push(formatBytes(step.size));
    if (step.encrypted) parts.push('encrypted');
    if (step.tampered) parts.push(step.tampered + ' by the attacker');
    else if (!hideFuture && step.sent && !step.received && step.counters?.inferred === undefined && step.to !== 'attacker')
      parts.push(`never read by the ${step.to}`);
  }
  if (step.kind === 'closed') parts.push(`${step.reasonName}: ${step.description}`);
  if (step.error) parts.push('error: ' + step.error);
  return parts.join(', ');
}

function Lock({ x, y, k }: { x: number; y: number; k: number }) {
  // A small padlock: shackle arc over a body. Drawn, not an emoji, so it looks the same everywhere.
  return (
    <g className="lock" transform={`translate(${x},${y}) scale(${k})`} aria-hidden="true">
      <path d="M2.5 5V3.5a3 3 0 0 1 6 0V5" fill="none" strokeWidth="1.5" />
      <rect x="0.5" y="5" width="10" height="7" rx="1.5" />
    </g>
  );
}

interface RowProps {
  step: Step;
  top: number;
  width: number;
  x: Record<Actor, number>;
  state: 'past' | 'current' | 'future';
  onSelect: (index: number) => void;
  dotRef?: React.Ref<SVGCircleElement>;
  /** Scale of every length and font (presenter mode: from the viewport height). */
  k: number;
  presenting: boolean;
  hideFuture: boolean;
}

const Row = memo(function Row({ step, top, width, x, state, onSelect, dotRef, k, presenting, hideFuture }: RowProps) {
  const floor = presenting ? FLOOR.presenting : FLOOR.normal;
  const h = rowHeight(step.kind, k);
  const charW = CHAR_W * k;
  // A close is a failure only when it carries one: a polite reason-11 goodbye is the normal end.
  const failed = Boolean(step.error) || (step.kind === 'computation' && !step.ok);
  const cls = `step ${step.kind} ${state}${failed ? ' failed' : ''}`;
  const common = {
    'data-step': step.index,
    className: cls,
    role: 'button',
    tabIndex: state === 'current' ? 0 : -1,
    'aria-current': state === 'current' ? ('step' as const) : undefined,
    onClick: () => onSelect(step.index),
    onKeyDown: (e: React.KeyboardEvent) => {
      if (e.key === 'Enter') onSelect(step.index);
    },
  };
  // The full description as the SVG <title>: the accessible name, and a tooltip for clipped labels.
  // (An aria-label would not contain the visible, possibly clipped, text: axe's
  // label-content-name-mismatch.)
  const title = <title>{stepLabel(step, hideFuture)}</title>;
  const highlight =
    state === 'current' ? <rect className="current-bg" x={2} y={top + 1} width={width - 4} height={h - 2} rx={6} /> : null;
  // A failed step is tinted across the whole row, hatched, so it reads as an error without colour.
  const failedBg = failed ? <rect className="failed-bg" x={0} y={top} width={width} height={h} aria-hidden="true" /> : null;

  if (step.kind === 'message') {
    const x1 = x[step.from] ?? x.client;
    const x2full = x[step.to] ?? x.server;
    const dropped = step.tampered === 'dropped';
    // Sent to an endpoint sshscope ran, which closed before it read it: drawn faint, marked so.
    const unread = !hideFuture && !step.tampered && step.sent !== undefined && step.received === undefined && step.to !== 'attacker' && step.counters?.inferred === undefined;
    // A dropped packet's arrow stops short with a cross: it never arrived.
    const x2 = dropped ? x1 + (x2full - x1) * 0.6 : x2full;
    const y = top + h - 14 * k;
    const dir = x2 >= x1 ? 1 : -1;
    const mid = (x1 + x2full) / 2;
    const sender = step.from === 'attacker' || step.tampered === 'injected' ? 'attacker' : step.from;
    // The label stays between the two lifelines (clear of both phase tracks). When title and size do
    // not fit on one line, the size moves under the arrow (unless a badge needs that line).
    const lock = step.encrypted ? 16 * k : 0;
    // Each end of a packet's arrow shows the sequence number that side gave it (RFC 4253 §6.4):
    // the sender's at the tail, the receiver's at the head. They differ where a counter was shifted.
    const c = step.counters;
    const tail = c?.sender !== undefined && step.from !== 'attacker' ? `#${c.sender}` : '';
    const head = c?.receiver !== undefined && !dropped ? `#${c.receiver}` : '';
    const shifted = c?.sender !== undefined && c.receiver !== undefined && c.sender !== c.receiver;
    const seqW = Math.max(tail.length, head.length) * charW * 0.85;
    const side = seqW > 0 ? seqW + 8 * k : 0;
    // The label may use the room between the two endpoints' phase tracks (an arrow to or from the
    // attacker is short, but its label may cross the attacker's line), clear of the numbers at both ends.
    const lo = Math.min(x.client, x.server) + TRACK_W * k * 0.5 + 6 * k + side;
    const hi = Math.max(x.client, x.server) - TRACK_W * k * 0.5 - 6 * k - side;
    const span = hi - lo;
    const size = formatBytes(step.size);
    const full = `${step.title} · ${size}`;
    const hasBadge = Boolean(step.tampered) || Boolean(step.error) || unread;
    // Title and size on one line, else the title alone (the size under the arrow, unless a badge
    // needs that line: then the size is in the tooltip and the inspector), else the title smaller.
    const fit = fitLabel([full, step.title], Math.max(8 * charW, span - lock), charW, floor);
    const text = fit.text;
    const split = text !== full;
    const textW = text.length * charW * fit.scale + lock;
    const tx = Math.min(Math.max(mid, lo + textW / 2), hi - textW / 2);
    return (
      <g {...common}>
        {title}
        {failedBg}
        {highlight}
        <rect className="hit" x={0} y={top} width={width} height={h} />
        <line
          className={`arrow from-${sender}${step.tampered ? ' tampered-' + step.tampered : ''}${unread ? ' unread' : ''}`}
          x1={x1}
          y1={y}
          x2={x2 - dir * 2}
          y2={y}
          markerEnd={dropped ? undefined : `url(#arrow-${failed ? 'error' : sender})`}
        />
        {dropped && (
          <path className="drop-cross" d={`M${x2 - 5 * k} ${y - 5 * k}l${10 * k} ${10 * k}m0 ${-10 * k}l${-10 * k} ${10 * k}`} aria-hidden="true" />
        )}
        {step.encrypted && <Lock x={tx - textW / 2} y={y - 23 * k} k={k} />}
        <text className="msg-label" x={tx + lock / 2} y={y - 8 * k} textAnchor="middle" style={shrink(fit.scale, 12)}>
          {text}
        </text>
        {tail && (
          <text
            className={`msg-seq seq-sender${shifted ? ' shifted' : ''}${c?.inferred === 'sender' ? ' inferred' : ''}`}
            x={x1 + dir * (TRACK_W * k * 0.5 + 4 * k)}
            y={y - 5 * k}
            textAnchor={dir > 0 ? 'start' : 'end'}
          >
            {tail}
          </text>
        )}
        {head && (
          <text
            className={`msg-seq seq-receiver${shifted ? ' shifted' : ''}${c?.inferred === 'receiver' ? ' inferred' : ''}`}
            x={x2full - dir * (TRACK_W * k * 0.5 + 10 * k)}
            y={y - 5 * k}
            textAnchor={dir > 0 ? 'end' : 'start'}
          >
            {head}
          </text>
        )}
        {split && !hasBadge && (
          <text className="msg-size" x={mid} y={y + 13 * k} textAnchor="middle">
            {size}
          </text>
        )}
        {unread && !step.error && (
          <text className="unread-badge" x={x2full - dir * 14 * k} y={y + 13 * k} textAnchor={dir > 0 ? 'end' : 'start'}>
            not read
          </text>
        )}
        {step.tampered && (
          <text className="tamper-badge" x={x2full - dir * 14 * k} y={y + 14 * k} textAnchor={dir > 0 ? 'end' : 'start'}>
            {step.tampered === 'modified' ? '⚠ modified' : step.tampered === 'injected' ? '⚠ injected' : '✕ dropped'}
          </text>
        )}
        {step.error && !step.tampered && <ErrorBadge error={step.error} mid={mid} y={y + 13 * k} lo={lo} hi={hi} charW={charW * 0.92} floor={floor} presenting={presenting} />}
        {state === 'current' && <circle ref={dotRef} className="packet-dot" cx={x2} cy={y} r={6 * k} opacity={0} />}
      </g>
    );
  }

  // Notes: computations and the end of the connection sit on the lifeline of whoever did them.
  const lx = x[step.by] ?? x.client;
  const text =
    step.kind === 'closed'
      ? `${step.error ? '✕ ' : ''}${step.title}${step.description ? ' — ' + step.description : ''}`
      : (step.ok ? '' : '✕ ') + step.title;
  // A note stays between its neighbours' lifelines (the attacker's too): a long close reason is
  // clipped (the whole text is in the tooltip) rather than drawn across another party's line.
  const others = Object.values(x).filter((v) => Number.isFinite(v) && v !== lx);
  const lo = Math.max(4, ...others.filter((v) => v < lx).map((v) => v + 6 * k));
  const hi = Math.min(width - 4, ...others.filter((v) => v > lx).map((v) => v - 6 * k));
  // Presenter mode never clips: the close reason goes (it is in the explanation beside), then the
  // reason name loses its SSH_DISCONNECT_ prefix, then the text gets smaller.
  const forms = presenting
    ? [text, (step.kind === 'closed' && step.error ? '✕ ' : step.kind === 'computation' && !step.ok ? '✕ ' : '') + step.title]
    : [text];
  if (presenting && step.kind === 'closed') forms.push(forms[1].replace('SSH_DISCONNECT_', ''));
  const fit = fitLabel(forms, Math.max(10 * charW, Math.min(hi - lo - 18 * k, 520 * k)), charW, floor);
  const shown = fit.text;
  const w = shown.length * charW * fit.scale + 18 * k;
  const bx = Math.min(Math.max(lx - w / 2, lo), hi - w);
  const bh = (step.kind === 'closed' ? 30 : 24) * k;
  const by = top + (h - bh) / 2;
  return (
    <g {...common}>
      {title}
      {failedBg}
      {highlight}
      <rect className="hit" x={0} y={top} width={width} height={h} />
      <rect className={`note note-${step.kind}`} x={bx} y={by} width={w} height={bh} rx={4 * k} />
      <text className="note-label" x={bx + w / 2} y={by + bh / 2 + 4 * k} textAnchor="middle" style={shrink(fit.scale, 12)}>
        {shown}
      </text>
    </g>
  );
});

/** What went wrong, under the arrow. Presenter mode never clips it: a sentence too long for the
 *  row points to the explanation beside the diagram, which has it whole. */
function ErrorBadge(p: { error: string; mid: number; y: number; lo: number; hi: number; charW: number; floor: number; presenting: boolean }) {
  const { error, charW, presenting } = p;
  const forms = presenting ? ['✕ ' + error, '✕ failed here: see the explanation', '✕ failed here'] : ['✕ ' + error];
  const fit = fitLabel(forms, Math.max(12 * charW, p.hi - p.lo), charW, presenting ? Math.max(p.floor, 0.8) : p.floor);
  const w = fit.text.length * charW * fit.scale;
  const x = Math.min(Math.max(p.mid, p.lo + w / 2), p.hi - w / 2);
  return (
    <text className="error-badge" x={x} y={p.y} textAnchor="middle" style={shrink(fit.scale, 11)}>
      {fit.text}
    </text>
  );
}

const HINT = 'Each side has its own phase: the server can be encrypting while the client still checks its key.';

/** One phase's fill: colour plus a pattern of its own (stripes, dots, hatching), so phases differ
 *  without colour. Sizes follow the presenter scale. */
function PhasePattern({ phaseKey, k }: { phaseKey: string; k: number }) {
  const s = 6 * k;
  const fg = (() => {
    switch (phaseKey) {
      case 'negotiation':
        return <rect className="pat-fg" x={0} y={0} width={s / 2} height={s} />;
      case 'kex':
        return <line className="pat-fg" x1={0} y1={0} x2={0} y2={s} strokeWidth={2.5 * k} />;
      case 'newkeys':
        return <circle className="pat-fg" cx={s / 2} cy={s / 2} r={1.4 * k} />;
      case 'encrypted':
        return <rect className="pat-fg" x={0} y={0} width={s} height={s / 2} />;
      case 'failure':
        return <path className="pat-fg" d={`M0 0L${s} ${s}M${s} 0L0 ${s}`} strokeWidth={1.5 * k} />;
      default:
        return null;
    }
  })();
  return (
    <pattern
      id={`phase-pat-${phaseKey}`}
      className={`pat phase-${phaseKey}`}
      width={s}
      height={s}
      patternUnits="userSpaceOnUse"
      patternTransform={phaseKey === 'kex' ? 'rotate(45)' : undefined}
    >
      <rect className="pat-bg" width={s} height={s} />
      {fg}
    </pattern>
  );
}

interface TrackProps {
  party: Party;
  segments: PlacedSegment[];
  x: number;
  width: number;
  /** Widest a label may be before the short form is used (labels of both parties share a gap). */
  labelMax: number;
  /** Bottom of the current row: below it the track is the future, drawn faint like future steps. */
  futureY: number;
  k: number;
}

/** A party's phase track: a patterned strip along its lifeline, labelled where the phase changes. */
const Track = memo(function Track({ party, segments, x, width, labelMax, futureY, k }: TrackProps) {
  const tw = TRACK_W * k;
  const font = LABEL_FONT * k;
  return (
    <g className={`track track-${party}`} aria-hidden="true">
      {segments.map((seg) => {
        const ps = phaseStyle(seg.phase);
        const failure = seg.phase === 'failure';
        const full = (failure ? '✕ ' : '') + ps.label;
        const text = full.length * font * LABEL_CHAR + 14 * k > labelMax ? (failure ? '✕ ' : '') + ps.short : full;
        const w = text.length * font * LABEL_CHAR + 14 * k;
        const h = 17 * k;
        const lx = Math.min(Math.max(x, w / 2 + 2), width - w / 2 - 2);
        return (
          <g key={seg.start} className={`track-seg phase-${ps.key}${seg.y0 >= futureY ? ' future' : ''}`}>
            <rect className="track-bar" x={x - tw / 2} y={seg.y0} width={tw} height={seg.y1 - seg.y0} fill={`url(#phase-pat-${ps.key})`} />
            {seg.y1 > futureY && seg.y0 < futureY && (
              <rect className="track-veil" x={x - tw / 2 - 1} y={futureY} width={tw + 2} height={seg.y1 - futureY} />
            )}
            <rect className="track-label-bg" x={lx - w / 2} y={seg.labelY - h / 2} width={w} height={h} rx={h / 2} />
            <text className="track-label" x={lx} y={seg.labelY + font * 0.36} textAnchor="middle">
              {text}
            </text>
          </g>
        );
      })}
    </g>
  );
});

export function SequenceDiagram({ session, layout, index, onSelect, animate, travelMs, presenting = false, showCounters = true, hideFuture = false }: Props) {
  const k = layout.scale;
  const scrollRef = useRef<HTMLDivElement>(null);
  const dotRef = useRef<SVGCircleElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [size, setSize] = useState({ w: 640, h: 480 });
  const frame = useRef(0);

  const actors: Actor[] = useMemo(
    () => (session.attacker ? ['client', 'attacker', 'server'] : ['client', 'server']),
    [session.attacker],
  );
  const x = useMemo(() => lifelineX(actors, size.w, presenting ? 0.22 : 0.6), [actors, size.w, presenting]);
  // Both endpoints after the current step: the session's one state model (the heads' phases and the
  // counter strip read it, as the state inspector does).
  const now = useMemo(() => (index < session.steps.length ? session.stateAt(index) : undefined), [session, index]);
  const before = useMemo(() => (index > 0 && index <= session.steps.length ? session.stateAt(index - 1) : undefined), [session, index]);
  // Heads may be as wide as the gap between two lifelines, so version strings never overlap.
  const headWidth = actors.length > 1 ? Math.abs(x[actors[1]] - x[actors[0]]) - 8 : size.w;

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const measure = () => setSize({ w: el.clientWidth, h: el.clientHeight });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Keep the current step in view; far jumps centre it. Reads the scroll position we track rather
  // than the DOM's, so stepping forces no synchronous layout.
  const scrollTopRef = useRef(0);
  scrollTopRef.current = scrollTop;
  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const next = revealScroll(layout, index, scrollTopRef.current, size.h);
    if (next !== null) {
      el.scrollTop = next;
      setScrollTop(next);
    }
  }, [index, layout, size.h]);

  // The packet travels from sender to receiver along its arrow.
  useEffect(() => {
    const dot = dotRef.current;
    const step = session.steps[index];
    if (!dot || !animate || step?.kind !== 'message') return;
    const x1 = x[step.from] ?? x.client;
    const x2 = Number(dot.getAttribute('cx'));
    const sel = select(dot);
    sel.interrupt().attr('cx', x1).attr('opacity', 1);
    sel
      .transition()
      .duration(travelMs)
      .ease(easeCubicInOut)
      .attr('cx', x2)
      .transition()
      .duration(180)
      .attr('opacity', 0);
    return () => {
      sel.interrupt();
    };
  }, [index, animate, travelMs, session.steps, x]);

  const onScroll = () => {
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => setScrollTop(scrollRef.current?.scrollTop ?? 0));
  };

  const { first, end } = visibleRange(layout, scrollTop, size.h);
  const top = scrollTop;
  const bottom = scrollTop + size.h;
  const rows: React.ReactNode[] = [];
  // The current row is always in the DOM, even before the scroll that follows a jump (End, a
  // deep link) has brought it into the window: it is the diagram's tab stop and its aria-current.
  const drawn = index >= 0 && index < session.steps.length && (index < first || index >= end) ? [index] : [];
  for (let i = first; i < end; i++) drawn.push(i);
  for (const i of drawn) {
    const step = session.steps[i];
    rows.push(
      <Row
        key={i}
        step={step}
        top={layout.tops[i]}
        width={size.w}
        x={x}
        state={i < index ? 'past' : i === index ? 'current' : 'future'}
        onSelect={onSelect}
        dotRef={i === index ? dotRef : undefined}
        k={k}
        presenting={presenting}
        hideFuture={hideFuture}
      />,
    );
  }

  return (
    <div className="diagram" data-testid="sequence-diagram">
      {/* Presenter mode: the heads are a grid (one column per party, outer ones aligned to the
          edges), so projector-sized names and versions wrap instead of running off the pane. */}
      <div
        className={`lifeline-heads${presenting ? ' heads-grid' : ''}`}
        aria-label="Lifelines"
        style={presenting ? { gridTemplateColumns: `repeat(${actors.length}, minmax(0, 1fr))` } : undefined}
      >
        {actors.map((a) => {
          const version = a === 'attacker' ? 'man in the middle' : session.parties[a as 'client' | 'server']?.version;
          const ran = a === 'attacker' || session.parties[a as 'client' | 'server']?.present;
          // Where this party is at the current step, named (the tracks themselves are labelled only
          // where they change, which may be far off screen).
          const phase = a === 'attacker' ? undefined : now?.[a].phase;
          const ps = phase && phaseStyle(phase);
          return (
            <div key={a} className={`lifeline-head head-${a}`} style={presenting ? undefined : { left: x[a], maxWidth: headWidth }}>
              <span className="head-title">
                <strong>{ACTOR_LABEL[a]}</strong>
                {ps && (
                  <span className="head-phase" title={`The ${a}'s phase at this step`}>
                    <span className={`swatch phase-${ps.key}`} aria-hidden="true" />
                    <span className="phase-long">{ps.label}</span>
                    <span className="phase-short">{ps.short}</span>
                  </span>
                )}
              </span>
              <span className="version" title={version}>
                {version ?? 'version unknown'}
              </span>
              {!ran && <span className="peer-note">real peer</span>}
            </div>
          );
        })}
      </div>
      {now && showCounters && <CounterStrip state={now} before={before} />}
      <p className="diagram-hint" title={HINT}>
        {HINT}
      </p>
      <div className="diagram-scroll" ref={scrollRef} onScroll={onScroll}>
        <svg
          width={size.w}
          height={layout.height}
          className="diagram-svg"
          role="group"
          aria-label="Sequence diagram"
          style={{ '--dk': k } as React.CSSProperties}
        >
          <defs>
            {(['client', 'server', 'attacker', 'error'] as const).map((k) => (
              <marker
                key={k}
                id={`arrow-${k}`}
                viewBox="0 0 10 10"
                refX="9"
                refY="5"
                markerWidth="11"
                markerHeight="11"
                markerUnits="userSpaceOnUse"
                orient="auto-start-reverse"
              >
                <path d="M0 0L10 5L0 10z" className={`arrowhead arrowhead-${k}`} />
              </marker>
            ))}
            {PATTERN_KEYS.map((key) => (
              <PhasePattern key={key} phaseKey={key} k={k} />
            ))}
          </defs>
          {actors.map((a) => (
            <line
              key={a}
              className={`lifeline lifeline-${a}`}
              x1={x[a]}
              x2={x[a]}
              y1={0}
              y2={layout.height}
              aria-hidden="true"
            />
          ))}
          {PARTIES.map((p) => (
            <Track
              key={p}
              party={p}
              segments={segmentsInView(layout.tracks[p], top, bottom)}
              x={x[p]}
              width={size.w}
              labelMax={Math.abs(x.server - x.client) - 8}
              futureY={index < layout.count ? layout.tops[index] + rowHeight(session.steps[index].kind, k) : layout.height}
              k={k}
            />
          ))}
          {rows}
        </svg>
      </div>
    </div>
  );
}
