// Moving an opened session from the worker that replayed it to the page that shows it.
//
// What crosses the boundary: the steps (plain data), meta, summary and warnings. The state at any
// step is folded from the steps alone (sessionState.ts), so the page rebuilds stateAt without
// running the engine. What does not cross: engine states (they hold cipher instances and cannot be
// cloned, and rebuilding them is the replay we moved off the page), the recording, and the field
// trees of packets nobody has looked at yet: a packet entry crosses as its bytes and kex family and
// builds its trees on first read, as it would have in the worker (lazyFields.ts).
//
// Steps go in chunks of bounded size, so that no single message takes the page long to receive.
// Every chunk owns its bytes: byte strings are copied into the chunk's own buffers, because a
// structured clone copies a view's whole underlying buffer, and many small views into one large
// buffer (a recording's 10 MB event, a 64 KB arena) would otherwise be copied once per chunk.

import type { KexFamily } from '../ssh/algorithms/types';
import type { TraceEntry } from '../ssh/transport/events';
import { deferredEntry, revivedEntry, type Plain } from '../ssh/transport/lazyFields';
import type { OpenedSession } from './open';
import type { RecordingMeta } from './recording';
import type { ClosedStep, ComputationStep, MessageStep, Session, SessionSummary, Step } from './session';
import { buildStateIndex } from './sessionState';

/** Everything but the steps; sent first, so the page knows how many steps to expect. */
export interface SessionHead {
  meta: RecordingMeta;
  parties: Session['parties'];
  attacker: boolean;
  summary: SessionSummary;
  warnings?: string[];
  observer?: Session['observer'];
  stepCount: number;
}

type PortableEntry = { deferred: true; data: Plain; family: KexFamily | undefined } | { deferred: false; data: TraceEntry };

/** A message step's entries as indices into its chunk's `entries` (sent and entry often coincide). */
type PortableMessage = Omit<MessageStep, 'sent' | 'received' | 'entry'> & { sent?: number; received?: number; entry: number };
type PortableStep = PortableMessage | ComputationStep | ClosedStep;

export interface StepChunk {
  /** Index of the chunk's first step in the session. */
  first: number;
  steps: PortableStep[];
  entries: PortableEntry[];
}

/** A message with the ArrayBuffers it can hand over instead of copying. */
export interface Transferable<T> {
  message: T;
  transfer: ArrayBuffer[];
}

export function sessionHead(s: OpenedSession): Transferable<SessionHead> {
  const head: SessionHead = {
    meta: s.meta,
    parties: s.parties,
    attacker: s.attacker,
    summary: s.summary,
    ...(s.warnings ? { warnings: s.warnings } : {}),
    ...(s.observer ? { observer: s.observer } : {}),
    stepCount: s.steps.length,
  };
  return { message: head, transfer: [] };
}

/** Roughly what a chunk costs to clone and receive: objects, plus bytes and characters / 64. */
export const CHUNK_WEIGHT = 6_000;

/** Deep copies of plain data whose byte strings live in buffers of this copier's own. */
class Copier {
  weight = 0;
  readonly buffers: ArrayBuffer[] = [];
  private readonly seen = new Map<object, unknown>();
  private block = new Uint8Array(0);
  private used = 0;
  private static readonly BLOCK = 64 * 1024;

  bytes(v: Uint8Array): Uint8Array {
    this.weight += 1 + (v.length >> 6);
    if (v.length > Copier.BLOCK / 4) {
      const own = v.slice();
      this.buffers.push(own.buffer);
      return own;
    }
    if (this.used + v.length > this.block.length) {
      this.block = new Uint8Array(Copier.BLOCK);
      this.buffers.push(this.block.buffer);
      this.used = 0;
    }
    const out = this.block.subarray(this.used, this.used + v.length);
    out.set(v);
    this.used += v.length;
    return out;
  }

