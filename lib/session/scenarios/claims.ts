// What a scenario's text says happens, as data beside the text, and the comparison of those claims
// with a replayed session. A gallery card or a description may only state what a claim here
// checks (or what is true of the protocol whatever the session): the test opens every bundled
// recording and reports each claim the replay does not bear out.

import type { Computation } from '../../ssh/transport/events';
import type { OpenedSession } from '../open';
import type { Field } from '../../ssh/wire/field';
import type { FailedNegotiation, MessageStep, Party, Step } from '../session';
import { replay } from '../simulate';

/** One packet, named as its sender's steps name it ("SSH_MSG_EXT_INFO", "identification string"). */
export interface PacketClaim {
  /** The sender. */
  from: Party;
  message: string;
  /** Which of the sender's packets of that name (0-based, in the order sent); default 0. */
  nth?: number;
  /** Sequence numbers: the one the sender sealed it with, the one the receiver counted it as. */
  seq?: { sent?: number; received?: number };
  /** Modified packets: how many bits of the wire bytes differ between the two copies. */
  bitsChanged?: number;
  /** The receiver read it and discarded it (an IGNORE, a wrongly guessed kex packet). */
  ignored?: boolean;
  /** The receiver could not open it (MAC or tag failed): nothing of it was decrypted. */
  undecrypted?: boolean;
  /** Modified packets: every differing byte lies inside this field of the sender's copy (wire or packet tree). */
  changedField?: string;
}

/** A packet nobody sent, put into the stream towards `into`. */
export interface InjectionClaim {
  into: Party;
  message: string;
  /** The sequence number the receiver counted it as. */
  seq?: { received: number };
  ignored?: boolean;
}

/** A decoded value of a packet as its sender sent it. */
export interface FieldClaim {
  from: Party;
  message: string;
  nth?: number;
  field: string;
  /** Length in bytes (an mpint's magnitude, a string's contents). */
  bytes?: number;
  value?: string | number | boolean;
  /** Name-lists: the first name, and names that are (not) in it. */
  first?: string;
  includes?: string[];
  excludes?: string[];
}

export interface Claims {
  /** Exactly the packets the replay shows as injected (none if absent). */
  injected?: InjectionClaim[];
  /** Exactly the packets the replay shows as taken off the wire (none if absent). */
  dropped?: PacketClaim[];
  /** Exactly the packets the replay shows as changed in transit (none if absent). */
  modified?: PacketClaim[];
  /** Sent and read by the peer unchanged. */
  delivered?: PacketClaim[];
  /** Sent, but the peer had stopped reading before it arrived (not tampering). */
  notDelivered?: PacketClaim[];
  /**
   * The first endpoint to end the connection of its own accord (other than the client's polite
   * goodbye), with the reason code, words its description must contain, and what made it decide:
   * the failed check ('check host key', 'verify signature') or else the last packet it read, named
   * by its sender's title. null: nobody did, the session ended with the client's goodbye.
   */
  disconnect: { by: Party; reason: number; mentions?: string[]; detectedAt: string } | null;
  /** The client's host key check: in known_hosts, not in it, or no known_hosts at all. */
  hostKey?: 'known' | 'unknown' | 'unchecked';
  /** After the first, the other endpoint also ends the connection of its own accord, with this reason. */
  alsoDisconnects?: { by: Party; reason: number };
  fields?: FieldClaim[];
  /** Lengths in bytes of the client's first derived keys A–F (0: derived but not used). */
  keyLengths?: Partial<Record<'A' | 'B' | 'C' | 'D' | 'E' | 'F', number>>;
  /** The client's first exchange hash: its length in bytes and the names of its inputs, in order. */
  exchangeHash?: { bytes?: number; inputs?: string[] };
  /** Length of the MAC or tag on the client's first encrypted packet. */
  tagBytes?: number;
  /** How many computation steps of this action an endpoint has ('derive keys', 'compute K', 'ephemeral key'…). */
  computes?: { by: Party; action: string; count: number }[];
  /** These computation steps of one endpoint come in this order (others may come between). */
  order?: { by: Party; actions: string[] };
  /** Whether client and server computed the same K, the same H, the same negotiated algorithms. */
  agree?: { K?: boolean; H?: boolean; negotiated?: boolean };
  /** The server's verdict on the client's first_kex_packet_follows guess. */
  guess?: 'right' | 'wrong';
  /** These packets follow one another in what the endpoint sent, nothing between them. */
  consecutive?: { from: Party; messages: string[] }[];
  /** RFC 8308 extensions the client received, with names their value lists. */
  extensions?: { name: string; includes: string[] }[];
  /** The server's host key is the same as in another bundled scenario (by slug). */
  sameHostKeyAs?: string;
}

