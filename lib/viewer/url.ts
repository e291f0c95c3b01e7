// Deep links. `?step=N` is 1-based, like the live region's "Step N of M", so a link copied from the
// address bar opens exactly the step a reader was told about. `?present=1` opens presenter mode,
// `panels=…` names its panels (written only when they differ from the default), and
// `?hide-future=1` hides the steps not reached yet and the outcome; `?quiz=1` asks what comes next
// before each message (lib/viewer/quiz.ts).

import { DEFAULT_PANELS, formatPanels, parsePanels, samePanels, type PresenterPanel } from './presenter';

export interface ViewState {
  /** 0-based index into session.steps. */
  index: number;
  present: boolean;
  /** Presenter panels; the default set when the URL does not say. */
  panels?: ReadonlySet<PresenterPanel>;
  hideFuture?: boolean;
  quiz?: boolean;
}

const yes = (v: string | null) => v === '1' || v === 'true';

/** Reads the view state from a query string, clamping the step into [1, count]. Garbage means step 1. */
export function parseViewQuery(search: string, count: number): Required<ViewState> {
  const q = new URLSearchParams(search);
  const raw = q.get('step');
  let index = 0;
  if (raw !== null && /^\s*\d+\s*$/.test(raw)) {
    const n = Number(raw);
    index = Math.min(Math.max(n, 1), Math.max(count, 1)) - 1;
  }
  return {
    index,
    present: yes(q.get('present')),
    panels: parsePanels(q.get('panels')) ?? new Set(DEFAULT_PANELS),
    hideFuture: yes(q.get('hide-future')),
    quiz: yes(q.get('quiz')),
  };
}

/** The query string for a view state, keeping any other parameters that were there. `withStep:
 *  false` leaves `step` out (a lesson's `?stop=` says where the viewer is). */
export function viewQuery(search: string, state: ViewState & { withStep?: boolean }): string {
  const q = new URLSearchParams(search);
  if (state.withStep === false) q.delete('step');
  else q.set('step', String(state.index + 1));
  if (state.present) q.set('present', '1');
  else q.delete('present');
  if (state.panels && !samePanels(state.panels, DEFAULT_PANELS)) q.set('panels', formatPanels(state.panels));
  else q.delete('panels');
  if (state.hideFuture) q.set('hide-future', '1');
  else q.delete('hide-future');
  if (state.quiz) q.set('quiz', '1');
  else q.delete('quiz');
  return '?' + q.toString();
}
