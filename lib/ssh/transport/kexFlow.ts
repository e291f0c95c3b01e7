// The key exchange flow (RFC 4253 §7–8, RFC 5656 §4, RFC 4419 §3, draft-ietf-sshm-mlkem-hybrid-kex):
// which message comes next and what to do with it. The math (key pairs, K, H) lives in
// algorithms/kex; this file sequences it.

import { ciphers } from '../algorithms/cipher';
import { fingerprintSha256, hostKeyAlgorithms } from '../algorithms/hostkey';
import { chooseGexGroup, gexGroupProblem, gexRequestProblem, kexAlgorithms, serverGexSizes } from '../algorithms/kex';
import { exchangeHash, exchangeHashInputs } from '../algorithms/kex/exchangeHash';
import { macs } from '../algorithms/mac';
import { createProtection } from '../algorithms/protection';
import type { DhKexAlgorithm, HybridKexAlgorithm, HybridSecrets, KexAlgorithm } from '../algorithms/types';
import type { DecodedMessage } from '../messages/codec';
import { encodeLayout } from '../messages/layout';
import { DISCONNECT as REASON } from '../messages/numbers';
import * as S from '../messages/specs';
import { bigintToBytes, bytesToBigint, equalBytes } from '../wire/bytes';
import { DEFAULT_GEX } from './config';
import type { Ctx } from './ctx';
import type { TraceEntry } from './events';
import { guessIsRight, negotiate, type KexInitLists } from './negotiate';
import type { KexState } from './state';
import { deriveSessionKeys } from './sessionKeys';
import { terrapinNote } from './terrapin';

const STRICT_C = 'kex-strict-c-v00@openssh.com';
const STRICT_S = 'kex-strict-s-v00@openssh.com';

const isAead = (name: string) => Boolean(ciphers[name]?.aead);

/** The host key algorithms a server can actually sign with, in its preference order. */
function serverHostKeyAlgorithms(ctx: Ctx): string[] {
  const keys = ctx.s.config.hostKeys ?? [];
  return ctx.s.config.hostKey.filter((name) => {
    const alg = hostKeyAlgorithms[name];
    return alg && !alg.verifyOnly && keys.some((k) => k.keyType === alg.keyType);
  });
}

function localLists(ctx: Ctx, initial: boolean, guess: boolean): KexInitLists {
  const c = ctx.s.config;
  const client = ctx.s.role === 'client';
  const markers: string[] = [];
  // Feature markers go only into the first KEXINIT: both are defined for the initial exchange.
  if (initial && c.extInfo) markers.push(client ? 'ext-info-c' : 'ext-info-s');
  if (initial && c.strictKex) markers.push(client ? STRICT_C : STRICT_S);
  return {
    kex_algorithms: [...c.kex, ...markers],
    server_host_key_algorithms: client ? c.hostKey : serverHostKeyAlgorithms(ctx),
    encryption_algorithms_client_to_server: c.cipher,
    encryption_algorithms_server_to_client: c.cipher,
    mac_algorithms_client_to_server: c.mac,
    mac_algorithms_server_to_client: c.mac,
    compression_algorithms_client_to_server: c.compression,
    compression_algorithms_server_to_client: c.compression,
    first_kex_packet_follows: guess,
  };
}

/** Sends our KEXINIT and opens a key exchange (and, for a guessing client, the guessed packet). */
export function sendKexinit(ctx: Ctx): void {
  const initial = ctx.s.kexCount === 0;
  // RFC 4253 §7.1: the flag says a guessed packet follows, so only for a method we can send one for.
  const first = ctx.s.config.kex[0];
  const guessed = first !== undefined && Object.hasOwn(kexAlgorithms, first) ? kexAlgorithms[first] : undefined;
  const guess = Boolean(initial && ctx.s.role === 'client' && ctx.s.config.guessKex && guessed);
  const lists = localLists(ctx, initial, guess);
  const cookie = ctx.take(16);
  const payload = encodeLayout(S.KEXINIT, {
    cookie,
    ...lists,
    languages_client_to_server: [],
    languages_server_to_client: [],
    reserved: 0,
  });
  const localKexinitSeq = ctx.s.send.seq;
  ctx.sendPayload(payload);
  const kex: KexState = {
    initial,
    step: 'await-kexinit',
    localKexinit: payload,
    localKexinitSeq,
    localLists: lists,
    ignoreGuess: false,
    newKeysSent: false,
    newKeysReceived: false,
  };
  ctx.s.kex = kex;
  if (guess && guessed) {
    ctx.s.kex = { ...kex, guessedKex: guessed.name };
    startClientKex(ctx, guessed);
  }
}

