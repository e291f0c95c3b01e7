'use client';

// One packet (or identification line), field tree beside hex dump, linked both ways. Encrypted
// packets have two views: "On the wire" (what an eavesdropper sees: length, ciphertext, MAC/tag)
// and "Decrypted" (the plaintext packet the engine recovered with the derived keys).

import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { refsToLinks } from '@/lib/content/rfcLink';
import { fieldAtPath, fieldPathAt, type FieldPath } from '@/lib/inspector/fieldAt';
import { fieldDoc } from '@/lib/inspector/fieldDocs';
import { formatSpan, formatValue } from '@/lib/inspector/format';
import { valueNote } from '@/lib/inspector/valueNote';
import { byteDifference, copyDifference, describeDifference } from '@/lib/inspector/copyDifference';
import type { MessageStep, Step } from '@/lib/session/session';
import { counterShift } from '@/lib/viewer/counters';
import type { TraceEntry } from '@/lib/ssh/transport/events';
import type { Field } from '@/lib/ssh/wire/field';
import { CopyButton } from './CopyButton';
import { FieldTree } from './FieldTree';
import { HexDump, type MarkedBytes } from './HexDump';
import { PacketReproduce } from './PacketReproduce';
import { MacAnatomy } from './MacAnatomy';
import { RatingBadge } from '@/components/ratings/Rating';
import { CATEGORIES } from '@/lib/viewer/algorithms';
import type { PartSpan } from '@/lib/inspector/macAnatomy';
import { wireRegions } from '@/lib/inspector/wireRegions';
import type { HexRegion } from '@/lib/inspector/wireRegions';
import './inspector.css';

type View = 'wire' | 'decrypted';

/** The bytes a view shows of one copy (none: that copy has no such view, e.g. it could not be decrypted). */
function viewBytes(e: TraceEntry, v: View): Uint8Array | undefined {
  if (v === 'wire') return e.wire;
  return e.encrypted ? e.packet : (e.packet ?? e.wire);
}

/**
 * For a packet modified in transit: the bytes of the shown copy that differ from the other copy in
 * the same view, or why that view cannot be compared.
 */
function markedBytes(step: MessageStep, side: 'sent' | 'received', view: View): MarkedBytes | string | undefined {
  const here = viewBytes(side === 'sent' ? step.sent! : step.received!, view);
  const there = viewBytes(side === 'sent' ? step.received! : step.sent!, view);
  const other = side === 'sent' ? 'received' : 'sent';
  if (!here || !there) return `The copy as ${view === 'decrypted' && !there ? other : side} could not be decrypted: compare the two copies On the wire.`;
  const d = byteDifference(here, there);
  if (d.offsets.length === 0) return `In this view the copy as ${side} is the same as the copy as ${other}.`;
  return {
    offsets: new Set(d.offsets.filter((o) => o < here.length)),
    title: `differs from the copy as ${other}`,
    legend: `Differs from the copy as ${other}: ${describeDifference(d, false)}${d.sameLength ? '' : ` (the copies are ${here.length} and ${there.length} bytes long)`}.`,
  };
}

