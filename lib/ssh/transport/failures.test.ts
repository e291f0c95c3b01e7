// Failures are values: each ends in a DISCONNECT with the right reason and a trace that says why.

import { describe, expect, it } from 'vitest';
import { demoHostKey } from '../../session/demoKeys';
import { keyringSigner } from '../algorithms/hostkey/signer';
import { DISCONNECT } from '../messages/numbers';
import { IGNORE } from '../messages/specs';
import { encodeLayout } from '../messages/layout';
import { concat, u32be } from '../wire/bytes';
import { buildPacket } from './packet';
import { defaultConfig } from './config';
import { step } from './engine';
import { initialState } from './state';
import { disconnects, entries, run } from '../../session/testkit';
import { fingerprintSha256 } from '../algorithms/hostkey';
import type { Effect } from './events';
import type { SimulationResult } from '../../session/simulate';

/** The client's host key check: the fingerprint it received, the verdict, and what it expected. */
function hostKeyCheck(r: SimulationResult) {
  const c = r.effects
    .filter((e) => e.endpoint === 'client' && e.effect.type === 'computed')
    .map((e) => (e.effect as Extract<Effect, { type: 'computed' }>).computation)
    .find((x) => x.name === 'host key');
  return c?.name === 'host key' ? { fingerprint: c.fingerprint, known: c.known, expected: c.expected } : undefined;
}

/** A plaintext (pre-NEWKEYS) packet, as an attacker on the wire would forge it. */
function plainPacket(payload: Uint8Array): Uint8Array {
  let pad = 8 - ((5 + payload.length) % 8);
  if (pad < 4) pad += 8;
  return buildPacket(payload, new Uint8Array(pad));
}

