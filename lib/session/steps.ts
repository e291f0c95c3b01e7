// The steps a viewer walks, built from the endpoints' replayed effects: every wire message (one
// step per packet, however many endpoints logged it), every computation (the six derived keys of
// one key exchange together), and every endpoint's end. Ordered by the time of the event that
// produced them, then by effect order within the event.

import { ciphers } from '../ssh/algorithms/cipher';
import type { Computation, Effect, TraceEntry } from '../ssh/transport/events';
import { negotiate, type KexInitLists } from '../ssh/transport/negotiate';
import { DISCONNECT, disconnectReasonName } from '../ssh/messages/numbers';
import { equalBytes } from '../ssh/wire/bytes';
import { kexConceptKey, messageExplainKey } from './explain';
import type { EndpointReplay } from './endpointReplay';
import { matchDirection, type EntryRef, type Pairing } from './match';
import { packetPhase } from './phase';
import type { Actor, ClosedStep, ComputationStep, FailedNegotiation, MessageStep, Party, Step, StepPhase } from './session';

/** A step before it has an index and a phase, anchored at the event that produced it. */
export type Anchor =
  | {
      kind: 'message';
      party: Party;
      event: number;
      effect: number;
      t: number;
      flow: 'c2s' | 's2c';
      sent?: EntryRef;
      received?: EntryRef;
      tampered?: MessageStep['tampered'];
      /** An injected packet placed where it sat in the stream, not where the receiver read it. */
      relocated?: boolean;
    }
  | { kind: 'computation'; party: Party; event: number; effect: number; t: number; computations: (Computation | FailedNegotiation)[] }
  | { kind: 'closed'; party: Party; event: number; effect: number; t: number; disconnect: Extract<Effect, { type: 'disconnect' }> };

export interface BuiltSteps {
  steps: Step[];
  attacker: boolean;
  /** For each message step, the events of the entries it holds (the sender's, the receiver's). */
  refs: { sentEvent?: number; receivedEvent?: number }[];
  /**
   * For each step, where in each endpoint's effects it comes from: (event, effect index), for the
   * endpoints it holds an effect of (a packet: sender and receiver; a note or a close: its party).
   */
  at: Partial<Record<Party, { event: number; effect: number }>>[];
}

const other = (p: Party): Party => (p === 'client' ? 'server' : 'client');
const flowFrom = (p: Party): 'c2s' | 's2c' => (p === 'client' ? 'c2s' : 's2c');