function kexOf(ctx: Ctx): KexState {
  return ctx.s.kex!;
}

function setKex(ctx: Ctx, patch: Partial<KexState>): void {
  ctx.s.kex = { ...kexOf(ctx), ...patch };
}

/** The client's first kex packet: an ephemeral public key (or C_INIT), or a group request for GEX. */
function startClientKex(ctx: Ctx, method: KexAlgorithm): void {
  if (method.family === 'hybrid') return sendHybridInit(ctx, method);
  if (method.family === 'dh-gex') {
    const req = ctx.s.config.gex ?? DEFAULT_GEX;
    const problem = gexRequestProblem(req);
    if (problem) return ctx.fail(REASON.KEY_EXCHANGE_FAILED, `our configured group exchange sizes are unusable: ${problem}`);
    ctx.sendMessage(S.KEX_DH_GEX_REQUEST, { ...req }, 'dh-gex');
    setKex(ctx, { gexRequest: req, step: 'await-gex-group' });
    return;
  }
  sendClientPublic(ctx, method);
}

function sendClientPublic(ctx: Ctx, method: DhKexAlgorithm): void {
  const group = method.family === 'dh' ? method.group : kexOf(ctx).group;
  const eph = method.keypair(ctx.take(method.entropyLength(group)), group);
  ctx.computed({
    name: 'ephemeral key',
    kex: method.name,
    publicKey: eph.publicKey,
    privateKey: eph.privateKey,
    publicName: method.family === 'ecdh' ? 'Q_C' : 'e',
  });
  if (method.family === 'ecdh') ctx.sendMessage(S.KEX_ECDH_INIT, { Q_C: eph.publicKey }, 'ecdh');
  else if (method.family === 'dh') ctx.sendMessage(S.KEXDH_INIT, { e: bytesToBigint(eph.publicKey) }, 'dh');
  else ctx.sendMessage(S.KEX_DH_GEX_INIT, { e: bytesToBigint(eph.publicKey) }, 'dh-gex');
  setKex(ctx, { ephemeral: eph, step: 'await-reply' });
}

/** Hybrid client: the KEM key pair and the ECDH key pair, both public keys in C_INIT. */
function sendHybridInit(ctx: Ctx, method: HybridKexAlgorithm): void {
  const eph = method.keypair(ctx.take(method.keypairEntropyLength));
  ctx.computed({ name: 'ephemeral key', kex: method.name, publicKey: eph.publicKey, privateKey: eph.privateKey, publicName: 'C_INIT' });
  ctx.sendMessage(S.KEX_HYBRID_INIT, { C_INIT: eph.publicKey }, 'hybrid');
  setKex(ctx, { ephemeral: eph, step: 'await-reply' });
}

