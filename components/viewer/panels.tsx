// The inspector, state and explanation panels (engineer V2's components), gathered in one place so
// the viewer has one import to change. The explanation is a placeholder with the same test id
// until components/explain/Explanation lands.

import type { Step } from '@/lib/session/session';

export { PacketInspector } from '@/components/inspector/PacketInspector';
export { StateInspector } from '@/components/state/StateInspector';

export function Explanation({ step }: { step: Step }) {
  return (
    <div data-testid="explanation" className="placeholder">
      <strong>{step.title}</strong> <span>({step.explain})</span>
    </div>
  );
}
