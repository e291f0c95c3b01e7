// The transport engine: step(state, event) → { state, effects }. Pure: no I/O, no clock, no
// randomness (random bytes arrive as entropy events), and nothing thrown out of step().

import { kexAlgorithms } from '../algorithms/kex';
import { DecodeError } from '../wire/errors';
import { concat } from '../wire/bytes';
import type { DecodedMessage } from '../messages/codec';
import { DISCONNECT as REASON, MSG } from '../messages/numbers';
import * as S from '../messages/specs';
import type { EndpointConfig } from './config';
import { DEFAULT_MAX_PACKET } from './config';
import { Ctx } from './ctx';
import type { Effect, EngineEvent, Request, TraceEntry } from './events';
import { internLayout, receivedPacketEntry } from './lazyFields';
import { onKexinit, onKexMessage, onNewKeys, onSignature, sendKexinit } from './kexFlow';
import { checkPacket, packetFields, wireFields } from './packet';
import { initialState, waitingFor, type EngineState } from './state';
import { MAX_BANNER_LINES, readLine } from './version';

export interface StepResult {
  state: EngineState;
  effects: Effect[];
}

/** Random bytes kept in hand: more than any single action needs (DH-8192 exponent + padding). */
export const ENTROPY_RESERVE = 1024;
export const ENTROPY_REQUEST = 4096;

export function createEngine(config: EndpointConfig): EngineState {
  return initialState(config);
}

export function step(state: EngineState, event: EngineEvent): StepResult {
  if (state.closed) return { state, effects: [] };
  const ctx = new Ctx(state);
  try {
    switch (event.type) {
      case 'start':
        ctx.s.started = true;
        break;
      case 'entropy':
        ctx.s.pool = concat(ctx.s.pool, event.bytes);
        ctx.s.entropyRequested = false;
        break;
      case 'bytesReceived':
        // Byte arrays are never written to once made, so an empty buffer can simply become the
        // chunk (no copy); the packets read from it are views of the event's bytes.
        ctx.s.input = ctx.s.input.length ? concat(ctx.s.input, event.bytes) : event.bytes;
        break;
      case 'request':
        ctx.s.outbox = [...ctx.s.outbox, event.request];
        break;
      case 'signature':
        onSignature(ctx, event.algorithm, event.signature);
        break;
      case 'close': {
        const left = ctx.s.input.length;
        ctx.close(
          REASON.CONNECTION_LOST,
          `connection closed by the peer while waiting for ${waitingFor(ctx.s)}` +
            (left ? ` (${left} bytes of an unfinished ${ctx.s.peerVersion ? 'packet' : 'line'} were left)` : ''),
          'connection',
        );
        break;
      }
    }
    pump(ctx);
  } catch (e) {
    // A bug must not escape as an exception: it ends the connection like any other failure.
    const why = e instanceof Error ? e.message : String(e);
    try {
      ctx.fail(REASON.PROTOCOL_ERROR, `internal error: ${why}`);
    } catch {
      ctx.close(REASON.PROTOCOL_ERROR, `internal error: ${why}`, 'local');
    }
  }
  return { state: ctx.s, effects: ctx.effects };
}

/** Does whatever can be done now, in order, until nothing more can. */
function pump(ctx: Ctx): void {
  for (let guard = 0; guard < 1_000_000; guard++) {
    const s = ctx.s;
    if (s.closed || !s.started) return;
    if (s.pool.length < ENTROPY_RESERVE) {
      if (!s.entropyRequested) {
        ctx.s.entropyRequested = true;
        ctx.emit({ type: 'needEntropy', n: ENTROPY_REQUEST, purpose: 'pool' });
      }
      return;
    }
    if (!s.versionSent) {
      sendVersion(ctx);
      sendKexinit(ctx);
      continue;
    }
    if (s.service.acceptAfterKex && s.kexCount > 0 && !s.kex) {
      sendServiceAccept(ctx, s.service.requested!);
      continue;
    }
    if (s.outbox.length > 0 && handleRequest(ctx)) continue;
    // While the driver signs H nothing more is read: the reply must be the next kex packet.
    if (s.kex?.step === 'await-signature') return;
    if (!receiveOne(ctx)) return;
  }
}

function sendVersion(ctx: Ctx): void {
  const s = ctx.s;
  if (s.role === 'server') {
    for (const line of s.config.bannerLines ?? []) emitLine(ctx, 'banner', line);
  }
  emitLine(ctx, 'version', s.config.version);
  ctx.s.versionSent = true;
}