/** `steps`: the session's, for the commands that reproduce an encrypted packet's MAC and decryption. */
export function PacketInspector({
  step,
  steps,
  initialCopy = 'sent',
  initialView = 'decrypted',
  initialField,
}: {
  step: MessageStep;
  steps?: readonly Step[];
  initialCopy?: 'sent' | 'received';
  initialView?: View;
  /** A field to select at first (its path in the field tree of the plaintext view): where a link sent the reader. */
  initialField?: FieldPath;
}) {
  // A packet modified in transit has two copies: what the sender sent and what the receiver got.
  const bothCopies = step.tampered === 'modified' && !!step.sent && !!step.received;
  const [side, setSide] = useState<'sent' | 'received'>(initialCopy);
  const entry = bothCopies && side === 'received' ? step.received! : step.entry;
  const twoViews = entry.encrypted && !!entry.packet && !!entry.wireFields?.length;
  const [view, setView] = useState<View>(initialView);
  const tabsId = useId();
  const regions = useMemo(() => wireRegions(entry), [entry]);
  const shown: View = twoViews ? view : entry.encrypted && !entry.packet ? 'wire' : 'decrypted';
  const marked = useMemo(() => (bothCopies ? markedBytes(step, side, shown) : undefined), [bothCopies, step, side, shown]);
  // Bytes a MAC-anatomy box points at, lit in the hex dump of the view that holds them.
  const [partHover, setPartHover] = useState<PartSpan | null>(null);
  const partIn = (v: View) => (partHover && partHover.view === v ? partHover : null);
  const showPart = useCallback((span: PartSpan) => twoViews && setView(span.view), [twoViews]);

  return (
    <section className="pi" aria-label={`Packet inspector: ${step.title}`}>
      <PacketHeader step={step} />
      {bothCopies && (
        <div className="pi-tabs" role="group" aria-label="Which copy of the packet">
          {(['sent', 'received'] as const).map((v) => (
            <button key={v} type="button" aria-pressed={side === v} className="pi-tab" onClick={() => setSide(v)}>
              {v === 'sent' ? 'As sent' : 'As received'}
            </button>
          ))}
        </div>
      )}
      {bothCopies && <p className="pi-facts">{copyDifference(step.sent!, step.received!)}</p>}
      {typeof marked === 'string' && <p className="pi-viewnote">{marked}</p>}
      {twoViews && (
        // Plain toggle buttons (role button, aria-pressed): their names are what tests and readers use.
        <div className="pi-tabs" role="group" aria-label="Packet views">
          {(['wire', 'decrypted'] as const).map((v) => (
            <button
              key={v}
              type="button"
              id={`${tabsId}-${v}`}
              aria-pressed={view === v}
              aria-controls={`${tabsId}-panel`}
              className="pi-tab"
              onClick={() => setView(v)}
            >
              {v === 'wire' ? 'On the wire' : 'Decrypted'}
            </button>
          ))}
        </div>
      )}
      <div
        className="pi-panel"
        id={`${tabsId}-panel`}
        role={twoViews ? 'region' : undefined}
        aria-labelledby={twoViews ? `${tabsId}-${shown}` : undefined}
      >
        {shown === 'wire' ? (
          <>
            <p className="pi-viewnote">
              {entry.packet
                ? 'What an eavesdropper sees: only the parts below are visible without the keys.'
                : 'This packet could not be decrypted, so only its wire bytes are shown.'}
            </p>
            {/* Keyed by step and view: a new packet starts with nothing selected. */}
            <LinkedView
              key={`${step.index}-${side}-wire`}
              fields={entry.wireFields?.length ? entry.wireFields : entry.fields}
              bytes={entry.wire}
              regions={regions}
              what={`${step.title}, on the wire`}
              marked={typeof marked === 'object' ? marked : undefined}
              outsideHover={partIn('wire')}
            />
          </>
        ) : (
          <LinkedView
            key={`${step.index}-${side}-plain`}
            fields={entry.fields}
            bytes={entry.packet ?? entry.wire}
            what={entry.encrypted ? `${step.title}, decrypted` : step.title}
            marked={typeof marked === 'object' ? marked : undefined}
            outsideHover={partIn('decrypted')}
            initialSelected={initialField}
          />
        )}
      </div>
      {steps && step.entry.encrypted && <MacAnatomy steps={steps} step={step} onHover={setPartHover} onShow={showPart} />}
      {steps && step.entry.encrypted && <PacketReproduce steps={steps} step={step} />}
    </section>
  );
}

