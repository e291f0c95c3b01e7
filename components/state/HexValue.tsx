// A byte value as grouped hex (4 bytes a group), wrapping between groups; a long one shows its
// first bytes and says how many more there are (the copy button next to it copies them all).

import { hexGroups } from '@/lib/viewer/hexGroups';

export function HexValue({ bytes, maxBytes, className }: { bytes: Uint8Array; maxBytes?: number; className?: string }) {
  const { groups, more } = hexGroups(bytes, maxBytes);
  if (bytes.length === 0) return <code className={`hexv ${className ?? ''}`}>(empty)</code>;
  return (
    <code className={`hexv ${className ?? ''}`}>
      {groups.map((g, i) => (
        <span key={i} className="hexv-g">
          {g}
        </span>
      ))}
      {more > 0 && (
        <span className="hexv-more">
          … {more.toLocaleString('en-US')} more {more === 1 ? 'byte' : 'bytes'}
        </span>
      )}
    </code>
  );
}
