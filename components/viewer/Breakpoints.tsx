'use client';
// Breakpoints on message types, and "run to next breakpoint".

import { useId } from 'react';

interface Props {
  types: string[];
  selected: ReadonlySet<string>;
  onToggle: (type: string) => void;
  onRun: () => void;
  /** False when no breakpoint lies ahead. */
  canRun: boolean;
}

export function Breakpoints({ types, selected, onToggle, onRun, canRun }: Props) {
  const id = useId();
  return (
    <div className="breakpoints">
      <details>
        <summary>Breakpoints{selected.size > 0 ? ` (${selected.size})` : ''}</summary>
        <div className="breakpoints-panel">
          <fieldset>
            <legend>Stop at these messages</legend>
            {types.map((t, i) => (
              <label key={t} htmlFor={`${id}-${i}`}>
                <input id={`${id}-${i}`} type="checkbox" checked={selected.has(t)} onChange={() => onToggle(t)} />
                <code>{t}</code>
              </label>
            ))}
          </fieldset>
        </div>
      </details>
      {/* Outside <details>: it stays usable after the list is closed. Hidden until a breakpoint is set. */}
      <button
        type="button"
        className="run-to"
        onClick={onRun}
        disabled={!canRun}
        data-empty={selected.size === 0}
        title="Run to next breakpoint (B)"
      >
        Run to next breakpoint
      </button>
    </div>
  );
}
