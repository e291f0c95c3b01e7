// The passive decoder: both directions' bytes, in arrival order, read as each receiver would and
// explained as the replay explains a session we ran. The key exchange is followed from the
// messages themselves (negotiate() over the two KEXINITs, the kex values from the registry's
// layouts); with a key log, K comes from the logged secret, and H, the session id and keys A–F from
// the engine's own exchangeHash/deriveKey, so every packet is decrypted and its MAC or tag checked.
// Produces the same step anchors as the replay (lib/session/steps.ts) for the same Labeller.

import { nestedDecoders } from '../../ssh/algorithms/decoders';
import { ciphers } from '../../ssh/algorithms/cipher';
import { fingerprintSha256, hostKeyAlgorithms } from '../../ssh/algorithms/hostkey';
import { kexAlgorithms } from '../../ssh/algorithms/kex';
import { exchangeHash, exchangeHashInputs } from '../../ssh/algorithms/kex/exchangeHash';
import { macs } from '../../ssh/algorithms/mac';
import { createProtection } from '../../ssh/algorithms/protection';
import type { DhGroup, KexAlgorithm, KexFamily, ProtectionKeys } from '../../ssh/algorithms/types';
import { decodeMessage } from '../../ssh/messages/codec';
import { MSG } from '../../ssh/messages/numbers';
import type { Computation, TraceEntry } from '../../ssh/transport/events';
import { internLayout, sentPacketEntry } from '../../ssh/transport/lazyFields';
import { guessIsRight, negotiate, type KexInitLists, type Negotiated } from '../../ssh/transport/negotiate';
import { packetFields, wireFields } from '../../ssh/transport/packet';
import { deriveSessionKeys } from '../../ssh/transport/sessionKeys';
import { terrapinNote } from '../../ssh/transport/terrapin';
import { bigintToBytes, toHex } from '../../ssh/wire/bytes';
import { DecodeError } from '../../ssh/wire/errors';
import type { Field } from '../../ssh/wire/field';
import type { KeylogEntry } from '../keylog';
import type { FailedNegotiation, Party } from '../session';
import type { Anchor } from '../steps';
import { entriesFor, secretFromEntry } from './secrets';
import { concatAll, DIRECTION_WORDS, DirectionReader, sealedProtection, type Flow, type Framed, type SealedProtection } from './stream';

export interface PeerChunk {
  t: number;
  direction: Flow;
  bytes: Uint8Array;
}

export interface ObservedDecode {
  anchors: Anchor[];
  versions: Partial<Record<Party, string>>;
  /** The last negotiation both KEXINITs decided. */
  negotiated?: Negotiated;
  kexCount: number;
  sessionId?: Uint8Array;
  hostKeyFingerprint?: string;
  serviceAccepted?: string;
  /** A key log was given, and whether it opened every key exchange it was needed for. */
  keylog: 'none' | 'used' | 'not used';
  /** Encrypted packets left undecrypted (no keys for them). */
  sealed: boolean;
  /** The first failure, in one sentence (naming direction, packet and byte offset). */
  failure?: string;
}

const STRICT = { client: 'kex-strict-c-v00@openssh.com', server: 'kex-strict-s-v00@openssh.com' } as const;
const sideOf = (f: Flow): Party => (f === 'c2s' ? 'client' : 'server');
const flowOf = (p: Party): Flow => (p === 'client' ? 'c2s' : 's2c');
const otherFlow = (f: Flow): Flow => (f === 'c2s' ? 's2c' : 'c2s');

/** One key exchange as seen from outside. */
interface KexWatch {
  initial: boolean;
  kexinit: Partial<Record<Party, { payload: Uint8Array; lists: KexInitLists; seq?: number }>>;
  negotiated?: Negotiated;
  method?: KexAlgorithm;
  /** A guessed kex packet that arrived before the negotiation, per sender. */
  early: Partial<Record<Flow, { entry: TraceEntry; values: Record<string, unknown> }>>;
  ignoreGuess: Record<Flow, boolean>;
  gexRequest?: { min: number; n: number; max: number };
  group?: DhGroup;
  clientPublic?: Uint8Array;
  keys?: { c2s: ProtectionKeys; s2c: ProtectionKeys };
  /** Why this exchange's keys are unknown (no key log entry, an unusable secret…). */
  noKeys?: string;
  newKeys: Record<Flow, boolean>;
}

