// Modern behaviour: rekeying, EXT_INFO, version-line tolerance, IGNORE/DEBUG at any time.

import { describe, expect, it } from 'vitest';
import { toHex } from '../wire/bytes';
import { DEFAULT_SERVER_SIG_ALGS } from './config';
import type { Effect } from './events';
import { entries, run } from '../../session/testkit';

const computed = (r: ReturnType<typeof run>, side: 'client' | 'server', name: string) =>
  r.effects
    .filter((e) => e.endpoint === side && e.effect.type === 'computed' && e.effect.computation.name === name)
    .map((e) => (e.effect as Extract<Effect, { type: 'computed' }>).computation);

describe('rekey (RFC 4253 §9)', () => {
  for (const strict of [true, false]) {
    it(`a second key exchange after service traffic keeps the session id (strict ${strict ? 'on' : 'off'})`, () => {
      const r = run({ strictKex: strict, cipher: ['aes128-ctr'], mac: ['hmac-sha2-256-etm@openssh.com'] }, { strictKex: strict }, {
        afterService: [
          { type: 'request', request: { kind: 'rekey' } },
          { type: 'request', request: { kind: 'ignore', data: new Uint8Array(4) } },
        ],
      });
      expect(r.outcome.ok).toBe(true);
      expect(r.client.state.kexCount).toBe(2);
      expect(r.server.state.kexCount).toBe(2);
      const H = computed(r, 'client', 'H').map((c) => (c.name === 'H' ? toHex(c.value) : ''));
      expect(H).toHaveLength(2);
      expect(H[0]).not.toBe(H[1]);
      const sid = computed(r, 'client', 'session_id');
      expect(sid).toHaveLength(1);
      expect(sid[0].name === 'session_id' && toHex(sid[0].value)).toBe(H[0]);
      // The second KEXINITs travel encrypted and carry no feature markers.
      const kexinits = entries(r, 'client', 'sent').filter((e) => e.name === 'SSH_MSG_KEXINIT');
      expect(kexinits.map((e) => e.encrypted)).toEqual([false, true]);
      expect(kexinits[1].values?.kex_algorithms).not.toContain('ext-info-c');
      // The IGNORE sent after the rekey arrives under the new keys.
      expect(entries(r, 'server', 'received').some((e) => e.name === 'SSH_MSG_IGNORE')).toBe(true);
    });
  }
});

describe('EXT_INFO (RFC 8308)', () => {
  it('the server sends server-sig-algs right after its first NEWKEYS when the client offers ext-info-c', () => {
    const r = run();
    const sent = entries(r, 'server', 'sent').map((e) => e.name);
    expect(sent.indexOf('SSH_MSG_EXT_INFO')).toBe(sent.indexOf('SSH_MSG_NEWKEYS') + 1);
    expect(r.client.state.extensions['server-sig-algs']).toContain('rsa-sha2-256');
  });
  it('server-sig-algs lists the user-auth algorithms (RFC 8308 §3.1), not the server\'s host key list', () => {
    // A server with only an Ed25519 host key still names every algorithm it would verify.
    const r = run({}, { hostKey: ['ssh-ed25519'] });
    expect(r.outcome.ok).toBe(true);
    expect(r.client.state.extensions['server-sig-algs']).toEqual(DEFAULT_SERVER_SIG_ALGS);
    expect(DEFAULT_SERVER_SIG_ALGS).not.toContain('ssh-rsa');
    const custom = run({}, { serverSigAlgs: ['rsa-sha2-512'] });
    expect(custom.client.state.extensions['server-sig-algs']).toEqual(['rsa-sha2-512']);
  });
  it('a server config without serverSigAlgs (a file from before it existed) sends its host key list, as it did then', () => {
    const r = run({}, { hostKey: ['ssh-ed25519', 'rsa-sha2-256'], serverSigAlgs: undefined });
    expect(r.client.state.extensions['server-sig-algs']).toEqual(['ssh-ed25519', 'rsa-sha2-256']);
  });
  it('no ext-info-c, no EXT_INFO', () => {
    const r = run({ extInfo: false });
    expect(r.outcome.ok).toBe(true);
    expect(entries(r, 'server', 'sent').some((e) => e.name === 'SSH_MSG_EXT_INFO')).toBe(false);
  });
});