export function buildSteps(replays: Partial<Record<Party, EndpointReplay>>): BuiltSteps {
  const anchors: Record<Party, Anchor[]> = { client: [], server: [] };
  const sentBy: Record<Party, EntryRef[]> = { client: [], server: [] };
  const receivedBy: Record<Party, EntryRef[]> = { client: [], server: [] };

  for (const party of ['client', 'server'] as const) {
    const r = replays[party];
    if (!r) continue;
    // The KEXINITs of the key exchange under way, for a negotiation that fails (see below).
    let ownKexinit: TraceEntry | undefined;
    let peerKexinit: { event: number; entry: TraceEntry } | undefined;
    r.effects.forEach((effects, event) => {
      const t = r.events[event].t;
      for (let k = 0; k < effects.length; k++) {
        const e = effects[k];
        if (e.type === 'message') {
          const ref = { event, effect: k, t, entry: e.entry };
          (e.entry.direction === 'sent' ? sentBy : receivedBy)[party].push(ref);
          if (e.entry.kind === 'packet' && e.entry.number === 20 && !e.entry.error) {
            if (e.entry.direction === 'sent') ownKexinit = e.entry;
            else peerKexinit = { event, entry: e.entry };
          }
        } else if (e.type === 'computed' && e.computation.name === 'negotiation') {
          peerKexinit = undefined;
          anchors[party].push({ kind: 'computation', party, event, effect: k, t, computations: [e.computation] });
        } else if (e.type === 'computed') {
          // RFC 4253 §7.2's six keys come out of one event back to back: one step.
          if (e.computation.name === 'key') {
            const group: Computation[] = [];
            while (k < effects.length && group.length < 6) {
              const c = effects[k];
              if (c.type !== 'computed' || c.computation.name !== 'key') break;
              group.push(c.computation);
              k++;
            }
            k--;
            anchors[party].push({ kind: 'computation', party, event, effect: k, t, computations: group });
          } else anchors[party].push({ kind: 'computation', party, event, effect: k, t, computations: [e.computation] });
        } else if (e.type === 'disconnect') {
          // A negotiation that fails has no effect of its own: the engine disconnects while reading
          // the peer's KEXINIT, before any 'negotiation' is computed. Its step goes just before the
          // DISCONNECT it sent, so the failure shows where it was found.
          if (e.by === 'local' && e.reason === DISCONNECT.KEY_EXCHANGE_FAILED && peerKexinit?.event === event && ownKexinit) {
            let at = k;
            while (at > 0 && !(effects[at - 1].type === 'message' && (effects[at - 1] as { entry: TraceEntry }).entry.number === 1)) at--;
            const failed = failedNegotiation(party, ownKexinit, peerKexinit.entry, e.description);
            anchors[party].push({ kind: 'computation', party, event, effect: (at > 0 ? at - 1 : k) - 0.5, t, computations: [failed] });
            peerKexinit = undefined;
          }
          anchors[party].push({ kind: 'closed', party, event, effect: k, t, disconnect: e });
        }
      }
    });
  }

  let attacker = false;
  for (const sender of ['client', 'server'] as const) {
    const receiver = other(sender);
    const flow = flowFrom(sender);
    const rs = replays[sender];
    const rr = replays[receiver];
    if (rs && rr) {
      const pairs = matchDirection(sentBy[sender], receivedBy[receiver], listening(rr));
      pairs.forEach((p, k) => {
        attacker ||= p.kind === 'dropped' || p.kind === 'injected' || (p.kind === 'pair' && p.modified);
        if (p.kind === 'pair' && !p.modified) shareBytes(p.sent.entry, p.received.entry);
        // An injected packet went into the stream before the next packet the sender did send (the
        // Terrapin IGNORE sits before the server's NEWKEYS): draw it there, just before that packet.
        // Unless the receiver failed on it: then it stays where the receiver read it, after
        // whatever the receiver did first, so the failure shows where it was detected.
        const next = p.kind === 'injected' && !p.received.entry.error ? pairs.slice(k + 1).find((q) => q.kind !== 'injected') : undefined;
        if (p.kind === 'injected' && next && 'sent' in next) {
          const { event, effect, t } = next.sent;
          anchors[sender].push({ kind: 'message', party: sender, event, effect: effect - 0.5, t, flow, received: p.received, tampered: 'injected', relocated: true });
        } else anchors[anchorParty(p, sender)].push(messageAnchor(p, sender, flow));
      });
    } else if (rs) {
      for (const s of sentBy[sender]) anchors[sender].push({ kind: 'message', party: sender, event: s.event, effect: s.effect, t: s.t, flow, sent: s });
    } else if (rr) {
      for (const r of receivedBy[receiver]) anchors[receiver].push({ kind: 'message', party: receiver, event: r.event, effect: r.effect, t: r.t, flow, received: r });
    }
  }
  for (const party of ['client', 'server'] as const) anchors[party].sort((a, b) => a.event - b.event || a.effect - b.effect);

  const merged = mergeByTime(anchors.client, anchors.server);
  const steps: Step[] = [];
  const label = new Labeller({ client: Boolean(replays.client), server: Boolean(replays.server) });
  const refs: BuiltSteps['refs'] = [];
  const at: BuiltSteps['at'] = [];
  merged.forEach((a, index) => {
    steps.push(label.step(a, index));
    refs.push(a.kind === 'message' ? { ...(a.sent ? { sentEvent: a.sent.event } : {}), ...(a.received ? { receivedEvent: a.received.event } : {}) } : {});
    if (a.kind === 'message') {
      const sender = flowSender(a.flow);
      at.push({
        ...(a.sent ? { [sender]: { event: a.sent.event, effect: a.sent.effect } } : {}),
        ...(a.received ? { [other(sender)]: { event: a.received.event, effect: a.received.effect } } : {}),
      });
    } else at.push({ [a.party]: { event: a.event, effect: a.effect } });
  });
  return { steps, attacker, refs, at };
}

/**
 * The receiver's bytes part from the sender's at `offset` with no packet-level sign of it (say a
 * length field was garbled, so no packet was ever logged). If what arrived there is the start of a
 * later packet, the ones in between were dropped; otherwise the packet there was modified.
 */