type Fate = 'delivered' | 'notDelivered' | 'dropped' | 'modified' | 'injected';

const sender = (m: MessageStep): Party => (m.flow === 'c2s' ? 'client' : 'server');
const receiverOf = (p: Party): Party => (p === 'client' ? 'server' : 'client');

function fateOf(m: MessageStep): Fate {
  if (m.tampered) return m.tampered;
  return m.sent && m.received ? 'delivered' : 'notDelivered';
}

function describe(c: PacketClaim): string {
  return `the ${c.from}'s ${c.message}${c.nth ? ` #${c.nth}` : ''}`;
}

/** The sender's n-th packet of that name, however it fared (injected packets are nobody's). */
function findSent(steps: Step[], c: PacketClaim): MessageStep | undefined {
  return steps.filter((s): s is MessageStep => s.kind === 'message' && s.tampered !== 'injected' && sender(s) === c.from && s.title === c.message)[c.nth ?? 0];
}

function bitsDiffering(a: Uint8Array, b: Uint8Array): number | null {
  if (a.length !== b.length) return null;
  let n = 0;
  for (let i = 0; i < a.length; i++) for (let x = a[i] ^ b[i]; x; x &= x - 1) n++;
  return n;
}

function byteLength(v: unknown): number | null {
  if (v instanceof Uint8Array) return v.length;
  if (typeof v === 'bigint') return v === 0n ? 0 : Math.ceil((v < 0n ? -v : v).toString(2).length / 8);
  return null;
}

function checkPacket(steps: Step[], c: PacketClaim, fate: Fate, out: string[]): void {
  const m = findSent(steps, c);
  if (!m) return void out.push(`${describe(c)} is not in the replay`);
  if (fateOf(m) !== fate) out.push(`${describe(c)} is ${fateOf(m)} in the replay, not ${fate}`);
  if (c.seq?.sent !== undefined && m.sent?.seq !== c.seq.sent) out.push(`${describe(c)} was sent with sequence number ${m.sent?.seq}, not ${c.seq.sent}`);
  if (c.seq?.received !== undefined && m.received?.seq !== c.seq.received) {
    out.push(`${describe(c)} was counted by the ${receiverOf(c.from)} as ${m.received?.seq}, not ${c.seq.received}`);
  }
  if (c.ignored !== undefined && Boolean(m.received?.ignored) !== c.ignored) out.push(`${describe(c)} was ${c.ignored ? 'not ' : ''}ignored by the ${receiverOf(c.from)}`);
  if (c.undecrypted !== undefined && (m.received !== undefined && !m.received.packet) !== c.undecrypted) {
    out.push(`${describe(c)} was ${c.undecrypted ? '' : 'not '}opened by the ${receiverOf(c.from)}`);
  }
  if (c.changedField !== undefined && m.sent && m.received) {
    const outside = changedOutside(m, c.changedField);
    if (outside) out.push(`${describe(c)}: ${outside}`);
  }
  if (c.bitsChanged !== undefined) {
    const bits = m.sent && m.received ? bitsDiffering(m.sent.wire, m.received.wire) : null;
    if (bits !== c.bitsChanged) out.push(`${describe(c)} differs in ${bits ?? 'a different number of bytes, so some'} bits between the copies, not ${c.bitsChanged}`);
  }
}

function findFieldDeep(fields: Field[] | undefined, name: string): Field | undefined {
  for (const f of fields ?? []) {
    if (f.name === name) return f;
    const inner = findFieldDeep(f.children, name);
    if (inner) return inner;
  }
  return undefined;
}

/** Where the two copies differ outside `field` (of the wire tree, or of the packet tree when the packet is the wire). */
function changedOutside(m: MessageStep, field: string): string | undefined {
  const a = m.sent!.wire;
  const b = m.received!.wire;
  if (a.length !== b.length) return `the copies differ in length, not only in ${field}`;
  const f = findFieldDeep(m.sent!.wireFields, field) ?? (m.sent!.encrypted ? undefined : findFieldDeep(m.sent!.fields, field));
  if (!f) return `there is no field ${field}`;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && (i < f.offset || i >= f.offset + f.length)) return `byte ${i} differs, outside ${field} (${f.offset}–${f.offset + f.length - 1})`;
  return undefined;
}

