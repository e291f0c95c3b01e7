// Without a key log, with a wrong one, and with bytes changed on the way: what the observer can
// still show, and where (direction, packet, byte offset) it has to stop.

import { describe, expect, it } from 'vitest';
import { defaultConfig, type EndpointConfig } from '../../ssh/transport/config';
import { toHex } from '../../ssh/wire/bytes';
import { demoHostKeys } from '../demoKeys';
import { openParsedRecording, openRecording, type OpenedSession } from '../open';
import { stringifyRecording, type Recording } from '../recording';
import type { MessageStep } from '../session';
import { simulate } from '../simulate';
import { observerRecording } from './fromEndpoints';

function simulated(cfg: Partial<EndpointConfig>, seed = 'sealed'): Recording {
  const r = simulate({
    client: defaultConfig('client', cfg),
    server: defaultConfig('server', { hostKeys: demoHostKeys(), ...cfg }),
    seed: `${seed} ${JSON.stringify(cfg)}`,
    afterService: [{ type: 'request', request: { kind: 'ignore', data: new Uint8Array(40) } }],
  });
  return {
    meta: { title: 'sim', description: '', created: '2026-01-01T00:00:00Z', tool: 'test', source: 'simulated', attacker: false },
    client: { config: r.client.config, events: r.client.events },
    server: { config: r.server.config, events: r.server.events },
  };
}

const msgs = (s: OpenedSession, flow?: 'c2s' | 's2c') => s.steps.filter((x): x is MessageStep => x.kind === 'message' && (!flow || x.flow === flow));
const reopen = (r: Recording) => openRecording(stringifyRecording(r));

describe('no key log', () => {
  const framed: [string, Partial<EndpointConfig>][] = [
    ['AES-GCM', { cipher: ['aes256-gcm@openssh.com'] }],
    ['EtM', { cipher: ['aes128-ctr'], mac: ['hmac-sha2-256-etm@openssh.com'] }],
  ];
  for (const [label, cfg] of framed) {
    it(`${label}: every encrypted packet is framed (its length is in the clear), with its sequence number, not decrypted`, () => {
      const rec = simulated(cfg);
      const ends = openParsedRecording(rec);
      const s = reopen(observerRecording(rec, 'none'));
      expect(s.observer).toEqual({ keylog: 'none', sealed: true });
      expect(s.summary.outcome).toBe("observer's view, no key log: handshake complete; the encrypted packets stay unread (a key log would decrypt them)");
      for (const flow of ['c2s', 's2c'] as const) {
        const mine = msgs(s, flow);
        const theirs = msgs(ends, flow).filter((m) => m.sent);
        // Same wire bytes cut at the same places, same sequence numbers.
        expect(mine.map((m) => [toHex(m.entry.wire), m.entry.streamOffset, m.counters?.sender])).toEqual(
          theirs.map((m) => [toHex(m.entry.wire), m.entry.streamOffset, m.counters?.sender]),
        );
        // In clear up to NEWKEYS, decoded as the endpoints did; after it, sealed.
        const clear = theirs.findIndex((m) => m.entry.encrypted);
        expect(clear).toBeGreaterThan(0);
        expect(mine.slice(0, clear).map((m) => m.entry.values)).toEqual(theirs.slice(0, clear).map((m) => m.entry.values));
        for (const m of mine.slice(clear)) {
          expect(m.title).toBe('encrypted packet');
          expect(m.entry.packet).toBeUndefined();
          expect(m.entry.wireFields?.map((f) => f.name)).toEqual(['packet_length', 'ciphertext', m.entry.layout?.mode === 'aead' ? 'authentication tag' : 'mac']);
        }
      }
      // One sentence, at the first encrypted packet only.
      const notes = msgs(s).filter((m) => m.entry.note);
      expect(notes).toHaveLength(1);
      expect(notes[0]).toBe(msgs(s).find((m) => m.entry.encrypted));
      expect(notes[0].entry.note).toMatch(/no key log was given.*packet_length travels in the clear.*A key log .* would reveal K, H, the session id and keys A–F, decrypt every packet/);
    });
  }

  const opaque: [string, Partial<EndpointConfig>][] = [
    ['chacha20-poly1305', { cipher: ['chacha20-poly1305@openssh.com'] }],
    ['AES-CTR encrypt-and-MAC', { cipher: ['aes128-ctr'], mac: ['hmac-sha2-256'] }],
  ];
  for (const [label, cfg] of opaque) {
    it(`${label}: after NEWKEYS each direction is one opaque stream holding every byte the endpoints sent`, () => {
      const rec = simulated(cfg);
      const ends = openParsedRecording(rec);
      const s = reopen(observerRecording(rec, 'none'));
      for (const flow of ['c2s', 's2c'] as const) {
        const theirs = msgs(ends, flow).filter((m) => m.sent);
        const clear = theirs.findIndex((m) => m.entry.encrypted);
        const mine = msgs(s, flow);
        expect(mine).toHaveLength(clear + 1);
        const stream = mine[clear];
        expect(stream.title).toBe('encrypted stream');
        const expected = theirs.slice(clear).map((m) => toHex(m.entry.wire)).join('');
        expect(toHex(stream.entry.wire)).toBe(expected);
        expect(stream.entry.streamOffset).toBe(theirs[clear].entry.streamOffset);
      }
      const notes = msgs(s).filter((m) => m.entry.note);
      expect(notes).toHaveLength(1);
      expect(notes[0]).toBe(msgs(s).find((m) => m.entry.encrypted));
      expect(notes[0].entry.note).toMatch(/even packet_length is encrypted.*one opaque stream.*A key log/);
    });
  }
});

