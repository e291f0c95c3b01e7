// Hex in groups of a few bytes, so a long value wraps between groups (not mid-number) and can be
// read aloud; long values show their first bytes and how many more there are.

import { toHex } from '../inspector/format';

export interface HexGroups {
  groups: string[];
  /** Bytes not shown. */
  more: number;
}

export function hexGroups(bytes: Uint8Array, maxBytes = Infinity, groupBytes = 4): HexGroups {
  const shown = Math.min(bytes.length, Math.max(0, maxBytes));
  const groups: string[] = [];
  for (let i = 0; i < shown; i += groupBytes) groups.push(toHex(bytes.subarray(i, Math.min(i + groupBytes, shown))));
  return { groups, more: bytes.length - shown };
}
