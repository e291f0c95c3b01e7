'use client';

// A hex dump: offset, 16 bytes a row, ASCII. The selected field's bytes carry data-selected="true";
// a click on a byte reports its offset so the inspector can select the field covering it. Bytes
// that differ from another copy of the packet (a man in the middle changed them) are marked.
// Large packets (an 8 KB DH group18 reply is 512 rows) render only the rows in view.

import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactElement } from 'react';
import type { Span } from '@/lib/inspector/fieldAt';
import type { HexRegion, RegionKind } from '@/lib/inspector/wireRegions';
import './inspector.css';

export type { HexRegion, RegionKind };

export interface HexDumpProps {
  bytes: Uint8Array;
  /** The selected field's bytes. */
  highlight?: Span | null;
  /** The hovered field's bytes (lighter). */
  hover?: Span | null;
  /** Parts of a protected packet (clear/encrypted length, ciphertext, MAC or tag), or a hybrid kex's two halves. */
  regions?: HexRegion[];
  onSelectOffset?: (offset: number) => void;
  onHoverOffset?: (offset: number | null) => void;
  /** Accessible name of the dump, e.g. "Bytes of SSH_MSG_KEXINIT (decrypted)". */
  label?: string;
  /** Bytes that differ from another copy: marked in both columns, titled, and explained in a legend. */
  marked?: MarkedBytes;
  /** Bytes of a password or keyboard-interactive response, shown as •• until the reader asks. */
  masked?: ReadonlySet<number>;
}

export interface MarkedBytes {
  offsets: ReadonlySet<number>;
  /** What a marked byte is, for its title: "differs from the copy as received". */
  title: string;
  /** The legend's sentence: "Differs from the copy as received: 1 byte (1 bit), at offset 131." */
  legend: string;
}

const PER_ROW = 16;
/** Above this many rows only the visible ones (plus a margin) are rendered. */
const WINDOW_ROWS = 192;
const OVERSCAN = 24;

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const ascii = (b: number) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.');

/** The part of a span inside one row, as [start, end) offsets, or null. */
function clip(span: Span | null | undefined, rowStart: number): [number, number] | null {
  if (!span || span.length <= 0) return null;
  const s = Math.max(span.offset, rowStart);
  const e = Math.min(span.offset + span.length, rowStart + PER_ROW);
  return s < e ? [s, e] : null;
}

interface RowProps {
  bytes: Uint8Array;
  start: number;
  selS: number;
  selE: number;
  hovS: number;
  hovE: number;
  regions: HexRegion[] | undefined;
  offsetDigits: number;
  marked: MarkedBytes | undefined;
  masked: ReadonlySet<number> | undefined;
}

// Rows compare by the clipped highlight, so moving the selection re-renders only the rows it touches.
const Row = memo(function Row({ bytes, start, selS, selE, hovS, hovE, regions, offsetDigits, marked, masked }: RowProps) {
  const end = Math.min(start + PER_ROW, bytes.length);
  const hex = [];
  for (let i = start; i < end; i++) {
    const sel = i >= selS && i < selE;
    const hov = i >= hovS && i < hovE;
    const region = regions?.find((r) => i >= r.offset && i < r.offset + r.length)?.kind;
    let cls = 'hx-b';
    if (region) cls += ` hx-${region}`;
    if (sel) cls += ' hx-sel';
    if (hov) cls += ' hx-hov';
    const diff = marked?.offsets.has(i) ?? false;
    if (diff) cls += ' hx-diff';
    const hide = masked?.has(i) ?? false;
    if (hide) cls += ' hx-masked';
    hex.push(
      <span
        key={i}
        className={cls}
        data-offset={i}
        data-region={region}
        data-selected={sel ? 'true' : undefined}
        data-diff={diff ? 'true' : undefined}
        data-masked={hide ? 'true' : undefined}
        title={diff ? `byte ${i} ${marked!.title}` : hide ? `byte ${i}: masked (a password)` : undefined}
      >
        {hide ? '••' : HEX[bytes[i]]}
      </span>,
    );
  }
  // The ASCII column in runs of equal highlight (a handful of spans, not 16): clicks map back to
  // a byte by character position. No data-offset here: the hex cells are the byte cells.
  const txt: ReactElement[] = [];
  let runStart = start;
  let run = '';
  let runState = -1;
  const flush = (at: number) => {
    if (!run) return;
    const cls = `hx-c${runState & 1 ? ' hx-sel' : ''}${runState & 2 ? ' hx-hov' : ''}${runState & 4 ? ' hx-diff' : ''}`;
    txt.push(
      <span key={runStart} className={cls} data-ascii-start={runStart}>
        {run}
      </span>,
    );
    run = '';
    runStart = at;
  };
  for (let i = start; i < end; i++) {
    const state = (i >= selS && i < selE ? 1 : 0) | (i >= hovS && i < hovE ? 2 : 0) | (marked?.offsets.has(i) ? 4 : 0);
    if (state !== runState) {
      flush(i);
      runState = state;
      runStart = i;
    }
    run += masked?.has(i) ? '•' : ascii(bytes[i]);
  }
  flush(end);
  return (
    <div className="hx-row">
      <span className="hx-off">{start.toString(16).padStart(offsetDigits, '0')}</span>
      <span className="hx-hex">{hex}</span>
      <span className="hx-ascii">{txt}</span>
    </div>
  );
});

