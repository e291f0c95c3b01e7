// Fitting a diagram label into the room it has, without measuring the DOM (monospace: a width per
// character). Shorter forms first, then a smaller font, and clipping with "…" only past a floor.

export function clipText(s: string, max: number): string {
  return s.length > max ? s.slice(0, Math.max(1, max - 1)) + '…' : s;
}

/** Smallest font scale a label may shrink to before it is clipped: presenter mode never clips the
 *  labels of the bundled sessions (the e2e test checks that no label ends in "…"). */
export const FLOOR = { normal: 0.8, presenting: 0.55 };

/**
 * A label that fits `maxW` px: the first of `forms` (longest first) that fits at full size, else the
 * last form scaled down (not below `floor`), else that form clipped at the floor size.
 */
export function fitLabel(forms: readonly string[], maxW: number, charW: number, floor: number): { text: string; scale: number } {
  for (const f of forms) if (f.length * charW <= maxW) return { text: f, scale: 1 };
  const last = forms[forms.length - 1];
  const scale = maxW / (last.length * charW);
  if (scale >= floor) return { text: last, scale };
  return { text: clipText(last, Math.max(1, Math.floor(maxW / (charW * floor)))), scale: floor };
}