describe('a wrong key log, and bytes changed on the way', () => {
  const cfg = { cipher: ['aes128-gcm@openssh.com'], kex: ['curve25519-sha256'] };

  it('a secret that is not this connection\'s: the signature check fails and the first encrypted packet of each direction says where decoding stops', () => {
    const rec = simulated(cfg);
    const obs = observerRecording(rec, 'client-private');
    obs.keylog = obs.keylog!.map((k) => ({ ...k, secret: k.secret.map((b, i) => (i === 5 ? b ^ 1 : b)) }));
    const ends = openParsedRecording(rec);
    const s = reopen(obs);
    expect(s.summary.ok).toBe(false);
    const verify = s.steps.find((x) => x.kind === 'computation' && x.action === 'verify signature')!;
    expect(verify.error).toMatch(/does not verify .* the key log's secret is not this key exchange's/);
    for (const [flow, words] of [['c2s', 'client → server'], ['s2c', 'server → client']] as const) {
      const firstEncrypted = msgs(ends, flow).find((m) => m.sent && m.entry.encrypted)!;
      const fail = msgs(s, flow).find((m) => m.error)!;
      expect(fail.title).toBe('undecryptable packet');
      expect(fail.entry.streamOffset).toBe(firstEncrypted.entry.streamOffset);
      expect(fail.error).toContain(`in the ${words} packet index ${msgs(ends, flow).filter((m) => m.sent && m.entry.kind === 'packet').indexOf(firstEncrypted)} (sequence number ${firstEncrypted.counters!.sender}) at byte ${firstEncrypted.entry.streamOffset} of that direction's stream`);
      expect(fail.error).toMatch(/authentication tag mismatch.*Decoding of the .* direction stops here/);
      // Nothing of that direction after it.
      expect(msgs(s, flow).at(-1)).toBe(fail);
    }
  });

  it('a key log for other cookies: the note at the first encrypted packet says so', () => {
    const rec = simulated(cfg);
    const obs = observerRecording(rec, 'client-private');
    obs.keylog = obs.keylog!.map((k) => ({ ...k, cookie: new Uint8Array(16).fill(7) }));
    const s = reopen(obs);
    expect(s.observer?.keylog).toBe('not used');
    expect(msgs(s).find((m) => m.entry.note)!.entry.note).toMatch(/the key log has no secret for this key exchange \(client cookie [0-9a-f]{32}, server cookie [0-9a-f]{32}\)/);
  });

  it('one ciphertext byte changed: a MAC failure at exactly that packet, the other direction decodes on', () => {
    const rec = simulated({ cipher: ['aes256-ctr'], mac: ['hmac-sha2-512'], kex: ['ecdh-sha2-nistp256'] });
    const ends = openParsedRecording(rec);
    const obs = observerRecording(rec, 'server-private');
    // The client's SERVICE_REQUEST (its second encrypted packet).
    const target = msgs(ends, 'c2s').filter((m) => m.sent && m.entry.encrypted)[1];
    let offset = 0;
    const at = target.entry.streamOffset + 20;
    obs.peerBytes = obs.peerBytes!.map((c) => {
      if (c.direction !== 'c2s') return c;
      const start = offset;
      offset += c.bytes.length;
      if (at < start || at >= offset) return c;
      const b = c.bytes.slice();
      b[at - start] ^= 0x80;
      return { ...c, bytes: b };
    });
    const s = reopen(obs);
    const fail = msgs(s, 'c2s').find((m) => m.error)!;
    expect(fail.entry.streamOffset).toBe(target.entry.streamOffset);
    expect(fail.error).toMatch(new RegExp(`^MAC mismatch \\(hmac-sha2-512, seq ${target.counters!.sender}\\).* in the client → server packet index \\d+ \\(sequence number ${target.counters!.sender}\\) at byte ${target.entry.streamOffset} `));
    expect(fail.explain).toBe('concepts/mac-error');
    // The server's packets are all there and decrypted.
    expect(msgs(s, 's2c').map((m) => m.title)).toEqual(msgs(ends, 's2c').filter((m) => m.sent).map((m) => m.title));
  });

  it('a stream cut short and an absurd packet_length are named with direction, packet and offset', () => {
    const rec = simulated(cfg);
    const obs = observerRecording(rec, 'client-private');
    const s2c = obs.peerBytes!.filter((c) => c.direction === 's2c');
    const cut = { ...obs, peerBytes: [...obs.peerBytes!.filter((c) => c.direction === 'c2s'), ...s2c.slice(0, 2), { ...s2c[2], bytes: s2c[2].bytes.subarray(0, 7) }] };
    const s = reopen(cut);
    const last = msgs(s, 's2c').at(-1)!;
    expect(last.error).toMatch(/^truncated: the stream ends inside the server → client packet index \d+ \(sequence number \d+\) at byte \d+ of that direction's stream: 7 of its \d+ bytes arrived\. Decoding/);

    const absurd = { ...obs, peerBytes: [{ t: 0, direction: 'c2s' as const, bytes: new TextEncoder().encode('SSH-2.0-x\r\n') }, { t: 1, direction: 'c2s' as const, bytes: Uint8Array.of(0x7f, 0, 0, 0, 1, 2, 3, 4) }] };
    const a = reopen(absurd);
    expect(msgs(a).at(-1)!.error).toBe(
      "packet_length 2130706432 in the client → server packet index 0 (sequence number 0) at byte 11 of that direction's stream exceeds 262144 bytes. Decoding of the client → server direction stops here.",
    );
    expect(a.summary.ok).toBe(false);
    expect(a.summary.outcome).toMatch(/^observer's view, decrypted with the key log|^observer's view; the key log did not open every key exchange: failed: packet_length 2130706432/);
  });
});

describe('to the page, as the viewer\'s worker hands it over', () => {
  it('keeps the observer marker, the note and the steps', async () => {
    const { sessionHead, stepChunks, SessionReceiver } = await import('../portable');
    const { openRecordingAsync } = await import('../open');
    const s = await openRecordingAsync(stringifyRecording(observerRecording(simulated({ cipher: ['chacha20-poly1305@openssh.com'] }), 'none')));
    const head = sessionHead(s).message;
    expect(head.observer).toEqual({ keylog: 'none', sealed: true });
    const r = new SessionReceiver(structuredClone(head));
    for (const c of stepChunks(s.steps, 500)) r.add(structuredClone(c.message, { transfer: c.transfer }));
    const page = r.session();
    expect(page.observer).toEqual(head.observer);
    expect(page.steps).toEqual(s.steps);
    expect(page.steps.filter((x) => x.kind === 'message' && x.entry.note)).toHaveLength(1);
  });
});

describe('a rekey the peer refuses with SSH_MSG_UNIMPLEMENTED (OpenSSH before user authentication)', () => {
  it('ends that key exchange: the next KEXINIT starts a new one, not "a second KEXINIT"', async () => {
    const { step } = await import('../../ssh/transport/engine');
    const { encodeLayout } = await import('../../ssh/messages/layout');
    const S = await import('../../ssh/messages/specs');
    const cfg = { kex: ['curve25519-sha256'], cipher: ['aes128-gcm@openssh.com'] };
    const r = simulate({ client: defaultConfig('client', cfg), server: defaultConfig('server', { hostKeys: demoHostKeys(), ...cfg }), seed: 'refused rekey', disconnectAfterService: false });
    const rec: Recording = {
      meta: { title: 'sim', description: '', created: '', tool: 'test', source: 'simulated', attacker: false },
      client: { config: r.client.config, events: r.client.events },
      server: { config: r.server.config, events: r.server.events },
    };
    const obs = observerRecording(rec, 'client-private');
    const sent = (effects: { type: string; bytes?: Uint8Array }[]) => effects.flatMap((e) => (e.type === 'send' ? [e.bytes!] : []));
    let client = r.client.state;
    const seq = client.send.seq;
    const asked = step(client, { type: 'request', request: { kind: 'rekey' } });
    client = asked.state;
    const refused = step(r.server.state, { type: 'request', request: { kind: 'payload', payload: encodeLayout(S.UNIMPLEMENTED, { packet_sequence_number: seq }) } });
    client = step(client, { type: 'bytesReceived', bytes: sent(refused.effects)[0] }).state;
    expect(client.kex).toBeNull();
    const again = step(client, { type: 'request', request: { kind: 'rekey' } });
    const t = 1e6;
    obs.peerBytes = [
      ...obs.peerBytes!,
      ...sent(asked.effects).map((bytes) => ({ t, direction: 'c2s' as const, bytes })),
      ...sent(refused.effects).map((bytes) => ({ t, direction: 's2c' as const, bytes })),
      ...sent(again.effects).map((bytes) => ({ t, direction: 'c2s' as const, bytes })),
    ];
    const s = reopen(obs);
    const tail = msgs(s).slice(-3);
    expect(tail.map((m) => [m.title, m.error])).toEqual([
      ['SSH_MSG_KEXINIT', undefined],
      ['SSH_MSG_UNIMPLEMENTED', undefined],
      ['SSH_MSG_KEXINIT', undefined],
    ]);
    expect(tail[1].entry.ignored).toBe(`The server did not understand the client's SSH_MSG_KEXINIT (packet ${seq}): no rekey now, the current keys stay in use.`);
    expect(s.steps.filter((x) => x.phase === 'failure')).toEqual([]);
  });
});