export function onKexinit(ctx: Ctx, msg: DecodedMessage, payload: Uint8Array): void {
  if (!ctx.s.kex) {
    // The peer starts a re-key (RFC 4253 §9): answer with our own KEXINIT first.
    if (ctx.s.kexCount === 0) return ctx.protocolError('SSH_MSG_KEXINIT before the version exchange finished');
    sendKexinit(ctx);
  }
  const kex = kexOf(ctx);
  if (kex.peerKexinit) return ctx.protocolError('a second SSH_MSG_KEXINIT during one key exchange');
  const peer = msg.values as unknown as KexInitLists;
  const client = ctx.s.role === 'client' ? kex.localLists : peer;
  const server = ctx.s.role === 'client' ? peer : kex.localLists;

  // Negotiation is a pure function of the two lists: computed first, so the strict kex note can
  // say whether Terrapin applies, which depends on the ciphers and MACs (see ./terrapin).
  const result = negotiate(client, server, isAead);
  if (kex.initial) {
    const peerMarker = ctx.s.role === 'client' ? STRICT_S : STRICT_C;
    const strict = ctx.s.config.strictKex && peer.kex_algorithms.includes(peerMarker);
    ctx.s.strict = strict;
    const off = 'so sequence numbers are not reset at NEWKEYS and extra messages during the first key exchange are tolerated';
    const exposure = result.ok ? ` ${terrapinNote(result.negotiated)}` : '';
    ctx.computed({
      name: 'strict kex',
      enabled: strict,
      explanation: strict
        ? 'Both sides offer strict kex: sequence numbers restart at 0 after each NEWKEYS and any other message during the first key exchange is fatal.'
        : ctx.s.config.strictKex
          ? `The peer does not offer ${peerMarker}: strict kex is off, ${off}.${exposure}`
          : `We do not offer strict kex: it is off, ${off}.${exposure}`,
    });
    // Under strict kex the peer's KEXINIT must be the very first packet it sends.
    if (strict && ctx.s.recv.packets !== 1) {
      return ctx.protocolError(
        `strict KEX violation: SSH_MSG_KEXINIT was packet ${ctx.s.recv.packets} from the peer, it must be the first`,
      );
    }
    ctx.s.peerExtInfo = peer.kex_algorithms.includes(ctx.s.role === 'client' ? 'ext-info-s' : 'ext-info-c');
  }

  if (!result.ok) {
    setKex(ctx, { peerKexinit: payload, peerLists: peer });
    return ctx.fail(REASON.KEY_EXCHANGE_FAILED, result.reason);
  }
  const n = result.negotiated;
  const method = kexAlgorithms[n.kex];
  const missing = [
    !method && `key exchange ${n.kex}`,
    !hostKeyAlgorithms[n.hostKey] && `host key ${n.hostKey}`,
    !ciphers[n.cipherC2S] && `cipher ${n.cipherC2S}`,
    !ciphers[n.cipherS2C] && `cipher ${n.cipherS2C}`,
    n.macC2S !== '<implicit>' && !macs[n.macC2S] && `MAC ${n.macC2S}`,
    n.macS2C !== '<implicit>' && !macs[n.macS2C] && `MAC ${n.macS2C}`,
    n.compressionC2S !== 'none' && `compression ${n.compressionC2S}`,
    n.compressionS2C !== 'none' && `compression ${n.compressionS2C}`,
  ].filter(Boolean);
  if (missing.length) {
    return ctx.fail(REASON.KEY_EXCHANGE_FAILED, `negotiated ${missing.join(', ')}, which this implementation does not support`);
  }
  ctx.computed({ name: 'negotiation', negotiated: n });
  setKex(ctx, { peerKexinit: payload, peerLists: peer, negotiated: n });
  ctx.s.negotiated = n;

  if (peer.first_kex_packet_follows) {
    const g = guessIsRight(client, server);
    ctx.computed({ name: 'guess', right: g.right, explanation: `The peer sent a guessed kex packet: ${g.explanation}.` });
    if (!g.right) setKex(ctx, { ignoreGuess: true, wrongGuess: g.explanation });
  }
  if (kexOf(ctx).guessedKex) {
    const g = guessIsRight(client, server);
    ctx.computed({ name: 'guess', right: g.right, explanation: `We sent a guessed kex packet: ${g.explanation}.` });
    if (g.right) return; // our guessed packet stands; its answer is on the way
    setKex(ctx, { ephemeral: undefined, gexRequest: undefined, guessedKex: undefined });
  }
  if (ctx.s.role === 'client') startClientKex(ctx, method!);
  else setKex(ctx, { step: method!.family === 'dh-gex' ? 'await-gex-request' : 'await-init' });
}

