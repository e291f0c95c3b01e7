'use client';

// A Wireshark-style packet-details tree: RFC field names, decoded values, byte spans and the RFC
// section each field comes from. A WAI-ARIA tree: ↑/↓ move, → opens or enters, ← closes or goes up,
// Home/End, Enter/Space select. Hover and selection are reported so the hex dump can follow.

import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { refsToLinks } from '@/lib/content/rfcLink';
import { ancestorPaths, type FieldPath } from '@/lib/inspector/fieldAt';
import { formatValue } from '@/lib/inspector/format';
import { valueNote } from '@/lib/inspector/valueNote';
import { MASK, secretFields } from '@/lib/inspector/secrets';
import { useShowSecrets } from './ShowSecrets';
import type { RegionKind } from '@/lib/inspector/wireRegions';
import type { Field } from '@/lib/ssh/wire/field';
import './inspector.css';

export interface FieldTreeProps {
  fields: Field[];
  selected: FieldPath | null;
  onSelect: (path: FieldPath) => void;
  onHover?: (path: FieldPath | null) => void;
  /** Highlighted because the pointer is over its bytes in the hex dump. */
  hovered?: FieldPath | null;
  /** Accessible name, e.g. "Fields of SSH_MSG_KEXINIT". */
  label?: string;
  /** Fields drawn in a region's colour, the same as their bytes in the hex dump (a hybrid kex's two parts). */
  marks?: ReadonlyMap<FieldPath, RegionKind>;
  /** A field to scroll the tree to when it opens (not selected, not focused): what this packet is about. */
  reveal?: FieldPath;
}

interface Row {
  path: FieldPath;
  field: Field;
  level: number;
  parent?: FieldPath;
  hasChildren: boolean;
}

/** Rows in display order, skipping the children of collapsed fields. */
function visibleRows(fields: Field[], collapsed: Set<FieldPath>): Row[] {
  const out: Row[] = [];
  const walk = (list: Field[], level: number, parent?: FieldPath) =>
    list.forEach((field, i) => {
      const path = parent === undefined ? String(i) : `${parent}.${i}`;
      const hasChildren = !!field.children?.length;
      out.push({ path, field, level, parent, hasChildren });
      if (hasChildren && !collapsed.has(path)) walk(field.children!, level + 1, path);
    });
  walk(fields, 1);
  return out;
}

