// Protocol version exchange (RFC 4253 §4.2).

import type { Field } from '../wire/field';
import { latin1 } from '../wire/bytes';

/** RFC 4253 §4.2: the identification line is at most 255 characters including CR LF. */
export const MAX_VERSION_LINE = 255;
/** Other lines a server may send first: bounded so a hostile peer cannot make us buffer forever. */
export const MAX_BANNER_LINE = 1024;
export const MAX_BANNER_LINES = 1024;

export type LineResult =
  | { kind: 'need-more' }
  | { kind: 'error'; reason: string; offset: number; code: 'protocol' | 'version' }
  | { kind: 'banner'; text: string; bytes: Uint8Array; fields: Field[] }
  | { kind: 'version'; version: string; bytes: Uint8Array; fields: Field[] };

/**
 * Reads one line from the start of `input`. `offset` is where input starts in the stream (for
 * error messages); `allowBanner` is true only for a client reading the server's lines.
 */
export function readLine(input: Uint8Array, offset: number, allowBanner: boolean): LineResult {
  const lf = input.indexOf(0x0a);
  const limit = allowBanner ? MAX_BANNER_LINE : MAX_VERSION_LINE;
  const startsSSH = input.length >= 4 && latin1(input.subarray(0, 4)) === 'SSH-';
  if (lf < 0) {
    if (input.length >= (startsSSH || !allowBanner ? MAX_VERSION_LINE : limit)) {
      return {
        kind: 'error',
        reason: `identification line longer than ${startsSSH ? MAX_VERSION_LINE : limit} bytes without a line feed`,
        offset,
        code: 'protocol',
      };
    }
    return { kind: 'need-more' };
  }
  const bytes = input.subarray(0, lf + 1);
  const crlf = lf > 0 && input[lf - 1] === 0x0d;
  const text = latin1(input.subarray(0, crlf ? lf - 1 : lf));
  const terminator: Field = {
    name: crlf ? 'CR LF' : 'LF',
    type: 'bytes',
    offset: crlf ? lf - 1 : lf,
    length: crlf ? 2 : 1,
    value: bytes.subarray(crlf ? lf - 1 : lf),
    ref: 'RFC 4253 §4.2',
  };
  if (!text.startsWith('SSH-')) {
    // The same limit whether or not the line feed came in the same chunk: the limit is on the line.
    if (allowBanner && bytes.length > MAX_BANNER_LINE) {
      return { kind: 'error', reason: `a line before the identification line is ${bytes.length} bytes, more than ${MAX_BANNER_LINE}`, offset, code: 'protocol' };
    }
    if (!allowBanner) {
      return { kind: 'error', reason: `expected an identification line starting with "SSH-", got "${printable(text)}"`, offset, code: 'protocol' };
    }
    return {
      kind: 'banner',
      text,
      bytes,
      fields: [
        { name: 'text', type: 'bytes', offset: 0, length: text.length, value: text, ref: 'RFC 4253 §4.2' },
        terminator,
      ],
    };
  }
  if (bytes.length > MAX_VERSION_LINE) {
    return { kind: 'error', reason: `identification line is ${bytes.length} bytes, more than ${MAX_VERSION_LINE}`, offset, code: 'protocol' };
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) {
      return { kind: 'error', reason: `identification line has a non-printable byte 0x${c.toString(16).padStart(2, '0')}`, offset: offset + i, code: 'protocol' };
    }
  }
  const dash = text.indexOf('-', 4);
  const proto = dash < 0 ? text.slice(4) : text.slice(4, dash);
  if (proto !== '2.0' && proto !== '1.99') {
    return { kind: 'error', reason: `unsupported protocol version "${proto}" in "${printable(text)}" (need 2.0 or 1.99)`, offset, code: 'version' };
  }
  if (dash < 0 || dash === text.length - 1) {
    return { kind: 'error', reason: `identification line "${printable(text)}" has no software version`, offset, code: 'protocol' };
  }
  const space = text.indexOf(' ', dash);
  const softEnd = space < 0 ? text.length : space;
  const fields: Field[] = [
    // "SSH-protoversion-softwareversion": protoversion is "2.0" itself; the literal "SSH-" and the
    // "-" after it are fields of their own, so each byte is annotated with what it is.
    { name: 'SSH-', type: 'bytes', offset: 0, length: 4, value: 'SSH-', ref: 'RFC 4253 §4.2' },
    { name: 'protoversion', type: 'bytes', offset: 4, length: dash - 4, value: proto, ref: 'RFC 4253 §4.2' },
    { name: '-', type: 'bytes', offset: dash, length: 1, value: '-', ref: 'RFC 4253 §4.2' },
    { name: 'softwareversion', type: 'bytes', offset: dash + 1, length: softEnd - dash - 1, value: text.slice(dash + 1, softEnd), ref: 'RFC 4253 §4.2' },
  ];
  if (space >= 0) {
    fields.push({ name: 'comments', type: 'bytes', offset: space, length: text.length - space, value: text.slice(space + 1), ref: 'RFC 4253 §4.2' });
  }
  fields.push(terminator);
  return { kind: 'version', version: text, bytes, fields };
}

function printable(s: string): string {
  const cut = s.length > 80 ? s.slice(0, 80) + '…' : s;
  return cut.replace(/[^\x20-\x7e]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
