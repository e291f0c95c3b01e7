'use client';
// One side's preference list for one category: reorder, remove, add (from what sshscope
// implements), each name with its rating. Keyboard first: every action is a button whose name says
// which algorithm and which list, and focus stays on the control that was used (React moves list
// items in the DOM, which would otherwise drop it).

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

  const move = (i: number, by: -1 | 1, action: 'up' | 'down') => {
    const j = i + by;
    if (j < 0 || j >= items.length) return;
    const next = [...items];
    [next[i], next[j]] = [next[j], next[i]];
    onChange(next);
    setFocus({ key: `${items[i]}:${action}` });
  };
  const remove = (i: number) => {
    if (items.length <= 1) return;
    const next = items.filter((_, k) => k !== i);
    onChange(next);
    const neighbour = next[Math.min(i, next.length - 1)];
    setFocus({ key: `${neighbour}:remove` });
  };
  const add = () => {
    if (!chosen) return;
    onChange([...items, chosen]);
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
            <li key={name} className="pg-item">
              <span className="pg-rank" aria-hidden="true">
                {i + 1}
              </span>
              <span className="pg-name">
                <code>{name}</code> <RatingBadge category={category} name={name} />
              </span>
              <span className="pg-item-actions">
                {/* aria-disabled, not disabled: a disabled button drops the focus it had. */}
                <button type="button" ref={ref(`${name}:up`)} aria-label={`Move up ${name} (${label})`} title="Move up" aria-disabled={first} onClick={() => move(i, -1, 'up')}>
                  <span aria-hidden="true">↑</span>
                </button>
                <button type="button" ref={ref(`${name}:down`)} aria-label={`Move down ${name} (${label})`} title="Move down" aria-disabled={last} onClick={() => move(i, 1, 'down')}>
                  <span aria-hidden="true">↓</span>
                </button>
                <button
                  type="button"
                  ref={ref(`${name}:remove`)}
                  aria-label={`Remove ${name} (${label})`}
                  title={only ? 'A list needs at least one name' : 'Remove'}
                  aria-disabled={only}
                  onClick={() => remove(i)}
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