export function decodeObserved(chunks: readonly PeerChunk[], keylog?: readonly KeylogEntry[]): ObservedDecode {
  return new Observer(keylog).run(chunks);
}

class Observer {
  private readonly anchors: Anchor[] = [];
  private readonly readers: Record<Flow, DirectionReader> = { c2s: new DirectionReader('c2s'), s2c: new DirectionReader('s2c') };
  private readonly versions: Partial<Record<Party, string>> = {};
  private kex: KexWatch | null = null;
  private negotiated?: Negotiated;
  private strict = false;
  private kexCount = 0;
  private sessionId?: Uint8Array;
  private fingerprint?: string;
  private serviceAccepted?: string;
  private keylogUsed = false;
  private keylogMissed = false;
  private sealedSeen = false;
  private failure?: string;
  private readonly extensions: Record<Party, Record<string, unknown>> = { client: {}, server: {} };
  private t = 0;
  private event = 0;
  private effect = 0;

  constructor(private readonly keylog: readonly KeylogEntry[] | undefined) {}

  run(chunks: readonly PeerChunk[]): ObservedDecode {
    chunks.forEach((c, i) => {
      this.t = c.t;
      this.event = i;
      const r = this.readers[c.direction];
      r.push(c.bytes);
      for (let f = r.next(); f; f = r.next()) {
        try {
          this.framed(r, f);
        } catch (e) {
          // A defect here must not take the session down: it ends this direction, said where.
          const at = 'streamOffset' in f ? f.streamOffset : r.streamOffset;
          this.errorStep(c.direction, new Uint8Array(0), at, `internal error while decoding the ${DIRECTION_WORDS[c.direction]} bytes at byte ${at}: ${e instanceof Error ? e.message : String(e)}.`);
          r.stop();
        }
      }
    });
    this.event = chunks.length;
    for (const flow of ['c2s', 's2c'] as const) {
      const r = this.readers[flow];
      const left = r.leftover();
      if (left) this.errorStep(flow, left.bytes, left.streamOffset, left.reason, r.seq);
      if (r.opaque) this.opaqueStep(r);
    }
    // One sentence, at the first encrypted packet the observer could not read, in step order.
    const first = this.anchors.find((a) => a.kind === 'message' && this.sealedEntries.has(a.sent!.entry));
    if (first?.kind === 'message') first.sent!.entry.note = this.sealedEntries.get(first.sent!.entry);
    return {
      anchors: this.anchors,
      versions: this.versions,
      ...(this.negotiated ? { negotiated: this.negotiated } : {}),
      kexCount: this.kexCount,
      ...(this.sessionId ? { sessionId: this.sessionId } : {}),
      ...(this.fingerprint ? { hostKeyFingerprint: this.fingerprint } : {}),
      ...(this.serviceAccepted ? { serviceAccepted: this.serviceAccepted } : {}),
      keylog: !this.keylog?.length ? 'none' : this.keylogUsed && !this.keylogMissed ? 'used' : 'not used',
      sealed: this.sealedSeen,
      ...(this.failure ? { failure: this.failure } : {}),
    };
  }

  // ------------------------------------------------------------------ steps

  private message(flow: Flow, entry: TraceEntry): void {
    const party = sideOf(flow);
    const ref = { event: this.event, effect: this.effect++, t: this.t, entry };
    this.anchors.push({ kind: 'message', party, event: this.event, effect: ref.effect, t: this.t, flow, sent: ref, received: ref });
    if (entry.error && !this.failure) this.failure = entry.error;
  }

  private computed(party: Party, computations: (Computation | FailedNegotiation)[]): void {
    this.anchors.push({ kind: 'computation', party, event: this.event, effect: this.effect++, t: this.t, computations });
  }

  private errorStep(flow: Flow, bytes: Uint8Array, streamOffset: number, reason: string, seq?: number, mac = false): void {
    const fields: Field[] = bytes.length ? [{ name: mac ? 'packet (not authenticated)' : 'unread bytes', type: 'bytes', offset: 0, length: bytes.length, value: bytes }] : [];
    const stop = ` Decoding of the ${DIRECTION_WORDS[flow]} direction stops here.`;
    this.message(flow, {
      kind: 'packet',
      direction: 'sent',
      ...(seq !== undefined ? { seq } : {}),
      name: mac ? 'undecryptable packet' : 'unreadable bytes',
      wire: bytes,
      fields,
      wireFields: fields,
      encrypted: mac,
      error: (/[.!]$/.test(reason) ? reason : `${reason}.`) + stop,
      streamOffset,
    });
  }

