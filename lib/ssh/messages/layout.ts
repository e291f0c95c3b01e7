// Table-driven codec: one layout table per message, read by encode, decode and the field tree.

import { DecodeError } from '../wire/errors';
import type { Field } from '../wire/field';
import { parseNameList, Reader } from '../wire/reader';
import { Writer } from '../wire/writer';

export type SpecType =
  | 'byte'
  | 'boolean'
  | 'uint32'
  | 'string' // raw bytes (Uint8Array)
  | 'text' // UTF-8 string
  | 'mpint' // bigint
  | 'name-list' // string[]
  | 'cookie' // 16 raw bytes
  | 'host-key' // string holding a public key blob, decoded as nested fields
  | 'signature' // string holding a signature blob, decoded as nested fields
  | 'hybrid-init' // string holding C_INIT = C_PK2 || C_PK1 (PQ/T hybrid kex), split into its parts
  | 'hybrid-reply' // string holding S_REPLY = S_CT2 || S_PK1, split likewise
  | 'extensions'; // RFC 8308: uint32 nr-extensions, then name/value string pairs

export interface FieldSpec {
  name: string;
  type: SpecType;
  ref?: string;
  /** One line for the field tree and the docs. */
  doc?: string;
}

export interface MessageSpec {
  number: number;
  name: string; // "SSH_MSG_KEXINIT"
  ref: string;
  fields: FieldSpec[]; // after the message number byte
}

export interface Extension {
  name: string;
  value: Uint8Array;
}

/** Decoders for the nested blobs, injected so the message layer stays apart from the algorithms. */
export interface NestedDecoders {
  publicKeyFields(blob: Uint8Array, base: number): Field[];
  signatureFields(blob: Uint8Array, base: number): Field[];
  /** The parts of a hybrid C_INIT ('init') or S_REPLY ('reply'); null when its length fits no method. */
  hybridFields?(kind: 'init' | 'reply', body: Uint8Array, base: number): Field[] | null;
}

export type MessageValues = Record<string, unknown>;

/** Extensions whose value is a name-list (RFC 8308 §3.1). */
const nameListExtensions = new Set(['server-sig-algs']);

export function encodeLayout(spec: MessageSpec, values: MessageValues): Uint8Array {
  const w = new Writer().byte(spec.number);
  for (const f of spec.fields) {
    const v = values[f.name];
    if (v === undefined) throw new Error(`${spec.name}: missing field ${f.name}`);
    switch (f.type) {
      case 'byte':
        w.byte(v as number);
        break;
      case 'boolean':
        w.boolean(v as boolean);
        break;
      case 'uint32':
        w.uint32(v as number);
        break;
      case 'string':
      case 'host-key':
      case 'signature':
      case 'hybrid-init':
      case 'hybrid-reply':
        w.string(v as Uint8Array);
        break;
      case 'text':
        w.string(v as string);
        break;
      case 'mpint':
        w.mpint(v as bigint);
        break;
      case 'name-list':
        w.nameList(v as string[]);
        break;
      case 'cookie': {
        const c = v as Uint8Array;
        if (c.length !== 16) throw new Error(`${spec.name}: cookie must be 16 bytes`);
        w.raw(c);
        break;
      }
      case 'extensions': {
        const exts = v as Extension[];
        w.uint32(exts.length);
        for (const e of exts) w.string(e.name).string(e.value);
        break;
      }
    }
  }
  return w.bytes();
}

/**
 * Decodes a payload (starting at the message number byte). `base` is the payload's offset in the
 * buffer the spans should refer to. Throws only DecodeError.
 */
