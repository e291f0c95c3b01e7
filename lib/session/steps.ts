// The steps a viewer walks, built from the endpoints' replayed effects: every wire message (one
// step per packet, however many endpoints logged it), every computation (the six derived keys of
// one key exchange together), and every endpoint's end. Ordered by the time of the event that
// produced them, then by effect order within the event.

import type { Computation, Effect, TraceEntry } from '../ssh/transport/events';
import { DISCONNECT, disconnectReasonName } from '../ssh/messages/numbers';
import { equalBytes } from '../ssh/wire/bytes';
import { kexConceptKey, messageExplainKey } from './explain';
import type { EndpointReplay } from './endpointReplay';
import { matchDirection, type EntryRef, type Pairing } from './match';
import { packetPhase } from './phase';
import type { Actor, ClosedStep, ComputationStep, MessageStep, Party, Step, StepPhase } from './session';

/** A step before it has an index and a phase, anchored at the event that produced it. */
type Anchor =
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
  | { kind: 'computation'; party: Party; event: number; effect: number; t: number; computations: Computation[] }
  | { kind: 'closed'; party: Party; event: number; effect: number; t: number; disconnect: Extract<Effect, { type: 'disconnect' }> };

export interface BuiltSteps {
  steps: Step[];
  attacker: boolean;
  /**
   * For each step, the last event of each endpoint that any step up to it came from (-1: none yet).
   * Several steps can share one event (a packet received and the computations it set off), so an
   * endpoint's engine state after step i is the state after that whole event.
   */
  lastEvent: Record<Party, Int32Array>;
  /** For each message step, the events of the entries it holds (the sender's, the receiver's). */
  refs: { sentEvent?: number; receivedEvent?: number }[];
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
    r.effects.forEach((effects, event) => {
      const t = r.events[event].t;
      for (let k = 0; k < effects.length; k++) {
        const e = effects[k];
        if (e.type === 'message') {
          const ref = { event, effect: k, t, entry: e.entry };
          (e.entry.direction === 'sent' ? sentBy : receivedBy)[party].push(ref);
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
        const next = p.kind === 'injected' ? pairs.slice(k + 1).find((q) => q.kind !== 'injected') : undefined;
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
  // Events that have steps of their own on an endpoint's lifeline (its sends, computations, close).
  const ownEvents = { client: new Set(anchors.client.map((a) => a.event)), server: new Set(anchors.server.map((a) => a.event)) };
  const steps: Step[] = [];
  const lastEvent = { client: new Int32Array(merged.length), server: new Int32Array(merged.length) };
  const last = { client: -1, server: -1 };
  const label = new Labeller();
  const refs: BuiltSteps['refs'] = [];
  merged.forEach((a, index) => {
    steps.push(label.step(a, index));
    refs.push(a.kind === 'message' ? { ...(a.sent ? { sentEvent: a.sent.event } : {}), ...(a.received ? { receivedEvent: a.received.event } : {}) } : {});
    if (a.kind === 'message') {
      if (a.sent) last[flowSender(a.flow)] = Math.max(last[flowSender(a.flow)], a.sent.event);
      // The receiver moves on here only if reading this packet set off nothing of its own; else its
      // state changes with its own next step (the negotiation a KEXINIT leads to, say), so the
      // inspector does not show the outcome before the diagram does.
      const receiver = other(flowSender(a.flow));
      // A relocated injection comes before things the receiver did earlier in its own log; its
      // state catches up at the receiver's next own step.
      if (a.received && !a.relocated && (a.party === receiver || !ownEvents[receiver].has(a.received.event))) {
        last[receiver] = Math.max(last[receiver], a.received.event);
      }
    } else last[a.party] = Math.max(last[a.party], a.event);
    lastEvent.client[index] = last.client;
    lastEvent.server[index] = last.server;
  });
  return { steps, attacker, lastEvent, refs };
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
    step.explain = step.tampered === 'dropped' && step.number === 7 ? 'concepts/terrapin' : 'concepts/tampering';
  }
}

const flowSender = (flow: 'c2s' | 's2c'): Party => (flow === 'c2s' ? 'client' : 'server');


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

/** Titles, phases and explanations: a running band (a rekey opens new negotiation/kex bands). */
class Labeller {
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
    else if (a.tampered) explain = terrapinLike(a, entry) ? 'concepts/terrapin' : 'concepts/tampering';
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
    if (!error) this.band = phase;
    return step;
  }

  private computation(a: Extract<Anchor, { kind: 'computation' }>, index: number): ComputationStep {
    const c = a.computations[0];
    let action: string;
    let explain: string;
    let phase: StepPhase = 'key exchange';
    let ok = true;
    let error: string | undefined;
    switch (c.name) {
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
function terrapinLike(a: Extract<Anchor, { kind: 'message' }>, entry: TraceEntry): boolean {
  if (a.tampered === 'injected') return !entry.encrypted && entry.number === 2;
  if (a.tampered === 'dropped') return entry.number === 7;
  return false;
}
