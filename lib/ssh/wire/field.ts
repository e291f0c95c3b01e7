// A field tree: every decoded value with its byte span, so the hex dump, the tree and the docs agree.

export type WireType =
  | 'byte'
  | 'boolean'
  | 'uint32'
  | 'uint64'
  | 'string'
  | 'mpint'
  | 'name-list'
  | 'bytes' // fixed-length raw bytes: cookie, padding, MAC, ciphertext
  | 'packet'
  | 'group'; // a container whose children tile it

export interface Field {
  /** The RFC's name: "cookie", "kex_algorithms", "padding_length". */
  name: string;
  type: WireType;
  /** Byte span within the buffer the field was read from (absolute, see Reader base). */
  offset: number;
  length: number;
  /** Decoded value: number, bigint, boolean, string, string[] or Uint8Array. */
  value: unknown;
  /** Where the field is defined, e.g. "RFC 4253 §7.1". */
  ref?: string;
  /** Human-readable note shown beside the value (e.g. a reason code's name). */
  note?: string;
  /** A password or keyboard-interactive response: views mask it unless the reader asks to see it. */
  secret?: boolean;
  children?: Field[];
}

/** Moves a tree by `delta` bytes (used when a payload tree is placed inside a packet). */
export function shiftFields(fields: Field[], delta: number): Field[] {
  return fields.map((f) => ({
    ...f,
    offset: f.offset + delta,
    children: f.children ? shiftFields(f.children, delta) : undefined,
  }));
}

/** Finds a field by name path ("K_S/e"), depth-first. */
export function findField(fields: Field[], path: string): Field | undefined {
  const [head, ...rest] = path.split('/');
  const f = fields.find((x) => x.name === head);
  if (!f || rest.length === 0) return f;
  return f.children ? findField(f.children, rest.join('/')) : undefined;
}
