// The attacker's tools: building plaintext packets and rewriting the ones it can read. Before
// NEWKEYS packets carry no MAC, so anyone on the path can forge or edit them; only the exchange
// hash (signed by the host key) and, with strict kex, the sequence numbers notice.

import { blobDecoders, hostKeyAlgorithms } from '../../ssh/algorithms/hostkey';
import { bigintToBytes, bytesToBigint } from '../../ssh/wire/bytes';
import { kexAlgorithms } from '../../ssh/algorithms/kex';
import { exchangeHash, exchangeHashInputs } from '../../ssh/algorithms/kex/exchangeHash';
import type { HostKeyPair } from '../../ssh/algorithms/types';
import { decodeMessage } from '../../ssh/messages/codec';
import { encodeLayout } from '../../ssh/messages/layout';
import { MSG } from '../../ssh/messages/numbers';
import * as S from '../../ssh/messages/specs';
import type { KexInitLists } from '../../ssh/transport/negotiate';
import { buildPacket, paddingLength } from '../../ssh/transport/packet';
import type { AttackContext } from './attacker';
import type { SeenChunk } from './observe';

/** An unencrypted packet around `payload`, padded to 8 bytes with seeded random padding. */
export function plainPacket(payload: Uint8Array, ctx: AttackContext): Uint8Array {
  return buildPacket(payload, ctx.rng.bytes(paddingLength(payload.length, 8, 'none')));
}

/** Forges an SSH_MSG_IGNORE carrying `data` (RFC 4253 §11.2): every receiver must discard it. */
export function forgeIgnore(data: Uint8Array) {
  return (ctx: AttackContext): Uint8Array[] => [plainPacket(encodeLayout(S.IGNORE, { data }), ctx)];
}

function needPayload(seen: SeenChunk, what: string): Uint8Array {
  if (!seen.payload) throw new Error(`the attacker cannot read chunk ${seen.index} from the ${seen.from} to rewrite ${what}`);
  return seen.payload;
}

/** Rewrites a plaintext SSH_MSG_KEXINIT's name-lists (a downgrade attempt). */
export function editKexinit(edit: (lists: KexInitLists) => KexInitLists) {
  return (seen: SeenChunk, ctx: AttackContext): Uint8Array => {
    const msg = decodeMessage(needPayload(seen, 'SSH_MSG_KEXINIT'), 5, blobDecoders);
    if (msg.number !== MSG.KEXINIT) throw new Error(`expected SSH_MSG_KEXINIT, got ${msg.name}`);
    const values = { ...msg.values, ...edit(msg.values as unknown as KexInitLists) };
    return plainPacket(encodeLayout(S.KEXINIT, values), ctx);
  };
}

/**
 * Flips the lowest bit of the last signature byte inside a plaintext KEX_ECDH_REPLY, in place:
 * the signature is the reply's last field, so that byte ends the payload. Nothing else changes
 * (same length, same padding), so "As sent" and "As received" differ in exactly one bit.
 */
export function corruptEcdhSignature() {
  return (seen: SeenChunk): Uint8Array => {
    const msg = decodeMessage(needPayload(seen, 'SSH_MSG_KEX_ECDH_REPLY'), 5, blobDecoders, 'ecdh');
    // 31 is SSH_MSG_KEX_ECDH_REPLY in the ECDH family (RFC 5656 §7.1).
    if (msg.number !== 31) throw new Error(`expected SSH_MSG_KEX_ECDH_REPLY, got ${msg.name}`);
    const b = seen.bytes.slice();
    const packetLength = new DataView(b.buffer, b.byteOffset).getUint32(0);
    const paddingLength = b[4];
    b[4 + packetLength - paddingLength - 1] ^= 0x01;
    return b;
  };
}

/** Flips one bit of the chunk at `offset` (negative: from the end), wherever it is. */
export function flipBit(offset: number, mask = 0x01) {
  return (seen: SeenChunk): Uint8Array => {
    const b = seen.bytes.slice();
    const at = offset < 0 ? b.length + offset : offset;
    b[at] ^= mask;
    return b;
  };
}

function lastPayload(ctx: AttackContext, from: 'client' | 'server', number: number, what: string): Uint8Array {
  const p = [...ctx.transcript.payloads[from]].reverse().find((x) => x[0] === number);
  if (!p) throw new Error(`the attacker has not seen the ${from}'s ${what}`);
  return p;
}