describe('version exchange (RFC 4253 §4.2)', () => {
  it('the server may send other lines first; LF alone is tolerated; SSH-1.99 is accepted', () => {
    const r = run({ version: 'SSH-1.99-old_client' }, { bannerLines: ['Welcome to a test server', 'second line'] });
    expect(r.outcome.ok).toBe(true);
    expect(r.client.state.bannerLines).toEqual(['Welcome to a test server', 'second line']);
    expect(r.server.state.peerVersion).toBe('SSH-1.99-old_client');
    const lf = run({}, {}, {
      network: (chunk) =>
        chunk.from === 'server' && chunk.index === 0 ? [new TextEncoder().encode('SSH-2.0-lf_only\n')] : [chunk.bytes],
    });
    // The server's real version went in V_S, so the signature check fails: proof the line was read.
    expect(lf.client.state.peerVersion).toBe('SSH-2.0-lf_only');
  });
  it('a line before the identification line over 1024 bytes is refused, even when its line feed comes in the same chunk', () => {
    // Twenty 60 KB lines, each complete in one chunk: the limit is per line, not per unterminated buffer.
    const r = run({}, { bannerLines: Array.from({ length: 20 }, () => 'x'.repeat(60 * 1024)) });
    expect(r.client.state.closed?.description).toMatch(/a line before the identification line is 61442 bytes, more than 1024 \(at stream offset 0\)/);
    expect(r.client.state.bannerLines).toEqual([]);
    const ok = run({}, { bannerLines: ['y'.repeat(1022)] });
    expect(ok.client.state.bannerLines).toEqual(['y'.repeat(1022)]);
  });
  it('an identification line over 255 bytes is refused', () => {
    const r = run({ version: 'SSH-2.0-' + 'x'.repeat(300) });
    expect(r.server.state.closed?.description).toMatch(/identification line is 310 bytes, more than 255/);
  });
});

describe('a rekey the peer refuses with SSH_MSG_UNIMPLEMENTED', () => {
  it('ends that key exchange (no wait until a timeout); the current keys stay and the connection goes on', async () => {
    const { step } = await import('./engine');
    const { encodeLayout } = await import('../messages/layout');
    const S = await import('../messages/specs');
    // A finished handshake, both engines left open.
    const r = run({}, {}, { disconnectAfterService: false });
    let client = r.client.state;
    let server = r.server.state;
    expect(client.kexCount).toBe(1);
    const kexinitSeq = client.send.seq;
    // The client starts a rekey: its KEXINIT goes out with sequence number kexinitSeq.
    const asked = step(client, { type: 'request', request: { kind: 'rekey' } });
    client = asked.state;
    expect(client.kex?.initial).toBe(false);
    // The server (like OpenSSH before user authentication) answers SSH_MSG_UNIMPLEMENTED naming it.
    const refused = step(server, { type: 'request', request: { kind: 'payload', payload: encodeLayout(S.UNIMPLEMENTED, { packet_sequence_number: kexinitSeq }) } });
    server = refused.state;
    const wire = refused.effects.flatMap((e) => (e.type === 'send' ? [e.bytes] : []));
    expect(wire).toHaveLength(1);
    const got = step(client, { type: 'bytesReceived', bytes: wire[0] });
    client = got.state;
    const entry = got.effects.flatMap((e) => (e.type === 'message' ? [e.entry] : [])).find((e) => e.name === 'SSH_MSG_UNIMPLEMENTED');
    expect(entry?.ignored).toMatch(/did not understand our SSH_MSG_KEXINIT \(packet \d+\): it does not rekey now/);
    expect(client.kex).toBeNull();
    expect(client.closed).toBeUndefined();
    expect(client.kexCount).toBe(1);
    // An UNIMPLEMENTED naming another packet leaves a key exchange in progress alone.
    const again = step(client, { type: 'request', request: { kind: 'rekey' } }).state;
    const other = step(server, { type: 'request', request: { kind: 'payload', payload: encodeLayout(S.UNIMPLEMENTED, { packet_sequence_number: 0 }) } });
    const bytes = other.effects.flatMap((e) => (e.type === 'send' ? [e.bytes] : []))[0];
    const after = step(again, { type: 'bytesReceived', bytes }).state;
    expect(after.kex).not.toBeNull();
  });
});