  private opaqueStep(r: DirectionReader): void {
    const o = r.opaque!;
    const wire = o.chunks.length === 1 ? o.chunks[0] : concatAll(o.chunks);
    if (!wire.length) return;
    const fields: Field[] = [{ name: 'ciphertext', type: 'bytes', offset: 0, length: wire.length, value: wire, note: `${o.sealed.cipher}: packet boundaries are encrypted too` }];
    const entry: TraceEntry = {
      kind: 'packet',
      direction: 'sent',
      name: 'encrypted stream',
      wire,
      fields,
      wireFields: fields,
      encrypted: true,
      cipher: o.sealed.cipher,
      mac: o.sealed.mac,
      streamOffset: o.streamOffset,
    };
    this.sealedEntries.set(entry, this.sealedNote(o.sealed, false));
    this.sealedSeen = true;
    // Placed where the encrypted bytes began, not at the end of the session.
    const at = this.anchors.findIndex((a) => a.kind === 'message' && a.flow === r.flow && a.sent!.entry.streamOffset >= o.streamOffset);
    const ref = { event: this.event, effect: this.effect++, t: this.t, entry };
    const anchor: Anchor = { kind: 'message', party: sideOf(r.flow), event: this.event, effect: ref.effect, t: this.t, flow: r.flow, sent: ref, received: ref };
    // After the NEWKEYS that sealed the direction: the last step of this direction so far.
    let pos = this.anchors.length;
    if (at >= 0) pos = at;
    else {
      for (let i = this.anchors.length - 1; i >= 0; i--) {
        const a = this.anchors[i];
        if (a.kind === 'message' && a.flow === r.flow) {
          pos = i + 1;
          break;
        }
      }
    }
    this.anchors.splice(pos, 0, anchor);
  }

  /** The sentence a sealed packet would carry if it is the first one in step order (set at the end). */
  private readonly sealedEntries = new Map<TraceEntry, string>();

  private sealedNote(s: SealedProtection, framed: boolean): string {
    const why = this.kex?.noKeys ?? this.lastNoKeys ?? 'no key log was given';
    const frame = framed
      ? `Its packet_length travels in the clear (${s.mode === 'aead' ? s.cipher : `${s.mac}, encrypt-then-MAC`}), so packets can still be cut apart, but not read.`
      : `With ${s.cipher}${s.mode === 'encrypt-and-mac' ? ` and ${s.mac} (encrypt-and-MAC)` : ''} even packet_length is encrypted, so from here this direction is one opaque stream.`;
    return `Encrypted under keys this observer does not have (${why}). ${frame} A key log (Wireshark's SSH key log: a side's KEXINIT cookie with its ephemeral PRIVATE_KEY or the SHARED_SECRET) would reveal K, H, the session id and keys A–F, decrypt every packet (message number, payload, padding) and check every MAC or tag.`;
  }

  private lastNoKeys?: string;

  // ------------------------------------------------------------------ framing

  private framed(r: DirectionReader, f: Framed): void {
    const flow = r.flow;
    switch (f.kind) {
      case 'line': {
        const l = f.line;
        if (l.kind === 'version') this.versions[sideOf(flow)] = l.version;
        this.message(flow, {
          kind: l.kind,
          direction: 'sent',
          name: l.kind === 'version' ? 'identification string' : 'banner line',
          wire: l.bytes.slice(),
          fields: l.fields,
          encrypted: false,
          streamOffset: f.streamOffset,
        });
        return;
      }
      case 'error':
        this.errorStep(flow, f.wire, f.streamOffset, f.reason, f.seq, f.mac);
        return;
      case 'sealed': {
        this.sealedSeen = true;
        const len = f.wire.length - 4 - f.sealed.macLength;
        const layout = internLayout({ mode: f.sealed.mode, lengthEncrypted: false, encrypted: { offset: 4, length: len }, mac: { offset: 4 + len, length: f.sealed.macLength } });
        const fields = wireFields(f.wire, layout, []);
        const entry: TraceEntry = {
          kind: 'packet',
          direction: 'sent',
          seq: f.seq,
          name: 'encrypted packet',
          wire: f.wire,
          fields,
          wireFields: fields,
          encrypted: true,
          layout,
          cipher: f.sealed.cipher,
          mac: f.sealed.mac,
          streamOffset: f.streamOffset,
        };
        if (!this.sealedEntries.size) this.sealedEntries.set(entry, this.sealedNote(f.sealed, true));
        this.message(flow, entry);
        return;
      }
      case 'packet':
        this.packet(r, f);
    }
  }

