'use client';

import { useMemo } from 'react';
import { SessionView } from '@/components/viewer/SessionView';

export function BundledSession({ url, name }: { url: string; name: string }) {
  const source = useMemo(() => ({ kind: 'url' as const, url, name }), [url, name]);
  return <SessionView source={source} />;
}