/** Tampered packets the claims must list exactly: what the replay marked, minus what was claimed. */
function exactTampering(steps: Step[], claims: Claims, out: string[]): void {
  const key = (kind: string, party: Party, message: string) => `${kind} ${party} ${message}`;
  const seen = steps
    .filter((s): s is MessageStep => s.kind === 'message' && s.tampered !== undefined)
    .map((s) => (s.tampered === 'injected' ? key('injected into', receiverOf(sender(s)), s.title) : key(`${s.tampered} from`, sender(s), s.title)));
  const claimed = [
    ...(claims.injected ?? []).map((c) => key('injected into', c.into, c.message)),
    ...(claims.dropped ?? []).map((c) => key('dropped from', c.from, c.message)),
    ...(claims.modified ?? []).map((c) => key('modified from', c.from, c.message)),
  ];
  const left = [...seen];
  for (const c of claimed) {
    const i = left.indexOf(c);
    if (i >= 0) left.splice(i, 1);
    else out.push(`claimed but not in the replay: ${c}`);
  }
  for (const s of left) out.push(`in the replay but not claimed: ${s}`);
}

/** What made `who` decide to disconnect: a failed check in that event, else the last packet it read then. */
function decidingStep(session: OpenedSession, who: Party): string | undefined {
  const e = session.recording[who];
  if (!e) return undefined;
  const { effects } = replay(e.config, e.events);
  const at = effects.findIndex((list) => list.some((x) => x.type === 'disconnect' && x.by === 'local'));
  if (at < 0) return undefined;
  const failed = effects[at].flatMap((x) => (x.type === 'computed' ? [x.computation] : [])).find(failedCheck);
  if (failed) return failed.name === 'host key' ? 'check host key' : 'verify signature';
  const read = effects[at].flatMap((x) => (x.type === 'message' && x.entry.direction === 'received' ? [x.entry] : [])).pop();
  if (!read) {
    // A packet it could not even frame (a garbled packet_length) leaves no copy as received: the
    // first packet on its way to this side, not taken by an attacker, after the last one it read.
    const toMe = session.steps.filter((s): s is MessageStep => s.kind === 'message' && receiverOf(sender(s)) === who && s.tampered !== 'dropped');
    const lastRead = [...toMe].reverse().find((s) => s.received !== undefined);
    return toMe.find((s) => s.received === undefined && (!lastRead || s.index > lastRead.index))?.title;
  }
  // Name it as the diagram does: by the step that holds the receiver's copy.
  const step = session.steps.find((s): s is MessageStep => s.kind === 'message' && !!s.received && s.received.streamOffset === read.streamOffset && receiverOf(sender(s)) === who);
  return step?.title ?? read.name;
}

function checkField(steps: Step[], z: FieldClaim, out: string[]): void {
  const m = findSent(steps, { from: z.from, message: z.message, nth: z.nth });
  const v = m?.sent?.values?.[z.field];
  const what = `${z.field} in the ${z.from}'s ${z.message}${z.nth ? ` #${z.nth}` : ''}`;
  if (v === undefined) return void out.push(`${what} is not in the replay`);
  if (z.bytes !== undefined && byteLength(v) !== z.bytes) out.push(`${what} is ${byteLength(v) ?? 'not'} bytes, not ${z.bytes}`);
  if (z.value !== undefined && v !== z.value) out.push(`${what} is ${String(v)}, not ${String(z.value)}`);
  const list = Array.isArray(v) ? v.map(String) : [];
  if (z.first !== undefined && list[0] !== z.first) out.push(`${what} starts with ${list[0] ?? 'nothing'}, not ${z.first}`);
  for (const x of z.includes ?? []) if (!list.includes(x)) out.push(`${what} does not list ${x}`);
  for (const x of z.excludes ?? []) if (list.includes(x)) out.push(`${what} lists ${x}`);
}

/** What two computations of one name are compared by. */
function valueOf(c: Computation | FailedNegotiation): unknown {
  if (c.name === 'K' || c.name === 'H') return Array.from(c.value);
  if (c.name === 'negotiation') return c.negotiated.choices.map((x) => [x.category, x.chosen]);
  return null;
}

