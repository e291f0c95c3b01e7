// A server that starts a rekey while the client's SERVICE_REQUEST is on its way: RFC 4253 §7.1
// forbids sending anything but kex messages between our KEXINIT and our NEWKEYS, so the
// SERVICE_ACCEPT must wait for the new keys.

import { describe, expect, it } from 'vitest';
import { hostKeyAlgorithms } from '../algorithms/hostkey';
import { keyringSigner } from '../algorithms/hostkey/signer';
import { step } from './engine';
import type { EngineEvent } from './events';
import type { EngineState } from './state';
import { run } from '../../session/testkit';

type Who = 'client' | 'server';

describe('SERVICE_ACCEPT during a rekey the server started', () => {
  it('is held back until the server has sent its NEWKEYS, then the client takes it', () => {
    const keys = [hostKeyAlgorithms['ssh-ed25519'].demoKey(new Uint8Array(32).fill(7))];
    // The first key exchange only: no service asked for yet.
    const done = run({ cipher: ['aes128-ctr'], mac: ['hmac-sha2-256-etm@openssh.com'] }, { hostKeys: keys }, { service: null });
    const states: Record<Who, EngineState> = { client: done.client.state, server: done.server.state };
    expect(states.client.kexCount).toBe(1);
    const sign = keyringSigner(keys);
    const sent: { who: Who; name: string }[] = [];
    const wire: { to: Who; bytes: Uint8Array }[] = [];
    let fill = 0;

    const feed = (who: Who, event: EngineEvent, deliver = true): Uint8Array[] => {
      const r = step(states[who], event);
      states[who] = r.state;
      const out: Uint8Array[] = [];
      for (const e of r.effects) {
        if (e.type === 'needEntropy') out.push(...feed(who, { type: 'entropy', purpose: e.purpose, bytes: new Uint8Array(e.n).fill(++fill) }, deliver));
        else if (e.type === 'needSignature') out.push(...feed(who, { type: 'signature', algorithm: e.algorithm, signature: sign(e) }, deliver));
        else if (e.type === 'message' && e.entry.direction === 'sent') sent.push({ who, name: e.entry.name });
        else if (e.type === 'send') {
          out.push(e.bytes);
          if (deliver) wire.push({ to: who === 'client' ? 'server' : 'client', bytes: e.bytes });
        }
      }
      return out;
    };
    const pump = () => {
      while (wire.length) {
        const d = wire.shift()!;
        feed(d.to, { type: 'bytesReceived', bytes: d.bytes });
      }
    };

    // The client asks for the service; its packet is in flight when the server starts a rekey.
    const request = feed('client', { type: 'request', request: { kind: 'service', name: 'ssh-userauth' } }, false);
    expect(sent.at(-1)).toEqual({ who: 'client', name: 'SSH_MSG_SERVICE_REQUEST' });
    feed('server', { type: 'request', request: { kind: 'rekey' } });
    for (const bytes of request) feed('server', { type: 'bytesReceived', bytes });
    const server = () => sent.filter((s) => s.who === 'server').map((s) => s.name);
    // Between the server's KEXINIT and its NEWKEYS: nothing but kex messages.
    expect(server()).toEqual(['SSH_MSG_KEXINIT']);

    pump();
    expect(states.server.closed, states.server.closed?.description).toBeUndefined();
    expect(states.client.closed, states.client.closed?.description).toBeUndefined();
    const names = server();
    expect(names).toContain('SSH_MSG_SERVICE_ACCEPT');
    expect(names.indexOf('SSH_MSG_SERVICE_ACCEPT')).toBeGreaterThan(names.indexOf('SSH_MSG_NEWKEYS'));
    expect(states.server.kexCount).toBe(2);
    expect(states.client.service.accepted).toBe('ssh-userauth');
  });
});
