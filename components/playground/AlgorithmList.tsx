'use client';
// One side's preference list for one category: reorder, remove, add (from what sshscope
// implements), each name with its rating. Keyboard first: every action is a button whose name says
// which algorithm and which list, and focus follows the algorithm that was moved.
//
// Two rules keep fast repeated key presses from being lost (a flaky e2e run pressed Enter twice on
// "Move down" and got one move):
// - Rows are keyed by position, not by name, so a reorder rewrites the rows' text instead of moving
//   DOM nodes. Moving the focused button out of the document and back sent focus to <body> until
//   the layout effect put it back; a key pressed in that window went nowhere.
// - Every action starts from `latest`, the list as this component last set it, not the `items` of
//   the last render: a second activation that comes before React has re-rendered builds on the first
//   instead of repeating it from the old order.

import { useLayoutEffect, useRef, useState } from 'react';
import { RatingBadge } from '@/components/ratings/Rating';
import type { ListKey } from '@/lib/session/experiment';

interface Props {
  /** Unique in the page: "client-kex". */
  id: string;
  category: ListKey;
  /** Who offers the list and what it is, for accessible names: "client key exchange". */
  label: string;
  /** Shown above the list: "Client". */
  heading: string;
  items: string[];
  available: readonly string[];
  onChange: (items: string[]) => void;
}

type Focus = { key: string } | null;

export function AlgorithmList({ id, category, label, heading, items, available, onChange }: Props) {
  const buttons = useRef(new Map<string, HTMLElement>());
  const [focus, setFocus] = useState<Focus>(null);
  // The list as last rendered or, between an action and its re-render, as that action left it.
  const latest = useRef(items);
  const rendered = useRef(items);
  if (rendered.current !== items) {
    rendered.current = items;
    latest.current = items;
  }
  const update = (next: string[]) => {
    latest.current = next;
    onChange(next);
  };
  const addable = available.filter((n) => !items.includes(n));
  const [toAdd, setToAdd] = useState('');
  const chosen = addable.includes(toAdd) ? toAdd : (addable[0] ?? '');

  useLayoutEffect(() => {
    if (!focus) return;
    buttons.current.get(focus.key)?.focus();
    setFocus(null);
  }, [focus]);

  const ref = (key: string) => (el: HTMLElement | null) => {
    if (el) buttons.current.set(key, el);
    else buttons.current.delete(key);
  };

  const move = (name: string, by: -1 | 1, action: 'up' | 'down') => {
    const cur = latest.current;
    const i = cur.indexOf(name);
    const j = i + by;
    if (i < 0 || j < 0 || j >= cur.length) return;
    const next = [...cur];
    [next[i], next[j]] = [next[j], next[i]];
    update(next);
    setFocus({ key: `${name}:${action}` });
  };
  const remove = (name: string) => {
    const cur = latest.current;
    const i = cur.indexOf(name);
    if (i < 0 || cur.length <= 1) return;
    const next = cur.filter((_, k) => k !== i);
    update(next);
    const neighbour = next[Math.min(i, next.length - 1)];
    setFocus({ key: `${neighbour}:remove` });
  };
  const add = () => {
    if (!chosen || latest.current.includes(chosen)) return;
    update([...latest.current, chosen]);
    // The add control goes away once nothing is left to add: focus the new item instead.
    setFocus({ key: addable.length > 1 ? 'add' : `${chosen}:remove` });
  };

  return (
    <div className="pg-list">
      <h3 id={`${id}-title`} className="pg-list-title">
        {heading}
      </h3>
      <ol className="pg-items" aria-labelledby={`${id}-title`}>
        {items.map((name, i) => {
          const first = i === 0;
          const last = i === items.length - 1;
          const only = items.length === 1;
          return (
            // Keyed by position on purpose: see the top of this file.
            <li key={i} className="pg-item">
              <span className="pg-rank" aria-hidden="true">
                {i + 1}
              </span>
              <span className="pg-name">
                <code>{name}</code> <RatingBadge category={category} name={name} />
              </span>
              <span className="pg-item-actions">
                {/* aria-disabled, not disabled: a disabled button drops the focus it had. */}
                <button type="button" ref={ref(`${name}:up`)} aria-label={`Move up ${name} (${label})`} title="Move up" aria-disabled={first} onClick={() => move(name, -1, 'up')}>
                  <span aria-hidden="true">↑</span>
                </button>
                <button type="button" ref={ref(`${name}:down`)} aria-label={`Move down ${name} (${label})`} title="Move down" aria-disabled={last} onClick={() => move(name, 1, 'down')}>
                  <span aria-hidden="true">↓</span>
                </button>
                <button
                  type="button"
                  ref={ref(`${name}:remove`)}
                  aria-label={`Remove ${name} (${label})`}
                  title={only ? 'A list needs at least one name' : 'Remove'}
                  aria-disabled={only}
                  onClick={() => remove(name)}
                >
                  <span aria-hidden="true">✕</span>
                </button>
              </span>
            </li>
          );
        })}
      </ol>
      {addable.length > 0 ? (
        <div className="pg-add">
          <select id={`${id}-add`} aria-label={`Algorithm to add (${label})`} value={chosen} onChange={(e) => setToAdd(e.target.value)}>
            {addable.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
          <button type="button" ref={ref('add')} onClick={add} aria-label={`Add to ${label}`}>
            Add
          </button>
        </div>
      ) : (
        <p className="pg-all">Every implemented name is listed.</p>
      )}
    </div>
  );
}