function failedCheck(c: Computation): boolean {
  return (c.name === 'host key' && c.known === false) || (c.name === 'signature' && c.action === 'verify' && !c.ok);
}

function checkDisconnect(session: OpenedSession, claim: Claims['disconnect'], out: string[]): void {
  const decided = session.steps.find((s) => s.kind === 'closed' && s.cause === 'local' && s.reason !== 11);
  if (claim === null) {
    if (decided?.kind === 'closed') out.push(`the ${decided.by} disconnects (${decided.reasonName}), but the claims say nobody does`);
    if (!session.summary.ok) out.push(`the session did not end well: ${session.summary.outcome}`);
    return;
  }
  if (decided?.kind !== 'closed') return void out.push(`nobody disconnects, but the claims say the ${claim.by} does`);
  if (decided.by !== claim.by) out.push(`the ${decided.by} disconnects first, not the ${claim.by}`);
  if (decided.reason !== claim.reason) out.push(`the disconnect's reason is ${decided.reason} (${decided.reasonName}), not ${claim.reason}`);
  for (const m of claim.mentions ?? []) if (!decided.description.includes(m)) out.push(`the disconnect's description does not mention "${m}": ${decided.description}`);
  const at = decidingStep(session, decided.by);
  if (at !== claim.detectedAt) out.push(`the ${decided.by} decided at ${at ?? 'no step'}, not at ${claim.detectedAt}`);
}

function checkHostKey(steps: Step[], claim: NonNullable<Claims['hostKey']>, out: string[]): void {
  const step = steps.find((s) => s.kind === 'computation' && s.by === 'client' && s.computations[0].name === 'host key');
  const c = step?.kind === 'computation' ? step.computations[0] : undefined;
  if (c?.name !== 'host key') return void out.push('the client never checks a host key');
  const seen = c.known === null ? 'unchecked' : c.known ? 'known' : 'unknown';
  if (seen !== claim) out.push(`the host key check says ${seen}, not ${claim}`);
  // A rejected key is shown beside the ones it was compared with.
  if (seen === 'unknown') {
    const expected = c.expected ?? [];
    if (!expected.length || expected.includes(c.fingerprint)) out.push('the rejected host key is not shown beside a different expected one');
    if (!expected.every((fp) => step?.error?.includes(fp))) out.push(`the failed check does not name the expected fingerprint: ${step?.error}`);
  }
}

