// A packet's field trees and decoded values, built on first read instead of for every packet.
// A long session has hundreds of thousands of packets, each logged by its sender and its receiver,
// and a viewer looks at a handful: building every tree up front cost most of the memory and time
// of opening one. The trees are a pure function of bytes the entry already holds, so building them
// later gives the same result; the entry is a plain object whose `fields`, `wireFields` and
// `values` are own enumerable properties (spread, equality and JSON see them as before).

import type { WireLayout } from '../algorithms/types';
import { nestedDecoders } from '../algorithms/decoders';
import type { KexFamily } from '../algorithms/types';
import { decodeMessage, type DecodedMessage } from '../messages/codec';
import type { DecodeContext } from '../messages/specs';
import type { Field } from '../wire/field';
import type { TraceEntry } from './events';
import { packetFields, wireFields } from './packet';

// A deferred entry rebuilds its trees from what it holds (`packet`, `wire`, `layout`; the padding
// length is the packet's fifth byte) plus the kex family that gave numbers 30–49 their meaning.
// Tables keyed by the entry, and one getter per property shared by every entry: a deferred entry
// costs a table slot, not an object or closures of its own, and all entries keep one shape.
const families = new WeakMap<TraceEntry, KexFamily>();
// The user authentication method in progress, for numbers 60–79 (set only where one was).
const contexts = new WeakMap<TraceEntry, DecodeContext>();
const decodings = new WeakMap<TraceEntry, DecodedMessage>();
const frozen = new WeakMap<TraceEntry, Partial<Pick<TraceEntry, 'fields' | 'wireFields' | 'values'>>>();

function decoded(entry: TraceEntry): DecodedMessage {
  let d = decodings.get(entry);
  if (!d) {
    // The payload was decoded without error when the entry was made (the engine needed its
    // values), so decoding the same bytes in the same context again cannot throw.
    const packet = entry.packet!;
    d = decodeMessage(packet.subarray(5, packet.length - packet[4]), 5, nestedDecoders, families.get(entry), contexts.get(entry));
    decodings.set(entry, d);
  }
  return d;
}

/** Replaces the accessor by the value, so later reads (and writes) are plain. */
function settle<K extends 'fields' | 'wireFields' | 'values'>(entry: TraceEntry, key: K, value: TraceEntry[K]): TraceEntry[K] {
  if (!Object.isExtensible(entry)) {
    // Frozen by a consumer: the accessor stays, so remember the value beside the entry instead.
    const kept = frozen.get(entry) ?? {};
    frozen.set(entry, kept);
    return (kept[key] ??= value) as TraceEntry[K];
  }
  Object.defineProperty(entry, key, { value, writable: true, enumerable: true, configurable: true });
  if (!isPending(entry, 'fields') && !isPending(entry, 'wireFields') && !isPending(entry, 'values')) {
    families.delete(entry);
    contexts.delete(entry);
    decodings.delete(entry);
  }
  return value;
}

function isPending(entry: TraceEntry, key: string): boolean {
  return Object.getOwnPropertyDescriptor(entry, key)?.get !== undefined;
}

const accessors: { [K in 'fields' | 'wireFields' | 'values']: PropertyDescriptor } = {
  fields: {
    get(this: TraceEntry): Field[] {
      const kept = frozen.get(this)?.fields;
      if (kept) return kept;
      const m = decoded(this);
      return settle(this, 'fields', packetFields(this.packet!, this.packet![4], m.fields, m.name));
    },
    set(this: TraceEntry, v: Field[]) {
      settle(this, 'fields', v);
    },
    enumerable: true,
    configurable: true,
  },
  wireFields: {
    get(this: TraceEntry): TraceEntry['wireFields'] {
      const kept = frozen.get(this)?.wireFields;
      if (kept) return kept;
      // Read through `fields`: without protection the wire tree is the packet tree itself.
      return settle(this, 'wireFields', wireFields(this.wire, this.layout!, this.fields));
    },
    set(this: TraceEntry, v: Field[]) {
      settle(this, 'wireFields', v);
    },
    enumerable: true,
    configurable: true,
  },
  values: {
    get(this: TraceEntry): TraceEntry['values'] {
      const kept = frozen.get(this)?.values;
      if (kept) return kept;
      return settle(this, 'values', decoded(this).values);
    },
    set(this: TraceEntry, v: Record<string, unknown>) {
      settle(this, 'values', v);
    },
    enumerable: true,
    configurable: true,
  },
};

