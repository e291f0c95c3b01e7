'use client';
// The sequence diagram: lifelines, one arrow per packet, computation notes, phase bands. d3 computes
// positions (lib/viewer/layout) and runs the one transition (the travelling packet); React owns the
// DOM. Only the rows in view are rendered, so thousands of packets scroll smoothly.

import { easeCubicInOut } from 'd3-ease';
import { select } from 'd3-selection';
import 'd3-transition';
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Actor, Session, Step } from '../../lib/session/session';
import {
  bandLabelY,
  bandsInView,
  lifelineX,
  revealScroll,
  ROW_HEIGHT,
  visibleRange,
  type DiagramLayout,
} from '../../lib/viewer/layout';
import { phaseStyle } from '../../lib/viewer/phases';

interface Props {
  session: Session;
  layout: DiagramLayout;
  index: number;
  onSelect: (index: number) => void;
  /** Animate the packet of the current step (false with reduced motion or when jumping). */
  animate: boolean;
  /** Travel time of one packet, ms. */
  travelMs: number;
  /** Presenter mode draws 14 px text instead of 12 px. */
  large?: boolean;
}

const ACTOR_LABEL: Record<Actor, string> = { client: 'Client', server: 'Server', attacker: 'Attacker' };

/** Rough width of one monospace character at 12 px, for placing labels without measuring the DOM. */
const CHAR_W = 7.3;

function clipText(s: string, max: number): string {
  return s.length > max ? s.slice(0, Math.max(1, max - 1)) + '…' : s;
}

function formatBytes(n: number): string {
  return `${n.toLocaleString('en-US')} B`;
}

function stepLabel(step: Step): string {
  const parts = [`Step ${step.index + 1}: ${step.title} (${step.who})`];
  if (step.kind === 'message') {
    parts.push(formatBytes(step.size));
    if (step.encrypted) parts.push('encrypted');
    if (step.tampered) parts.push(step.tampered + ' by the attacker');
  }
  if (step.kind === 'closed') parts.push(`${step.reasonName}: ${step.description}`);
  if (step.error) parts.push('error: ' + step.error);
  return parts.join(', ');
}