/** Every claim the replayed session does not bear out, in words (empty: all hold). */
export function compareClaims(claims: Claims, session: OpenedSession, others?: (slug: string) => OpenedSession): string[] {
  const out: string[] = [];
  const steps = session.steps;
  exactTampering(steps, claims, out);
  for (const c of claims.dropped ?? []) checkPacket(steps, c, 'dropped', out);
  for (const c of claims.modified ?? []) checkPacket(steps, c, 'modified', out);
  for (const c of claims.delivered ?? []) checkPacket(steps, c, 'delivered', out);
  for (const c of claims.notDelivered ?? []) checkPacket(steps, c, 'notDelivered', out);
  for (const c of claims.injected ?? []) {
    const m = steps.find((s): s is MessageStep => s.kind === 'message' && s.tampered === 'injected' && receiverOf(sender(s)) === c.into && s.title === c.message);
    if (m && c.seq && m.received?.seq !== c.seq.received) out.push(`the injected ${c.message} was counted by the ${c.into} as ${m.received?.seq}, not ${c.seq.received}`);
    if (m && c.ignored !== undefined && Boolean(m.received?.ignored) !== c.ignored) out.push(`the injected ${c.message} was ${c.ignored ? 'not ' : ''}ignored by the ${c.into}`);
  }
  checkDisconnect(session, claims.disconnect, out);
  if (claims.hostKey) checkHostKey(steps, claims.hostKey, out);
  if (claims.alsoDisconnects) {
    const a = claims.alsoDisconnects;
    const d = steps.find((s) => s.kind === 'closed' && s.by === a.by && s.cause === 'local');
    if (d?.kind !== 'closed' || d.reason !== a.reason) out.push(`the ${a.by} does not also disconnect with reason ${a.reason}`);
  }
  for (const z of claims.fields ?? []) checkField(steps, z, out);
  const computed = (by: Party) => steps.flatMap((s) => (s.kind === 'computation' && s.by === by ? s.computations : []));
  if (claims.keyLengths) {
    const keys = new Map<string, number>();
    for (const c of computed('client')) if (c.name === 'key' && !keys.has(c.letter)) keys.set(c.letter, c.value.length);
    for (const [letter, n] of Object.entries(claims.keyLengths)) {
      if (keys.get(letter) !== n) out.push(`key ${letter} is ${keys.get(letter) ?? 'not derived, not'} bytes, not ${n}`);
    }
  }
  if (claims.exchangeHash) {
    const h = computed('client').find((c) => c.name === 'H');
    if (h?.name !== 'H') out.push('the client computes no H');
    else {
      if (claims.exchangeHash.bytes !== undefined && h.value.length !== claims.exchangeHash.bytes) out.push(`H is ${h.value.length} bytes, not ${claims.exchangeHash.bytes}`);
      const names = h.inputs.map((i) => i.name).join(', ');
      if (claims.exchangeHash.inputs && names !== claims.exchangeHash.inputs.join(', ')) out.push(`H's inputs are ${names}, not ${claims.exchangeHash.inputs.join(', ')}`);
    }
  }
  if (claims.tagBytes !== undefined) {
    const m = steps.find((s): s is MessageStep => s.kind === 'message' && sender(s) === 'client' && s.encrypted);
    const got = m?.entry.layout?.mac?.length;
    if (got !== claims.tagBytes) out.push(`the client's first encrypted packet carries a ${got ?? 'missing'}-byte MAC or tag, not ${claims.tagBytes}`);
  }
  for (const c of claims.computes ?? []) {
    const n = steps.filter((s) => s.kind === 'computation' && s.by === c.by && s.action === c.action).length;
    if (n !== c.count) out.push(`the ${c.by} has ${n} '${c.action}' steps, not ${c.count}`);
  }
  if (claims.order) {
    const { by, actions } = claims.order;
    const seen = steps.flatMap((s) => (s.kind === 'computation' && s.by === by && actions.includes(s.action) ? [s.action] : []));
    const firsts = actions.map((a) => seen.indexOf(a));
    if (firsts.some((i) => i < 0) || firsts.some((i, k) => k > 0 && i < firsts[k - 1])) out.push(`the ${by}'s steps come as ${seen.join(', ')}, not in the order ${actions.join(', ')}`);
  }
  if (claims.agree) {
    const first = (by: Party, name: 'K' | 'H' | 'negotiation') => computed(by).find((c) => c.name === name);
    for (const [what, want] of Object.entries(claims.agree) as ['K' | 'H' | 'negotiated', boolean][]) {
      const name = what === 'negotiated' ? 'negotiation' : what;
      const [a, b] = [first('client', name), first('server', name)];
      if (!a || !b) {
        out.push(`not both sides compute ${what}`);
        continue;
      }
      const same = JSON.stringify(valueOf(a)) === JSON.stringify(valueOf(b));
      if (same !== want) out.push(`client and server ${same ? 'agree' : 'disagree'} on ${what}`);
    }
  }
  if (claims.guess) {
    const g = computed('server').find((c) => c.name === 'guess');
    const seen = g?.name === 'guess' ? (g.right ? 'right' : 'wrong') : 'not judged';
    if (seen !== claims.guess) out.push(`the server judges the guess ${seen}, not ${claims.guess}`);
  }
  for (const c of claims.consecutive ?? []) {
    const titles = steps.filter((s): s is MessageStep => s.kind === 'message' && !!s.sent && sender(s) === c.from).map((s) => s.title);
    const run = c.messages.join(' | ');
    if (!titles.some((_, i) => titles.slice(i, i + c.messages.length).join(' | ') === run)) out.push(`the ${c.from} does not send ${run} one after another`);
  }
  for (const x of claims.extensions ?? []) {
    const got = computed('client').find((c) => c.name === 'ext-info');
    const list = got?.name === 'ext-info' ? got.extensions[x.name] : undefined;
    if (!Array.isArray(list)) out.push(`the client received no ${x.name}`);
    else for (const n of x.includes) if (!list.includes(n)) out.push(`the client's ${x.name} does not list ${n}`);
  }
  if (claims.sameHostKeyAs) {
    const other = others?.(claims.sameHostKeyAs);
    if (!other) out.push(`no session ${claims.sameHostKeyAs} to compare the host key with`);
    else if (other.summary.hostKeyFingerprint !== session.summary.hostKeyFingerprint) out.push(`the host key differs from the one in ${claims.sameHostKeyAs}`);
  }
  return out;
}
