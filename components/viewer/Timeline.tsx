'use client';
// The scrubber: a native range input (keyboard and screen-reader accessible for free) over a strip
// of phase segments. Each segment has its phase colour, a pattern and a text tag, so the phases
// can be told apart without colour.

import { memo } from 'react';
import type { Band } from '@/lib/viewer/layout';
import { phaseStyle } from '@/lib/viewer/phases';

interface Props {
  index: number;
  count: number;
  bands: Band[];
  valueText: string;
  onChange: (index: number) => void;
}

/** The phase strip changes only with the session, not with the step: memoized. */
const Ticks = memo(function Ticks({ bands, count }: { bands: Band[]; count: number }) {
  // Both parties' steps interleave, so one key exchange can be two KEX bands around the other
  // side's short negotiation: a tag is written once per run, not again after a narrow interruption.
  let lastTag = '';
  return (
    <div className="timeline-ticks" aria-hidden="true">
      {bands.map((b) => {
        const ps = phaseStyle(b.phase);
        const width = ((b.end - b.start) / count) * 100;
        const tagged = width > 7 && ps.tag !== lastTag;
        if (tagged) lastTag = ps.tag;
        return (
          <div
            key={b.start}
            className={`tick phase-${ps.key}`}
            style={{ left: `${(b.start / count) * 100}%`, width: `${width}%` }}
            title={`${ps.label}: steps ${b.start + 1}–${b.end}`}
          >
            {tagged ? ps.tag : ''}
          </div>
        );
      })}
    </div>
  );
});

export function Timeline({ index, count, bands, valueText, onChange }: Props) {
  return (
    <div className="timeline">
      <Ticks bands={bands} count={count} />
      <input
        type="range"
        className="scrubber"
        aria-label="Timeline"
        min={1}
        max={Math.max(count, 1)}
        step={1}
        value={index + 1}
        aria-valuetext={valueText}
        onChange={(e) => onChange(Number(e.currentTarget.value) - 1)}
      />
    </div>
  );
}
