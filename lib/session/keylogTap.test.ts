import { x25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../ssh/transport/config';
import type { Effect, TraceEntry } from '../ssh/transport/events';
import { demoHostKeys } from './demoKeys';
import { formatKeylogLine, parseKeylog } from './keylog';
import { keylogOfEffects, WIRESHARK_KEYLOG_LINE_MAX } from './keylogTap';
import { simulate } from './simulate';

function run(kex: string, rekey = false) {
  const r = simulate({
    client: defaultConfig('client', { kex: [kex] }),
    server: defaultConfig('server', { hostKeys: demoHostKeys() }),
    seed: `keylog-${kex}`,
    ...(rekey ? { afterService: [{ type: 'request' as const, request: { kind: 'rekey' as const } }] } : {}),
  });
  expect(r.outcome.ok).toBe(true);
  const of = (who: 'client' | 'server'): Effect[] => r.effects.filter((e) => e.endpoint === who).map((e) => e.effect);
  return { client: of('client'), server: of('server') };
}

const messages = (effects: Effect[], name: string, direction: 'sent' | 'received'): TraceEntry[] =>
  effects.flatMap((e) => (e.type === 'message' && e.entry.name === name && e.entry.direction === direction ? [e.entry] : []));

/** The cookie straight from the packet's bytes: packet_length(4) padding_length(1) message number(1), then 16 bytes. */
const cookieOf = (kexinit: TraceEntry) => kexinit.packet!.subarray(6, 22);

describe('KeylogTap', () => {
  it('curve25519: one SHARED_SECRET line, named by the endpoint\'s own KEXINIT cookie, whose secret is X25519(own scalar, peer\'s Q) as an mpint body (RFC 8731 §3)', () => {
    const { client, server } = run('curve25519-sha256');
    for (const [who, effects, peerPublic] of [
      ['client', client, 'Q_S'],
      ['server', server, 'Q_C'],
    ] as const) {
      const [entry, ...more] = keylogOfEffects(effects);
      expect(more, who).toEqual([]);
      expect(entry.kind).toBe('SHARED_SECRET');
      expect(entry.cookie).toEqual(cookieOf(messages(effects, 'SSH_MSG_KEXINIT', 'sent')[0]));
      // Recompute K with noble directly: the scalar the endpoint drew and the peer's public key off the wire.
      const eph = effects.flatMap((e) => (e.type === 'computed' && e.computation.name === 'ephemeral key' ? [e.computation] : []))[0];
      const peerMsg = messages(effects, who === 'client' ? 'SSH_MSG_KEX_ECDH_REPLY' : 'SSH_MSG_KEX_ECDH_INIT', 'received')[0];
      const shared = x25519.getSharedSecret(eph.privateKey, peerMsg.values![peerPublic] as Uint8Array);
      let i = 0;
      while (shared[i] === 0) i++;
      const magnitude = shared.subarray(i);
      const body = magnitude[0] & 0x80 ? Uint8Array.from([0, ...magnitude]) : magnitude;
      expect(entry.secret).toEqual(body);
      // And the line reads back as the same entry.
      expect(parseKeylog(formatKeylogLine(entry))).toEqual([entry]);
    }
  });

  it('a rekey adds a line under the new KEXINIT\'s cookie', () => {
    const { client } = run('curve25519-sha256', true);
    const lines = keylogOfEffects(client);
    const kexinits = messages(client, 'SSH_MSG_KEXINIT', 'sent');
    expect(kexinits).toHaveLength(2);
    expect(lines.map((l) => l.cookie)).toEqual(kexinits.map(cookieOf));
    expect(lines[0].secret).not.toEqual(lines[1].secret);
  });

  it('finite-field DH (2048-bit K): a SHARED_SECRET line would exceed the 511 characters Wireshark 4.4 reads, so the exponent goes as PRIVATE_KEY', () => {
    const { client } = run('diffie-hellman-group14-sha256');
    const [entry] = keylogOfEffects(client);
    expect(entry.kind).toBe('PRIVATE_KEY');
    expect(formatKeylogLine(entry).length - 1).toBeLessThanOrEqual(WIRESHARK_KEYLOG_LINE_MAX);
    // e = g^x mod p (RFC 4253 §8): the logged x reproduces the e the client sent.
    const p = BigInt('0x' + 'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AACAA68FFFFFFFFFFFFFFFF');
    let x = 0n;
    for (const b of entry.secret) x = (x << 8n) | BigInt(b);
    let e = 1n;
    for (let base = 2n, k = x; k > 0n; k >>= 1n, base = (base * base) % p) if (k & 1n) e = (e * base) % p;
    const sent = messages(client, 'SSH_MSG_KEXDH_INIT', 'sent')[0].values!.e;
    expect(sent).toBe(e);
  });
});
