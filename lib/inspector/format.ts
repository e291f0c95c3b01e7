// How a decoded value reads in the field tree: by its wire type (RFC 4251 §5), short enough for one
// line, with the whole value available for the detail view and the copy button.

import type { Field } from '../ssh/wire/field';

export interface FormattedValue {
  /** One line for the tree row. */
  short: string;
  /** The whole value as text (hex for bytes), for the detail view and copying. */
  full: string;
  /** Name-lists: the names, one per item. */
  list?: string[];
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lower-case hex, optionally with a separator between bytes. */
export function toHex(bytes: Uint8Array, sep = ''): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += (i && sep ? sep : '') + HEX[bytes[i]];
  return s;
}

/** "00 11 22 … ff (32 bytes)": the first `head` bytes, an ellipsis and the length. */
export function hexPreview(bytes: Uint8Array, head = 12): string {
  if (bytes.length === 0) return '(empty)';
  const unit = bytes.length === 1 ? 'byte' : 'bytes';
  if (bytes.length <= head) return `${toHex(bytes, ' ')} (${bytes.length} ${unit})`;
  return `${toHex(bytes.subarray(0, head), ' ')} … (${bytes.length} ${unit})`;
}

/** Control and other invisible characters as escapes, so hostile strings show what they are. */
export function quoteText(s: string, max = 80): string {
  const clipped = s.length > max ? s.slice(0, max) : s;
  // eslint-disable-next-line no-control-regex
  const escaped = clipped.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069"\\]/g, (c) => {
    if (c === '"' || c === '\\') return `\\${c}`;
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  return `"${escaped}${s.length > max ? '…' : ''}"` + (s.length > max ? ` (${s.length} characters)` : '');
}

/** Bit length of a non-negative integer (0 for 0). */
export function bitLength(n: bigint): number {
  if (n < 0n) n = -n;
  return n === 0n ? 0 : n.toString(2).length;
}

/**
 * mpint (RFC 4251 §5): small values in decimal, large ones as hex with an ellipsis and their size
 * in bits, which is what a reader compares (a 2048-bit e, a 4096-bit p).
 */
export function formatBigint(n: bigint): FormattedValue {
  const neg = n < 0n;
  const abs = neg ? -n : n;
  const hex = abs.toString(16);
  const full = `${neg ? '-' : ''}0x${hex}`;
  if (abs < 1n << 32n) return { short: `${n.toString()} (${full})`, full: n.toString() };
  const bits = bitLength(abs);
  const short = `${neg ? '-' : ''}0x${hex.slice(0, 16)}${hex.length > 16 ? '…' : ''} (${bits} bits)`;
  return { short, full };
}

/** Printable ASCII (with TAB), the bytes that read as text in a version line or a name. */
function isPrintable(bytes: Uint8Array): boolean {
  for (const b of bytes) if ((b < 0x20 || b > 0x7e) && b !== 0x09) return false;
  return true;
}

const CTRL_NAMES: Record<string, string> = { '0d0a': 'CR LF', '0a': 'LF', '0d': 'CR' };

/** Formats a field's decoded value by its wire type, falling back on the value's JS type. */
export function formatValue(field: Pick<Field, 'type' | 'value' | 'length'>): FormattedValue {
  const v = field.value;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) {
    const names = v as string[];
    const short = names.length === 0 ? '(empty list)' : `${names.length} ${names.length === 1 ? 'name' : 'names'}: ${names.join(',')}`;
    return { short: clip(short, 100), full: names.join(','), list: names };
  }
  if (typeof v === 'bigint') return formatBigint(v);
  if (v instanceof Uint8Array) {
    const hex = toHex(v);
    if (CTRL_NAMES[hex]) return { short: `${CTRL_NAMES[hex]} (${toHex(v, ' ')})`, full: hex };
    // A string field whose bytes are printable reads better as text, but keep the hex too.
    if (field.type === 'string' && v.length > 0 && v.length <= 64 && isPrintable(v)) {
      const text = new TextDecoder().decode(v);
      return { short: `${quoteText(text)} (${v.length} bytes)`, full: hex };
    }
    return { short: hexPreview(v), full: hex };
  }
  if (typeof v === 'boolean') return { short: v ? 'TRUE (1)' : 'FALSE (0)', full: String(v) };
  if (typeof v === 'number') {
    if (field.type === 'byte') return { short: `${v} (0x${v.toString(16).padStart(2, '0')})`, full: String(v) };
    if (field.type === 'group') return { short: String(v), full: String(v) };
    return { short: v.toLocaleString('en-US'), full: String(v) };
  }
  if (typeof v === 'string') return { short: quoteText(v), full: v };
  if (v === null || v === undefined) return { short: '', full: '' };
  try {
    const s = JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x instanceof Uint8Array ? toHex(x) : x));
    return { short: clip(s ?? String(v), 100), full: s ?? String(v) };
  } catch {
    return { short: String(v), full: String(v) };
  }
}

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** "6–21 (16 bytes)": a span as the tree shows it. */
export function formatSpan(offset: number, length: number): string {
  if (length === 0) return `at ${offset} (0 bytes)`;
  return `${offset}–${offset + length - 1} (${length} ${length === 1 ? 'byte' : 'bytes'})`;
}
