// /view: the viewer for a recording opened from this computer (kept in the tab's storage, so a
// reload shows it again). Nothing is uploaded anywhere.

import type { Metadata } from 'next';
import { LocalSession } from './LocalSession';

export const metadata: Metadata = { title: 'Local recording — sshscope' };

export default function ViewPage() {
  return <LocalSession />;
}
