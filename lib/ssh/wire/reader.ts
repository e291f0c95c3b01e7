// RFC 4251 §5 data types, read strictly. Every read records a Field with its absolute span.

import { bytesToBigint, decodeUtf8, readU32 } from './bytes';
import { DecodeError } from './errors';
import type { Field, WireType } from './field';

export class Reader {
  readonly buf: Uint8Array;
  /** Absolute offset of buf[0], so nested readers report spans in the outer buffer. */
  readonly base: number;
  pos = 0;
  readonly fields: Field[] = [];

  constructor(buf: Uint8Array, base = 0) {
    this.buf = buf;
    this.base = base;
  }

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  /** Absolute offset of the next byte. */
  get offset(): number {
    return this.base + this.pos;
  }

  private need(name: string, n: number, what: string): void {
    if (n > this.remaining) {
      throw new DecodeError(name, this.offset, `truncated: ${what} needs ${n} bytes, ${this.remaining} left`);
    }
  }

  private record(f: Field): void {
    this.fields.push(f);
  }

  byte(name: string, ref?: string): number {
    this.need(name, 1, 'byte');
    const v = this.buf[this.pos];
    this.record({ name, type: 'byte', offset: this.offset, length: 1, value: v, ref });
    this.pos += 1;
    return v;
  }

  /** RFC 4251: any non-zero value is TRUE. */
  boolean(name: string, ref?: string): boolean {
    this.need(name, 1, 'boolean');
    const v = this.buf[this.pos] !== 0;
    this.record({ name, type: 'boolean', offset: this.offset, length: 1, value: v, ref });
    this.pos += 1;
    return v;
  }

  uint32(name: string, ref?: string): number {
    this.need(name, 4, 'uint32');
    const v = readU32(this.buf, this.pos);
    this.record({ name, type: 'uint32', offset: this.offset, length: 4, value: v, ref });
    this.pos += 4;
    return v;
  }

  uint64(name: string, ref?: string): bigint {
    this.need(name, 8, 'uint64');
    const v = (BigInt(readU32(this.buf, this.pos)) << 32n) | BigInt(readU32(this.buf, this.pos + 4));
    this.record({ name, type: 'uint64', offset: this.offset, length: 8, value: v, ref });
    this.pos += 8;
    return v;
  }

  /** Fixed-length raw bytes (cookie, padding, MAC). */
  raw(name: string, n: number, ref?: string, type: WireType = 'bytes'): Uint8Array {
    this.need(name, n, `${n}-byte field`);
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.record({ name, type, offset: this.offset, length: n, value: v, ref });
    this.pos += n;
    return v;
  }

  /** Reads the uint32 length of a string and checks it fits, without recording a field. */
  private stringBody(name: string): { start: number; body: Uint8Array } {
    this.need(name, 4, 'string length');
    const len = readU32(this.buf, this.pos);
    if (len > this.remaining - 4) {
      throw new DecodeError(name, this.offset, `string length ${len} runs past the end (${this.remaining - 4} bytes left)`);
    }
    const start = this.pos;
    const body = this.buf.subarray(this.pos + 4, this.pos + 4 + len);
    this.pos += 4 + len;
    return { start, body };
  }

  string(name: string, ref?: string): Uint8Array {
    const { start, body } = this.stringBody(name);
    this.record({ name, type: 'string', offset: this.base + start, length: 4 + body.length, value: body, ref });
    return body;
  }

  /** A string whose content must be valid UTF-8 (descriptions, language tags, service names). */
  text(name: string, ref?: string): string {
    const at = this.offset;
    const { start, body } = this.stringBody(name);
    const s = decodeUtf8(body);
    if (s === null) throw new DecodeError(name, at, 'string is not valid UTF-8');
    this.record({ name, type: 'string', offset: this.base + start, length: 4 + body.length, value: s, ref });
    return s;
  }

  /** RFC 4251 §5 mpint: two's complement, big-endian, minimal; zero is the empty string. */
  mpint(name: string, ref?: string): bigint {
    const at = this.offset;
    const { start, body } = this.stringBody(name);
    if (body.length > 0) {
      if (body.length === 1 && body[0] === 0) {
        throw new DecodeError(name, at, 'mpint zero must be encoded as the empty string');
      }
      if (body.length >= 2) {
        const redundant0 = body[0] === 0x00 && (body[1] & 0x80) === 0;
        const redundantFF = body[0] === 0xff && (body[1] & 0x80) !== 0;
        if (redundant0 || redundantFF) {
          throw new DecodeError(name, at, 'mpint has an unnecessary leading byte (not minimal)');
        }
      }
    }
    let v = bytesToBigint(body);
    if (body.length > 0 && body[0] & 0x80) v -= 1n << BigInt(8 * body.length);
    this.record({ name, type: 'mpint', offset: this.base + start, length: 4 + body.length, value: v, ref });
    return v;
  }

  /** RFC 4251 §5 name-list: comma-separated, non-empty US-ASCII names, no stray comma. */
  nameList(name: string, ref?: string): string[] {
    const at = this.offset;
    const { start, body } = this.stringBody(name);
    const list = parseNameList(body, name, at + 4);
    this.record({ name, type: 'name-list', offset: this.base + start, length: 4 + body.length, value: list, ref });
    return list;
  }

  /**
   * A string whose content is itself structured (host key, signature). The nested reader's
   * fields become children, preceded by the 4-byte length, so the children tile the string.
   */
  nested<T>(name: string, ref: string | undefined, decode: (r: Reader) => T): T {
    const { start, body } = this.stringBody(name);
    const inner = new Reader(body, this.base + start + 4);
    const value = decode(inner);
    inner.end();
    this.record({
      name,
      type: 'string',
      offset: this.base + start,
      length: 4 + body.length,
      value: body,
      ref,
      children: [
        { name: 'length', type: 'uint32', offset: this.base + start, length: 4, value: body.length },
        ...inner.fields,
      ],
    });
    return value;
  }

  /** The bytes left, as one field (e.g. an unparsed remainder). */
  rest(name: string, ref?: string): Uint8Array {
    return this.raw(name, this.remaining, ref);
  }

  /** Strict end: trailing bytes are an error. */
  end(): void {
    if (this.remaining !== 0) {
      throw new DecodeError('(end)', this.offset, `${this.remaining} unexpected trailing bytes`);
    }
  }
}

export function parseNameList(body: Uint8Array, field: string, at: number): string[] {
  if (body.length === 0) return [];
  const names: string[] = [];
  let cur = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === 0x2c) {
      if (cur === '') throw new DecodeError(field, at + i, 'name-list has an empty name (stray comma)');
      names.push(cur);
      cur = '';
    } else if (c <= 0x20 || c >= 0x7f) {
      throw new DecodeError(field, at + i, `name-list byte 0x${c.toString(16).padStart(2, '0')} is not printable US-ASCII`);
    } else {
      cur += String.fromCharCode(c);
    }
  }
  if (cur === '') throw new DecodeError(field, at + body.length - 1, 'name-list ends with a stray comma');
  names.push(cur);
  return names;
}