function emitLine(ctx: Ctx, kind: 'banner' | 'version', text: string): void {
  const wire = new TextEncoder().encode(text + '\r\n');
  const parsed = readLine(wire, 0, kind === 'banner');
  const fields = parsed.kind === 'version' || parsed.kind === 'banner' ? parsed.fields : [];
  const entry: TraceEntry = {
    kind,
    direction: 'sent',
    name: kind === 'version' ? 'identification string' : 'banner line',
    wire,
    fields,
    encrypted: false,
    streamOffset: ctx.s.send.streamOffset,
  };
  ctx.s.send = { ...ctx.s.send, streamOffset: ctx.s.send.streamOffset + wire.length };
  ctx.emit({ type: 'message', entry });
  ctx.emit({ type: 'send', bytes: wire });
}

/** Handles the first queued request if it can go now. Returns true if it was consumed. */
function handleRequest(ctx: Ctx): boolean {
  const s = ctx.s;
  // A disconnect does not wait behind requests that are waiting for the key exchange.
  const at = Math.max(0, s.outbox.findIndex((r) => r.kind === 'disconnect'));
  const req: Request = s.outbox[at];
  const established = s.kexCount > 0 && !s.kex;
  const inKex = Boolean(s.kex);
  const take = () => {
    ctx.s.outbox = ctx.s.outbox.filter((_, i) => i !== at);
    return true;
  };
  switch (req.kind) {
    case 'disconnect':
      take();
      if (!s.peerVersion) ctx.close(req.reason, req.description, 'local');
      else {
        ctx.sendMessage(S.DISCONNECT, { reason_code: req.reason, description: req.description, language_tag: '' });
        ctx.close(req.reason, req.description, 'local');
      }
      return true;
    case 'ignore':
    case 'debug':
      // Under strict kex nothing but kex messages may be sent during the first key exchange.
      if (s.kexCount === 0 && (s.strict !== false || !s.peerVersion)) return false;
      take();
      if (req.kind === 'ignore') ctx.sendMessage(S.IGNORE, { data: req.data });
      else ctx.sendMessage(S.DEBUG, { always_display: req.alwaysDisplay ?? false, message: req.message, language_tag: '' });
      return true;
    case 'payload':
      if (!established) return false;
      take();
      try {
        ctx.sendPayload(req.payload);
      } catch (e) {
        // The engine decodes what it sends (for the trace); a payload that does not decode is the
        // caller's mistake, named as such rather than as an internal error.
        if (!(e instanceof DecodeError)) throw e;
        ctx.close(REASON.PROTOCOL_ERROR, `refused to send the requested payload: message ${req.payload[0]} does not decode (${e.message})`, 'local');
      }
      return true;
    case 'service':
      if (!established) return false;
      take();
      if (s.role !== 'client') return true;
      ctx.s.service = { requested: req.name };
      ctx.sendMessage(S.SERVICE_REQUEST, { service_name: req.name });
      return true;
    case 'rekey':
      if (!established) return inKex ? take() : false;
      take();
      sendKexinit(ctx);
      return true;
  }
}

