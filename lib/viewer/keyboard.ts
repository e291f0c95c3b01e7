// The viewer's keyboard map: a pure function from a key press to an action, so the same table
// drives the handler, the shortcuts dialog and the tests.

export type ViewerAction = 'first' | 'previous' | 'next' | 'last' | 'togglePlay' | 'breakpoint' | 'help';

export interface KeyPress {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** tagName of the focused element and, for inputs, its type. */
  targetTag?: string;
  targetType?: string;
  targetEditable?: boolean;
}

export const SHORTCUTS: { keys: string[]; action: ViewerAction; what: string }[] = [
  { keys: ['→', 'PageDown'], action: 'next', what: 'Next step' },
  { keys: ['←', 'PageUp'], action: 'previous', what: 'Previous step' },
  { keys: ['Home'], action: 'first', what: 'First step' },
  { keys: ['End'], action: 'last', what: 'Last step' },
  { keys: ['Space'], action: 'togglePlay', what: 'Play / pause' },
  { keys: ['B'], action: 'breakpoint', what: 'Run to next breakpoint' },
  { keys: ['?'], action: 'help', what: 'Show these shortcuts' },
];

const KEYS: Record<string, ViewerAction> = {
  ArrowRight: 'next',
  PageDown: 'next', // presentation clickers send PageDown/PageUp
  ArrowLeft: 'previous',
  PageUp: 'previous',
  Home: 'first',
  End: 'last',
  ' ': 'togglePlay',
  Spacebar: 'togglePlay',
  b: 'breakpoint',
  B: 'breakpoint',
  '?': 'help',
};

/** Inputs where keys mean something else: typing, choosing, or moving a slider. */
function ownsKeys(p: KeyPress): boolean {
  if (p.targetEditable) return true;
  const tag = (p.targetTag ?? '').toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    // A checkbox keeps Space (toggle) but lets arrows and clickers step the viewer.
    const type = (p.targetType ?? 'text').toLowerCase();
    if (type === 'checkbox' || type === 'radio') return p.key === ' ' || p.key === 'Spacebar';
    return true;
  }
  return false;
}

/** The action for a key press, or null when the viewer should leave it alone. Space on a focused
 *  button plays/pauses (as in media players) rather than pressing the button; Enter still presses it. */
export function actionForKey(p: KeyPress): ViewerAction | null {
  if (p.ctrlKey || p.metaKey || p.altKey) return null;
  if (ownsKeys(p)) return null;
  return KEYS[p.key] ?? null;
}
