// The engine as a client against Debian's OpenSSH sshd on 127.0.0.1: a full transport handshake,
// host key signature verified, SERVICE_REQUEST "ssh-userauth" accepted, polite disconnect.

import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOnSocket } from '../../lib/node/driver';
import { defaultConfig } from '../../lib/ssh/transport/config';
import { DISCONNECT } from '../../lib/ssh/messages/numbers';
import { fingerprintSha256 } from '../../lib/ssh/algorithms/hostkey';
import { startSshd, sshdAvailable } from './sshd';
import type { TraceEntry } from '../../lib/ssh/transport/events';

const cases = [
  { kex: 'curve25519-sha256', hostKey: 'ssh-ed25519', cipher: 'chacha20-poly1305@openssh.com', mac: 'umac-64-etm@openssh.com', strict: true },
  { kex: 'ecdh-sha2-nistp256', hostKey: 'ecdsa-sha2-nistp256', cipher: 'aes128-gcm@openssh.com', mac: 'hmac-sha2-256', strict: false },
  { kex: 'diffie-hellman-group14-sha256', hostKey: 'rsa-sha2-256', cipher: 'aes256-ctr', mac: 'hmac-sha2-256-etm@openssh.com', strict: true },
  { kex: 'diffie-hellman-group-exchange-sha256', hostKey: 'rsa-sha2-512', cipher: 'aes128-ctr', mac: 'hmac-sha2-512', strict: false },
  { kex: 'curve25519-sha256@libssh.org', hostKey: 'ssh-ed25519', cipher: 'aes192-ctr', mac: 'umac-64-etm@openssh.com', strict: true },
  { kex: 'ecdh-sha2-nistp384', hostKey: 'ecdsa-sha2-nistp256', cipher: 'aes256-ctr', mac: 'umac-128@openssh.com', strict: false },
  { kex: 'ecdh-sha2-nistp521', hostKey: 'rsa-sha2-256', cipher: 'aes128-ctr', mac: 'umac-128-etm@openssh.com', strict: true },
  { kex: 'diffie-hellman-group16-sha512', hostKey: 'ssh-ed25519', cipher: 'aes256-gcm@openssh.com', mac: 'umac-64@openssh.com', strict: true },
];

describe.skipIf(!sshdAvailable())('engine ↔ OpenSSH sshd', () => {
  let sshd: Awaited<ReturnType<typeof startSshd>>;
  beforeAll(async () => {
    sshd = await startSshd({ hostKeyTypes: ['ed25519', 'ecdsa', 'rsa'] });
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  for (const c of cases) {
    it(`${c.kex} / ${c.hostKey} / ${c.cipher} / ${c.mac} / strict ${c.strict ? 'on' : 'off'}`, async () => {
      const config = defaultConfig('client', {
        kex: [c.kex],
        hostKey: [c.hostKey],
        cipher: [c.cipher],
        mac: [c.mac],
        strictKex: c.strict,
      });
      let asked = false;
      let bye = false;
      const socket = connect(sshd.port, sshd.host);
      const r = await runOnSocket(socket, config, {
        timeoutMs: 15_000,
        next: (s) => {
          if (!asked && s.versionSent) {
            asked = true;
            return [{ kind: 'service', name: 'ssh-userauth' }];
          }
          if (!bye && s.service.accepted) {
            bye = true;
            return [{ kind: 'disconnect', reason: DISCONNECT.BY_APPLICATION, description: 'sshscope test done' }];
          }
          return [];
        },
      });
      // sshd logs our DISCONNECT a moment after the socket closes.
      const deadline = Date.now() + 3000;
      while (!/Received disconnect from 127\.0\.0\.1 port \d+:11: sshscope test done/.test(sshd.logs()) && Date.now() < deadline) {
        await new Promise((res) => setTimeout(res, 25));
      }
      const log = sshd.logs();
      const entries = r.effects.filter((e) => e.type === 'message').map((e) => (e as { entry: TraceEntry }).entry);
      const received = entries.filter((e) => e.direction === 'received').map((e) => e.name);
      expect(r.error, log).toBeUndefined();
      expect(r.state.peerVersion).toMatch(/^SSH-2\.0-OpenSSH_/);
      expect(r.state.negotiated).toMatchObject({ kex: c.kex, hostKey: c.hostKey, cipherC2S: c.cipher });
      expect(r.state.strict).toBe(c.strict);
      expect(received, log).toContain('SSH_MSG_NEWKEYS');
      expect(r.state.service.accepted, log).toBe('ssh-userauth');
      expect(r.state.closed).toMatchObject({ by: 'local', reason: DISCONNECT.BY_APPLICATION });
      // The host key we verified is the one sshd was given.
      const verified = r.effects.find((e) => e.type === 'computed' && e.computation.name === 'signature');
      expect(verified).toMatchObject({ computation: { action: 'verify', ok: true } });
      const hostKey = r.effects.find((e) => e.type === 'computed' && e.computation.name === 'host key');
      const fp = hostKey && hostKey.type === 'computed' && hostKey.computation.name === 'host key' ? hostKey.computation.fingerprint : '';
      const expected = sshd.hostKeys.map((k: { publicLine: string }) => fingerprintSha256(Buffer.from(k.publicLine.split(' ')[1], 'base64')));
      expect(expected).toContain(fp);
      // sshd saw the whole exchange and our disconnect (its DEBUG log names our reason).
      expect(log).toMatch(/Received disconnect from 127\.0\.0\.1 port \d+:11: sshscope test done/);
    });
  }
});
