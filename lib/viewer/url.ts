// Deep links. `?step=N` is 1-based, like the live region's "Step N of M", so a link copied from the
// address bar opens exactly the step a reader was told about. `?present=1` opens presenter mode.

export interface ViewState {
  /** 0-based index into session.steps. */
  index: number;
  present: boolean;
}

/** Reads the view state from a query string, clamping the step into [1, count]. Garbage means step 1. */
export function parseViewQuery(search: string, count: number): ViewState {
  const q = new URLSearchParams(search);
  const raw = q.get('step');
  let index = 0;
  if (raw !== null && /^\s*\d+\s*$/.test(raw)) {
    const n = Number(raw);
    index = Math.min(Math.max(n, 1), Math.max(count, 1)) - 1;
  }
  const p = q.get('present');
  return { index, present: p === '1' || p === 'true' };
}

/** The query string for a view state, keeping any other parameters that were there. */
export function viewQuery(search: string, state: ViewState): string {
  const q = new URLSearchParams(search);
  q.set('step', String(state.index + 1));
  if (state.present) q.set('present', '1');
  else q.delete('present');
  return '?' + q.toString();
}
