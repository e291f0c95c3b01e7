'use client';
// Step-through controls. The accessible names are fixed by issue 5 (tests rely on them).

import type { ReactNode } from 'react';

interface Props {
  index: number;
  count: number;
  playing: boolean;
  speed: number;
  onFirst: () => void;
  onPrevious: () => void;
  onTogglePlay: () => void;
  onNext: () => void;
  onLast: () => void;
  onSpeed: (speed: number) => void;
  /** Timeline, breakpoints: hidden in presenter mode. */
  children?: ReactNode;
  compact?: boolean;
}

export const SPEEDS = [0.5, 1, 2, 4];

function Icon({ d }: { d: string }) {
  return (
    <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <path d={d} />
    </svg>
  );
}

const ICONS = {
  first: 'M6 5h2v14H6zM20 5v14L9 12z',
  previous: 'M18 5v14L7 12zM5 5h2v14H5z',
  play: 'M7 4.5v15L20 12z',
  pause: 'M6 5h4v14H6zM14 5h4v14h-4z',
  next: 'M6 5v14l11-7zM17 5h2v14h-2z',
  last: 'M4 5v14l11-7zM16 5h2v14h-2z',
};

export function Controls(p: Props) {
  const atStart = p.index <= 0;
  const atEnd = p.index >= p.count - 1;
  return (
    <div className={`controls${p.compact ? ' compact' : ''}`}>
      <div className="buttons" role="group" aria-label="Step controls">
        <button type="button" aria-label="First step" title="First step (Home)" onClick={p.onFirst} disabled={atStart}>
          <Icon d={ICONS.first} />
        </button>
        <button type="button" aria-label="Previous step" title="Previous step (←)" onClick={p.onPrevious} disabled={atStart}>
          <Icon d={ICONS.previous} />
        </button>
        <button
          type="button"
          className="play"
          aria-label={p.playing ? 'Pause' : 'Play'}
          title={p.playing ? 'Pause (Space)' : 'Play (Space)'}
          onClick={p.onTogglePlay}
        >
          <Icon d={p.playing ? ICONS.pause : ICONS.play} />
        </button>
        <button type="button" aria-label="Next step" title="Next step (→)" onClick={p.onNext} disabled={atEnd}>
          <Icon d={ICONS.next} />
        </button>
        <button type="button" aria-label="Last step" title="Last step (End)" onClick={p.onLast} disabled={atEnd}>
          <Icon d={ICONS.last} />
        </button>
        {!p.compact && (
          <label className="speed">
            <span>Speed</span>
            <select value={p.speed} onChange={(e) => p.onSpeed(Number(e.currentTarget.value))}>
              {SPEEDS.map((s) => (
                <option key={s} value={s}>
                  {s}×
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {p.children}
    </div>
  );
}
