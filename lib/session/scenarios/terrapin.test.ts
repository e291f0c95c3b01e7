// The Terrapin pair (CVE-2023-48795) and the KEXINIT downgrade, asserted on both endpoints'
// replayed traces: what each side sent, what the other received, and the sequence numbers.

import { describe, expect, it } from 'vitest';
import { DISCONNECT } from '../../ssh/messages/numbers';
import { toHex } from '../../ssh/wire/bytes';
import { parseRecording, stringifyRecording } from '../recording';
import { traceOf, type EndpointTrace } from '../trace';
import { SCENARIOS } from './catalog';
import { runScenario, type Scenario } from './scenario';

const bySlug = (slug: string): Scenario => SCENARIOS.find((s) => s.slug === slug)!;

function traces(s: Scenario): { client: EndpointTrace; server: EndpointTrace } {
  const rec = parseRecording(stringifyRecording(runScenario(s).recording));
  return { client: traceOf(rec.client!), server: traceOf(rec.server!) };
}

const named = (t: EndpointTrace, direction: 'sent' | 'received', name: string) =>
  t.messages.filter((m) => m.direction === direction && m.name === name);

describe('Terrapin without strict kex', () => {
  const s = bySlug('terrapin-chacha20-no-strict-kex');
  const { client, server } = traces(s);

  it('the handshake completes and the service is accepted', () => {
    expect(client.state.service.accepted).toBe('ssh-userauth');
    expect(client.state.strict).toBe(false);
    expect(client.state.negotiated?.cipherS2C).toBe('chacha20-poly1305@openssh.com');
    expect(client.disconnect).toMatchObject({ reason: DISCONNECT.BY_APPLICATION, by: 'local' });
    expect(server.disconnect).toMatchObject({ reason: DISCONNECT.BY_APPLICATION, by: 'peer' });
  });

  it('the server sent EXT_INFO, the client never received it', () => {
    expect(named(server, 'sent', 'SSH_MSG_EXT_INFO')).toHaveLength(1);
    expect(named(client, 'received', 'SSH_MSG_EXT_INFO')).toHaveLength(0);
    expect(client.state.extensions).not.toHaveProperty('server-sig-algs');
    expect(client.computations.some((c) => c.computation.name === 'ext-info')).toBe(false);
  });

  it('the client received an IGNORE the server never sent, before NEWKEYS', () => {
    expect(named(server, 'sent', 'SSH_MSG_IGNORE')).toHaveLength(0);
    const ignores = named(client, 'received', 'SSH_MSG_IGNORE');
    expect(ignores).toHaveLength(1);
    expect(ignores[0].encrypted).toBe(false);
    expect(ignores[0].seq).toBeLessThan(named(client, 'received', 'SSH_MSG_NEWKEYS')[0].seq!);
  });

  it('sequence numbers: off by one after the injection, equal again after the deletion', () => {
    const sentNewKeys = named(server, 'sent', 'SSH_MSG_NEWKEYS')[0];
    const gotNewKeys = named(client, 'received', 'SSH_MSG_NEWKEYS')[0];
    expect(gotNewKeys.seq).toBe(sentNewKeys.seq! + 1);
    // The SERVICE_ACCEPT was sealed with the number the client expected: nothing noticed.
    const sentAccept = named(server, 'sent', 'SSH_MSG_SERVICE_ACCEPT')[0];
    const gotAccept = named(client, 'received', 'SSH_MSG_SERVICE_ACCEPT')[0];
    expect(gotAccept.seq).toBe(sentAccept.seq);
    expect(toHex(gotAccept.wire)).toBe(toHex(sentAccept.wire));
    expect(client.state.recv.seq).toBe(server.state.send.seq);
  });

  it('the outcome names what went missing and what was slipped in', () => {
    const sentence = runScenario(s).outcome.sentence;
    expect(sentence).toMatch(/^handshake complete/);
    expect(sentence).toContain("the server's SSH_MSG_EXT_INFO never arrived");
    expect(sentence).toContain('SSH_MSG_IGNORE the server never sent');
  });

  it('control: without the attacker the same configuration delivers EXT_INFO', () => {
    expect(runScenario({ ...s, attack: undefined }).outcome.sentence).not.toContain('unnoticed');
    const honest = traces({ ...s, attack: undefined });
    expect(named(honest.client, 'received', 'SSH_MSG_EXT_INFO')).toHaveLength(1);
    expect(honest.client.state.extensions).toHaveProperty('server-sig-algs');
  });
});

describe('Terrapin against strict kex', () => {
  const { client } = traces(bySlug('terrapin-strict-kex'));

  it('the client detects the injected IGNORE and disconnects, naming strict kex', () => {
    expect(client.state.strict).toBe(true);
    expect(client.disconnect).toMatchObject({ reason: DISCONNECT.PROTOCOL_ERROR, by: 'local' });
    expect(client.disconnect!.description).toMatch(/strict kex/i);
    expect(client.state.service.accepted).toBeUndefined();
    expect(named(client, 'received', 'SSH_MSG_SERVICE_ACCEPT')).toHaveLength(0);
  });
});

describe('Terrapin without strict kex, against AES-GCM', () => {
  const { client, server } = traces(bySlug('terrapin-aes-gcm-no-strict-kex'));

  it('the injection passes, but the packet after the deletion fails its tag', () => {
    expect(client.state.strict).toBe(false);
    expect(named(client, 'received', 'SSH_MSG_IGNORE')).toHaveLength(1);
    const bad = client.messages.find((m) => m.direction === 'received' && m.error);
    expect(bad?.name).toBe('undecryptable packet');
    // It is the SERVICE_ACCEPT: same ciphertext as the server sent, opened with the wrong nonce.
    const accept = named(server, 'sent', 'SSH_MSG_SERVICE_ACCEPT')[0];
    expect(toHex(bad!.wire)).toBe(toHex(accept.wire));
    expect(client.disconnect).toMatchObject({ reason: DISCONNECT.MAC_ERROR, by: 'local' });
  });
});

describe('KEXINIT downgrade', () => {
  const { client, server } = traces(bySlug('downgrade-kexinit'));

  it('the two sides negotiate different ciphers from different KEXINITs', () => {
    expect(client.state.negotiated?.cipherC2S).toBe('aes128-ctr');
    expect(server.state.negotiated?.cipherC2S).toBe('chacha20-poly1305@openssh.com');
  });

  it('their exchange hashes differ, so the signature check fails', () => {
    const H = (t: EndpointTrace) => t.computations.find((c) => c.computation.name === 'H')!.computation as { value: Uint8Array };
    expect(toHex(H(client).value)).not.toBe(toHex(H(server).value));
    const verify = client.computations.find((c) => c.computation.name === 'signature')?.computation;
    expect(verify).toMatchObject({ action: 'verify', ok: false });
    expect(client.disconnect).toMatchObject({ reason: DISCONNECT.HOST_KEY_NOT_VERIFIABLE, by: 'local' });
    // The client never derived keys from the tampered exchange.
    expect(client.computations.some((c) => c.computation.name === 'key')).toBe(false);
  });
});