export function FieldTree({ fields, selected, onSelect, onHover, hovered, label, marks, reveal }: FieldTreeProps) {
  const [collapsed, setCollapsed] = useState<Set<FieldPath>>(() => new Set());
  const [focus, setFocus] = useState<FieldPath | null>(null);
  const items = useRef(new Map<FieldPath, HTMLLIElement>());
  const focusNext = useRef(false);
  // A selection made in the tree is already in view; only one made elsewhere needs scrolling
  // (scrollIntoView forces a layout of the whole page, which costs tens of ms in the viewer).
  const selectedHere = useRef(false);
  const select = (path: FieldPath) => {
    selectedHere.current = true;
    onSelect(path);
  };

  // A selection made elsewhere (a byte in the hex dump) opens the fields above it.
  useEffect(() => {
    if (!selected) return;
    const above = ancestorPaths(selected).slice(0, -1);
    setCollapsed((c) => (above.some((p) => c.has(p)) ? new Set([...c].filter((p) => !above.includes(p))) : c));
    setFocus(selected);
  }, [selected]);

  // Scroll only the tree's own box (never the page) so the revealed field is its first row.
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => {
    const ul = list.current;
    const row = reveal ? items.current.get(reveal)?.querySelector('.ft-row') : undefined;
    if (!ul || !row || ul.scrollHeight <= ul.clientHeight) return;
    ul.scrollTop += row.getBoundingClientRect().top - ul.getBoundingClientRect().top;
  }, [reveal]);

  const rows = useMemo(() => visibleRows(fields, collapsed), [fields, collapsed]);
  const { show: showSecrets } = useShowSecrets();
  // Fields inside a secret are masked like the secret itself.
  const hidden = useMemo(() => {
    if (showSecrets) return null;
    const spans = secretFields(fields);
    return spans.length ? (f: Field) => spans.some((s) => f.offset >= s.offset && f.offset + f.length <= s.offset + s.length) : null;
  }, [fields, showSecrets]);
  const current = rows.find((r) => r.path === focus) ? focus : (selected ?? rows[0]?.path ?? null);

  useEffect(() => {
    const el = current ? items.current.get(current) : undefined;
    if (!el) return;
    if (focusNext.current) {
      focusNext.current = false;
      el.focus();
    }
    if (current === selected && !selectedHere.current) el.scrollIntoView?.({ block: 'nearest' });
    selectedHere.current = false;
  }, [current, selected]);

  const toggle = useCallback((path: FieldPath, open?: boolean) => {
    setCollapsed((c) => {
      const n = new Set(c);
      const isOpen = !n.has(path);
      if (open ?? !isOpen) n.delete(path);
      else n.add(path);
      return n;
    });
  }, []);

  const move = (path: FieldPath | undefined) => {
    if (path === undefined) return;
    focusNext.current = true;
    setFocus(path);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    const i = rows.findIndex((r) => r.path === current);
    if (i < 0) return;
    const row = rows[i];
    const open = row.hasChildren && !collapsed.has(row.path);
    let handled = true;
    switch (e.key) {
      case 'ArrowDown':
        move(rows[i + 1]?.path);
        break;
      case 'ArrowUp':
        move(rows[i - 1]?.path);
        break;
      case 'Home':
        move(rows[0]?.path);
        break;
      case 'End':
        move(rows[rows.length - 1]?.path);
        break;
      case 'ArrowRight':
        if (row.hasChildren && !open) toggle(row.path, true);
        else if (open) move(rows[i + 1]?.path);
        break;
      case 'ArrowLeft':
        if (open) toggle(row.path, false);
        else move(row.parent);
        break;
      case 'Enter':
      case ' ':
        select(row.path);
        break;
      default:
        handled = false;
    }
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
    }
  };

  const render = (list: Field[], level: number, parent?: FieldPath) =>
    list.map((field, i) => {
      const path = parent === undefined ? String(i) : `${parent}.${i}`;
      const kids = field.children?.length ? field.children : undefined;
      const open = kids && !collapsed.has(path);
      const masked = hidden?.(field) ?? false;
      const v = masked ? { short: MASK, full: MASK } : formatValue(field);
      const refs = refsToLinks(field.ref);
      const isSel = path === selected;
      const note = valueNote(field);
      const mark = marks?.get(path);
      return (
        <li
          key={path}
          role="treeitem"
          aria-level={level}
          aria-selected={isSel}
          aria-expanded={kids ? !!open : undefined}
          tabIndex={path === current ? 0 : -1}
          ref={(el) => {
            if (el) items.current.set(path, el);
            else items.current.delete(path);
          }}
          data-path={path}
          className="ft-item"
          onFocus={(e) => {
            if (e.target === e.currentTarget) setFocus(path);
          }}
        >
          <div
            className={`ft-row${isSel ? ' ft-sel' : ''}${hovered === path ? ' ft-hov' : ''}${mark ? ` ft-part ft-part-${mark}` : ''}`}
            data-region={mark}
            style={{ paddingInlineStart: `${(level - 1) * 1.1 + 0.2}em` }}
            onClick={(e) => {
              if ((e.target as HTMLElement).closest('a')) return;
              e.stopPropagation();
              select(path);
            }}
            onMouseEnter={() => onHover?.(path)}
            onMouseLeave={() => onHover?.(null)}
          >
            <span
              className="ft-twisty"
              aria-hidden="true"
              onClick={(e) => {
                if (!kids) return;
                e.stopPropagation();
                toggle(path);
              }}
            >
              {kids ? (open ? '▾' : '▸') : ''}
            </span>
            {mark && (
              <span className={`ft-swatch hx-${mark}`} aria-hidden="true">
                ab
              </span>
            )}
            <span className="ft-name">{field.name}</span>
            <span className="ft-type">{field.type}</span>
            {!v.list && v.short && (
              <span className="ft-value" data-masked={masked ? 'true' : undefined} title={masked ? 'masked: choose “Show passwords” to see it' : undefined}>
                {v.short}
              </span>
            )}
            {note && <span className="ft-note">{note}</span>}
            <span className="ft-span" title={`bytes ${field.offset}–${field.offset + field.length - 1}`}>
              @{field.offset}+{field.length}
            </span>
            {refs.links.map((l) => (
              <a key={l.href + l.label} className="ft-ref" href={l.href} target="_blank" rel="noopener noreferrer" tabIndex={-1}>
                {l.label}
              </a>
            ))}
          </div>
          {v.list && (
            <div className="ft-list-wrap" style={{ paddingInlineStart: `${(level - 1) * 1.1 + 1.6}em` }}>
              {v.list.length === 0 ? (
                <span className="ft-value">(empty list)</span>
              ) : (
                <ol className="ft-list" aria-label={`${field.name}: ${v.list.length} names`}>
                  {v.list.map((n, k) => (
                    <li key={k}>{n}</li>
                  ))}
                </ol>
              )}
            </div>
          )}
          {kids && open && (
            <ul role="group" className="ft-group">
              {render(kids, level + 1, path)}
            </ul>
          )}
        </li>
      );
    });

  return (
    <ul
      ref={list}
      className="ft"
      role="tree"
      aria-label={label ?? 'Fields'}
      data-testid="field-tree"
      onKeyDown={onKeyDown}
      onMouseLeave={() => onHover?.(null)}
    >
      {render(fields, 1)}
    </ul>
  );
}