  /** The kex family that gives numbers 30–49 their meaning for a packet from `flow`. */
  private family(flow: Flow): KexFamily | undefined {
    const k = this.kex;
    const guessed = () => {
      const first = k?.kexinit[sideOf(flow)]?.lists.kex_algorithms[0];
      return first !== undefined && Object.hasOwn(kexAlgorithms, first) ? kexAlgorithms[first].family : undefined;
    };
    if (k && (!k.negotiated || k.ignoreGuess[flow])) return guessed();
    const name = k?.negotiated?.kex ?? this.negotiated?.kex;
    return name && Object.hasOwn(kexAlgorithms, name) ? kexAlgorithms[name].family : undefined;
  }

  private packet(r: DirectionReader, f: Extract<Framed, { kind: 'packet' }>): void {
    const flow = r.flow;
    const prot = f.protection;
    const layout = internLayout(prot.layout(f.packet.length - 4));
    const base = {
      kind: 'packet' as const,
      direction: 'sent' as const,
      seq: f.seq,
      wire: f.wire,
      packet: f.packet,
      encrypted: prot.mode !== 'none',
      layout,
      cipher: prot.cipher,
      mac: prot.mac,
      streamOffset: f.streamOffset,
    };
    if (f.malformed) {
      const fields: Field[] = [{ name: 'packet', type: 'bytes', offset: 0, length: f.packet.length, value: f.packet }];
      this.message(flow, { ...base, name: 'malformed packet', fields, wireFields: wireFields(f.wire, layout, fields), error: `${f.malformed}, in the ${r.where(f.seq, f.streamOffset, f.index)}` });
      return;
    }
    const pad = f.packet[4];
    const payload = f.packet.subarray(5, f.packet.length - pad);
    const family = this.family(flow);
    let msg;
    try {
      msg = decodeMessage(payload, 5, nestedDecoders, family);
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      const number = payload[0];
      const fields = packetFields(f.packet, pad, [], `message ${number}`);
      this.message(flow, {
        ...base,
        number,
        name: `malformed message ${number}`,
        fields,
        wireFields: wireFields(f.wire, layout, fields),
        error: `malformed message ${number} in the ${r.where(f.seq, f.streamOffset, f.index)}: ${e.field} at packet byte ${e.offset}: ${e.message.replace(/^.*?: /, '')}`,
      });
      return;
    }
    const entry = sentPacketEntry({ ...base, number: msg.number, name: msg.name }, family);
    this.message(flow, entry);
    this.dispatch(r, msg.number, msg.values as Record<string, unknown>, payload, entry);
  }

  // ------------------------------------------------------------------ the protocol, followed

  private dispatch(r: DirectionReader, n: number, v: Record<string, unknown>, payload: Uint8Array, entry: TraceEntry): void {
    const flow = r.flow;
    switch (n) {
      case MSG.KEXINIT:
        return this.onKexinit(flow, payload, v as unknown as KexInitLists, entry);
      case MSG.NEWKEYS:
        return this.onNewKeys(r, entry);
      case MSG.IGNORE:
        entry.ignored = 'SSH_MSG_IGNORE: the receiver discards it (RFC 4253 §11.2).';
        return;
      case MSG.DEBUG:
        entry.ignored = 'SSH_MSG_DEBUG: informational only (RFC 4253 §11.3).';
        return;
      case MSG.UNIMPLEMENTED: {
        // A rekey the peer refuses (OpenSSH answers a KEXINIT before user authentication so): that
        // key exchange is over and the current keys stay, as the engine's own fold has it.
        const k = this.kex;
        const asker = sideOf(otherFlow(flow));
        const theirs = k?.kexinit[asker];
        if (k && theirs && !k.initial && !k.kexinit[sideOf(flow)] && theirs.seq === v.packet_sequence_number) {
          this.kex = null;
          entry.ignored = `The ${sideOf(flow)} did not understand the ${asker}'s SSH_MSG_KEXINIT (packet ${theirs.seq}): no rekey now, the current keys stay in use.`;
        }
        return;
      }
      case MSG.SERVICE_ACCEPT:
        this.serviceAccepted = String(v.service_name);
        return;
      case MSG.EXT_INFO: {
        const receiver = sideOf(otherFlow(flow));
        const exts = this.extensions[receiver];
        for (const e of (v.extensions as { name: string; value: Uint8Array }[]) ?? []) {
          exts[e.name] = e.name === 'server-sig-algs' ? new TextDecoder().decode(e.value).split(',') : e.value;
        }
        this.computed(receiver, [{ name: 'ext-info', extensions: { ...exts } }]);
        return;
      }
    }
    if (n >= 30 && n <= 49) this.onKexMessage(flow, v, entry);
  }

