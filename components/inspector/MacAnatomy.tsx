'use client';

// A row of labelled boxes: what an encrypted packet's MAC or tag is computed from, in order.
// Boxes for bytes that are in a hex dump highlight them there on hover or focus; a click switches
// to the view that shows them.

import { useMemo } from 'react';
import { macAnatomy, type AnatomyPart, type PartSpan } from '@/lib/inspector/macAnatomy';
import { toHex } from '@/lib/inspector/format';
import type { MessageStep, Step } from '@/lib/session/session';
import './macAnatomy.css';

export function MacAnatomy({
  steps,
  step,
  onHover,
  onShow,
}: {
  steps: readonly Step[];
  step: MessageStep;
  /** The bytes to light up in the hex dump (null: none). */
  onHover: (span: PartSpan | null) => void;
  /** Show these bytes: switch to their view. */
  onShow: (span: PartSpan) => void;
}) {
  const a = useMemo(() => macAnatomy(steps, step), [steps, step]);
  if (!a) return null;
  const tagName = a.tag.name;
  const box = (p: AnatomyPart, kind: string) => (
    <Box key={p.name} part={p} kind={kind} onHover={onHover} onShow={onShow} />
  );
  return (
    <section className="ma" aria-label={`What the ${tagName} covers`} data-testid="mac-anatomy">
      <h4 className="ma-title">
        What the {tagName} covers <span className="ma-scheme">{a.scheme}</span> <span className="ma-ref">{a.ref}</span>
      </h4>
      <div className="ma-rows">
        <Row label="key">{box(a.key, 'key')}</Row>
        {a.nonce.length > 0 && <Row label="nonce">{a.nonce.map((p) => box(p, 'nonce'))}</Row>}
        {a.aad.length > 0 && <Row label="AAD">{a.aad.map((p) => box(p, 'aad'))}</Row>}
        <Row label={`${tagName} input, in order`} ordered>
          {a.covered.map((p) => box(p, 'input'))}
        </Row>
        <Row label={tagName}>{box(a.tag, 'tag')}</Row>
      </div>
      <p className="ma-note">{a.note}</p>
    </section>
  );
}

function Row({ label, ordered, children }: { label: string; ordered?: boolean; children: React.ReactNode }) {
  return (
    <div className="ma-row">
      <span className="ma-label">{label}</span>
      {ordered ? <ol className="ma-boxes ma-ordered">{children}</ol> : <ul className="ma-boxes">{children}</ul>}
    </div>
  );
}

function Box({ part, kind, onHover, onShow }: { part: AnatomyPart; kind: string; onHover: (s: PartSpan | null) => void; onShow: (s: PartSpan) => void }) {
  const n = part.bytes.length;
  const inner = (
    <>
      <span className="ma-name">{part.name}</span>
      <span className="ma-len">
        {n} {n === 1 ? 'byte' : 'bytes'}
      </span>
      <code className="ma-hex">{abbreviated(part.bytes)}</code>
      <span className="ma-source">{part.source}</span>
    </>
  );
  const span = part.span;
  return (
    <li className={`ma-box ma-${kind}`}>
      {span ? (
        <button
          type="button"
          className="ma-btn"
          title={`Bytes ${span.offset}–${span.offset + span.length - 1} of the ${span.view === 'wire' ? 'wire' : 'decrypted'} view`}
          onMouseEnter={() => onHover(span)}
          onMouseLeave={() => onHover(null)}
          onFocus={() => onHover(span)}
          onBlur={() => onHover(null)}
          onClick={() => onShow(span)}
        >
          {inner}
        </button>
      ) : (
        <div className="ma-static">{inner}</div>
      )}
    </li>
  );
}

/** The first and last bytes of a long value: enough to find it in the hex dump. */
function abbreviated(b: Uint8Array): string {
  return b.length <= 8 ? toHex(b, ' ') : `${toHex(b.subarray(0, 4), ' ')} … ${toHex(b.subarray(-2), ' ')}`;
}
