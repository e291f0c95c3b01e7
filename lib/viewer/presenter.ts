// Presenter mode's optional panels: what a lecturer switches on to show the numbers an explanation
// points to. One table for the buttons, the keys, the shortcuts dialog and the URL.

export type PresenterPanel = 'counters' | 'algorithms' | 'hashInputs' | 'fields';

export interface PanelInfo {
  id: PresenterPanel;
  /** The key that toggles it (letters the viewer does not use otherwise). */
  key: string;
  /** The toggle button's visible text, which is also its accessible name. */
  label: string;
  /** For the shortcuts dialog: "Show / hide <what>". */
  what: string;
}

export const PRESENTER_PANELS: readonly PanelInfo[] = [
  { id: 'counters', key: 'C', label: 'Counters', what: 'the sequence counters' },
  { id: 'algorithms', key: 'A', label: 'Algorithms', what: "the negotiated algorithms with both sides' lists" },
  { id: 'hashInputs', key: 'H', label: 'Inputs of H', what: 'the inputs of the exchange hash H' },
  { id: 'fields', key: 'F', label: 'Fields', what: "the current packet's field tree" },
];

/** On when presenter mode opens without a `panels` parameter: the strip is small and it is the
 *  fact a Terrapin lesson turns on. */
export const DEFAULT_PANELS: ReadonlySet<PresenterPanel> = new Set(['counters']);

const IDS = new Set<string>(PRESENTER_PANELS.map((p) => p.id));

/** `panels=algorithms,fields` → the set; unknown names are ignored; null when absent. */
export function parsePanels(raw: string | null): Set<PresenterPanel> | null {
  if (raw === null) return null;
  return new Set(raw.split(',').filter((s): s is PresenterPanel => IDS.has(s)));
}

/** The set in table order, for the URL. */
export function formatPanels(panels: ReadonlySet<PresenterPanel>): string {
  return PRESENTER_PANELS.filter((p) => panels.has(p.id))
    .map((p) => p.id)
    .join(',');
}

export function samePanels(a: ReadonlySet<PresenterPanel>, b: ReadonlySet<PresenterPanel>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}