describe('failures', () => {
  it('no common cipher → SSH_DISCONNECT_KEY_EXCHANGE_FAILED naming both lists', () => {
    const r = run({ cipher: ['aes128-ctr'] }, { cipher: ['aes256-gcm@openssh.com', 'chacha20-poly1305@openssh.com'] });
    expect(r.outcome.ok).toBe(false);
    for (const side of ['client', 'server'] as const) {
      const d = disconnects(r, side);
      expect(d[0].reason).toBe(DISCONNECT.KEY_EXCHANGE_FAILED);
      expect(d[0].by).toBe('local');
      expect(d[0].description).toContain('no common cipher client→server algorithm');
      expect(d[0].description).toContain('aes128-ctr');
      expect(d[0].description).toContain('aes256-gcm@openssh.com');
    }
  });

  it('a signature from the wrong key → SSH_DISCONNECT_HOST_KEY_NOT_VERIFIABLE', () => {
    const real = demoHostKey('ssh-ed25519');
    const other = demoHostKey('ssh-ed25519', 'another seed');
    // The server presents one key but its driver signs with another's private half.
    const forged = { ...real, privateBlob: other.privateBlob };
    const r = run({ hostKey: ['ssh-ed25519'] }, { hostKeys: [real] }, { sign: keyringSigner([{ ...forged }]) });
    const d = disconnects(r, 'client');
    expect(d[0]).toMatchObject({ reason: DISCONNECT.HOST_KEY_NOT_VERIFIABLE, by: 'local' });
    expect(d[0].description).toContain('signature of H does not verify');
    expect(disconnects(r, 'server')[0]).toMatchObject({ reason: DISCONNECT.HOST_KEY_NOT_VERIFIABLE, by: 'peer' });
  });

  it('an unknown host key is refused before anything is derived', () => {
    const expected = demoHostKey('ssh-ed25519', 'someone else').publicBlob;
    const r = run({ knownHostKeys: [expected], hostKey: ['ssh-ed25519'] });
    const d = disconnects(r, 'client');
    expect(d[0].reason).toBe(DISCONNECT.HOST_KEY_NOT_VERIFIABLE);
    expect(d[0].description).toMatch(/host key SHA256:[A-Za-z0-9+/]{43} is not among the known host keys/);
    // The check carries what it compared: the received key's fingerprint and the expected one.
    expect(hostKeyCheck(r)).toEqual({ fingerprint: fingerprintSha256(demoHostKey('ssh-ed25519').publicBlob), known: false, expected: [fingerprintSha256(expected)] });
  });

  it('a known host key is accepted', () => {
    const r = run({ knownHostKeys: [demoHostKey('ssh-ed25519').publicBlob], hostKey: ['ssh-ed25519'] });
    expect(r.outcome.ok).toBe(true);
    const fp = fingerprintSha256(demoHostKey('ssh-ed25519').publicBlob);
    expect(hostKeyCheck(r)).toEqual({ fingerprint: fp, known: true, expected: [fp] });
  });

  it('without known_hosts nothing is expected', () => {
    expect(hostKeyCheck(run({ hostKey: ['ssh-ed25519'] }))).toMatchObject({ known: null, expected: undefined });
  });

  for (const cipher of ['aes128-ctr', 'aes256-gcm@openssh.com', 'chacha20-poly1305@openssh.com']) {
    it(`a flipped ciphertext byte → SSH_DISCONNECT_MAC_ERROR (${cipher})`, () => {
      let done = false;
      const r = run({ cipher: [cipher], mac: ['hmac-sha2-256'] }, {}, {
        network: (chunk) => {
          // The client's 4th chunk is its first encrypted packet (version, KEXINIT, INIT, NEWKEYS, then this).
          if (chunk.from === 'client' && chunk.index === 4 && !done) {
            done = true;
            const b = chunk.bytes.slice();
            b[b.length - 20] ^= 0x01;
            return [b];
          }
          return [chunk.bytes];
        },
      });
      expect(done).toBe(true);
      const d = disconnects(r, 'server');
      expect(d[0]).toMatchObject({ reason: DISCONNECT.MAC_ERROR, by: 'local' });
      const bad = entries(r, 'server', 'received').find((e) => e.error);
      expect(bad?.name).toBe('undecryptable packet');
      expect(disconnects(r, 'client')[0]).toMatchObject({ reason: DISCONNECT.MAC_ERROR, by: 'peer' });
    });
  }

  it('first_kex_packet_follows with a wrong guess: the guessed packet is ignored, the handshake completes', () => {
    const r = run(
      { guessKex: true, kex: ['ecdh-sha2-nistp256', 'curve25519-sha256'] },
      { kex: ['curve25519-sha256', 'ecdh-sha2-nistp256'] },
    );
    expect(r.outcome.ok).toBe(true);
    const recv = entries(r, 'server', 'received');
    const ignored = recv.filter((e) => e.ignored?.includes('guessed kex packet is ignored'));
    expect(ignored).toHaveLength(1);
    // RFC 4253 §7: the kex method was the wrong guess here, and the text says so.
    expect(ignored[0].ignored).toContain('wrong guess of the kex method: client prefers ecdh-sha2-nistp256, server prefers curve25519-sha256');
    expect(ignored[0].name).toBe('SSH_MSG_KEX_ECDH_INIT');
    // The client sent two KEX_ECDH_INITs: the guess and the real one.
    expect(entries(r, 'client', 'sent').filter((e) => e.name === 'SSH_MSG_KEX_ECDH_INIT')).toHaveLength(2);
    expect(r.client.state.negotiated?.kex).toBe('ecdh-sha2-nistp256');
  });

  it('first_kex_packet_follows with only the host key guessed wrong: the packet is ignored, and the text names the host key', () => {
    const r = run(
      { guessKex: true, kex: ['curve25519-sha256'], hostKey: ['ecdsa-sha2-nistp256', 'ssh-ed25519'] },
      { kex: ['curve25519-sha256'], hostKey: ['ssh-ed25519', 'ecdsa-sha2-nistp256'] },
    );
    expect(r.outcome.ok).toBe(true);
    const ignored = entries(r, 'server', 'received').filter((e) => e.ignored);
    expect(ignored).toHaveLength(1);
    expect(ignored[0].ignored).toContain('wrong guess of the host key algorithm (the kex method curve25519-sha256 was right)');
    expect(ignored[0].ignored).not.toContain('of the kex method:');
  });

  it('first_kex_packet_follows stays false when our first kex method is one we do not implement (RFC 4253 §7.1)', () => {
    // No guessed packet can follow for an unknown method, so the flag must say so; set anyway, the
    // server (whose first choice differs) would drop the client's real INIT as a wrong guess.
    const r = run({ guessKex: true, kex: ['curve448-sha512', 'curve25519-sha256'] }, { kex: ['curve25519-sha256'] });
    const kexinit = entries(r, 'client', 'sent').find((e) => e.name === 'SSH_MSG_KEXINIT')!;
    expect(kexinit.values!.first_kex_packet_follows).toBe(false);
    expect(r.outcome.ok, r.outcome.description).toBe(true);
    expect(entries(r, 'server', 'received').some((e) => e.ignored)).toBe(false);
  });

  it('first_kex_packet_follows with a right guess: the guessed packet is used', () => {
    const r = run({ guessKex: true, kex: ['curve25519-sha256'] }, { kex: ['curve25519-sha256'] });
    expect(r.outcome.ok).toBe(true);
    expect(entries(r, 'server', 'received').some((e) => e.ignored?.includes('guess'))).toBe(false);
    expect(entries(r, 'client', 'sent').filter((e) => e.name === 'SSH_MSG_KEX_ECDH_INIT')).toHaveLength(1);
  });

  it('strict kex: an IGNORE injected before KEXINIT is a fatal violation', () => {
    const ignore = plainPacket(encodeLayout(IGNORE, { data: new Uint8Array(3) }));
    const r = run({}, {}, {
      network: (chunk) => (chunk.from === 'client' && chunk.index === 1 ? [ignore, chunk.bytes] : [chunk.bytes]),
    });
    const d = disconnects(r, 'server');
    expect(d[0]).toMatchObject({ reason: DISCONNECT.PROTOCOL_ERROR });
    expect(d[0].description).toContain('strict KEX violation');
  });

  it('strict kex off: the same IGNORE is accepted but desynchronises sequence numbers → MAC error', () => {
    const ignore = plainPacket(encodeLayout(IGNORE, { data: new Uint8Array(3) }));
    const r = run({ strictKex: false, cipher: ['aes128-ctr'], mac: ['hmac-sha2-256'] }, { strictKex: false }, {
      network: (chunk) => (chunk.from === 'client' && chunk.index === 1 ? [ignore, chunk.bytes] : [chunk.bytes]),
    });
    expect(disconnects(r, 'server')[0].reason).toBe(DISCONNECT.MAC_ERROR);
  });

  it('strict kex: a DEBUG message during the initial kex is fatal', () => {
    // Forged after the client's KEXINIT (so KEXINIT is still the first packet).
    const debug = plainPacket(Uint8Array.of(4, 0, 0, 0, 0, 0, 0, 0, 0, 0));
    const r = run({}, {}, {
      network: (chunk) => (chunk.from === 'client' && chunk.index === 1 ? [chunk.bytes, debug] : [chunk.bytes]),
    });
    const d = disconnects(r, 'server');
    expect(d[0].description).toMatch(/strict KEX violation: unexpected SSH_MSG_DEBUG/);
  });

  it('a version line that is not SSH-2.0 → PROTOCOL_VERSION_NOT_SUPPORTED', () => {
    const r = run({ version: 'SSH-1.5-old' });
    expect(disconnects(r, 'server')[0]).toMatchObject({ reason: DISCONNECT.PROTOCOL_VERSION_NOT_SUPPORTED });
    expect(disconnects(r, 'server')[0].description).toContain('unsupported protocol version "1.5"');
  });

  it('a 2 GB packet_length is refused before waiting for it', () => {
    const r = run({}, {}, {
      network: (chunk) =>
        chunk.from === 'client' && chunk.index === 1 ? [concat(u32be(0x80000000), new Uint8Array(12))] : [chunk.bytes],
    });
    const d = disconnects(r, 'server')[0];
    expect(d.reason).toBe(DISCONNECT.PROTOCOL_ERROR);
    expect(d.description).toContain('packet_length 2147483648');
    expect(d.description).toContain('exceeds the maximum');
  });

  it('padding_length below 4 is a protocol error naming the packet', () => {
    // packet_length 12: padding_length 2, a 9-byte payload, 2 bytes of padding (16 bytes: block-aligned).
    const bad = concat(u32be(12), Uint8Array.of(2), Uint8Array.of(2, 0, 0, 0, 5, 1, 2, 3, 4), new Uint8Array(2));
    const r = run({ strictKex: false }, { strictKex: false }, {
      network: (chunk) => (chunk.from === 'client' && chunk.index === 1 ? [bad] : [chunk.bytes]),
    });
    const d = disconnects(r, 'server')[0];
    expect(d.reason).toBe(DISCONNECT.PROTOCOL_ERROR);
    expect(d.description).toContain('padding_length 2 is less than 4');
    expect(d.description).toContain('seq 0');
  });

  it('the peer closing mid-kex is reported with what we were waiting for', () => {
    let s = initialState(defaultConfig('client'));
    const effects = [];
    for (const event of [
      { type: 'start' },
      { type: 'entropy', purpose: 'pool', bytes: new Uint8Array(4096) },
      { type: 'bytesReceived', bytes: new TextEncoder().encode('SSH-2.0-test\r\n\0\0') },
      { type: 'close' },
    ] as const) {
      const r = step(s, event);
      s = r.state;
      effects.push(...r.effects);
    }
    const d = effects.find((e) => e.type === 'disconnect');
    expect(d).toMatchObject({ reason: DISCONNECT.CONNECTION_LOST, by: 'connection' });
    expect(d && 'description' in d && d.description).toBe(
      "connection closed by the peer while waiting for the server's SSH_MSG_KEXINIT (2 bytes of an unfinished packet were left)",
    );
  });

  it('unknown message numbers are answered with SSH_MSG_UNIMPLEMENTED carrying their sequence number', () => {
    const r = run({}, {}, {
      // 150: in the range reserved for client protocols (RFC 4251 §7), with no layout here.
      afterService: [{ type: 'request', request: { kind: 'payload', payload: Uint8Array.of(150, 1, 2, 3) } }],
    });
    expect(r.outcome.ok).toBe(true);
    const odd = entries(r, 'server', 'received').find((e) => e.number === 150)!;
    expect(odd.ignored).toContain('SSH_MSG_UNIMPLEMENTED');
    const reply = entries(r, 'client', 'received').find((e) => e.name === 'SSH_MSG_UNIMPLEMENTED')!;
    expect(reply.values?.packet_sequence_number).toBe(odd.seq);
  });

  it('a requested payload that does not decode is refused by name, not as an internal error, and nothing is sent', () => {
    // 94 is SSH_MSG_CHANNEL_DATA (RFC 4254 §5.2): uint32 recipient channel, then a string whose length runs past the end.
    const r = run({}, {}, { afterService: [{ type: 'request', request: { kind: 'payload', payload: Uint8Array.of(94, 0, 0, 0, 0, 0, 0, 1, 0, 7) } }] });
    const d = disconnects(r, 'client');
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ reason: DISCONNECT.PROTOCOL_ERROR, by: 'local' });
    expect(d[0].description).toMatch(/^refused to send the requested payload: message 94 does not decode \(.*data.*\)$/);
    expect(entries(r, 'server', 'received').some((e) => e.number === 94)).toBe(false);
  });
});