/** Numbers 30–49. Returns false if the message is not expected now. */
export function onKexMessage(ctx: Ctx, msg: DecodedMessage, entry: TraceEntry): boolean {
  const kex = ctx.s.kex;
  if (!kex || !kex.negotiated) return false;
  if (kex.ignoreGuess) {
    setKex(ctx, { ignoreGuess: false, wrongGuess: undefined });
    entry.ignored = `The peer's guessed kex packet is ignored (RFC 4253 §7): ${kex.wrongGuess ?? 'wrong guess'}.`;
    return true;
  }
  const method = kexAlgorithms[kex.negotiated.kex];
  const v = msg.values;
  const expected = (name: string) => msg.spec?.name === name;
  if (ctx.s.role === 'server') {
    if (kex.step === 'await-gex-request' && expected('SSH_MSG_KEX_DH_GEX_REQUEST')) {
      const req = { min: v.min as number, n: v.n as number, max: v.max as number };
      if (!(req.min <= req.n && req.n <= req.max)) {
        ctx.protocolError(`SSH_MSG_KEX_DH_GEX_REQUEST sizes are out of order: min ${req.min}, n ${req.n}, max ${req.max}`);
        return true;
      }
      const read = serverGexSizes(req);
      if (!read.ok) {
        ctx.fail(REASON.KEY_EXCHANGE_FAILED, read.reason);
        return true;
      }
      // Chosen within the clamped sizes; the exchange hash keeps the request as sent (RFC 4419 §3).
      const { min, n, max } = read.sizes;
      const group = chooseGexGroup(min, n, max);
      if (!group) {
        ctx.fail(REASON.KEY_EXCHANGE_FAILED, `no group between ${req.min} and ${req.max} bits`);
        return true;
      }
      ctx.sendMessage(S.KEX_DH_GEX_GROUP, { p: group.p, g: group.g }, 'dh-gex');
      setKex(ctx, { gexRequest: req, group, step: 'await-init' });
      return true;
    }
    if (kex.step === 'await-init' && method.family === 'hybrid' && expected('SSH_MSG_KEX_HYBRID_INIT')) {
      hybridServerReply(ctx, method, v.C_INIT as Uint8Array);
      return true;
    }
    if (
      kex.step === 'await-init' &&
      method.family !== 'hybrid' &&
      (expected('SSH_MSG_KEX_ECDH_INIT') || expected('SSH_MSG_KEXDH_INIT') || expected('SSH_MSG_KEX_DH_GEX_INIT'))
    ) {
      serverReply(ctx, method, method.family === 'ecdh' ? (v.Q_C as Uint8Array) : (v.e as bigint));
      return true;
    }
    return false;
  }
  if (kex.step === 'await-gex-group' && method.family === 'dh-gex' && expected('SSH_MSG_KEX_DH_GEX_GROUP')) {
    const p = v.p as bigint;
    const g = v.g as bigint;
    const problem = gexGroupProblem(p, g, kex.gexRequest!);
    if (problem) {
      ctx.fail(REASON.KEY_EXCHANGE_FAILED, problem);
      return true;
    }
    setKex(ctx, { group: { p, g } });
    sendClientPublic(ctx, method);
    return true;
  }
  if (kex.step === 'await-reply' && method.family === 'hybrid' && expected('SSH_MSG_KEX_HYBRID_REPLY')) {
    hybridClientFinish(ctx, method, v.K_S as Uint8Array, v.S_REPLY as Uint8Array, v.signature as Uint8Array);
    return true;
  }
  if (
    kex.step === 'await-reply' &&
    method.family !== 'hybrid' &&
    (expected('SSH_MSG_KEX_ECDH_REPLY') || expected('SSH_MSG_KEXDH_REPLY') || expected('SSH_MSG_KEX_DH_GEX_REPLY'))
  ) {
    clientFinish(ctx, method, v.K_S as Uint8Array, method.family === 'ecdh' ? (v.Q_S as Uint8Array) : (v.f as bigint), v.signature as Uint8Array);
    return true;
  }
  return false;
}

/** DH values arrive as mpints; the math takes unsigned bytes. Zero and negatives are refused here. */
function publicBytes(ctx: Ctx, name: string, v: Uint8Array | bigint): Uint8Array | null {
  if (v instanceof Uint8Array) return v;
  if (v <= 0n) {
    ctx.fail(REASON.KEY_EXCHANGE_FAILED, `${name} must be positive, got ${v}`);
    return null;
  }
  return bigintToBytes(v);
}

export function kFormula(method: DhKexAlgorithm, role: 'client' | 'server'): string {
  if (method.family === 'ecdh') {
    return method.name.startsWith('curve25519')
      ? `K = X25519(${role === 'client' ? 'd_C, Q_S' : 'd_S, Q_C'}), read as an unsigned big-endian number, encoded as mpint (RFC 8731 §3.1)`
      : `K = x-coordinate of ${role === 'client' ? 'd_C · Q_S' : 'd_S · Q_C'}, encoded as mpint (RFC 5656 §4)`;
  }
  return role === 'client' ? 'K = f^x mod p, encoded as mpint (RFC 4253 §8)' : 'K = e^y mod p, encoded as mpint (RFC 4253 §8)';
}

