// Small byte helpers shared by every layer. Browser-safe: no Node built-ins.

// Hex digits of every byte value as two ASCII codes in one 16-bit cell (first digit in the low
// byte on little-endian machines, so the cells can be copied as they are into a byte buffer).
const HEX = '0123456789abcdef';
const PAIRS = new Uint16Array(256);
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
for (let i = 0; i < 256; i++) {
  const hi = HEX.charCodeAt(i >> 4);
  const lo = HEX.charCodeAt(i & 15);
  PAIRS[i] = littleEndian ? hi | (lo << 8) : (hi << 8) | lo;
}
const ascii = new TextDecoder();
/** Below this, plain concatenation of table entries is cheaper than a decoder call. */
const SMALL = 32;
const SMALL_PAIRS = Array.from({ length: 256 }, (_, i) => HEX[i >> 4] + HEX[i & 15]);

/**
 * Lower-case hex. Large inputs go through one ASCII buffer and one decode: building the string a
 * character at a time made a rope of cons-strings costing some 68 bytes per input byte until
 * flattened; this costs the 2 bytes of buffer and 2 of flat one-byte string per input byte.
 */
export function toHex(bytes: Uint8Array): string {
  const n = bytes.length;
  if (n < SMALL) {
    let out = '';
    for (let i = 0; i < n; i++) out += SMALL_PAIRS[bytes[i]];
    return out;
  }
  const cells = new Uint16Array(n);
  for (let i = 0; i < n; i++) cells[i] = PAIRS[bytes[i]];
  return ascii.decode(cells);
}

export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw new Error(`invalid hex string (length ${hex.length})`);
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i];
  return d === 0;
}

const encoder = new TextEncoder();
export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}

const strictDecoder = new TextDecoder('utf-8', { fatal: true });
/** Decodes UTF-8, returning null for invalid sequences instead of throwing. */
export function decodeUtf8(b: Uint8Array): string | null {
  try {
    return strictDecoder.decode(b);
  } catch {
    return null;
  }
}

/** ASCII rendering that never throws (non-printables become U+FFFD-free escapes). */
export function latin1(b: Uint8Array): string {
  let s = '';
  for (const c of b) s += String.fromCharCode(c);
  return s;
}

export function u32be(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n >>> 0);
  return b;
}

export function readU32(b: Uint8Array, off: number): number {
  return ((b[off] << 24) | (b[off + 1] << 16) | (b[off + 2] << 8) | b[off + 3]) >>> 0;
}

/** Unsigned big-endian bytes → bigint. */
export function bytesToBigint(b: Uint8Array): bigint {
  return b.length === 0 ? 0n : BigInt('0x' + toHex(b));
}

/** Non-negative bigint → unsigned big-endian bytes, left-padded to `length` when given. */
export function bigintToBytes(n: bigint, length?: number): Uint8Array {
  if (n < 0n) throw new RangeError('bigintToBytes: negative');
  let hex = n === 0n ? '' : n.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  if (length !== undefined) {
    if (hex.length / 2 > length) throw new RangeError(`bigintToBytes: value does not fit in ${length} bytes`);
    hex = hex.padStart(length * 2, '0');
  }
  return fromHex(hex);
}