export function markDivergence(built: BuiltSteps, flow: 'c2s' | 's2c', offset: number, ahead: Uint8Array): void {
  built.attacker = true;
  // Packet-level evidence in this direction (an injection, say) already accounts for the difference.
  if (built.steps.some((x) => x.kind === 'message' && x.flow === flow && x.tampered)) return;
  const sent = built.steps.filter((x): x is MessageStep => x.kind === 'message' && x.flow === flow && x.sent !== undefined);
  const at = sent.findIndex((x) => offset >= x.sent!.streamOffset && offset < x.sent!.streamOffset + x.sent!.wire.length);
  if (at < 0) return;
  const startsWithAhead = (x: MessageStep) => ahead.length > 0 && ahead.every((b, i) => i >= x.sent!.wire.length || x.sent!.wire[i] === b);
  const resume = offset === sent[at].sent!.streamOffset ? sent.findIndex((x, i) => i > at && startsWithAhead(x)) : -1;
  const touched = resume > at ? sent.slice(at, resume) : [sent[at]];
  for (const step of touched) {
    if (step.tampered || step.received) continue;
    step.tampered = resume > at ? 'dropped' : 'modified';
    if (step.tampered === 'dropped') {
      step.to = 'attacker';
      step.who = `${step.from} → attacker`;
    }
    // Only reached with no packet-level tampering in this flow, so no injected IGNORE: not Terrapin.
    step.explain = 'concepts/tampering';
  }
}

const flowSender = (flow: 'c2s' | 's2c'): Party => (flow === 'c2s' ? 'client' : 'server');

/**
 * The negotiation an endpoint attempted when it gave up with KEY_EXCHANGE_FAILED on the peer's
 * KEXINIT: negotiate() is pure, so running it again on the two KEXINITs gives what the engine saw
 * (no common algorithm for a category, with both lists), or, when every category was agreed, the
 * choices that named something this implementation cannot run (the reason says which).
 */
function failedNegotiation(party: Party, own: TraceEntry, peer: TraceEntry, reason: string): FailedNegotiation {
  const mine = own.values as unknown as KexInitLists;
  const theirs = peer.values as unknown as KexInitLists;
  const [c, sv] = party === 'client' ? [mine, theirs] : [theirs, mine];
  const result = negotiate(c, sv, (name) => Boolean(ciphers[name]?.aead));
  return { name: 'failed negotiation', reason, choices: result.ok ? result.negotiated.choices : result.choices };
}


/**
 * Both sides of a packet that crossed unchanged hold the same bytes: one copy of each is enough
 * for a long session (the receiver's wire is already a view of the recording's own bytes).
 */
function shareBytes(sent: TraceEntry, received: TraceEntry): void {
  if (sent.wire !== received.wire && equalBytes(sent.wire, received.wire)) sent.wire = received.wire;
  if (sent.packet && received.packet && sent.packet !== received.packet && equalBytes(sent.packet, received.packet)) received.packet = sent.packet;
}

function anchorParty(p: Pairing, sender: Party): Party {
  return p.kind === 'injected' ? other(sender) : sender;
}

function messageAnchor(p: Pairing, sender: Party, flow: 'c2s' | 's2c'): Anchor {
  switch (p.kind) {
    case 'pair':
      return { kind: 'message', party: sender, event: p.sent.event, effect: p.sent.effect, t: p.sent.t, flow, sent: p.sent, received: p.received, ...(p.modified ? { tampered: 'modified' as const } : {}) };
    case 'dropped':
      return { kind: 'message', party: sender, event: p.sent.event, effect: p.sent.effect, t: p.sent.t, flow, sent: p.sent, tampered: 'dropped' };
    case 'undelivered':
      return { kind: 'message', party: sender, event: p.sent.event, effect: p.sent.effect, t: p.sent.t, flow, sent: p.sent };
    case 'injected':
      return { kind: 'message', party: other(sender), event: p.received.event, effect: p.received.effect, t: p.received.t, flow, received: p.received, tampered: 'injected' };
  }
}

/** Still reading at the end: never closed, or closed because the connection itself ended. */
function listening(r: EndpointReplay): boolean {
  return !r.final.closed || r.final.closed.by === 'connection';
}

/** Merges two lists, each already in its endpoint's order, by time; the client first on a tie. */
function mergeByTime(a: Anchor[], b: Anchor[]): Anchor[] {
  const out: Anchor[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i].t <= b[j].t)) out.push(a[i++]);
    else out.push(b[j++]);
  }
  return out;
}

