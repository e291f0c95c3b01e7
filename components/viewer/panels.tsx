// The inspector, state and explanation panels (engineer V2's components), gathered in one place so
// the viewer has a single seam to them.

export { PacketInspector } from '@/components/inspector/PacketInspector';
export { StateInspector } from '@/components/state/StateInspector';
export { Explanation } from '@/components/explain/Explanation';
export { preloadExplanation } from '@/components/explain/Explanation';