/** Both sides' sequence numbers for this packet (RFC 4253 §6.4), and what a difference means. */
function SequenceNumbers({ step }: { step: MessageStep }) {
  const c = step.counters!;
  const sender = step.flow === 'c2s' ? 'client' : 'server';
  const receiver = sender === 'client' ? 'server' : 'client';
  const shift = counterShift(step);
  const side = (who: string, n: number | undefined, inferred: boolean, none: string) => (
    <>
      {who}: {n === undefined ? <em>{none}</em> : <strong>#{n}</strong>}
      {inferred && <em title={`sshscope did not run the ${who}: read off the other side's number`}> (inferred)</em>}
    </>
  );
  return (
    <p className="pi-facts pi-seq" data-testid="packet-counters">
      sequence number — {side(`sent by the ${sender}`, c.sender, c.inferred === 'sender', step.tampered === 'injected' ? 'none, it never sent this' : 'unknown')}
      {' · '}
      {side(`counted by the ${receiver}`, c.receiver, c.inferred === 'receiver', step.tampered === 'dropped' ? 'none, it never arrived' : 'none, never read')}
      {shift !== undefined && shift !== 0 && (
        <strong className="pi-shifted">
          {' '}
          — off by {Math.abs(shift)}: a packet was {shift > 0 ? 'slipped in' : 'taken out'} earlier in this direction
        </strong>
      )}
    </p>
  );
}

function PacketHeader({ step }: { step: MessageStep }) {
  const e = step.entry;
  const facts: string[] = [step.who, `${step.size} ${step.size === 1 ? 'byte' : 'bytes'} on the wire`];
  if (e.kind === 'packet') {
    if (e.number !== undefined) facts.push(`message number ${e.number}`);
  }
  return (
    <header className="pi-head">
      <h3 className="pi-title">
        {e.encrypted && (
          <svg className="pi-lock" viewBox="0 0 16 16" role="img" aria-label="encrypted">
            <path d="M4 7V5a4 4 0 0 1 8 0v2" fill="none" stroke="currentColor" strokeWidth="1.8" />
            <rect x="2.5" y="7" width="11" height="8" rx="1.5" fill="currentColor" />
          </svg>
        )}{' '}
        {e.kind === 'packet' ? e.name : e.kind === 'version' ? 'Identification string' : 'Banner line'}
      </h3>
      <p className="pi-facts">{facts.join(' · ')}</p>
      {step.counters && <SequenceNumbers step={step} />}
      {e.encrypted && (
        <p className="pi-facts">
          Protected with <code>{e.cipher ?? '?'}</code>
          {e.mac && e.mac !== '<implicit>' && e.mac !== 'none' ? (
            <>
              {' '}
              and <code>{e.mac}</code>
            </>
          ) : e.mac === '<implicit>' ? ' (its own authentication tag)' : null}
        </p>
      )}
      {e.kind !== 'packet' && <LineText entry={e} />}
      {step.tampered && (
        <p className="pi-alert pi-tampered" role="note">
          <strong>⚠ {TAMPER_TEXT[step.tampered].title}</strong> {TAMPER_TEXT[step.tampered].text}
        </p>
      )}
      {(e.error || step.error) && (
        <p className="pi-alert pi-error" role="note">
          <strong>✖ Error:</strong> {e.error ?? step.error}
        </p>
      )}
      {e.ignored && (
        <p className="pi-alert pi-ignored" role="note">
          <strong>Ignored:</strong> {e.ignored}
        </p>
      )}
      {e.note && (
        <p className="pi-alert pi-note" role="note" data-testid="packet-note">
          <strong>Note:</strong> {e.note}
        </p>
      )}
    </header>
  );
}

const TAMPER_TEXT = {
  injected: { title: 'Injected by the attacker.', text: 'Neither endpoint sent this packet; a man in the middle put it on the wire.' },
  modified: { title: 'Modified in transit.', text: 'The receiver got different bytes from the ones the sender sent.' },
  dropped: { title: 'Dropped by the attacker.', text: 'The sender sent this packet, but it never reached the receiver.' },
} as const;

/** A version or banner line as text, control characters made visible. */
function LineText({ entry }: { entry: TraceEntry }) {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(entry.wire).replace(/\r?\n$/, '');
  return (
    <p className="pi-line">
      <code>{formatValue({ type: 'string', value: text, length: text.length }).short}</code>
    </p>
  );
}

function LinkedView({
  fields,
  bytes,
  regions,
  what,
  marked,
  outsideHover,
  initialSelected,
}: {
  fields: Field[];
  bytes: Uint8Array;
  regions?: HexRegion[];
  what: string;
  marked?: MarkedBytes;
  /** Bytes another panel points at (a MAC-anatomy box), shown like a hovered field. */
  outsideHover?: { offset: number; length: number } | null;
  initialSelected?: FieldPath;
}) {
  const [selected, setSelected] = useState<FieldPath | null>(initialSelected && fieldAtPath(fields, initialSelected) ? initialSelected : null);
  const [hoverPath, setHoverPath] = useState<FieldPath | null>(null);
  const [hoverByte, setHoverByte] = useState<FieldPath | null>(null);

  const selField = fieldAtPath(fields, selected);
  const hovField = fieldAtPath(fields, hoverPath);
  const highlight = useMemo(() => (selField ? { offset: selField.offset, length: selField.length } : null), [selField]);
  const hover = useMemo(
    () => (hovField ? { offset: hovField.offset, length: hovField.length } : outsideHover ? { offset: outsideHover.offset, length: outsideHover.length } : null),
    [hovField, outsideHover],
  );

  // Arriving from a link (an input of H): the chosen field takes focus, so keyboard and screen
  // reader users land where the link pointed, and it scrolls into view.
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!initialSelected) return;
    const item = root.current?.querySelector<HTMLElement>(`[data-path="${CSS.escape(initialSelected)}"]`);
    item?.focus({ preventScroll: true });
    item?.scrollIntoView({ block: 'center' });
  }, [initialSelected]);

  const onSelectOffset = useCallback((o: number) => setSelected(fieldPathAt(fields, o)), [fields]);
  const onHoverOffset = useCallback((o: number | null) => setHoverByte(o === null ? null : fieldPathAt(fields, o)), [fields]);

  const parentName = selected?.includes('.') ? fieldAtPath(fields, selected.slice(0, selected.lastIndexOf('.')))?.name : undefined;

  return (
    <div className="pi-linked" ref={root}>
      <div className="pi-tree">
        {fields.length ? (
          <FieldTree fields={fields} selected={selected} onSelect={setSelected} onHover={setHoverPath} hovered={hoverByte} label={`Fields of ${what}`} />
        ) : (
          <p className="pi-viewnote">No decoded fields for these bytes.</p>
        )}
        <FieldDetail field={selField} parent={parentName} />
      </div>
      <div className="pi-hex">
        <HexDump
          bytes={bytes}
          highlight={highlight}
          hover={hover}
          regions={regions}
          onSelectOffset={onSelectOffset}
          onHoverOffset={onHoverOffset}
          label={`Bytes of ${what}`}
          marked={marked}
        />
      </div>
    </div>
  );
}