function computeH(ctx: Ctx, method: KexAlgorithm, K_S: Uint8Array, clientPublic: Uint8Array, serverPublic: Uint8Array, K: Uint8Array): Uint8Array {
  const kex = kexOf(ctx);
  const client = ctx.s.role === 'client';
  const inputs = exchangeHashInputs({
    family: method.family,
    V_C: client ? ctx.s.config.version : ctx.s.peerVersion!,
    V_S: client ? ctx.s.peerVersion! : ctx.s.config.version,
    I_C: client ? kex.localKexinit : kex.peerKexinit!,
    I_S: client ? kex.peerKexinit! : kex.localKexinit,
    K_S,
    clientPublic,
    serverPublic,
    K,
    gex: method.family === 'dh-gex' ? { ...kex.gexRequest!, p: kex.group!.p, g: kex.group!.g } : undefined,
  });
  const H = exchangeHash(method.hash, inputs);
  ctx.computed({
    name: 'H',
    value: H,
    hash: method.hash,
    inputs,
    formula: `H = ${method.hash.toUpperCase()}(${inputs.map((i) => i.name).join(' || ')})`,
  });
  if (!ctx.s.sessionId) {
    ctx.s.sessionId = H;
    ctx.computed({ name: 'session_id', value: H, formula: 'session_id = H of the first key exchange (RFC 4253 §7.2)' });
  }
  return H;
}

function serverReply(ctx: Ctx, method: DhKexAlgorithm, clientValue: Uint8Array | bigint): void {
  const kex = kexOf(ctx);
  const clientPublic = publicBytes(ctx, 'e', clientValue);
  if (!clientPublic) return;
  const group = method.family === 'dh' ? method.group : kex.group;
  const eph = method.keypair(ctx.take(method.entropyLength(group)), group);
  ctx.computed({ name: 'ephemeral key', kex: method.name, publicKey: eph.publicKey, privateKey: eph.privateKey, publicName: method.family === 'ecdh' ? 'Q_S' : 'f' });
  const ss = method.sharedSecret(eph.privateKey, clientPublic, group);
  if (!ss.ok) return ctx.fail(REASON.KEY_EXCHANGE_FAILED, `the client's public value is unusable: ${ss.reason}`);
  ctx.computed({ name: 'K', value: ss.K, formula: kFormula(method, 'server') });

  const key = serverHostKey(ctx);
  if (!key) return;
  const H = computeH(ctx, method, key.publicBlob, clientPublic, eph.publicKey, ss.K);
  // The private key is not ours to hold: the driver signs H and answers with a signature event.
  setKex(ctx, { ephemeral: eph, step: 'await-signature', pendingReply: { K_S: key.publicBlob, K: ss.K, H, algorithm: key.algorithm } });
  ctx.emit({ type: 'needSignature', algorithm: key.algorithm, publicKey: key.publicBlob, data: H });
}

/** K with the two secrets it is made of, and how each was computed. */
function computedHybridK(ctx: Ctx, method: HybridKexAlgorithm, role: 'client' | 'server', secrets: HybridSecrets): void {
  const f = method.formulas(role);
  ctx.computed({
    name: 'K',
    value: secrets.K,
    formula: f.K,
    encoding: 'string',
    parts: [
      { name: 'K_PQ', value: secrets.K_PQ, formula: f.K_PQ },
      { name: 'K_CL', value: secrets.K_CL, formula: f.K_CL },
    ],
  });
}

/** Hybrid server: encapsulate to the client's KEM key, agree K_CL, compute H and ask for its signature. */
function hybridServerReply(ctx: Ctx, method: HybridKexAlgorithm, clientInit: Uint8Array): void {
  const r = method.encapsulate(clientInit, ctx.take(method.encapsulateEntropyLength));
  if (!r.ok) return ctx.fail(REASON.KEY_EXCHANGE_FAILED, `the client's C_INIT is unusable: ${r.reason}`);
  ctx.computed({ name: 'ephemeral key', kex: method.name, publicKey: r.publicKey, privateKey: r.privateKey, publicName: 'S_PK1' });
  computedHybridK(ctx, method, 'server', r.secrets);
  const key = serverHostKey(ctx);
  if (!key) return;
  const H = computeH(ctx, method, key.publicBlob, clientInit, r.reply, r.secrets.K);
  // ephemeral.publicKey is what the reply carries: S_REPLY (the ciphertext and our ECDH public key).
  setKex(ctx, {
    ephemeral: { privateKey: r.privateKey, publicKey: r.reply },
    step: 'await-signature',
    pendingReply: { K_S: key.publicBlob, K: r.secrets.K, H, algorithm: key.algorithm },
  });
  ctx.emit({ type: 'needSignature', algorithm: key.algorithm, publicKey: key.publicBlob, data: H });
}