/** Processes one line or packet from the input buffer. Returns false when more bytes are needed. */
function receiveOne(ctx: Ctx): boolean {
  const s = ctx.s;
  if (!s.peerVersion) return receiveLine(ctx);
  const prot = s.recv.protection;
  if (s.input.length < prot.lengthPrefixSize) return false;
  const streamOffset = s.recv.streamOffset;
  const len = prot.peekLength(s.recv.seq, s.input.subarray(0, prot.lengthPrefixSize));
  const max = s.config.maxPacketLength ?? DEFAULT_MAX_PACKET;
  // Checked before waiting for (or allocating) the claimed size.
  if (len > max) {
    ctx.protocolError(`packet_length ${len} at stream offset ${streamOffset} exceeds the maximum of ${max} bytes`);
    return false;
  }
  if (len < 5) {
    ctx.protocolError(`packet_length ${len} at stream offset ${streamOffset} is too small for a packet`);
    return false;
  }
  const aligned = prot.mode === 'encrypt-then-mac' || prot.mode === 'aead' ? len : len + 4;
  if (aligned % prot.blockSize !== 0) {
    ctx.protocolError(
      `packet_length ${len} at stream offset ${streamOffset} is not a multiple of the ${prot.blockSize}-byte block size`,
    );
    return false;
  }
  const total = 4 + len + prot.macLength;
  if (s.input.length < total) return false;
  const wire = s.input.subarray(0, total);
  const seq = s.recv.seq;
  ctx.s.input = s.input.subarray(total);
  ctx.s.recv = { ...s.recv, seq: (seq + 1) >>> 0, packets: s.recv.packets + 1, streamOffset: streamOffset + total };
  const layout = internLayout(prot.layout(len));
  const opened = prot.open(seq, wire);
  if (!opened.ok) {
    ctx.emit({
      type: 'message',
      entry: {
        kind: 'packet',
        direction: 'received',
        seq,
        name: 'undecryptable packet',
        wire,
        fields: wireFields(wire, layout, []),
        wireFields: wireFields(wire, layout, []),
        encrypted: true,
        layout,
        cipher: prot.cipher,
        mac: prot.mac,
        error: opened.reason,
        streamOffset,
      },
    });
    ctx.fail(REASON.MAC_ERROR, `${opened.reason} (packet at stream offset ${streamOffset})`);
    return false;
  }
  ctx.s.recv = { ...ctx.s.recv, protection: opened.next };
  const packet = opened.packet;
  const checked = checkPacket(packet);
  const baseEntry = {
    kind: 'packet' as const,
    direction: 'received' as const,
    seq,
    wire,
    packet,
    encrypted: prot.mode !== 'none',
    layout,
    cipher: prot.cipher,
    mac: prot.mac,
    streamOffset,
  };
  if (!checked.ok) {
    const fields = [{ name: 'packet', type: 'bytes' as const, offset: 0, length: packet.length, value: packet }];
    ctx.emit({ type: 'message', entry: { ...baseEntry, name: 'malformed packet', fields, wireFields: wireFields(wire, layout, fields), error: checked.reason } });
    ctx.protocolError(`${checked.reason} (packet seq ${seq} at stream offset ${streamOffset})`);
    return false;
  }
  // A wrongly guessed kex packet is decoded as the method the peer guessed, for display.
  const guessFamily = s.kex?.ignoreGuess ? guessedFamily(ctx) : undefined;
  const kexFamily = guessFamily ?? ctx.family();
  let msg: DecodedMessage;
  const context = ctx.decodeContext();
  try {
    msg = ctx.decode(checked.payload, 5, kexFamily);
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    const number = checked.payload[0];
    const fields = packetFields(packet, checked.paddingLength, [], `message ${number}`);
    ctx.emit({
      type: 'message',
      entry: { ...baseEntry, number, name: `malformed message ${number}`, fields, wireFields: wireFields(wire, layout, fields), error: e.message },
    });
    ctx.protocolError(`malformed message ${number} (packet seq ${seq}): ${e.field} at packet byte ${e.offset}: ${e.message.replace(/^.*?: /, '')}`);
    return false;
  }
  ctx.noteAuthMethod(msg);
  const entry = receivedPacketEntry(baseEntry, msg.number, msg.name, kexFamily, context);
  ctx.emit({ type: 'message', entry });
  dispatch(ctx, msg, checked.payload, entry, seq);
  return true;
}

function guessedFamily(ctx: Ctx) {
  const first = ctx.s.kex?.peerLists?.kex_algorithms[0];
  return first ? kexAlgorithms[first]?.family : undefined;
}

function receiveLine(ctx: Ctx): boolean {
  const s = ctx.s;
  const offset = s.recv.streamOffset;
  const r = readLine(s.input, offset, s.role === 'client');
  if (r.kind === 'need-more') return false;
  if (r.kind === 'error') {
    ctx.close(
      r.code === 'version' ? REASON.PROTOCOL_VERSION_NOT_SUPPORTED : REASON.PROTOCOL_ERROR,
      `${r.reason} (at stream offset ${r.offset})`,
      'local',
    );
    return false;
  }
  const entry: TraceEntry = {
    kind: r.kind,
    direction: 'received',
    name: r.kind === 'version' ? 'identification string' : 'banner line',
    wire: r.bytes.slice(),
    fields: r.fields,
    encrypted: false,
    streamOffset: offset,
  };
  ctx.s.input = s.input.subarray(r.bytes.length);
  ctx.s.recv = { ...s.recv, streamOffset: offset + r.bytes.length };
  ctx.emit({ type: 'message', entry });
  if (r.kind === 'banner') {
    ctx.s.bannerLines = [...s.bannerLines, r.text];
    if (ctx.s.bannerLines.length > MAX_BANNER_LINES) {
      ctx.close(REASON.PROTOCOL_ERROR, `more than ${MAX_BANNER_LINES} lines before the identification line`, 'local');
      return false;
    }
  } else {
    ctx.s.peerVersion = r.version;
  }
  return true;
}