  copy<T>(v: T): T {
    if (typeof v === 'string') this.weight += v.length >> 6;
    if (typeof v === 'function') throw new TypeError('a session step holds a function and cannot be moved');
    if (v === null || typeof v !== 'object') return v;
    const known = this.seen.get(v);
    if (known !== undefined) return known as T;
    this.weight += 1;
    let out: unknown;
    if (v instanceof Uint8Array) out = this.bytes(v);
    else if (ArrayBuffer.isView(v)) out = 'slice' in v && typeof v.slice === 'function' ? v.slice() : new DataView(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
    else if (Array.isArray(v)) {
      const a: unknown[] = new Array(v.length);
      this.seen.set(v, a);
      for (let i = 0; i < v.length; i++) a[i] = this.copy(v[i]);
      out = a;
    } else if (v instanceof Map) {
      const m = new Map();
      this.seen.set(v, m);
      for (const [k, x] of v) m.set(this.copy(k), this.copy(x));
      out = m;
    } else {
      const o: Record<string, unknown> = {};
      this.seen.set(v, o);
      for (const k of Object.keys(v)) o[k] = this.copy((v as Record<string, unknown>)[k]);
      out = o;
    }
    this.seen.set(v, out);
    return out as T;
  }
}

/** The steps in chunks of about `maxWeight`, each with the buffers it owns. */
export function* stepChunks(steps: Step[], maxWeight = CHUNK_WEIGHT): Generator<Transferable<StepChunk>> {
  let first = 0;
  while (first < steps.length) {
    const c = new Copier();
    const entries: PortableEntry[] = [];
    const entryIndex = new Map<TraceEntry, number>();
    const entry = (e: TraceEntry): number => {
      let i = entryIndex.get(e);
      if (i === undefined) {
        const d = deferredEntry(e);
        entries.push(d ? { deferred: true, data: c.copy(d.data), family: d.family } : { deferred: false, data: c.copy(e) });
        i = entries.length - 1;
        entryIndex.set(e, i);
      }
      return i;
    };
    const out: PortableStep[] = [];
    let i = first;
    for (; i < steps.length && (i === first || c.weight < maxWeight); i++) {
      const s = steps[i];
      if (s.kind !== 'message') {
        out.push(c.copy(s));
        continue;
      }
      // Key by key, so the page's objects keep the order (and so the hidden class) of the worker's.
      const m: Record<string, unknown> = {};
      for (const k of Object.keys(s) as (keyof MessageStep)[]) {
        const v = s[k];
        m[k] = (k === 'sent' || k === 'received' || k === 'entry') && v !== undefined ? entry(v as TraceEntry) : c.copy(v);
      }
      out.push(m as unknown as PortableMessage);
    }
    yield { message: { first, steps: out, entries }, transfer: c.buffers };
    first = i;
  }
}

/** The page's side: chunks in order, then the Session (stateAt from the head's tables). */
export class SessionReceiver {
  private readonly steps: Step[] = [];

  constructor(private readonly head: SessionHead) {}

  get received(): number {
    return this.steps.length;
  }

  add(chunk: StepChunk): void {
    if (chunk.first !== this.steps.length) throw new Error(`steps arrived out of order: ${chunk.first} after ${this.steps.length}`);
    if (this.steps.length + chunk.steps.length > this.head.stepCount) throw new Error(`more steps arrived than the ${this.head.stepCount} announced`);
    const entries = chunk.entries.map((e) => (e.deferred ? revivedEntry(e.data, e.family) : e.data));
    const at = (i: number | undefined): TraceEntry | undefined => {
      if (i === undefined) return undefined;
      if (!entries[i]) throw new Error(`a step refers to entry ${i} of ${entries.length}`);
      return entries[i];
    };
    for (const s of chunk.steps) {
      if (s.kind === 'message') {
        const m = s as unknown as Record<string, unknown>;
        for (const k of ['sent', 'received', 'entry'] as const) if (k in m) m[k] = at(s[k]);
      }
      this.steps.push(s as Step);
    }
  }

  session(): Session {
    const h = this.head;
    if (this.steps.length !== h.stepCount) throw new Error(`only ${this.steps.length} of ${h.stepCount} steps arrived`);
    return {
      meta: h.meta,
      parties: h.parties,
      attacker: h.attacker,
      steps: this.steps,
      summary: h.summary,
      ...(h.warnings ? { warnings: h.warnings } : {}),
      ...(h.observer ? { observer: h.observer } : {}),
      // As openRecording does: a party's version is known from the start only if sshscope ran it.
      stateAt: buildStateIndex(this.steps, {
        client: h.parties.client.present ? h.parties.client : { present: false },
        server: h.parties.server.present ? h.parties.server : { present: false },
      }).stateAt,
    };
  }
}
