// /compare?a=SLUG&b=SLUG: two bundled sessions side by side, aligned by message, differences
// marked. A static shell with the manifest's names; the recordings open in the browser.

import type { Metadata } from 'next';
import { Compare } from '@/components/compare/Compare';
import { bundledRecordings } from '../_data/manifest';

export const metadata: Metadata = { title: 'Compare two sessions — sshscope' };

export default function ComparePage() {
  const entries = bundledRecordings().map(({ slug, title, file, group }) => ({ slug, title, file, group }));
  return <Compare entries={entries} />;
}