/**
 * Titles, phases and explanations: a running band (a rekey opens new negotiation/kex bands). Also
 * used by the passive observer (./observer), so its steps read exactly like a replay's.
 */
export class Labeller {
  constructor(private readonly present: Record<Party, boolean>) {}
  private band: StepPhase = 'version exchange';
  // A long session repeats a handful of labels ("client → server", "messages/ignore"): one
  // string each rather than one per step.
  private strings = new Map<string, string>();
  private intern(s: string): string {
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    this.strings.set(s, s);
    return s;
  }
  private kex: Record<Party, string | undefined> = { client: undefined, server: undefined };
  /** Flows into which an attacker has injected a plaintext IGNORE: Terrapin's first move. */
  private injectedIgnore = new Set<'c2s' | 's2c'>();

  step(a: Anchor, index: number): Step {
    if (a.kind === 'message') return this.message(a, index);
    if (a.kind === 'computation') return this.computation(a, index);
    return this.closed(a, index);
  }

  private actor(party: Party, side: 'from' | 'to', a: Extract<Anchor, { kind: 'message' }>): Actor {
    if (a.tampered === 'injected' && side === 'from') return 'attacker';
    if (a.tampered === 'dropped' && side === 'to') return 'attacker';
    return party;
  }

  private message(a: Extract<Anchor, { kind: 'message' }>, index: number): MessageStep {
    const sender = flowSender(a.flow);
    const entry: TraceEntry = (a.sent ?? a.received)!.entry;
    const from = this.actor(sender, 'from', a);
    const to = this.actor(other(sender), 'to', a);
    const n = entry.kind === 'packet' ? entry.number : undefined;
    const phase = packetPhase(entry, this.band);
    const error = a.received?.entry.error ?? a.sent?.entry.error ?? disconnectError(entry);
    // A failure is explained by what failed (strict kex, MAC, framing); tampering otherwise.
    const seen = a.received?.entry ?? entry;
    let explain = messageExplainKey(entry.name, n);
    if (error && /strict kex/i.test(error)) explain = 'concepts/strict-kex';
    else if (seen.error && messageExplainKey(seen.name, seen.number).startsWith('concepts/')) explain = messageExplainKey(seen.name, seen.number);
    else if (a.tampered) explain = terrapinLike(a, entry, this.injectedIgnore.has(a.flow)) ? 'concepts/terrapin' : 'concepts/tampering';
    if (a.tampered === 'injected' && !entry.encrypted && entry.number === 2) this.injectedIgnore.add(a.flow);
    const step: MessageStep = {
      kind: 'message',
      index,
      phase: error ? 'failure' : phase,
      title: entry.name,
      who: this.intern(`${from} → ${to}`),
      t: a.t,
      explain: this.intern(explain),
      flow: a.flow,
      from,
      to,
      ...(n !== undefined ? { number: n } : {}),
      ...(a.sent ? { sent: a.sent.entry } : {}),
      ...(a.received ? { received: a.received.entry } : {}),
      entry,
      ...(a.tampered ? { tampered: a.tampered } : {}),
      size: entry.wire.length,
      encrypted: entry.encrypted,
      ...(error ? { error } : {}),
    };
    if (entry.kind === 'packet') step.counters = this.counters(a, sender);
    if (!error) this.band = phase;
    return step;
  }

  /** The sender's and the receiver's sequence numbers; a side sshscope did not run is read off the other. */
  private counters(a: Extract<Anchor, { kind: 'message' }>, sender: Party): NonNullable<MessageStep['counters']> {
    const s = a.sent?.entry.seq;
    const r = a.received?.entry.seq;
    if (!this.present[sender] && r !== undefined) return { sender: r, receiver: r, inferred: 'sender' };
    if (!this.present[other(sender)] && s !== undefined) return { sender: s, receiver: s, inferred: 'receiver' };
    return { ...(s !== undefined ? { sender: s } : {}), ...(r !== undefined ? { receiver: r } : {}) };
  }

