// Steps of two-endpoint sessions: one step per packet, sent and received paired by wire bytes,
// and what a man in the middle did (injected, dropped, modified) named on the packet it touched.

import { describe, expect, it } from 'vitest';
import type { EndpointConfig } from '../ssh/transport/config';
import { defaultConfig } from '../ssh/transport/config';
import { demoHostKeys } from './demoKeys';
import { openRecording } from './open';
import { stringifyRecording } from './recording';
import type { MessageStep } from './session';
import { simulate, type WireChunk } from './simulate';

/** An unencrypted SSH_MSG_IGNORE with empty data, built by hand from RFC 4253 §6: 4+1+5+6 = 16 bytes. */
const IGNORE_PACKET = Uint8Array.from([0, 0, 0, 12, 6, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);

function session(client: EndpointConfig, server: EndpointConfig, network?: (c: WireChunk) => Uint8Array[]) {
  const sim = simulate({ client, server, seed: 11, ...(network ? { network } : {}) });
  const text = stringifyRecording({
    meta: { title: 't', description: '', created: '', tool: 'test', source: 'simulated' },
    client: { config: client, events: sim.client.events },
    server: { config: server, events: sim.server.events },
  });
  return { sim, s: openRecording(text) };
}

const messages = (steps: { kind: string }[]) => steps.filter((x): x is MessageStep => x.kind === 'message');
const server = () => defaultConfig('server', { hostKeys: demoHostKeys() });

describe('steps: two endpoints, no attacker', () => {
  const { sim, s } = session(defaultConfig('client', {}), server());

  it('every packet is one step with both entries, byte-identical', () => {
    expect(s.attacker).toBe(false);
    const sends = sim.effects.filter((e) => e.effect.type === 'send');
    const msgs = messages(s.steps);
    // One step per send effect (the engine emits one send per packet or line).
    expect(msgs.length).toBe(sends.length);
    for (const m of msgs) {
      expect(m.sent && m.received).toBeTruthy();
      expect(m.sent!.wire).toEqual(m.received!.wire);
      expect(m.tampered).toBeUndefined();
    }
  });

  it('steps are in the order things happened (virtual time), computations on the right endpoint', () => {
    for (let i = 1; i < s.steps.length; i++) expect(s.steps[i].t).toBeGreaterThanOrEqual(s.steps[i - 1].t);
    const by = (action: string) => s.steps.filter((x) => x.kind === 'computation' && x.action === action).map((x) => (x.kind === 'computation' ? x.by : ''));
    expect(by('sign H')).toEqual(['server']);
    expect(by('verify signature')).toEqual(['client']);
    expect(by('derive keys').sort()).toEqual(['client', 'server']);
    expect(s.steps.at(-1)!.kind).toBe('closed');
  });

  it("the receiver's state moves with its own reaction, not before the diagram shows it", () => {
    const kexinit = s.steps.find((x) => x.kind === 'message' && x.flow === 'c2s' && x.title === 'SSH_MSG_KEXINIT')!;
    const negotiate = s.steps.find((x) => x.kind === 'computation' && x.by === 'server' && x.action === 'negotiate')!;
    expect(kexinit.index).toBeLessThan(negotiate.index);
    expect(s.stateAt(kexinit.index).server.negotiated).toBeUndefined();
    expect(s.stateAt(negotiate.index).server.negotiated?.kex).toBe('mlkem768x25519-sha256');
    // A packet that sets off nothing (the client's NEWKEYS at the server) counts at its own step.
    const nk = s.steps.find((x) => x.kind === 'message' && x.flow === 'c2s' && x.title === 'SSH_MSG_NEWKEYS')!;
    expect(s.stateAt(nk.index).server.kexCount).toBe(1);
    expect(s.stateAt(nk.index - 1).server.kexCount).toBe(0);
  });

  it('stateAt: both sides agree on H and the keys once both derived them', () => {
    const end = s.stateAt(s.steps.length - 1);
    expect(end.client.known.H!.value).toEqual(end.server.known.H!.value);
    expect(end.client.known.keys.C!.value).toEqual(end.server.known.keys.C!.value);
    expect(end.client.seq.send).toBe(end.server.seq.recv);
  });
});

describe('steps: a man in the middle', () => {
  it('Terrapin (CVE-2023-48795) without strict kex: IGNORE injected, EXT_INFO dropped, nobody notices', () => {
    let afterNewKeys = false;
    const cfg = { cipher: ['chacha20-poly1305@openssh.com'], strictKex: false };
    const { s } = session(defaultConfig('client', cfg), defaultConfig('server', { ...cfg, hostKeys: demoHostKeys() }), (c) => {
      if (c.from !== 'server') return [c.bytes];
      if (c.bytes.length > 5 && c.bytes[5] === 21 && !afterNewKeys) {
        afterNewKeys = true;
        return [IGNORE_PACKET, c.bytes];
      }
      if (afterNewKeys) {
        afterNewKeys = false; // drop exactly the first encrypted packet: EXT_INFO
        return [];
      }
      return [c.bytes];
    });
    expect(s.attacker).toBe(true);
    const tampered = messages(s.steps).filter((m) => m.tampered);
    // Placed where they sat in the stream: the IGNORE went in just before the server's NEWKEYS
    // (though the client read it later), and EXT_INFO followed NEWKEYS.
    expect(tampered.map((m) => [m.title, m.tampered, m.from, m.to, m.explain])).toEqual([
      ['SSH_MSG_IGNORE', 'injected', 'attacker', 'client', 'concepts/terrapin'],
      ['SSH_MSG_EXT_INFO', 'dropped', 'server', 'attacker', 'concepts/terrapin'],
    ]);
    const serverNewKeys = messages(s.steps).find((m) => m.flow === 's2c' && m.title === 'SSH_MSG_NEWKEYS')!;
    expect(tampered[0].index).toBe(serverNewKeys.index - 1);
    expect(tampered[0].received).toBeDefined();
    expect(tampered[0].sent).toBeUndefined();
    expect(tampered[1].sent).toBeDefined();
    expect(tampered[1].received).toBeUndefined();
    expect(s.summary.ok).toBe(true);
    const end = s.stateAt(s.steps.length - 1);
    expect(end.client.extInfo.extensions).toEqual({});
    expect(end.client.service.accepted).toBe('ssh-userauth');
  });

  it('a flipped ciphertext byte: the packet is modified, the receiver fails with MAC_ERROR', () => {
    let n = 0;
    const { s } = session(defaultConfig('client', { cipher: ['aes128-ctr'], mac: ['hmac-sha2-256'] }), server(), (c) => {
      if (c.from === 'client' && c.index === 4 && n++ === 0) {
        const b = c.bytes.slice();
        b[8] ^= 1;
        return [b];
      }
      return [c.bytes];
    });
    const mod = messages(s.steps).filter((m) => m.tampered);
    expect(mod).toHaveLength(1);
    expect(mod[0]).toMatchObject({ tampered: 'modified', from: 'client', to: 'server', phase: 'failure', explain: 'concepts/mac-error' });
    expect(mod[0].received!.name).toBe('undecryptable packet');
    expect(mod[0].sent!.wire.length).toBe(mod[0].received!.wire.length);
    const closed = s.steps.filter((x) => x.kind === 'closed');
    expect(closed.map((x) => (x.kind === 'closed' ? [x.by, x.reasonName, x.phase] : []))).toContainEqual(['server', 'SSH_DISCONNECT_MAC_ERROR', 'failure']);
    expect(s.summary.ok).toBe(false);
  });

  it('declared direct (meta.attacker false), the same bytes are an inconsistent recording', () => {
    const client = defaultConfig('client', {});
    const sim = simulate({ client, server: server(), seed: 11, network: (c) => (c.from === 'server' && c.index === 4 ? [] : [c.bytes]) });
    const rec = {
      meta: { title: 't', description: '', created: '', tool: 'test', source: 'simulated' as const, attacker: false },
      client: { config: client, events: sim.client.events },
      server: { config: server(), events: sim.server.events },
    };
    // The client's first bytesReceived after the server's NEWKEYS is where its stream parts.
    const first = sim.client.events.findIndex((e, i) => e.event.type === 'bytesReceived' && sim.effects.some((x) => x.endpoint === 'client' && x.eventIndex === i && x.effect.type === 'disconnect'));
    expect(first).toBeGreaterThan(0);
    expect(() => openRecording(stringifyRecording(rec))).toThrow(new RegExp(`^recording is inconsistent at event ${first} \\(client`));
  });

  it('a packet dropped mid-stream is dropped; packets the closed receiver never read are not', () => {
    // Server chunk 4 is EXT_INFO, the first encrypted packet; the client then reads SERVICE_ACCEPT
    // under the wrong sequence number, its length decrypts to garbage and it gives up without
    // logging a packet: only the byte streams show where they parted.
    const { s } = session(defaultConfig('client', {}), server(), (c) => (c.from === 'server' && c.index === 4 ? [] : [c.bytes]));
    expect(s.attacker).toBe(true);
    const msgs = messages(s.steps);
    const dropped = msgs.filter((m) => m.tampered === 'dropped');
    expect(dropped.map((m) => [m.title, m.flow, m.to])).toEqual([['SSH_MSG_EXT_INFO', 's2c', 'attacker']]);
    expect(msgs.filter((m) => m.tampered && m.tampered !== 'dropped')).toEqual([]);
    // Whatever the client never read after it closed is shown as sent, without blaming the attacker.
    const unread = msgs.filter((m) => m.sent && !m.received && !m.tampered);
    for (const m of unread) expect(m.to).not.toBe('attacker');
  });
});
