'use client';
// Presenter mode's optional panels (lib/viewer/presenter.ts): the negotiated algorithms with both
// lists, the inputs of H and the current packet's field tree, each under a heading, and the
// toggle buttons that switch them (and the counter strip) on and off.

import { secretFields } from '@/lib/inspector/secrets';
import { ShowPasswordsToggle } from '@/components/inspector/ShowSecrets';
import { useMemo, useState } from 'react';
import { FieldTree } from '@/components/inspector/FieldTree';
import { HexValue } from '@/components/state/HexValue';
import type { FieldPath } from '@/lib/inspector/fieldAt';
import { hybridParts } from '@/lib/inspector/hybridRegions';
import type { RegionKind } from '@/lib/inspector/wireRegions';
import type { Party, SessionState, Step } from '@/lib/session/session';
import { algorithmTable, type AlgorithmRow } from '@/lib/viewer/algorithms';
import { PRESENTER_PANELS, type PresenterPanel } from '@/lib/viewer/presenter';
import { PSEUDO_KEX } from '@/lib/ssh/transport/negotiate';
import { RatingBadge } from '@/components/ratings/Rating';

export function PanelToggles({ on, onToggle }: { on: ReadonlySet<PresenterPanel>; onToggle: (p: PresenterPanel) => void }) {
  return (
    <div className="pp-toggles" role="group" aria-label="Presenter panels">
      {PRESENTER_PANELS.map((p) => (
        <button key={p.id} type="button" aria-pressed={on.has(p.id)} title={`Show / hide ${p.what} (${p.key})`} onClick={() => onToggle(p.id)}>
          {p.label}
        </button>
      ))}
    </div>
  );
}

function Panel({ id, title, children }: { id: PresenterPanel; title: string; children: React.ReactNode }) {
  return (
    <section className={`pp-panel pp-${id}`} aria-labelledby={`pp-${id}-title`} data-testid={`panel-${id}`}>
      <h3 id={`pp-${id}-title`} className="pp-title">
        {title}
      </h3>
      {children}
    </section>
  );
}

function Offers({ list, chosen, who, category }: { list: string[] | undefined; chosen: AlgorithmRow['chosen']; who: Party; category: string }) {
  if (!list) return <p className="pp-none">{who}&apos;s KEXINIT not sent yet</p>;
  if (list.length === 0) return <p className="pp-none">(empty list)</p>;
  return (
    <ol className="pp-offers" aria-label={`${who} offers`}>
      {list.map((n, i) => {
        const won = n === chosen;
        return (
          <li key={i} className={`${won ? 'pp-won' : ''}${PSEUDO_KEX.has(n) ? ' pp-signal' : ''}`}>
            {won && <span aria-hidden="true">✓ </span>}
            {n}
            {won && <span className="sr-only"> (chosen)</span>}
            {PSEUDO_KEX.has(n) && <span className="pp-tag"> signal</span>}
            <RatingBadge category={category} name={n} />
          </li>
        );
      })}
    </ol>
  );
}

export function AlgorithmsPanel({ steps, index, state }: { steps: readonly Step[]; index: number; state: SessionState }) {
  const t = algorithmTable(steps, index, state);
  const caption =
    t.status === 'no kexinit'
      ? 'No KEXINIT yet: nothing offered.'
      : t.status === 'offers only'
        ? 'Offers so far; not negotiated yet. Winner: the first client algorithm the server also lists.'
        : t.status === 'failed'
          ? `The ${t.by} found no algorithm in common (RFC 4253 §7.1).`
          : `As the ${t.by} negotiated: the first client algorithm the server also lists (RFC 4253 §7.1).`;
  return (
    <Panel id="algorithms" title="Algorithms: client's and server's offers">
      <p className="pp-caption">{caption}</p>
      <div className="pp-algos">
        {t.rows.map((r) => (
          <div key={r.category} className="pp-algo">
            <p className="pp-algo-head">
              <span className="pp-cat">{r.label}</span>{' '}
              {r.chosen === null ? (
                <strong className="pp-bad">✕ none in common</strong>
              ) : r.chosen === '<implicit>' ? (
                <strong>✓ implicit (the cipher&apos;s own tag)</strong>
              ) : r.chosen ? (
                <strong>
                  ✓ <code>{r.chosen}</code>
                </strong>
              ) : null}
            </p>
            {r.chosenRating && (
              <p className="pp-rating">
                {r.chosenRating.rating}: {r.chosenRating.reason} <span className="rt-src">({r.chosenRating.source})</span>
              </p>
            )}
            <div className="pp-lists">
              <div className="pp-list">
                <p className="pp-who pp-client">client</p>
                <Offers list={r.client} chosen={r.chosen} who="client" category={r.category} />
              </div>
              <div className="pp-list">
                <p className="pp-who pp-server">server</p>
                <Offers list={r.server} chosen={r.chosen} who="server" category={r.category} />
              </div>
            </div>
          </div>
        ))}
      </div>
    </Panel>
  );
}

type H = NonNullable<SessionState['client']['known']['H']>;

function sameInputs(a: H, b: H): boolean {
  return a.inputs.length === b.inputs.length && a.inputs.every((x, i) => x.name === b.inputs[i].name && equal(x.bytes, b.inputs[i].bytes));
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function InputsTable({ h, caption }: { h: H; caption: string }) {
  return (
    <table className="pp-inputs">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">input</th>
          <th scope="col">length</th>
          <th scope="col">value, as hashed</th>
        </tr>
      </thead>
      <tbody>
        {h.inputs.map((i) => (
          <tr key={i.name}>
            <th scope="row">
              <code>{i.name}</code>
            </th>
            <td>{i.bytes.length}</td>
            <td>
              <HexValue bytes={i.bytes} maxBytes={16} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function HashInputsPanel({ state }: { state: SessionState }) {
  const c = state.client.known.H;
  const s = state.server.known.H;
  let body: React.ReactNode;
  if (!c && !s) body = <p className="pp-none">H is not computed yet at this step.</p>;
  else if (c && s && sameInputs(c, s)) body = <InputsTable h={c} caption={`Both sides hash the same inputs (${c.hash}), in this order:`} />;
  else
    body = (
      <>
        {c && <InputsTable h={c} caption={`The client's inputs (${c.hash}), in order${s ? ': they differ from the server’s' : ''}:`} />}
        {s && <InputsTable h={s} caption={`The server's inputs (${s.hash}), in order${c ? ': they differ from the client’s' : ''}:`} />}
      </>
    );
  return (
    <Panel id="hashInputs" title="Inputs of H, the exchange hash">
      {body}
    </Panel>
  );
}

export function FieldsPanel({ step }: { step: Step }) {
  const [selected, setSelected] = useState<FieldPath | null>(null);
  const fields = step.kind === 'message' ? step.entry.fields : [];
  // A hybrid kex's two parts in the same colours as in the packet inspector.
  const marks = useMemo(() => new Map<FieldPath, RegionKind>(hybridParts(fields).map((p) => [p.path, p.kind])), [fields]);
  return (
    <Panel id="fields" title={step.kind === 'message' ? `Fields of ${step.title}` : 'Fields'}>
      {step.kind !== 'message' ? (
        <p className="pp-none">This step is a computation, not a packet: no fields.</p>
      ) : fields.length === 0 ? (
        <p className="pp-none">No decoded fields for this packet.</p>
      ) : (
        <>
          {secretFields(fields).length > 0 && <ShowPasswordsToggle />}
          <FieldTree fields={fields} selected={selected} onSelect={setSelected} label={`Fields of ${step.title}`} marks={marks} />
        </>
      )}
    </Panel>
  );
}
