// Shared by the content tests: which files exist, what part of a file a reader sees, and the files
// whose checks are known to fail because another branch is rewriting them.

import { readdirSync } from 'node:fs';

/** Every explanation key on disk ("concepts/dh", "messages/kexinit"). */
export function contentKeysOnDisk(): string[] {
  return ['messages', 'concepts'].flatMap((d) =>
    readdirSync(`content/${d}`)
      .filter((f) => f.endsWith('.mdx'))
      .map((f) => `${d}/${f.slice(0, -4)}`),
  );
}

/**
 * Files another branch is rewriting right now (issue 11: terrapin.mdx's wording and links). Their
 * checks are expected to fail until that branch lands; `it.fails` then turns red, and whoever
 * merges removes the entry here.
 */
export const PENDING_ELSEWHERE = new Set<string>([]);

/** The prose a reader sees: without the title line and the citation paragraph. */
export function prose(text: string): string {
  return text
    .split('\n')
    .slice(1)
    .join('\n')
    .replace(/<p className="mdx-cite">[\s\S]*?<\/p>/g, '');
}