/** The host key the server signs with for the negotiated algorithm; fails the exchange without one. */
function serverHostKey(ctx: Ctx): { publicBlob: Uint8Array; algorithm: string } | null {
  const alg = hostKeyAlgorithms[kexOf(ctx).negotiated!.hostKey];
  const key = (ctx.s.config.hostKeys ?? []).find((k) => k.keyType === alg.keyType);
  if (!key) {
    ctx.fail(REASON.KEY_EXCHANGE_FAILED, `no host key of type ${alg.keyType} for ${alg.name}`);
    return null;
  }
  return { publicBlob: key.publicBlob, algorithm: alg.name };
}

/** Server: the driver's signature of H arrived; send the reply, derive the keys, send NEWKEYS. */
export function onSignature(ctx: Ctx, algorithm: string, signature: Uint8Array): void {
  const kex = ctx.s.kex;
  const pending = kex?.step === 'await-signature' ? kex.pendingReply : undefined;
  if (!kex || !pending) {
    return ctx.fail(REASON.PROTOCOL_ERROR, 'internal error: a signature was given while none was asked for');
  }
  if (algorithm !== pending.algorithm) {
    return ctx.fail(REASON.PROTOCOL_ERROR, `internal error: a ${algorithm} signature was given for a ${pending.algorithm} key exchange`);
  }
  // Not checked here: as in the protocol, the client is the one that verifies (a wrong signer shows
  // as the client's HOST_KEY_NOT_VERIFIABLE, which is what a student should see).
  ctx.computed({ name: 'signature', action: 'sign', algorithm: algorithm, ok: true, signature });
  const method = kexAlgorithms[kex.negotiated!.kex];
  const eph = kex.ephemeral!;
  if (method.family === 'hybrid') {
    ctx.sendMessage(S.KEX_HYBRID_REPLY, { K_S: pending.K_S, S_REPLY: eph.publicKey, signature });
  } else if (method.family === 'ecdh') {
    ctx.sendMessage(S.KEX_ECDH_REPLY, { K_S: pending.K_S, Q_S: eph.publicKey, signature });
  } else {
    const spec = method.family === 'dh' ? S.KEXDH_REPLY : S.KEX_DH_GEX_REPLY;
    ctx.sendMessage(spec, { K_S: pending.K_S, f: bytesToBigint(eph.publicKey), signature });
  }
  setKex(ctx, { pendingReply: undefined });
  deriveKeys(ctx, method, pending.K, pending.H);
  sendNewKeys(ctx);
}

/** Client: is K_S a key we trust? Fails the connection if known_hosts says no. */
function checkHostKey(ctx: Ctx, K_S: Uint8Array): boolean {
  const alg = hostKeyAlgorithms[kexOf(ctx).negotiated!.hostKey];
  const fingerprint = fingerprintSha256(K_S);
  const known = ctx.s.config.knownHostKeys;
  const isKnown = known ? known.some((k) => equalBytes(k, K_S)) : null;
  // The fingerprints it was compared with go along, so a reader sees the expected one beside the received one.
  ctx.computed({ name: 'host key', algorithm: alg.name, fingerprint, known: isKnown, publicKey: K_S, ...(known ? { expected: known.map(fingerprintSha256) } : {}) });
  if (isKnown === false) {
    ctx.fail(REASON.HOST_KEY_NOT_VERIFIABLE, `host key ${fingerprint} is not among the known host keys`);
    return false;
  }
  return true;
}

function clientFinish(ctx: Ctx, method: DhKexAlgorithm, K_S: Uint8Array, serverValue: Uint8Array | bigint, signature: Uint8Array): void {
  const kex = kexOf(ctx);
  if (!checkHostKey(ctx, K_S)) return;
  const serverPublic = publicBytes(ctx, 'f', serverValue);
  if (!serverPublic) return;
  const eph = kex.ephemeral!;
  const group = method.family === 'dh' ? method.group : kex.group;
  const ss = method.sharedSecret(eph.privateKey, serverPublic, group);
  if (!ss.ok) return ctx.fail(REASON.KEY_EXCHANGE_FAILED, `the server's public value is unusable: ${ss.reason}`);
  ctx.computed({ name: 'K', value: ss.K, formula: kFormula(method, 'client') });
  const H = computeH(ctx, method, K_S, eph.publicKey, serverPublic, ss.K);
  verifyAndFinish(ctx, method, K_S, signature, H, ss.K);
}

