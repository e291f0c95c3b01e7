// The text of the viewer's polite live region (issue 5 fixes its shape; tests read it).

import type { Step } from '../session/session';

/** "Step N of M: <title> (<who>)" with N 1-based, matching `?step=N`. */
export function liveText(step: Pick<Step, 'title' | 'who'>, index: number, count: number): string {
  return `Step ${index + 1} of ${count}: ${step.title} (${step.who})`;
}