  private computation(a: Extract<Anchor, { kind: 'computation' }>, index: number): ComputationStep {
    const c = a.computations[0];
    let action: string;
    let explain: string;
    let phase: StepPhase = 'key exchange';
    let ok = true;
    let error: string | undefined;
    switch (c.name) {
      case 'failed negotiation':
        [action, explain, phase, ok, error] = ['negotiate', 'concepts/negotiation', 'algorithm negotiation', false, c.reason];
        break;
      case 'negotiation':
        this.kex[a.party] = c.negotiated.kex;
        [action, explain, phase] = ['negotiate', 'concepts/negotiation', 'algorithm negotiation'];
        break;
      case 'strict kex':
        [action, explain, phase] = ['strict kex', 'concepts/strict-kex', 'algorithm negotiation'];
        break;
      case 'guess':
        // A wrong guess is a failed check (ok: false) but not a failure: the exchange goes on.
        [action, explain, phase, ok] = ['guess', 'concepts/guess', 'algorithm negotiation', c.right];
        break;
      case 'ephemeral key':
        this.kex[a.party] = c.kex;
        [action, explain] = ['ephemeral key', kexConceptKey(c.kex)];
        break;
      case 'K':
        [action, explain] = ['compute K', kexConceptKey(this.kex[a.party])];
        break;
      case 'H':
        [action, explain] = ['compute H', 'concepts/exchange-hash'];
        break;
      case 'session_id':
        [action, explain] = ['session id', 'concepts/session-id'];
        break;
      case 'signature':
        [action, explain, ok] = [c.action === 'sign' ? 'sign H' : 'verify signature', 'concepts/signature', c.ok];
        if (!c.ok) error = `the signature of H does not verify with ${c.algorithm}${c.reason ? `: ${c.reason}` : ''}`;
        break;
      case 'host key':
        [action, explain, ok] = ['check host key', 'concepts/host-key', c.known !== false];
        if (c.known === false) error = `host key ${c.fingerprint} is not among the known host keys${expectedKeys(c.expected)}`;
        break;
      case 'key':
        [action, explain] = ['derive keys', 'concepts/key-derivation'];
        break;
      case 'ext-info':
        [action, explain, phase] = ['ext-info', 'concepts/ext-info', 'encrypted service'];
        break;
    }
    if (!error) this.band = phase;
    return {
      kind: 'computation',
      index,
      phase: error ? 'failure' : phase,
      title: action,
      who: a.party,
      t: a.t,
      explain,
      by: a.party,
      action,
      computations: a.computations,
      ok,
      ...(error ? { error } : {}),
    };
  }

  private closed(a: Extract<Anchor, { kind: 'closed' }>, index: number): ClosedStep {
    const d = a.disconnect;
    const polite = d.reason === DISCONNECT.BY_APPLICATION;
    const explain = /strict kex/i.test(d.description)
      ? 'concepts/strict-kex'
      : d.reason === DISCONNECT.MAC_ERROR
        ? 'concepts/mac-error'
        : 'concepts/disconnect';
    return {
      kind: 'closed',
      index,
      phase: polite ? this.band : 'failure',
      title: `closed (${d.reasonName})`,
      who: a.party,
      t: a.t,
      explain,
      by: a.party,
      reason: d.reason,
      reasonName: d.reasonName,
      description: d.description,
      cause: d.by,
      ...(polite ? {} : { error: `${d.reasonName}: ${d.description}` }),
    };
  }
}

/** "; known_hosts expects SHA256:…": what the received host key was compared with. */
function expectedKeys(expected: string[] | undefined): string {
  if (!expected) return '';
  return expected.length ? `; known_hosts expects ${expected.join(' or ')}` : '; known_hosts holds no key for this server';
}

/** A DISCONNECT other than a polite one (reason 11) is a failure. */
function disconnectError(entry: TraceEntry): string | undefined {
  if (entry.number !== 1 || !entry.values) return undefined;
  const reason = entry.values.reason_code as number;
  if (reason === DISCONNECT.BY_APPLICATION) return undefined;
  return `SSH_MSG_DISCONNECT ${disconnectReasonName(reason)}: ${String(entry.values.description ?? '')}`;
}

/**
 * The Terrapin pattern (CVE-2023-48795): an IGNORE slipped in before NEWKEYS, or the first
 * encrypted packet (EXT_INFO) taken out, so sequence numbers still line up afterwards.
 */
/**
 * Terrapin's two moves: a plaintext IGNORE injected, then EXT_INFO (7) deleted from the same flow.
 * A deletion without the injection before it is plain tampering (the next packet fails).
 */
function terrapinLike(a: Extract<Anchor, { kind: 'message' }>, entry: TraceEntry, ignoreInjected: boolean): boolean {
  if (a.tampered === 'injected') return !entry.encrypted && entry.number === 2;
  if (a.tampered === 'dropped') return entry.number === 7 && ignoreInjected;
  return false;
}
