// /sessions/[slug]: the viewer for a bundled recording, pre-rendered for every manifest slug.
// The page is a static shell; the recording is fetched and replayed in the browser.

import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { bundledRecordings } from '../../_data/manifest';
import { BundledSession } from './BundledSession';

export const dynamicParams = false;

export function generateStaticParams() {
  return bundledRecordings().map((e) => ({ slug: e.slug }));
}

type Params = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { slug } = await params;
  const e = bundledRecordings().find((r) => r.slug === slug);
  return { title: e ? `${e.title} — sshscope` : 'sshscope' };
}

export default async function SessionPage({ params }: Params) {
  const { slug } = await params;
  const entry = bundledRecordings().find((r) => r.slug === slug);
  if (!entry) notFound();
  return <BundledSession url={entry.file} name={entry.title} />;
}
