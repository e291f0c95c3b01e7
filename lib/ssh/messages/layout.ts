// Table-driven codec: one layout table per message, read by encode, decode and the field tree.

import { DecodeError } from '../wire/errors';
import type { Field } from '../wire/field';
import { parseNameList, Reader } from '../wire/reader';
import { terminalModeName } from './terminalModes';
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
  | 'extensions' // RFC 8308: uint32 nr-extensions, then name/value string pairs
  | 'list' // uint32 count, then `item` that many times (RFC 4256 prompts and responses)
  | 'terminal-modes' // RFC 4254 §8: a string of opcode/argument pairs, decoded as nested fields
  | 'rest'; // the bytes left, uninterpreted: data whose format the type, method or request names

export interface FieldSpec {
  name: string;
  type: SpecType;
  ref?: string;
  /** One line for the field tree and the docs. */
  doc?: string;
  /**
   * A password, a new password, a keyboard-interactive response: the field (and its bytes) are
   * masked wherever they are shown unless the reader asks to see them.
   */
  secret?: boolean;
  /** Names of the values a uint32 can take (reason codes, data type codes): the note beside it. */
  names?: Record<number, string>;
  /** 'list': the name of the uint32 count ("num-prompts") and each item's fields ("prompt", "echo"). */
  count?: string;
  item?: FieldSpec[];
}

/**
 * Fields, then perhaps a tail chosen by the value of an earlier field: the method-specific fields
 * of a USERAUTH_REQUEST, the type-specific data of a CHANNEL_OPEN or CHANNEL_REQUEST.
 */
export interface Layout {
  fields: FieldSpec[];
  tail?: Tail;
}

export interface Tail {
  /** The earlier field whose value picks the case (a method name, a request type, a boolean). */
  on: string;
  /** Keyed by that value as a string ("password", "true"). */
  cases: Record<string, Layout>;
  /** Any other value: typically one 'rest' field. Absent: nothing may follow. */
  otherwise?: Layout;
}