/**
 * Replaces the server's KEX_ECDH_REPLY (KEX_HYBRID_REPLY for the post-quantum hybrids, KEXDH_REPLY
 * for fixed-group DH) with one from the attacker's own host key: a fresh ephemeral key (for a hybrid, a fresh encapsulation
 * to the client's KEM key), K with the client's public value, and a valid signature of the H the
 * client will compute. Cryptographically this reply is flawless (a post-quantum KEM does not
 * help: the attacker is the other end of it); only the client's list of known host keys can tell
 * that K_S is not the server's.
 */
export function impersonateReply(kex: string, signatureAlgorithm: string, hostKey: HostKeyPair) {
  return (_seen: SeenChunk, ctx: AttackContext): Uint8Array => {
    const method = kexAlgorithms[kex];
    const alg = hostKeyAlgorithms[signatureAlgorithm];
    // Not dh-gex: its group is the server's choice, sent in a message of its own.
    if (!method || method.family === 'dh-gex' || !alg) throw new Error(`cannot impersonate with ${kex} / ${signatureAlgorithm}`);
    const { version } = ctx.transcript;
    if (!version.client || !version.server) throw new Error('the attacker has not seen both identification strings');
    const initName = { ecdh: 'SSH_MSG_KEX_ECDH_INIT', hybrid: 'SSH_MSG_KEX_HYBRID_INIT', dh: 'SSH_MSG_KEXDH_INIT' }[method.family];
    const init = lastPayload(ctx, 'client', 30, initName);
    let clientPublic: Uint8Array;
    let serverPublic: Uint8Array;
    let K: Uint8Array;
    if (method.family === 'ecdh') {
      clientPublic = decodeMessage(init, 5, blobDecoders, 'ecdh').values.Q_C as Uint8Array;
      const eph = method.keypair(ctx.rng.bytes(method.entropyLength()));
      const ss = method.sharedSecret(eph.privateKey, clientPublic);
      if (!ss.ok) throw new Error(`the client's Q_C is unusable: ${ss.reason}`);
      serverPublic = eph.publicKey;
      K = ss.K;
    } else if (method.family === 'hybrid') {
      clientPublic = decodeMessage(init, 5, blobDecoders, 'hybrid').values.C_INIT as Uint8Array;
      const enc = method.encapsulate(clientPublic, ctx.rng.bytes(method.encapsulateEntropyLength));
      if (!enc.ok) throw new Error(`the client's C_INIT is unusable: ${enc.reason}`);
      serverPublic = enc.reply;
      K = enc.secrets.K;
    } else if (method.family === 'dh') {
      // e travels as an mpint; the method works on its unsigned big-endian bytes.
      clientPublic = bigintToBytes(decodeMessage(init, 5, blobDecoders, 'dh').values.e as bigint);
      const eph = method.keypair(ctx.rng.bytes(method.entropyLength(method.group)), method.group);
      const ss = method.sharedSecret(eph.privateKey, clientPublic, method.group);
      if (!ss.ok) throw new Error(`the client's e is unusable: ${ss.reason}`);
      serverPublic = eph.publicKey;
      K = ss.K;
    } else {
      throw new Error(`cannot impersonate a ${method.family} key exchange`);
    }
    const inputs = exchangeHashInputs({
      family: method.family,
      V_C: version.client,
      V_S: version.server,
      I_C: lastPayload(ctx, 'client', MSG.KEXINIT, 'SSH_MSG_KEXINIT'),
      I_S: lastPayload(ctx, 'server', MSG.KEXINIT, 'SSH_MSG_KEXINIT'),
      K_S: hostKey.publicBlob,
      clientPublic,
      serverPublic,
      K,
    });
    const signature = alg.sign(hostKey, exchangeHash(method.hash, inputs));
    const payload =
      method.family === 'ecdh'
        ? encodeLayout(S.KEX_ECDH_REPLY, { K_S: hostKey.publicBlob, Q_S: serverPublic, signature })
        : method.family === 'hybrid'
          ? encodeLayout(S.KEX_HYBRID_REPLY, { K_S: hostKey.publicBlob, S_REPLY: serverPublic, signature })
          : encodeLayout(S.KEXDH_REPLY, { K_S: hostKey.publicBlob, f: bytesToBigint(serverPublic), signature });
    return plainPacket(payload, ctx);
  };
}