function Lock({ x, y }: { x: number; y: number }) {
  // A small padlock: shackle arc over a body. Drawn, not an emoji, so it looks the same everywhere.
  return (
    <g className="lock" transform={`translate(${x},${y})`} aria-hidden="true">
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
  charW: number;
}

const Row = memo(function Row({ step, top, width, x, state, onSelect, dotRef, charW }: RowProps) {
  const h = ROW_HEIGHT[step.kind];
  const failed = Boolean(step.error) || step.kind === 'closed' || (step.kind === 'computation' && !step.ok);
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
  const title = <title>{stepLabel(step)}</title>;
  const highlight =
    state === 'current' ? <rect className="current-bg" x={2} y={top + 1} width={width - 4} height={h - 2} rx={6} /> : null;

  if (step.kind === 'message') {
    const x1 = x[step.from] ?? x.client;
    const x2full = x[step.to] ?? x.server;
    const dropped = step.tampered === 'dropped';
    // A dropped packet's arrow stops short with a cross: it never arrived.
    const x2 = dropped ? x1 + (x2full - x1) * 0.6 : x2full;
    const y = top + h - 14;
    const dir = x2 >= x1 ? 1 : -1;
    const mid = (x1 + x2full) / 2;
    const sender = step.from === 'attacker' || step.tampered === 'injected' ? 'attacker' : step.from;
    const maxChars = Math.max(12, Math.floor((width - 16) / charW) - 4);
    const text = clipText(`${step.title} · ${formatBytes(step.size)}`, maxChars);
    const textW = text.length * charW + (step.encrypted ? 16 : 0);
    const tx = Math.min(Math.max(mid, textW / 2 + 4), width - textW / 2 - 4);
    return (
      <g {...common}>
        {title}
        {highlight}
        <rect className="hit" x={0} y={top} width={width} height={h} />
        <line
          className={`arrow from-${sender}${step.tampered ? ' tampered-' + step.tampered : ''}`}
          x1={x1}
          y1={y}
          x2={x2 - dir * 2}
          y2={y}
          markerEnd={dropped ? undefined : `url(#arrow-${failed ? 'error' : sender})`}
        />
        {dropped && (
          <path className="drop-cross" d={`M${x2 - 5} ${y - 5}l10 10m0 -10l-10 10`} aria-hidden="true" />
        )}
        {step.encrypted && <Lock x={tx - textW / 2} y={y - 23} />}
        <text className="msg-label" x={tx + (step.encrypted ? 8 : 0)} y={y - 8} textAnchor="middle">
          {text}
        </text>
        {step.tampered && (
          <text className="tamper-badge" x={x2full - dir * 14} y={y + 14} textAnchor={dir > 0 ? 'end' : 'start'}>
            {step.tampered === 'modified' ? '⚠ modified' : step.tampered === 'injected' ? '⚠ injected' : '✕ dropped'}
          </text>
        )}
        {step.error && !step.tampered && (
          <text className="error-badge" x={tx} y={y + 13} textAnchor="middle">
            {clipText('✕ ' + step.error, Math.max(12, Math.floor(Math.abs(x2full - x1) / (charW * 0.92))))}
          </text>
        )}
        {state === 'current' && <circle ref={dotRef} className="packet-dot" cx={x2} cy={y} r={6} opacity={0} />}
      </g>
    );
  }

  // Notes: computations and the end of the connection sit on the lifeline of whoever did them.
  const lx = x[step.by] ?? x.client;
  const text =
    step.kind === 'closed'
      ? `✕ ${step.title}${step.description ? ' — ' + step.description : ''}`
      : (step.ok ? '' : '✕ ') + step.title;
  const maxChars = Math.max(10, Math.floor(Math.min(width * 0.9, 520) / charW) - 2);
  const shown = clipText(text, maxChars);
  const w = shown.length * charW + 18;
  const bx = Math.min(Math.max(lx - w / 2, 4), width - w - 4);
  const bh = step.kind === 'closed' ? 30 : 24;
  const by = top + (h - bh) / 2;
  return (
    <g {...common}>
      {title}
      {highlight}
      <rect className="hit" x={0} y={top} width={width} height={h} />
      <rect className={`note note-${step.kind}`} x={bx} y={by} width={w} height={bh} rx={4} />
      <text className="note-label" x={bx + w / 2} y={by + bh / 2 + 4} textAnchor="middle">
        {shown}
      </text>
    </g>
  );
});

export function SequenceDiagram({ session, layout, index, onSelect, animate, travelMs, large }: Props) {
  const charW = large ? (CHAR_W * 14) / 12 : CHAR_W;
  const scrollRef = useRef<HTMLDivElement>(null);
  const dotRef = useRef<SVGCircleElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [size, setSize] = useState({ w: 640, h: 480 });
  const frame = useRef(0);

  const actors: Actor[] = useMemo(
    () => (session.attacker ? ['client', 'attacker', 'server'] : ['client', 'server']),
    [session.attacker],
  );
  const x = useMemo(() => lifelineX(actors, size.w), [actors, size.w]);
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
  const bands = bandsInView(layout, scrollTop, scrollTop + size.h);
  const rows: React.ReactNode[] = [];
  for (let i = first; i < end; i++) {
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
        charW={charW}
      />,
    );
  }

  return (
    <div className="diagram" data-testid="sequence-diagram">
      <div className="lifeline-heads" aria-label="Lifelines">
        {actors.map((a) => {
          const version = a === 'attacker' ? 'man in the middle' : session.parties[a as 'client' | 'server']?.version;
          const ran = a === 'attacker' || session.parties[a as 'client' | 'server']?.present;
          return (
            <div key={a} className={`lifeline-head head-${a}`} style={{ left: x[a], maxWidth: headWidth }}>
              <strong>{ACTOR_LABEL[a]}</strong>
              <span className="version" title={version}>
                {version ?? 'version unknown'}
              </span>
              {!ran && <span className="peer-note">real peer</span>}
            </div>
          );
        })}
      </div>
      <div className="diagram-scroll" ref={scrollRef} onScroll={onScroll}>
        <svg width={size.w} height={layout.height} className="diagram-svg" role="group" aria-label="Sequence diagram">
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
            <pattern id="hatch-failure" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <line x1="0" y1="0" x2="0" y2="8" className="hatch" />
            </pattern>
          </defs>
          {bands.map((b) => {
            const ps = phaseStyle(b.phase);
            return (
              <g key={b.start} className={`band phase-${ps.key}`} aria-hidden="true">
                <rect className="band-bg" x={0} y={b.y0} width={size.w} height={b.y1 - b.y0} />
                {b.phase === 'failure' && (
                  <rect x={0} y={b.y0} width={size.w} height={b.y1 - b.y0} fill="url(#hatch-failure)" />
                )}
                <line className="band-rule" x1={0} x2={size.w} y1={b.y0} y2={b.y0} />
                <rect
                  className="band-label-bg"
                  x={4}
                  y={bandLabelY(b, scrollTop) + 2}
                  width={ps.label.length * (large ? 10 : 8.6) + 10}
                  height={large ? 19 : 17}
                  rx={3}
                />
                <text className="band-label" x={9} y={bandLabelY(b, scrollTop) + 15}>
                  {ps.label}
                </text>
              </g>
            );
          })}
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
          {rows}
        </svg>
      </div>
    </div>
  );
}
