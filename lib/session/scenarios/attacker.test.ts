// The man in the middle's primitives: what it can see, and that each tamper does exactly what it
// says to the stream (checked on synthetic chunks and on a real simulated connection).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blobDecoders } from '../../ssh/algorithms/hostkey';
import { decodeMessage } from '../../ssh/messages/codec';
import { encodeLayout } from '../../ssh/messages/layout';
import * as S from '../../ssh/messages/specs';
import { defaultConfig } from '../../ssh/transport/config';
import { buildPacket } from '../../ssh/transport/packet';
import { equalBytes } from '../../ssh/wire/bytes';
import { demoHostKeys } from '../demoKeys';
import { SeededRandom } from '../rng';
import { simulate, type Endpoint, type WireChunk } from '../simulate';
import { traceOf } from '../trace';
import { createAttacker, type AttackRule } from './attacker';
import { editKexinit, forgeIgnore, impersonateReply, plainPacket } from './forge';
import { plaintextPayload } from './observe';
import { cachedDemoKey, runScenario, type Scenario } from './scenario';

const version = (from: Endpoint): WireChunk => ({ from, index: 0, bytes: new TextEncoder().encode(`SSH-2.0-${from}\r\n`) });
const packet = (from: Endpoint, index: number, n: number): WireChunk => ({
  from,
  index,
  bytes: buildPacket(Uint8Array.of(n, index), new Uint8Array(5)),
});

function configs() {
  return { client: defaultConfig('client'), server: defaultConfig('server', { hostKeys: demoHostKeys(['ssh-ed25519']) }) };
}

describe('observer', () => {
  it('labels a real connection the way the engines log it', () => {
    const attacker = createAttacker([], 5);
    const r = simulate({ ...configs(), seed: 5, network: attacker.network });
    for (const from of ['client', 'server'] as const) {
      const sent = traceOf({ config: r[from].config, events: r[from].events }).messages.filter((m) => m.direction === 'sent');
      const log = attacker.log.filter((l) => l.from === from);
      expect(log).toHaveLength(sent.length);
      // The engine's own trace says which packets were encrypted and what their numbers were.
      const newKeys = sent.findIndex((m) => m.name === 'SSH_MSG_NEWKEYS');
      expect(newKeys).toBeGreaterThan(0);
      sent.forEach((m, i) => {
        expect(equalBytes(log[i].sent, m.wire)).toBe(true);
        const payload = plaintextPayload(m.wire);
        if (m.kind === 'version') expect(payload).toBeNull();
        if (i > 0 && i <= newKeys) expect(payload?.[0]).toBe(m.number);
      });
    }
  });

  it('after NEWKEYS message numbers are unreadable: a rule on SERVICE_REQUEST (5) never fires', () => {
    const attacker = createAttacker([{ match: { from: 'client', message: 5 }, tamper: { kind: 'drop' }, note: '' }], 5);
    const r = simulate({ ...configs(), seed: 5, network: attacker.network });
    expect(attacker.log.some((l) => l.tampered)).toBe(false);
    expect(r.outcome.ok).toBe(true);
  });

  it('a passive attacker changes nothing: the same bytes as with no attacker at all', () => {
    const plain = simulate({ ...configs(), seed: 6 });
    const watched = simulate({ ...configs(), seed: 6, network: createAttacker([], 6).network });
    for (const who of ['client', 'server'] as const) {
      expect(watched[who].events).toEqual(plain[who].events);
    }
  });
});

describe('tampering on a synthetic stream', () => {
  const stream = [version('server'), packet('server', 1, 20), packet('server', 2, 31), packet('server', 3, 21), packet('server', 4, 7), packet('server', 5, 6)];

  function deliver(rules: AttackRule[]): Uint8Array[] {
    const a = createAttacker(rules, 1);
    return stream.flatMap((c) => a.network(c));
  }

  it('drop removes exactly the matched packet', () => {
    const out = deliver([{ match: { from: 'server', message: 31 }, tamper: { kind: 'drop' }, note: '' }]);
    expect(out).toEqual(stream.filter((c) => c.index !== 2).map((c) => c.bytes));
  });

  it('encrypted: n counts packets after this direction\'s NEWKEYS', () => {
    const out = deliver([{ match: { from: 'server', encrypted: 1 }, tamper: { kind: 'drop' }, note: '' }]);
    expect(out).toEqual(stream.filter((c) => c.index !== 5).map((c) => c.bytes));
  });

  it('a rule for the other direction never fires', () => {
    const out = deliver([{ match: { from: 'client', chunk: 2 }, tamper: { kind: 'drop' }, note: '' }]);
    expect(out).toEqual(stream.map((c) => c.bytes));
  });

  it('inject before / after puts forged packets around the match', () => {
    const forged = Uint8Array.of(9, 9, 9);
    const before = deliver([{ match: { from: 'server', message: 21 }, tamper: { kind: 'inject', where: 'before', forge: () => [forged] }, note: '' }]);
    expect(before[3]).toEqual(forged);
    expect(before[4]).toEqual(stream[3].bytes);
    const after = deliver([{ match: { from: 'server', message: 21 }, tamper: { kind: 'inject', where: 'after', forge: () => [forged] }, note: '' }]);
    expect(after[3]).toEqual(stream[3].bytes);
    expect(after[4]).toEqual(forged);
  });

  it('delay by k delivers the chunk after the next k chunks', () => {
    for (const k of [1, 2]) {
      const out = deliver([{ match: { from: 'server', chunk: 2 }, tamper: { kind: 'delay', by: k }, note: '' }]);
      const expected = stream.map((c) => c.bytes);
      const [held] = expected.splice(2, 1);
      expected.splice(2 + k, 0, held);
      expect(out).toEqual(expected);
    }
  });

  it('property: delays only permute the stream, and the log accounts for every byte', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ chunk: fc.integer({ min: 1, max: 8 }), by: fc.integer({ min: 1, max: 3 }) }), { maxLength: 4 }), (delays) => {
        const chunks = Array.from({ length: 14 }, (_, i) => (i === 0 ? version('client') : packet('client', i, 2)));
        const rules: AttackRule[] = delays.map((d) => ({ match: { from: 'client', chunk: d.chunk }, tamper: { kind: 'delay', by: d.by }, note: '' }));
        const a = createAttacker(rules, 2);
        const out = chunks.flatMap((c) => a.network(c));
        // Every chunk is delivered exactly once (the stream is long enough to release all holds).
        const key = (b: Uint8Array) => Array.from(b).join(',');
        expect(out.map(key).sort()).toEqual(chunks.map((c) => key(c.bytes)).sort());
        expect(a.log.flatMap((l) => l.delivered)).toEqual(out);
      }),
    );
  });
});