  private onKexinit(flow: Flow, payload: Uint8Array, lists: KexInitLists, entry: TraceEntry): void {
    const side = sideOf(flow);
    if (this.kex?.kexinit[side]) {
      entry.error = `a second SSH_MSG_KEXINIT from the ${side} during one key exchange (RFC 4253 §7.1)`;
      if (!this.failure) this.failure = entry.error;
      return;
    }
    this.kex ??= { initial: this.kexCount === 0, kexinit: {}, early: {}, ignoreGuess: { c2s: false, s2c: false }, newKeys: { c2s: false, s2c: false } };
    const k = this.kex;
    k.kexinit[side] = { payload: payload.slice(), lists, ...(entry.seq !== undefined ? { seq: entry.seq } : {}) };
    const c = k.kexinit.client;
    const s = k.kexinit.server;
    if (!c || !s) return;
    const result = negotiate(c.lists, s.lists, (name) => Boolean(ciphers[name]?.aead));
    for (const party of ['client', 'server'] as const) {
      const notes: (Computation | FailedNegotiation)[][] = [];
      if (k.initial) {
        const strict = c.lists.kex_algorithms.includes(STRICT.client) && s.lists.kex_algorithms.includes(STRICT.server);
        this.strict = strict;
        const missing = (['client', 'server'] as const).filter((p) => !k.kexinit[p]!.lists.kex_algorithms.includes(STRICT[p]));
        const off = 'so sequence numbers are not reset at NEWKEYS and extra messages during the first key exchange are tolerated';
        notes.push([
          {
            name: 'strict kex',
            enabled: strict,
            explanation: strict
              ? 'Both sides offer strict kex: sequence numbers restart at 0 after each NEWKEYS and any other message during the first key exchange is fatal.'
              : `The ${missing.join(' and the ')} ${missing.length > 1 ? 'do' : 'does'} not offer ${missing.map((p) => STRICT[p]).join(' / ')}: strict kex is off, ${off}.${result.ok ? ` ${terrapinNote(result.negotiated)}` : ''}`,
          },
        ]);
      }
      if (result.ok) notes.push([{ name: 'negotiation', negotiated: result.negotiated }]);
      else notes.push([{ name: 'failed negotiation', reason: result.reason, choices: result.choices }]);
      for (const x of notes) this.computed(party, x);
    }
    if (!result.ok) {
      if (!this.failure) this.failure = `negotiation failed: ${result.reason}`;
      return;
    }
    const n = result.negotiated;
    k.negotiated = n;
    this.negotiated = n;
    k.method = Object.hasOwn(kexAlgorithms, n.kex) ? kexAlgorithms[n.kex] : undefined;
    if (!k.method) k.noKeys = `sshscope does not implement the key exchange ${n.kex}`;
    for (const guesser of ['client', 'server'] as const) {
      if (!k.kexinit[guesser]!.lists.first_kex_packet_follows) continue;
      const g = guessIsRight(c.lists, s.lists);
      const gf = flowOf(guesser);
      this.computed(guesser === 'client' ? 'server' : 'client', [{ name: 'guess', right: g.right, explanation: `The ${guesser} sent a guessed kex packet: ${g.explanation}.` }]);
      const early = k.early[gf];
      if (g.right) {
        if (early) this.applyKex(gf, early.values, early.entry);
      } else if (early) early.entry.ignored = `The ${guesser}'s guessed kex packet is ignored (RFC 4253 §7): ${g.explanation}.`;
      else k.ignoreGuess[gf] = true;
      delete k.early[gf];
    }
  }

