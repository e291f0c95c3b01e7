// The Terrapin pair (CVE-2023-48795) and the KEXINIT downgrade, asserted on both endpoints'
// replayed traces: what each side sent, what the other received, and the sequence numbers.

import { describe, expect, it } from 'vitest';
import { DISCONNECT } from '../../ssh/messages/numbers';
import { toHex } from '../../ssh/wire/bytes';
import { openParsedRecording } from '../open';
import { parseRecording, stringifyRecording } from '../recording';
import type { MessageStep, Step } from '../session';
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

/** The scenario opened as the viewer opens it: steps and the state after each. */
function opened(slug: string) {
  const s = openParsedRecording(parseRecording(stringifyRecording(runScenario(bySlug(slug)).recording)));
  const packet = (p: (m: MessageStep) => boolean) => s.steps.find((x): x is MessageStep => x.kind === 'message' && p(x))!;
  return { s, packet };
}

describe('Terrapin without strict kex: both counters on every packet', () => {
  const { s, packet } = opened('terrapin-chacha20-no-strict-kex');
  const ignore = packet((m) => m.tampered === 'injected');
  const newKeys = packet((m) => m.flow === 's2c' && m.title === 'SSH_MSG_NEWKEYS');

  it('the injected IGNORE has no sender number, and the client counts it as 2', () => {
    expect(ignore.title).toBe('SSH_MSG_IGNORE');
    expect(ignore.counters).toEqual({ receiver: 2 });
    // Drawn where it sat in the stream: just before the NEWKEYS it pushed one place on.
    expect(ignore.index).toBe(newKeys.index - 1);
  });

  it('the NEWKEYS after it: the server sealed it as 2, the client counts it as 3', () => {
    expect(newKeys.counters).toEqual({ sender: 2, receiver: 3 });
    const st = s.stateAt(newKeys.index);
    expect(st.server.seq.send).toBe(3);
    expect(st.client.seq.recv).toBe(4);
    // Before the injection both sides agreed on the s2c counter.
    const before = s.stateAt(ignore.index - 1);
    expect(before.client.seq.recv).toBe(before.server.seq.send);
  });

  it('after the deletion of EXT_INFO the counters agree again, and no packet shows a difference', () => {
    const accept = packet((m) => m.title === 'SSH_MSG_SERVICE_ACCEPT');
    expect(accept.counters).toEqual({ sender: 4, receiver: 4 });
    const ext = packet((m) => m.title === 'SSH_MSG_EXT_INFO');
    expect(ext.counters).toEqual({ sender: 3 });
    const end = s.stateAt(s.steps.length - 1);
    expect(end.client.seq.recv).toBe(end.server.seq.send);
  });
});

describe('Terrapin against strict kex: the failure where the client finds it', () => {
  const { s, packet } = opened('terrapin-strict-kex');
  const ignore = packet((m) => m.tampered === 'injected');
  const clientSteps = (from: number) => s.steps.slice(from).filter((x: Step) => (x.kind === 'message' ? x.from === 'client' : x.by === 'client'));

  it('the client reads the IGNORE after its own NEWKEYS, as packet 2, and fails there', () => {
    const own = packet((m) => m.flow === 'c2s' && m.title === 'SSH_MSG_NEWKEYS');
    expect(ignore.index).toBeGreaterThan(own.index);
    expect(ignore.counters).toEqual({ receiver: 2 });
    expect(ignore.phase).toBe('failure');
    expect(s.stateAt(ignore.index - 1).client.phase).not.toBe('failure');
    expect(s.stateAt(ignore.index).client.phase).toBe('failure');
    // What the client does next is its DISCONNECT and its close, nothing else.
    expect(clientSteps(ignore.index + 1).map((x) => x.title)).toEqual(['SSH_MSG_DISCONNECT', 'closed (SSH_DISCONNECT_PROTOCOL_ERROR)']);
  });

  it("the server's NEWKEYS, sealed as 2, was never read", () => {
    const newKeys = packet((m) => m.flow === 's2c' && m.title === 'SSH_MSG_NEWKEYS');
    expect(newKeys.counters).toEqual({ sender: 2 });
    expect(newKeys.index).toBeLessThan(ignore.index);
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

describe('No common cipher: a failing negotiation step', () => {
  const { s } = opened('no-common-cipher');

  it('each side has a failing negotiate step naming the category and both lists, before its DISCONNECT', () => {
    for (const party of ['client', 'server'] as const) {
      const neg = s.steps.find((x) => x.kind === 'computation' && x.by === party && x.action === 'negotiate');
      expect(neg?.kind).toBe('computation');
      if (neg?.kind !== 'computation') return;
      expect(neg.ok).toBe(false);
      expect(neg.phase).toBe('failure');
      expect(neg.explain).toBe('concepts/negotiation');
      expect(neg.error).toBe('no common cipher client→server algorithm: client offers [aes128-ctr], server offers [chacha20-poly1305@openssh.com, aes256-gcm@openssh.com]');
      const failed = neg.computations[0];
      expect(failed.name).toBe('failed negotiation');
      if (failed.name !== 'failed negotiation') return;
      const last = failed.choices.at(-1)!;
      expect(last).toMatchObject({ category: 'cipherC2S', chosen: null, client: ['aes128-ctr'], server: ['chacha20-poly1305@openssh.com', 'aes256-gcm@openssh.com'] });
      expect(failed.choices.map((c) => c.category)).toEqual(['kex', 'hostKey', 'cipherC2S']);
      // Its DISCONNECT comes right after it on its lifeline.
      const next = s.steps.slice(neg.index + 1).find((x) => (x.kind === 'message' ? x.from === party : x.by === party));
      expect(next?.title).toBe('SSH_MSG_DISCONNECT');
      // The state says the negotiation failed, from that step on.
      expect(s.stateAt(neg.index - 1)[party].negotiationFailure).toBeUndefined();
      expect(s.stateAt(neg.index)[party].negotiationFailure?.choices.at(-1)?.chosen).toBeNull();
      expect(s.stateAt(neg.index).changed[party]).toContain('negotiated');
      expect(s.stateAt(neg.index)[party].phase).toBe('failure');
    }
  });

  it('every step is explained by what it is', () => {
    const strict = s.steps.filter((x) => x.explain === 'concepts/strict-kex');
    expect(strict.every((x) => x.kind === 'computation' && x.action === 'strict kex')).toBe(true);
  });
});