describe('forging', () => {
  it('property: forged plaintext packets are well formed (padding ≥ 4, length a multiple of 8)', () => {
    const ctx = { rng: new SeededRandom(1, 'test'), transcript: { version: {}, payloads: { client: [], server: [] } } };
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (data) => {
        const [p] = forgeIgnore(data)(ctx);
        expect(p.length % 8).toBe(0);
        expect(p[4]).toBeGreaterThanOrEqual(4);
        const payload = plaintextPayload(p)!;
        expect(decodeMessage(payload, 5, blobDecoders).values.data).toEqual(data);
      }),
    );
  });

  it('editKexinit changes only the edited lists', () => {
    const ctx = { rng: new SeededRandom(1, 'test'), transcript: { version: {}, payloads: { client: [], server: [] } } };
    const lists = {
      cookie: new Uint8Array(16).fill(7),
      kex_algorithms: ['curve25519-sha256'],
      server_host_key_algorithms: ['ssh-ed25519'],
      encryption_algorithms_client_to_server: ['chacha20-poly1305@openssh.com', 'aes128-ctr'],
      encryption_algorithms_server_to_client: ['chacha20-poly1305@openssh.com', 'aes128-ctr'],
      mac_algorithms_client_to_server: ['hmac-sha2-256'],
      mac_algorithms_server_to_client: ['hmac-sha2-256'],
      compression_algorithms_client_to_server: ['none'],
      compression_algorithms_server_to_client: ['none'],
      languages_client_to_server: [],
      languages_server_to_client: [],
      first_kex_packet_follows: false,
      reserved: 0,
    };
    const bytes = plainPacket(encodeLayout(S.KEXINIT, lists), ctx);
    const seen = { from: 'server' as const, index: 1, bytes, kind: 'packet' as const, number: 20, payload: plaintextPayload(bytes)! };
    const edited = editKexinit((l) => ({ ...l, encryption_algorithms_server_to_client: ['aes128-ctr'] }))(seen, ctx);
    const v = decodeMessage(plaintextPayload(edited)!, 5, blobDecoders).values;
    expect(v.encryption_algorithms_server_to_client).toEqual(['aes128-ctr']);
    expect(v.encryption_algorithms_client_to_server).toEqual(lists.encryption_algorithms_client_to_server);
    expect(v.cookie).toEqual(lists.cookie);
  });

  // The hybrids too: the KEM protects against a recorder, not against the other end being the attacker.
  it.each(['curve25519-sha256', 'mlkem768x25519-sha256', 'sntrup761x25519-sha512', 'diffie-hellman-group14-sha256'])('an impersonated kex reply (%s) is cryptographically valid: only known_hosts tells it apart', (kex) => {
    // A client without known_hosts verifies the attacker's signature of H and carries on; the
    // real server, whose keys differ, then cannot open the client's first encrypted packet.
    const attackerKey = cachedDemoKey('ssh-ed25519', 'the attacker');
    const s: Scenario = {
      slug: 'impersonation-check',
      group: 'Failures',
      title: '',
      summary: '',
      description: '',
      seed: 7,
      serverKeys: ['ssh-ed25519'],
      // EtM checks the MAC first, so the server's failure is a clean MAC error.
      client: { kex: [kex], cipher: ['aes128-ctr'], mac: ['hmac-sha2-256-etm@openssh.com'] },
      attack: [
        {
          match: { from: 'server', message: 31 },
          tamper: { kind: 'rewrite', rewrite: impersonateReply(kex, 'ssh-ed25519', attackerKey) },
          note: '',
        },
      ],
      expect: { ok: false },
      // Not a bundled card: its claims are never compared.
      claims: { disconnect: null },
    };
    const run = runScenario(s);
    const client = traceOf(run.recording.client!);
    const reply = kex.startsWith('curve') ? 'SSH_MSG_KEX_ECDH_REPLY' : kex.startsWith('diffie') ? 'SSH_MSG_KEXDH_REPLY' : 'SSH_MSG_KEX_HYBRID_REPLY';
    expect(client.messages.filter((m) => m.direction === 'received' && m.number === 31).map((m) => m.name)).toEqual([reply]);
    const hostKey = client.computations.find((c) => c.computation.name === 'host key')?.computation;
    expect(hostKey).toMatchObject({ known: null, publicKey: attackerKey.publicBlob });
    expect(client.computations.find((c) => c.computation.name === 'signature')?.computation).toMatchObject({ action: 'verify', ok: true });
    expect(traceOf(run.recording.server!).disconnect).toMatchObject({ reasonName: 'SSH_DISCONNECT_MAC_ERROR', by: 'local' });
  });
});