  private onKexMessage(flow: Flow, v: Record<string, unknown>, entry: TraceEntry): void {
    const k = this.kex;
    if (!k) {
      entry.error = `unexpected ${entry.name}: no key exchange is under way`;
      return;
    }
    if (!k.negotiated) {
      if (k.kexinit[sideOf(flow)]?.lists.first_kex_packet_follows) k.early[flow] = { entry, values: v };
      else entry.error = `unexpected ${entry.name} before both SSH_MSG_KEXINITs`;
      return;
    }
    if (k.ignoreGuess[flow]) {
      k.ignoreGuess[flow] = false;
      entry.ignored = `The ${sideOf(flow)}'s guessed kex packet is ignored (RFC 4253 §7): the guess was wrong.`;
      return;
    }
    this.applyKex(flow, v, entry);
  }

  /** A kex message's values, by what they carry: generic over the families in the registry. */
  private applyKex(flow: Flow, v: Record<string, unknown>, entry: TraceEntry): void {
    const k = this.kex!;
    const has = (...names: string[]) => names.every((x) => x in v);
    if (has('min', 'n', 'max')) k.gexRequest = { min: v.min as number, n: v.n as number, max: v.max as number };
    else if (has('p', 'g')) k.group = { p: v.p as bigint, g: v.g as bigint };
    else if (has('K_S', 'signature')) this.onReply(v, entry);
    else if (flow === 'c2s') {
      const pub = v.Q_C ?? v.C_INIT ?? v.e;
      if (pub instanceof Uint8Array) k.clientPublic = pub;
      else if (typeof pub === 'bigint' && pub > 0n) k.clientPublic = bigintToBytes(pub);
      else entry.error = `${entry.name} carries no usable client public value`;
    }
  }

  /** The server's reply: host key, then (with a key log) K, H, the session id, the signature check and the keys. */
  private onReply(v: Record<string, unknown>, entry: TraceEntry): void {
    const k = this.kex!;
    const n = k.negotiated!;
    const K_S = v.K_S as Uint8Array;
    const signature = v.signature as Uint8Array;
    const fingerprint = fingerprintSha256(K_S);
    this.fingerprint ??= fingerprint;
    // An observer has no known_hosts: the key is shown, not judged.
    this.computed('client', [{ name: 'host key', algorithm: n.hostKey, fingerprint, known: null, publicKey: K_S }]);
    const method = k.method;
    const sp = v.Q_S ?? v.S_REPLY ?? v.f;
    const serverPublic = sp instanceof Uint8Array ? sp : typeof sp === 'bigint' && sp > 0n ? bigintToBytes(sp) : undefined;
    const missing = !method
      ? k.noKeys!
      : !k.clientPublic
        ? "the client's public value was not seen"
        : !serverPublic
          ? `${entry.name} carries no usable server public value`
          : method.family === 'dh-gex' && (!k.gexRequest || !k.group)
            ? 'the group exchange request or group was not seen'
            : unsupported(n);
    if (missing) return this.withoutKeys(missing);
    if (!this.keylog?.length) return this.withoutKeys('no key log was given');
    const cookies = { client: k.kexinit.client!.payload.subarray(1, 17), server: k.kexinit.server!.payload.subarray(1, 17) };
    const candidates = entriesFor(this.keylog, cookies);
    if (!candidates.length) {
      return this.withoutKeys(`the key log has no secret for this key exchange (client cookie ${toHex(cookies.client)}, server cookie ${toHex(cookies.server)})`);
    }
    const publics = { clientPublic: k.clientPublic!, serverPublic: serverPublic!, ...(k.group ? { group: k.group } : {}) };
    const problems: string[] = [];
    let got: Extract<ReturnType<typeof secretFromEntry>, { ok: true }> | undefined;
    for (const c of candidates) {
      const r = secretFromEntry(method!, c.entry, c.owner, publics);
      if (r.ok) {
        got = r;
        break;
      }
      problems.push(r.reason);
    }
    if (!got) return this.withoutKeys(problems.join('; '));
    const owner = got.owner;
    const inputs = exchangeHashInputs({
      family: method!.family,
      V_C: this.versions.client ?? '',
      V_S: this.versions.server ?? '',
      I_C: k.kexinit.client!.payload,
      I_S: k.kexinit.server!.payload,
      K_S,
      clientPublic: k.clientPublic!,
      serverPublic: serverPublic!,
      K: got.K,
      gex: method!.family === 'dh-gex' ? { ...k.gexRequest!, p: k.group!.p, g: k.group!.g } : undefined,
    });
    const H = exchangeHash(method!.hash, inputs);
    for (const c of got.computations) this.computed(owner, [c]);
    this.computed(owner, [{ name: 'H', value: H, hash: method!.hash, inputs, formula: `H = ${method!.hash.toUpperCase()}(${inputs.map((i) => i.name).join(' || ')})` }]);
    if (!this.sessionId) {
      this.sessionId = H;
      this.computed(owner, [{ name: 'session_id', value: H, formula: 'session_id = H of the first key exchange (RFC 4253 §7.2)' }]);
    }
    const alg = hostKeyAlgorithms[n.hostKey];
    const verdict = alg.verify(K_S, signature, H);
    this.computed('client', [
      {
        name: 'signature',
        action: 'verify',
        algorithm: alg.name,
        ok: verdict.ok,
        ...(verdict.ok ? {} : { reason: `${verdict.reason}; K from the key log gives an H the server did not sign: the key log's secret is not this key exchange's` }),
        signature,
      },
    ]);
    if (!verdict.ok && !this.failure) this.failure = `the server's signature of H does not verify with ${alg.name}: the key log's secret does not belong to this key exchange`;
    // Derived even after a failed signature check: the first packet under them then names the
    // direction, packet and offset where the wrong secret shows.
    const derived = deriveSessionKeys(method!.hash, got.K, H, this.sessionId, n);
    this.computed(owner, derived.computations);
    k.keys = derived.keys;
    this.keylogUsed = true;
  }

