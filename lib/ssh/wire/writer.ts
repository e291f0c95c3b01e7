// RFC 4251 §5 data types, written. The mirror of Reader.

import { bigintToBytes, concat, u32be, utf8 } from './bytes';

export class Writer {
  private parts: Uint8Array[] = [];

  byte(v: number): this {
    this.parts.push(Uint8Array.of(v & 0xff));
    return this;
  }

  boolean(v: boolean): this {
    return this.byte(v ? 1 : 0);
  }

  uint32(v: number): this {
    this.parts.push(u32be(v));
    return this;
  }

  uint64(v: bigint): this {
    this.parts.push(bigintToBytes(BigInt.asUintN(64, v), 8));
    return this;
  }

  raw(b: Uint8Array): this {
    this.parts.push(b);
    return this;
  }

  string(v: Uint8Array | string): this {
    const b = typeof v === 'string' ? utf8(v) : v;
    this.parts.push(u32be(b.length), b);
    return this;
  }

  mpint(v: bigint): this {
    return this.string(encodeMpintBody(v));
  }

  nameList(names: readonly string[]): this {
    return this.string(names.join(','));
  }

  bytes(): Uint8Array {
    return concat(...this.parts);
  }
}

/** Two's complement, minimal, big-endian; zero is empty (RFC 4251 §5). */
export function encodeMpintBody(v: bigint): Uint8Array {
  if (v === 0n) return new Uint8Array(0);
  if (v > 0n) {
    const mag = bigintToBytes(v);
    return mag[0] & 0x80 ? concat(Uint8Array.of(0), mag) : mag;
  }
  // Negative: find the smallest byte length whose two's complement range holds v.
  let n = 1;
  while (v < -(1n << BigInt(8 * n - 1))) n++;
  return bigintToBytes((1n << BigInt(8 * n)) + v, n);
}

/** mpint with its length prefix, exactly as it enters a hash (e.g. the shared secret K). */
export function encodeMpint(v: bigint): Uint8Array {
  return new Writer().mpint(v).bytes();
}

/** An unsigned big-endian magnitude as an mpint (RFC 8731 §3: X25519 K as mpint). */
export function encodeMpintFromUnsigned(magnitude: Uint8Array): Uint8Array {
  let i = 0;
  while (i < magnitude.length && magnitude[i] === 0) i++;
  const m = magnitude.subarray(i);
  const body = m.length && m[0] & 0x80 ? concat(Uint8Array.of(0), m) : m;
  return concat(u32be(body.length), body);
}

export function encodeString(v: Uint8Array | string): Uint8Array {
  return new Writer().string(v).bytes();
}