function offsetOf(e: MouseEvent<HTMLElement>): number | null {
  const target = e.target as HTMLElement;
  const cell = target.closest?.('[data-offset]') as HTMLElement | null;
  if (cell) {
    const n = Number(cell.dataset.offset);
    return Number.isInteger(n) ? n : null;
  }
  const run = target.closest?.('[data-ascii-start]') as HTMLElement | null;
  if (!run) return null;
  // Monospace: the character under the pointer is its x position over the width of one character.
  const r = run.getBoundingClientRect();
  const chars = run.textContent?.length ?? 0;
  if (!chars || r.width <= 0) return null;
  const k = Math.min(chars - 1, Math.max(0, Math.floor(((e.clientX - r.left) / r.width) * chars)));
  const n = Number(run.dataset.asciiStart) + k;
  return Number.isInteger(n) ? n : null;
}

export function HexDump({ bytes, highlight, hover, regions, onSelectOffset, onHoverOffset, label, marked, masked }: HexDumpProps) {
  const rows = Math.ceil(bytes.length / PER_ROW);
  const offsetDigits = Math.max(4, (Math.max(bytes.length - 1, 0)).toString(16).length);
  const windowed = rows > WINDOW_ROWS;
  const scroller = useRef<HTMLDivElement>(null);
  const [rowHeight, setRowHeight] = useState(20);
  const [view, setView] = useState({ top: 0, height: 400 });
  const lastHover = useRef<number | null>(null);

  // Rows are one line of monospace text: measure one to know where row k sits.
  useLayoutEffect(() => {
    const el = scroller.current;
    const row = el?.querySelector('.hx-row') as HTMLElement | null;
    if (el && row && row.offsetHeight > 0) setRowHeight(row.offsetHeight);
    if (el) setView({ top: el.scrollTop, height: el.clientHeight || 400 });
  }, [windowed]);

  const onScroll = useCallback(() => {
    const el = scroller.current;
    if (el && windowed) setView({ top: el.scrollTop, height: el.clientHeight });
  }, [windowed]);

  // Keep the selection in view when it changes from outside (a click in the field tree).
  const selStart = highlight && highlight.length > 0 ? highlight.offset : null;
  useEffect(() => {
    const el = scroller.current;
    if (!el || selStart === null) return;
    const y = Math.floor(selStart / PER_ROW) * rowHeight;
    if (y < el.scrollTop || y + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = Math.max(0, y - rowHeight * 2);
  }, [selStart, rowHeight]);

  const first = windowed ? Math.max(0, Math.floor(view.top / rowHeight) - OVERSCAN) : 0;
  const last = windowed ? Math.min(rows, Math.ceil((view.top + view.height) / rowHeight) + OVERSCAN) : rows;

  const rowEls = useMemo(() => {
    const out = [];
    for (let r = first; r < last; r++) {
      const start = r * PER_ROW;
      const sel = clip(highlight, start);
      const hov = clip(hover, start);
      out.push(
        <Row
          key={r}
          bytes={bytes}
          start={start}
          selS={sel ? sel[0] : -1}
          selE={sel ? sel[1] : -1}
          hovS={hov ? hov[0] : -1}
          hovE={hov ? hov[1] : -1}
          regions={regions}
          offsetDigits={offsetDigits}
          marked={marked}
          masked={masked}
        />,
      );
    }
    return out;
  }, [first, last, bytes, highlight, hover, regions, offsetDigits, marked, masked]);

  const onClick = (e: MouseEvent<HTMLElement>) => {
    const o = offsetOf(e);
    if (o !== null) onSelectOffset?.(o);
  };
  const onMove = (e: MouseEvent<HTMLElement>) => {
    const o = offsetOf(e);
    if (o !== lastHover.current) {
      lastHover.current = o;
      onHoverOffset?.(o);
    }
  };
  const onLeave = () => {
    lastHover.current = null;
    onHoverOffset?.(null);
  };
  // Arrow keys move the selection a byte or a row: the dump is usable without a mouse.
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!onSelectOffset || bytes.length === 0) return;
    const at = selStart ?? -1;
    const step: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -PER_ROW, ArrowDown: PER_ROW };
    let next: number | null = null;
    if (e.key in step) next = at < 0 ? 0 : Math.min(bytes.length - 1, Math.max(0, at + step[e.key]));
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = bytes.length - 1;
    if (next !== null) {
      e.preventDefault();
      onSelectOffset(next);
    }
  };

  return (
    <div className="hx" data-testid="hex-dump" role="group" aria-label={label ?? `Hex dump, ${bytes.length} bytes`}>
      <div className="hx-head" aria-hidden="true">
        <span className="hx-off">{'offset'.padEnd(offsetDigits, ' ').slice(0, Math.max(offsetDigits, 6))}</span>
        <span className="hx-hex">
          {Array.from({ length: PER_ROW }, (_, i) => (
            <span key={i} className="hx-b">
              {HEX[i].replace(/^0/, ' ')}
            </span>
          ))}
        </span>
        <span className="hx-ascii">ASCII</span>
      </div>
      <div
        ref={scroller}
        className="hx-scroll"
        tabIndex={0}
        aria-label={`${bytes.length} bytes; arrow keys move the selected byte`}
        role="region"
        onScroll={onScroll}
        onClick={onClick}
        onMouseMove={onMove}
        onMouseLeave={onLeave}
        onKeyDown={onKeyDown}
      >
        {windowed && <div style={{ height: first * rowHeight }} aria-hidden="true" />}
        {rowEls}
        {windowed && <div style={{ height: (rows - last) * rowHeight }} aria-hidden="true" />}
        {bytes.length === 0 && <p className="hx-empty">No bytes.</p>}
      </div>
      {regions && regions.length > 0 && <RegionLegend regions={regions} />}
      {marked && marked.offsets.size > 0 && (
        <p className="hx-legend hx-diff-legend" data-testid="hex-diff-legend">
          <span className="hx-swatch hx-diff" aria-hidden="true">
            ab
          </span>{' '}
          {marked.legend}
        </p>
      )}
    </div>
  );
}

