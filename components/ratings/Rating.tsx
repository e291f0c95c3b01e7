// An algorithm's rating (recommended / acceptable / weak / broken) from the one ratings table,
// as a badge, optionally with its reason and source. Names come from a peer: shown as text only.

import { isSignal, ratingOf } from '@/lib/ssh/algorithms/ratings';
import './rating.css';

const MARK = { recommended: '✓', acceptable: '○', weak: '⚠', broken: '✕' } as const;

/** `category`: kex, hostKey, cipher(C2S/S2C), mac(C2S/S2C) or compression(C2S/S2C). */
export function RatingBadge({ category, name, detail }: { category: string; name: string; detail?: boolean }) {
  if (isSignal(name)) return null;
  const r = ratingOf(category, name);
  if (!r) return <span className="rt rt-none">not rated</span>;
  return (
    <>
      <span className={`rt rt-${r.rating}`} title={detail ? undefined : `${r.reason} (${r.source})`}>
        <span aria-hidden="true">{MARK[r.rating]} </span>
        {r.rating}
      </span>
      {detail && (
        <span className="rt-why">
          {' '}
          {r.reason} <span className="rt-src">({r.source})</span>
        </span>
      )}
    </>
  );
}