function FieldDetail({ field, parent }: { field: Field | undefined; parent?: string }) {
  if (!field) return <p className="pi-detail pi-hint">Select a field, or click a byte, to see it in full.</p>;
  const v = formatValue(field);
  const refs = refsToLinks(field.ref);
  const doc = fieldDoc(field.name, parent);
  const long = v.full.length > 512;
  return (
    <div className="pi-detail">
      <p className="pi-detail-title">
        <strong>{field.name}</strong> <span className="ft-type">{field.type}</span> · bytes {formatSpan(field.offset, field.length)}
        {refs.links.map((l) => (
          <a key={l.href + l.label} className="ft-ref" href={l.href} target="_blank" rel="noopener noreferrer">
            {l.label}
          </a>
        ))}
        {refs.text && <span className="ft-note">{refs.text}</span>}
      </p>
      {doc && <p className="pi-doc">{doc}</p>}
      {valueNote(field) && <p className="pi-doc">{valueNote(field)}</p>}
      <RatedNames field={field} />
      {v.full && (
        <div className="pi-full">
          <code className="pi-full-value">{long ? `${v.full.slice(0, 512)}…` : v.full}</code>
          <CopyButton text={v.full} label={`Copy ${field.name}`} />
        </div>
      )}
    </div>
  );
}

/** A KEXINIT name-list: each name with its rating (lib/ssh/algorithms/ratings.ts). */
function RatedNames({ field }: { field: Field }) {
  const category = CATEGORIES.find((c) => c.field === field.name)?.category;
  if (!category || field.type !== 'name-list' || !Array.isArray(field.value) || field.value.length === 0) return null;
  return (
    <ol className="pi-rated" aria-label={`${field.name}, rated`}>
      {(field.value as string[]).map((n, i) => (
        <li key={i}>
          <code>{n}</code> <RatingBadge category={category} name={n} detail />
        </li>
      ))}
    </ol>
  );
}