export interface MessageSpec extends Layout {
  number: number;
  name: string; // "SSH_MSG_KEXINIT"
  ref: string;
  // `fields` come after the message number byte.
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

/** The layout a tail continues with for the value `v` of its `on` field (undefined: nothing follows). */
export function tailCase(tail: Tail, v: unknown): Layout | undefined {
  const key = String(v);
  return Object.hasOwn(tail.cases, key) ? tail.cases[key] : tail.otherwise;
}

/** Every field a layout can hold, in every case: for docs and for the tests. */
export function allFieldSpecs(layout: Layout): FieldSpec[] {
  const out: FieldSpec[] = [];
  const walk = (fs: FieldSpec[]) => {
    for (const f of fs) {
      out.push(f);
      if (f.item) walk(f.item);
    }
  };
  const visit = (l: Layout) => {
    walk(l.fields);
    if (l.tail) for (const c of [...Object.values(l.tail.cases), ...(l.tail.otherwise ? [l.tail.otherwise] : [])]) visit(c);
  };
  visit(layout);
  return out;
}

export function encodeLayout(spec: MessageSpec, values: MessageValues): Uint8Array {
  const w = new Writer().byte(spec.number);
  writeLayout(w, spec, values, spec.name);
  return w.bytes();
}

function writeLayout(w: Writer, layout: Layout, values: MessageValues, what: string): void {
  for (const f of layout.fields) writeField(w, f, values[f.name], what);
  if (layout.tail) {
    const next = tailCase(layout.tail, values[layout.tail.on]);
    if (next) writeLayout(w, next, values, what);
  }
}

function writeField(w: Writer, f: FieldSpec, v: unknown, what: string): void {
  {
    if (v === undefined) throw new Error(`${what}: missing field ${f.name}`);
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
      case 'terminal-modes':
        w.string(v as Uint8Array);
        break;
      case 'rest':
        w.raw(v as Uint8Array);
        break;
      case 'list': {
        const items = v as MessageValues[];
        w.uint32(items.length);
        for (const item of items) for (const g of f.item ?? []) writeField(w, g, item[g.name], what);
        break;
      }
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
        if (c.length !== 16) throw new Error(`${what}: cookie must be 16 bytes`);
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
  readLayout(r, spec, values, nested);
  r.end();
  return { values, fields: r.fields };
}

function readLayout(r: Reader, layout: Layout, values: MessageValues, nested: NestedDecoders): void {
  for (const f of layout.fields) values[f.name] = readField(r, f, nested);
  if (layout.tail) {
    const next = tailCase(layout.tail, values[layout.tail.on]);
    if (next) readLayout(r, next, values, nested);
  }
}

function readField(r: Reader, f: FieldSpec, nested: NestedDecoders): unknown {
  const first = r.fields.length;
  const value = readValue(r, f, nested);
  const field = r.fields[first];
  if (field && f.secret) markSecret(r.fields.slice(first));
  if (field && f.names && typeof value === 'number') field.note = f.names[value] ?? `unknown (${value})`;
  return value;
}

function markSecret(fields: Field[]): void {
  for (const x of fields) {
    x.secret = true;
    if (x.children) markSecret(x.children);
  }
}

function readValue(r: Reader, f: FieldSpec, nested: NestedDecoders): unknown {
  switch (f.type) {
    case 'byte':
      return r.byte(f.name, f.ref);
    case 'boolean':
      return r.boolean(f.name, f.ref);
    case 'uint32':
      return r.uint32(f.name, f.ref);
    case 'string':
      return r.string(f.name, f.ref);
    case 'text':
      return r.text(f.name, f.ref);
    case 'mpint':
      return r.mpint(f.name, f.ref);
    case 'name-list':
      return r.nameList(f.name, f.ref);
    case 'cookie':
      return r.raw(f.name, 16, f.ref);
    case 'host-key':
    case 'signature':
      return readBlob(r, f, nested);
    case 'hybrid-init':
    case 'hybrid-reply':
      return readHybrid(r, f, nested);
    case 'extensions':
      return readExtensions(r, f);
    case 'list':
      return readList(r, f, nested);
    case 'terminal-modes':
      return readTerminalModes(r, f);
    case 'rest':
      return r.rest(f.name, f.ref);
  }
}

/** uint32 count, then the items: one group holding the count and each item's fields ("prompt[1]", "echo[1]"). */
function readList(r: Reader, f: FieldSpec, nested: NestedDecoders): MessageValues[] {
  const start = r.offset;
  const first = r.fields.length;
  const item = f.item ?? [];
  const count = r.uint32(f.count ?? 'count', f.ref);
  // Every item takes at least a byte per field: a hostile count must not make us loop for long.
  const minItem = Math.max(1, item.length);
  if (count > r.remaining / minItem) {
    throw new DecodeError(f.count ?? 'count', start, `${count} items announced, but only ${r.remaining} bytes follow`);
  }
  const items: MessageValues[] = [];
  for (let i = 0; i < count; i++) {
    const values: MessageValues = {};
    for (const g of item) {
      const at = r.fields.length;
      values[g.name] = readField(r, g, nested);
      // RFC 4256 numbers them from 1: prompt[1], echo[1], …
      r.fields[at].name = `${g.name}[${i + 1}]`;
    }
    items.push(values);
  }
  const children = r.fields.splice(first);
  r.fields.push({ name: f.name, type: 'group', offset: start, length: r.offset - start, value: count, ref: f.ref, children });
  return items;
}

/**
 * RFC 4254 §8: opcode bytes, each of 1–159 followed by a uint32 argument, ended by TTY_OP_END (0);
 * 160–255 are not defined and stop parsing. Like a key blob, a body we cannot parse stays a leaf:
 * the message is still well-formed.
 */
function readTerminalModes(r: Reader, f: FieldSpec): Uint8Array {
  const at = r.offset;
  const body = r.string(f.name, f.ref);
  const field = r.fields[r.fields.length - 1];
  const inner = new Reader(body, at + 4);
  try {
    for (;;) {
      if (inner.remaining === 0) {
        field.note = 'ends without TTY_OP_END';
        break;
      }
      const opStart = inner.offset;
      const mark = inner.fields.length;
      const op = inner.byte('opcode', 'RFC 4254 §8');
      if (op === 0) {
        inner.fields[mark].name = 'TTY_OP_END';
        break;
      }
      if (op >= 160) {
        inner.fields[mark].note = `opcode ${op} is not defined: parsing stops here`;
        break;
      }
      inner.fields[mark].note = terminalModeName(op);
      inner.uint32('argument', 'RFC 4254 §8');
      const parts = inner.fields.splice(mark);
      inner.fields.push({ name: terminalModeName(op), type: 'group', offset: opStart, length: inner.offset - opStart, value: parts[1].value, ref: 'RFC 4254 §8', children: parts });
    }
    if (inner.remaining > 0) inner.rest('after the modes');
    field.children = [{ name: 'length', type: 'uint32', offset: at, length: 4, value: body.length }, ...inner.fields];
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    field.note = `modes not decodable: ${e.message}`;
  }
  return body;
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