  private withoutKeys(why: string): void {
    const k = this.kex!;
    k.noKeys = why;
    this.lastNoKeys = why;
    if (this.keylog?.length) this.keylogMissed = true;
  }

  private onNewKeys(r: DirectionReader, entry: TraceEntry): void {
    const flow = r.flow;
    const k = this.kex;
    if (!k?.negotiated || k.newKeys[flow]) {
      entry.error = `unexpected SSH_MSG_NEWKEYS from the ${sideOf(flow)}: no key exchange of it is under way`;
      if (!this.failure) this.failure = entry.error;
      // Whatever follows is under keys nobody negotiated in view: not readable.
      r.switchTo(sealedProtection('unknown', 'unknown'), false);
      return;
    }
    const n = k.negotiated;
    const names = flow === 'c2s' ? { cipher: n.cipherC2S, mac: n.macC2S } : { cipher: n.cipherS2C, mac: n.macS2C };
    let next: ReturnType<typeof createProtection> | SealedProtection = sealedProtection(names.cipher, names.mac);
    if (k.keys) {
      try {
        next = createProtection(k.keys[flow]);
      } catch (e) {
        k.noKeys = `the keys could not be used: ${e instanceof Error ? e.message : String(e)}`;
      }
    } else if (!k.noKeys) k.noKeys = 'the key exchange was not seen whole';
    if (!('seal' in next)) this.lastNoKeys = k.noKeys;
    // Strict kex (OpenSSH PROTOCOL): each NEWKEYS restarts that direction's sequence numbers.
    r.switchTo(next, this.strict);
    k.newKeys[flow] = true;
    if (k.newKeys.c2s && k.newKeys.s2c) {
      this.kexCount++;
      this.kex = null;
    }
  }
}

/** A cipher or MAC the registries lack: then no keys can be derived or used. */
function unsupported(n: Negotiated): string | undefined {
  const c = [n.cipherC2S, n.cipherS2C].find((x) => !Object.hasOwn(ciphers, x));
  if (c) return `sshscope does not implement the cipher ${c}`;
  for (const [cipher, mac] of [
    [n.cipherC2S, n.macC2S],
    [n.cipherS2C, n.macS2C],
  ]) {
    if (!ciphers[cipher].aead && !Object.hasOwn(macs, mac)) return `sshscope does not implement the MAC ${mac}`;
  }
  if (!Object.hasOwn(hostKeyAlgorithms, n.hostKey)) return `sshscope does not implement the host key algorithm ${n.hostKey}`;
  const z = [n.compressionC2S, n.compressionS2C].find((x) => x !== 'none');
  if (z) return `the payloads are compressed with ${z}, which sshscope does not implement`;
  return undefined;
}