function dispatch(ctx: Ctx, msg: DecodedMessage, payload: Uint8Array, entry: TraceEntry, seq: number): void {
  const s = ctx.s;
  const n = msg.number;
  const v = msg.values;
  const strictInitial = s.strict === true && s.kex !== null && s.kex.initial;
  const kexMessage = n === MSG.KEXINIT || n === MSG.NEWKEYS || (n >= 30 && n <= 49);
  if (strictInitial && !kexMessage && n !== MSG.DISCONNECT) {
    entry.error = 'not allowed during the initial key exchange under strict kex';
    return ctx.protocolError(`strict KEX violation: unexpected ${msg.name} (seq ${seq}) during the initial key exchange`);
  }
  switch (n) {
    case MSG.DISCONNECT:
      ctx.close(v.reason_code as number, v.description as string, 'peer');
      return;
    case MSG.IGNORE:
      entry.ignored = 'SSH_MSG_IGNORE: the receiver discards it (RFC 4253 §11.2).';
      return;
    case MSG.DEBUG:
      entry.ignored = 'SSH_MSG_DEBUG: informational only (RFC 4253 §11.3).';
      return;
    case MSG.UNIMPLEMENTED: {
      const n = v.packet_sequence_number as number;
      const k = s.kex;
      // A rekey our peer refuses (OpenSSH answers a KEXINIT before user authentication this way):
      // it will never send its own KEXINIT, so waiting would only end in a timeout. That key
      // exchange is over; the current keys stay (RFC 4253 §11.4 says only that it is not understood).
      if (k && !k.initial && !k.peerKexinit && k.localKexinitSeq === n) {
        ctx.s.kex = null;
        entry.ignored = `The peer did not understand our SSH_MSG_KEXINIT (packet ${n}): it does not rekey now, so this key exchange ends here and the current keys stay in use.`;
        return;
      }
      entry.ignored = `The peer did not understand our packet ${n}.`;
      return;
    }
    case MSG.KEXINIT:
      return onKexinit(ctx, msg, payload);
    case MSG.NEWKEYS:
      if (!onNewKeys(ctx)) {
        entry.error = 'unexpected';
        ctx.protocolError(`unexpected SSH_MSG_NEWKEYS (seq ${seq}) while waiting for ${waitingFor(s)}`);
      }
      return;
    case MSG.SERVICE_REQUEST:
      return onServiceRequest(ctx, v.service_name as string, entry);
    case MSG.SERVICE_ACCEPT:
      if (s.role !== 'client' || !s.service.requested || s.service.accepted || s.service.requested !== v.service_name) {
        entry.error = 'unexpected';
        return ctx.protocolError(`unexpected SSH_MSG_SERVICE_ACCEPT for "${v.service_name as string}"`);
      }
      ctx.s.service = { ...s.service, accepted: v.service_name as string };
      return;
    case MSG.EXT_INFO: {
      const exts: Record<string, unknown> = { ...s.extensions };
      for (const e of v.extensions as { name: string; value: Uint8Array }[]) {
        exts[e.name] = e.name === 'server-sig-algs' ? new TextDecoder().decode(e.value).split(',') : e.value;
      }
      ctx.s.extensions = exts;
      ctx.computed({ name: 'ext-info', extensions: exts });
      return;
    }
  }
  if (n >= 30 && n <= 49) {
    if (!onKexMessage(ctx, msg, entry)) {
      entry.error = 'unexpected';
      ctx.protocolError(`unexpected ${msg.name} (seq ${seq}) while waiting for ${waitingFor(s)}`);
    }
    return;
  }
  // RFC 4253 §11.4: anything we do not implement is answered, not fatal.
  entry.ignored = `Not implemented here: answered with SSH_MSG_UNIMPLEMENTED (RFC 4253 §11.4).`;
  ctx.sendMessage(S.UNIMPLEMENTED, { packet_sequence_number: seq });
}

function onServiceRequest(ctx: Ctx, name: string, entry: TraceEntry): void {
  const s = ctx.s;
  if (s.role !== 'server' || s.kexCount === 0 || s.kex?.peerKexinit) {
    entry.error = 'unexpected';
    return ctx.protocolError(`unexpected SSH_MSG_SERVICE_REQUEST for "${name}"`);
  }
  if (!(s.config.services ?? []).includes(name)) {
    return ctx.fail(REASON.SERVICE_NOT_AVAILABLE, `service "${name}" is not available`);
  }
  // Our KEXINIT is out (we started a rekey): RFC 4253 §7.1 allows only kex messages until our
  // NEWKEYS, so the answer waits for the new keys.
  if (s.kex) {
    ctx.s.service = { requested: name, acceptAfterKex: true };
    return;
  }
  sendServiceAccept(ctx, name);
}

function sendServiceAccept(ctx: Ctx, name: string): void {
  ctx.s.service = { requested: name, accepted: name };
  ctx.sendMessage(S.SERVICE_ACCEPT, { service_name: name });
}
