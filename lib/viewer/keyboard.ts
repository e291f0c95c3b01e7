// The viewer's keyboard map: a pure function from a key press to an action, so the same table
// drives the handler, the shortcuts dialog and the tests.
//
// Two kinds of keys. The *clicker keys* (PageUp/PageDown, ←/→, Space: what presentation clickers
// send) step the viewer whatever has focus: the handler takes them in the capture phase, before
// the focused control (a slider would otherwise move by pages, a select would change the speed).
// Only text entry keeps them, and in normal mode the field tree keeps ←/→/Space (its WAI-ARIA
// tree keys) and a checkbox keeps Space. Every other key goes to the focused control first.

import { PRESENTER_PANELS, type PresenterPanel } from './presenter';

export type ViewerAction =
  | 'first'
  | 'previous'
  | 'next'
  | 'last'
  | 'togglePlay'
  | 'breakpoint'
  | 'help'
  | 'togglePresenter'
  | 'exitPresenter'
  | 'toggleHideFuture'
  | 'toggleQuiz'
  | 'scrollDown'
  | 'scrollUp'
  | `panel:${PresenterPanel}`;

export interface KeyPress {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** tagName of the focused element and, for inputs, its type. */
  targetTag?: string;
  targetType?: string;
  targetEditable?: boolean;
  /** The focused element is inside the packet field tree (role="tree"). */
  inTree?: boolean;
  /** Presenter mode is on. */
  presenting?: boolean;
}

export interface Shortcut {
  keys: string[];
  action: ViewerAction;
  what: string;
  /** Only in presenter mode. */
  presenter?: boolean;
}

export const SHORTCUTS: Shortcut[] = [
  { keys: ['→', 'PageDown'], action: 'next', what: 'Next step (whatever has focus)' },
  { keys: ['←', 'PageUp'], action: 'previous', what: 'Previous step (whatever has focus)' },
  { keys: ['Home'], action: 'first', what: 'First step' },
  { keys: ['End'], action: 'last', what: 'Last step' },
  { keys: ['Space'], action: 'togglePlay', what: 'Play / pause' },
  { keys: ['B'], action: 'breakpoint', what: 'Run to next breakpoint' },
  { keys: ['W'], action: 'toggleHideFuture', what: 'Hide what comes next (future steps and the outcome)' },
  { keys: ['Q'], action: 'toggleQuiz', what: 'Quiz: before each message, choose what comes next (keys 1–4 answer)' },
  { keys: ['P'], action: 'togglePresenter', what: 'Presenter mode on / off' },
  { keys: ['Esc'], action: 'exitPresenter', what: 'Leave presenter mode', presenter: true },
  ...PRESENTER_PANELS.map((p) => ({ keys: [p.key], action: `panel:${p.id}` as const, what: `Show / hide ${p.what}`, presenter: true })),
  { keys: ['↓', '↑'], action: 'scrollDown', what: 'Scroll the explanation and panels', presenter: true },
  { keys: ['?'], action: 'help', what: 'Show these shortcuts' },
];

/** The keys a presentation clicker sends: they step whatever has focus. */
const CLICKER: Record<string, ViewerAction> = {
  ArrowRight: 'next',
  PageDown: 'next',
  ArrowLeft: 'previous',
  PageUp: 'previous',
  ' ': 'togglePlay',
  Spacebar: 'togglePlay',
};

const KEYS: Record<string, ViewerAction> = {
  Home: 'first',
  End: 'last',
  b: 'breakpoint',
  B: 'breakpoint',
  w: 'toggleHideFuture',
  W: 'toggleHideFuture',
  q: 'toggleQuiz',
  Q: 'toggleQuiz',
  p: 'togglePresenter',
  P: 'togglePresenter',
  '?': 'help',
};

const PRESENTER_KEYS: Record<string, ViewerAction> = {
  Escape: 'exitPresenter',
  Esc: 'exitPresenter',
  ArrowDown: 'scrollDown',
  ArrowUp: 'scrollUp',
  ...Object.fromEntries(PRESENTER_PANELS.flatMap((p) => [[p.key.toLowerCase(), `panel:${p.id}`], [p.key.toUpperCase(), `panel:${p.id}`]])),
};

/** True for the keys the viewer takes before the focused control (see the top of this file). */
export function isClickerKey(key: string): boolean {
  return key in CLICKER;
}

const NOT_TEXT = new Set(['range', 'checkbox', 'radio', 'button', 'submit', 'reset', 'color', 'file', 'image']);

/** Typing: every key belongs to the field. */
function isTextEntry(p: KeyPress): boolean {
  if (p.targetEditable) return true;
  const tag = (p.targetTag ?? '').toUpperCase();
  if (tag === 'TEXTAREA') return true;
  return tag === 'INPUT' && !NOT_TEXT.has((p.targetType ?? 'text').toLowerCase());
}

/** Controls that use the non-clicker keys themselves (Home/End on a slider, letters in a select). */
function ownsOtherKeys(p: KeyPress): boolean {
  const tag = (p.targetTag ?? '').toUpperCase();
  if (tag === 'SELECT') return true;
  if (tag === 'INPUT') return (p.targetType ?? '').toLowerCase() === 'range';
  // The field tree moves with ↑/↓ and Home/End.
  return Boolean(p.inTree) && (p.key === 'ArrowDown' || p.key === 'ArrowUp' || p.key === 'Home' || p.key === 'End');
}

/** The action for a key press, or null when the viewer should leave it alone. Space on a focused
 *  button plays/pauses (as in media players) rather than pressing the button; Enter still presses it. */
export function actionForKey(p: KeyPress): ViewerAction | null {
  if (p.ctrlKey || p.metaKey || p.altKey) return null;
  if (isTextEntry(p)) return null;
  const clicker = CLICKER[p.key];
  if (clicker) {
    if (!p.presenting) {
      const space = clicker === 'togglePlay';
      const type = (p.targetType ?? '').toLowerCase();
      // Normal mode: the field tree's ←/→ open and close fields and Space selects one; a
      // checkbox's Space ticks it. PageUp/PageDown step everywhere.
      if (p.inTree && p.key !== 'PageUp' && p.key !== 'PageDown') return null;
      if (space && (p.targetTag ?? '').toUpperCase() === 'INPUT' && (type === 'checkbox' || type === 'radio')) return null;
    }
    return clicker;
  }
  if (ownsOtherKeys(p)) return null;
  if (p.presenting && PRESENTER_KEYS[p.key]) return PRESENTER_KEYS[p.key];
  return KEYS[p.key] ?? null;
}