export function decodeLayout(
  spec: MessageSpec,
  payload: Uint8Array,
  base: number,
  nested: NestedDecoders,
): { values: MessageValues; fields: Field[] } {
  const r = new Reader(payload, base);
  const n = r.byte('message_number', 'RFC 4250 §4.1');
  r.fields[0].note = spec.name;
  if (n !== spec.number) throw new DecodeError('message_number', base, `expected ${spec.number}, got ${n}`);
  const values: MessageValues = {};
  for (const f of spec.fields) {
    switch (f.type) {
      case 'byte':
        values[f.name] = r.byte(f.name, f.ref);
        break;
      case 'boolean':
        values[f.name] = r.boolean(f.name, f.ref);
        break;
      case 'uint32':
        values[f.name] = r.uint32(f.name, f.ref);
        break;
      case 'string':
        values[f.name] = r.string(f.name, f.ref);
        break;
      case 'text':
        values[f.name] = r.text(f.name, f.ref);
        break;
      case 'mpint':
        values[f.name] = r.mpint(f.name, f.ref);
        break;
      case 'name-list':
        values[f.name] = r.nameList(f.name, f.ref);
        break;
      case 'cookie':
        values[f.name] = r.raw(f.name, 16, f.ref);
        break;
      case 'host-key':
      case 'signature':
        values[f.name] = readBlob(r, f, nested);
        break;
      case 'hybrid-init':
      case 'hybrid-reply':
        values[f.name] = readHybrid(r, f, nested);
        break;
      case 'extensions':
        values[f.name] = readExtensions(r, f);
        break;
    }
  }
  r.end();
  return { values, fields: r.fields };
}

/** A string holding a blob. A blob we cannot parse stays a leaf: the message itself is well-formed. */
function readBlob(r: Reader, f: FieldSpec, nested: NestedDecoders): Uint8Array {
  const at = r.offset;
  const body = r.string(f.name, f.ref);
  const field = r.fields[r.fields.length - 1];
  try {
    const inner =
      f.type === 'host-key' ? nested.publicKeyFields(body, at + 4) : nested.signatureFields(body, at + 4);
    field.children = [{ name: 'length', type: 'uint32', offset: at, length: 4, value: body.length }, ...inner];
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    field.note = `blob not decodable: ${e.message}`;
  }
  return body;
}

/** C_INIT / S_REPLY: a string whose parts have no lengths of their own; the decoder knows the splits. */
function readHybrid(r: Reader, f: FieldSpec, nested: NestedDecoders): Uint8Array {
  const at = r.offset;
  const body = r.string(f.name, f.ref);
  const field = r.fields[r.fields.length - 1];
  const parts = nested.hybridFields?.(f.type === 'hybrid-init' ? 'init' : 'reply', body, at + 4);
  if (parts) field.children = [{ name: 'length', type: 'uint32', offset: at, length: 4, value: body.length }, ...parts];
  else if (nested.hybridFields) field.note = `${body.length} bytes: no hybrid method has parts of this total length`;
  return body;
}

function readExtensions(r: Reader, f: FieldSpec): Extension[] {
  const start = r.offset;
  const first = r.fields.length;
  const count = r.uint32('nr-extensions', f.ref);
  const exts: Extension[] = [];
  for (let i = 0; i < count; i++) {
    // Each pair needs at least 8 bytes: a hostile count must not make us loop for long.
    if (r.remaining < 8) throw new DecodeError('extension-name', r.offset, `truncated: ${count} extensions announced, ${i} present`);
    const pairStart = r.offset;
    const pairFirst = r.fields.length;
    const name = r.text('extension-name', f.ref);
    const valueAt = r.offset;
    const value = r.string('extension-value', f.ref);
    if (nameListExtensions.has(name)) {
      try {
        r.fields[r.fields.length - 1].value = parseNameList(value, 'extension-value', valueAt + 4);
      } catch {
        r.fields[r.fields.length - 1].note = 'not a valid name-list';
      }
    }
    const children = r.fields.splice(pairFirst);
    r.fields.push({ name: name, type: 'group', offset: pairStart, length: r.offset - pairStart, value: name, children });
    exts.push({ name, value });
  }
  const children = r.fields.splice(first);
  r.fields.push({ name: f.name, type: 'group', offset: start, length: r.offset - start, value: exts.length, ref: f.ref, children });
  return exts;
}