/** Hybrid client: decapsulate S_CT2, agree K_CL with S_PK1, then as for any method. */
function hybridClientFinish(ctx: Ctx, method: HybridKexAlgorithm, K_S: Uint8Array, serverReply: Uint8Array, signature: Uint8Array): void {
  const kex = kexOf(ctx);
  if (!checkHostKey(ctx, K_S)) return;
  const eph = kex.ephemeral!;
  const r = method.decapsulate(eph.privateKey, serverReply);
  if (!r.ok) return ctx.fail(REASON.KEY_EXCHANGE_FAILED, `the server's S_REPLY is unusable: ${r.reason}`);
  computedHybridK(ctx, method, 'client', r.secrets);
  const H = computeH(ctx, method, K_S, eph.publicKey, serverReply, r.secrets.K);
  verifyAndFinish(ctx, method, K_S, signature, H, r.secrets.K);
}

/** Client: the server's signature of H decides; then the keys and NEWKEYS. */
function verifyAndFinish(ctx: Ctx, method: KexAlgorithm, K_S: Uint8Array, signature: Uint8Array, H: Uint8Array, K: Uint8Array): void {
  const alg = hostKeyAlgorithms[kexOf(ctx).negotiated!.hostKey];
  const verdict = alg.verify(K_S, signature, H);
  ctx.computed({
    name: 'signature',
    action: 'verify',
    algorithm: alg.name,
    ok: verdict.ok,
    reason: verdict.ok ? undefined : verdict.reason,
    signature,
  });
  if (!verdict.ok) {
    return ctx.fail(REASON.HOST_KEY_NOT_VERIFIABLE, `the server's signature of H does not verify with ${alg.name}: ${verdict.reason}`);
  }
  deriveKeys(ctx, method, K, H);
  sendNewKeys(ctx);
}

/** RFC 4253 §7.2: six keys from K, H and the session id. */
function deriveKeys(ctx: Ctx, method: KexAlgorithm, K: Uint8Array, H: Uint8Array): void {
  const derived = deriveSessionKeys(method.hash, K, H, ctx.s.sessionId!, kexOf(ctx).negotiated!);
  for (const c of derived.computations) ctx.computed(c);
  setKex(ctx, { keys: derived.keys });
}

function sendNewKeys(ctx: Ctx): void {
  const kex = kexOf(ctx);
  ctx.sendMessage(S.NEWKEYS, {});
  const keys = ctx.s.role === 'client' ? kex.keys!.c2s : kex.keys!.s2c;
  ctx.s.send = { ...ctx.s.send, protection: createProtection(keys), seq: ctx.s.strict ? 0 : ctx.s.send.seq };
  setKex(ctx, { newKeysSent: true, step: 'await-newkeys' });
  // RFC 8308 §2.4: the server's EXT_INFO goes first after its first NEWKEYS.
  if (ctx.s.role === 'server' && kex.initial && ctx.s.peerExtInfo && ctx.s.config.extInfo) {
    // RFC 8308 §3.1: the algorithms accepted for publickey user authentication (config.ts says
    // what sshscope advertises and why). A recording made before that setting existed had its
    // server send its host key list instead; replay keeps those bytes.
    const sigAlgs = ctx.s.config.serverSigAlgs ?? ctx.s.config.hostKey.filter((n) => hostKeyAlgorithms[n]);
    ctx.sendMessage(S.EXT_INFO, { extensions: [{ name: 'server-sig-algs', value: new TextEncoder().encode(sigAlgs.join(',')) }] });
  }
  if (kexOf(ctx).newKeysReceived) finishKex(ctx);
}

export function onNewKeys(ctx: Ctx): boolean {
  const kex = ctx.s.kex;
  if (!kex || !kex.keys || kex.newKeysReceived) return false;
  const keys = ctx.s.role === 'client' ? kex.keys.s2c : kex.keys.c2s;
  ctx.s.recv = { ...ctx.s.recv, protection: createProtection(keys), seq: ctx.s.strict ? 0 : ctx.s.recv.seq };
  setKex(ctx, { newKeysReceived: true });
  if (kex.newKeysSent) finishKex(ctx);
  return true;
}

function finishKex(ctx: Ctx): void {
  ctx.s.kex = null;
  ctx.s.kexCount += 1;
}