const REGION_TEXT: Record<RegionKind, string> = {
  'clear-length': 'packet_length in the clear',
  'encrypted-length': 'packet_length, encrypted',
  encrypted: 'ciphertext',
  mac: 'MAC / tag',
  pq: 'post-quantum part',
  classical: 'classical part',
};

/** One legend line per kind, or per labelled region (each hybrid part is named on its own). */
function RegionLegend({ regions }: { regions: HexRegion[] }) {
  const lines = new Map<string, { kind: RegionKind; text: string; spans: HexRegion[] }>();
  for (const r of regions) {
    const key = `${r.kind}\u0000${r.label ?? ''}`;
    const line = lines.get(key) ?? { kind: r.kind, text: r.label ?? REGION_TEXT[r.kind], spans: [] };
    line.spans.push(r);
    lines.set(key, line);
  }
  return (
    <ul className="hx-legend" aria-label="Byte regions">
      {[...lines.entries()].map(([key, l]) => (
        <li key={key} data-region={l.kind}>
          <span className={`hx-swatch hx-${l.kind}`} aria-hidden="true">
            ab
          </span>{' '}
          {l.text}{' '}
          <span className="hx-muted">
            ({l.spans.map((x) => `${x.offset}–${x.offset + x.length - 1}`).join(', ')})
          </span>
        </li>
      ))}
    </ul>
  );
}