export type Plain = Omit<TraceEntry, 'fields' | 'wireFields' | 'values'>;

// Entries are built property by property in a fixed order, the three lazy ones added with the
// shared accessors: turning data properties into accessors afterwards (or adding keys in varying
// orders) would switch entries to V8's slow dictionary representation.
function lazy(out: object, key: 'fields' | 'wireFields' | 'values'): void {
  Object.defineProperty(out, key, accessors[key]);
}

/**
 * A packet entry as its sender logs it, with `fields`, `wireFields` and `values` built on first
 * read from its `packet` (packet_length || padding_length || payload || padding), `wire` and
 * `layout`, the payload decoded in `family`'s context. Keys in the order the sender always used.
 */
export function sentPacketEntry(e: Plain, family: KexFamily | undefined, context?: DecodeContext): TraceEntry {
  const out = { kind: e.kind, direction: e.direction, seq: e.seq, number: e.number, name: e.name, wire: e.wire, packet: e.packet } as TraceEntry;
  lazy(out, 'fields');
  lazy(out, 'wireFields');
  out.encrypted = e.encrypted;
  out.layout = e.layout;
  out.cipher = e.cipher;
  out.mac = e.mac;
  lazy(out, 'values');
  out.streamOffset = e.streamOffset;
  if (family !== undefined) families.set(out, family);
  if (context?.authMethod !== undefined) contexts.set(out, context);
  return out;
}

/** The same for a packet as its receiver logs it: the lazy keys come last, as they always did. */
export function receivedPacketEntry(
  e: Omit<Plain, 'number' | 'name'>,
  number: number,
  name: string,
  family: KexFamily | undefined,
  context?: DecodeContext,
): TraceEntry {
  const out = {
    kind: e.kind,
    direction: e.direction,
    seq: e.seq,
    wire: e.wire,
    packet: e.packet,
    encrypted: e.encrypted,
    layout: e.layout,
    cipher: e.cipher,
    mac: e.mac,
    streamOffset: e.streamOffset,
    number,
    name,
  } as TraceEntry;
  lazy(out, 'fields');
  lazy(out, 'wireFields');
  lazy(out, 'values');
  if (family !== undefined) families.set(out, family);
  if (context?.authMethod !== undefined) contexts.set(out, context);
  return out;
}

const LAZY_KEYS: readonly string[] = ['fields', 'wireFields', 'values'];

/**
 * For moving an entry to another thread without building its trees there: its own data without
 * the three tree keys, and the kex family to build them in. Null when nothing is left to build.
 */
export function deferredEntry(entry: TraceEntry): { data: Plain; family: KexFamily | undefined; context?: DecodeContext } | null {
  if (!LAZY_KEYS.some((k) => isPending(entry, k))) return null;
  const data: Record<string, unknown> = {};
  for (const k of Object.keys(entry)) if (!LAZY_KEYS.includes(k)) data[k] = (entry as unknown as Record<string, unknown>)[k];
  const context = contexts.get(entry);
  return { data: data as unknown as Plain, family: families.get(entry), ...(context ? { context } : {}) };
}

/** The entry deferredEntry took apart, its trees again built on first read. */
export function revivedEntry(data: Plain, family: KexFamily | undefined, context?: DecodeContext): TraceEntry {
  const out = data.direction === 'sent' ? sentPacketEntry(data, family, context) : receivedPacketEntry(data, data.number!, data.name, family, context);
  // Keys set after the entry was made (`ignored`, `error`) come after the ones it was made with.
  for (const k of Object.keys(data)) if (!(k in out)) (out as unknown as Record<string, unknown>)[k] = (data as unknown as Record<string, unknown>)[k];
  return out;
}

// Every packet of one size under one protection has the same layout: one object for all of them
// rather than three per packet and side. Layouts are read-only data.
const layouts = new Map<string, WireLayout>();
const MAX_LAYOUTS = 4096;

/** The shared layout equal to `l` (packet sizes are few in practice; the table stays bounded anyway). */
export function internLayout(l: WireLayout): WireLayout {
  const key = `${l.mode} ${l.lengthEncrypted} ${l.encrypted?.offset} ${l.encrypted?.length} ${l.mac?.offset} ${l.mac?.length}`;
  const known = layouts.get(key);
  if (known) return known;
  if (layouts.size >= MAX_LAYOUTS) layouts.clear();
  layouts.set(key, l);
  return l;
}
