// /playground: set up both sides of a handshake, run it in the browser, step through the result.
// The names sshscope implements are read from the registries here, at build time, so the page's
// first load carries the names, not the algorithms (the worker that runs the handshake has those).

import type { Metadata } from 'next';
import { Playground } from '@/components/playground/Playground';
import { implementedAlgorithms } from '@/lib/session/experimentRun';

export const metadata: Metadata = { title: 'Playground — sshscope' };

export default function PlaygroundPage() {
  return <Playground catalog={implementedAlgorithms()} />;
}
