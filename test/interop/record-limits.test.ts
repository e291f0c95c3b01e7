// `sshscope record` against servers that try to buy our CPU with oversized numbers, and against a
// real sshd whose key known_hosts marks @revoked. A refusal must come before any arithmetic on the
// hostile values: computing with them would run far past this file's 30 s test timeout.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeLayout } from '../../lib/ssh/messages/layout';
import * as S from '../../lib/ssh/messages/specs';
import { buildPacket } from '../../lib/ssh/transport/packet';
import { bigintToBytes } from '../../lib/ssh/wire/bytes';
import { Writer } from '../../lib/ssh/wire/writer';
import { recordAgainst } from './recordkit';
import { sshdAvailable, startSshd, type Sshd } from './sshd';

function plainPacket(payload: Uint8Array): Buffer {
  let pad = 8 - ((5 + payload.length) % 8);
  if (pad < 4) pad += 8;
  return Buffer.from(buildPacket(payload, new Uint8Array(pad)));
}

function kexinit(kex: string, hostKey: string): Buffer {
  return plainPacket(
    encodeLayout(S.KEXINIT, {
      cookie: new Uint8Array(16),
      kex_algorithms: [kex],
      server_host_key_algorithms: [hostKey],
      encryption_algorithms_client_to_server: ['aes128-ctr'],
      encryption_algorithms_server_to_client: ['aes128-ctr'],
      mac_algorithms_client_to_server: ['hmac-sha2-256'],
      mac_algorithms_server_to_client: ['hmac-sha2-256'],
      compression_algorithms_client_to_server: ['none'],
      compression_algorithms_server_to_client: ['none'],
      languages_client_to_server: [],
      languages_server_to_client: [],
      first_kex_packet_follows: false,
      reserved: 0,
    }),
  );
}

/**
 * A scripted SSH server on 127.0.0.1: sends its version line and KEXINIT, then answers each
 * plaintext client message by number with `answer`.
 */
async function scripted(hello: Buffer, answer: (msg: number) => Buffer | undefined): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
    s.write(Buffer.concat([Buffer.from('SSH-2.0-Hostile_1.0\r\n'), hello]));
    let buf = Buffer.alloc(0);
    let versionDone = false;
    s.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (!versionDone) {
        const lf = buf.indexOf(0x0a);
        if (lf < 0) return;
        buf = buf.subarray(lf + 1);
        versionDone = true;
      }
      while (buf.length >= 6 && buf.length >= 4 + buf.readUInt32BE(0)) {
        const msg = buf[5];
        buf = buf.subarray(4 + buf.readUInt32BE(0));
        const reply = answer(msg);
        if (reply) s.write(reply);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise((r) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => r());
      }),
  };
}

const oddOfBits = (bits: number) => (1n << BigInt(bits - 1)) | 0x1234567n | 1n;

describe('servers with oversized numbers', () => {
  it('a 32768-bit RSA host key (with a 2^18-bit e) is refused before any RSA arithmetic', async () => {
    const n = oddOfBits(32768);
    const e = oddOfBits(1 << 18);
    const K_S = new Writer().string('ssh-rsa').mpint(e).mpint(n).bytes();
    // s just below n: nothing but the size checks stands between it and s^e mod n.
    const signature = new Writer().string('rsa-sha2-256').string(bigintToBytes(n - 2n, 4096)).bytes();
    // Q_S: the X25519 base point (u = 9), so the client gets as far as verifying the signature.
    const Q_S = new Uint8Array(32);
    Q_S[0] = 9;
    const h = await scripted(kexinit('curve25519-sha256', 'rsa-sha2-256'), (msg) =>
      msg === 30 ? plainPacket(encodeLayout(S.KEX_ECDH_REPLY, { K_S, Q_S, signature })) : undefined,
    );
    try {
      const r = await recordAgainst(h.port, ['--timeout', '5000']);
      expect(r.code).toBe(1);
      expect(r.output).toContain(
        "sshscope record: we disconnected: the server's signature of H does not verify with rsa-sha2-256: RSA modulus of 32768 bits is above the 16384-bit maximum (SSH_DISCONNECT_HOST_KEY_NOT_VERIFIABLE).",
      );
      // The recording opens (its replay refuses the key just as fast) and shows the refusal.
      expect(r.trace!.computations.some((c) => c.computation.name === 'signature' && c.computation.ok === false)).toBe(true);
    } finally {
      await h.close();
    }
  });

  it('an 8200-bit group exchange prime is refused before any arithmetic on it', async () => {
    const p = oddOfBits(8200);
    const h = await scripted(kexinit('diffie-hellman-group-exchange-sha256', 'ssh-ed25519'), (msg) =>
      msg === 34 ? plainPacket(encodeLayout(S.KEX_DH_GEX_GROUP, { p, g: 2n })) : undefined,
    );
    try {
      const r = await recordAgainst(h.port, ['--timeout', '5000']);
      expect(r.code).toBe(1);
      expect(r.output).toMatch(/we disconnected: the server's group p has 8200 bits, outside the 2048–8192 accepted/);
    } finally {
      await h.close();
    }
  });
});

describe.skipIf(!sshdAvailable())('@revoked in --known-hosts, against a real sshd', () => {
  let sshd: Sshd;
  let dir: string;
  beforeAll(async () => {
    sshd = await startSshd({ hostKeyTypes: ['ed25519'] });
    dir = mkdtempSync(join(tmpdir(), 'sshscope-revoked-'));
  });
  afterAll(async () => {
    await sshd?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the server key listed for the host and also @revoked is refused, naming the line; hashed entries too', async () => {
    const real = sshd.hostKeys[0].publicLine.split(' ').slice(0, 2).join(' ');
    const file = join(dir, 'known_hosts');
    writeFileSync(file, `# the key is listed…\n[127.0.0.1]:${sshd.port} ${real}\n# …and revoked\n@revoked * ${real}\n`);
    const r = await recordAgainst(sshd.port, ['--known-hosts', file]);
    expect(r.code).toBe(1);
    expect(r.output).toContain(`warning: ${file} line 2: this key is revoked by line 4 (@revoked): not trusted`);
    expect(r.output).toMatch(/Host key: ssh-ed25519 SHA256:\S+ \(REVOKED\)/);
    expect(r.output).toMatch(new RegExp(`sshscope record: host key SHA256:\\S+ is revoked by ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} line 4 \\(@revoked\\): refused\\.`));
    // The engine refused the key before computing anything with it.
    expect(r.trace!.computations.some((c) => c.computation.name === 'K')).toBe(false);

    execFileSync('/usr/bin/ssh-keygen', ['-H', '-f', file], { stdio: 'pipe' });
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^\|1\|/m);
    expect(text).toMatch(/^@revoked \* /m);
    const hashed = await recordAgainst(sshd.port, ['--known-hosts', file]);
    expect(hashed.code).toBe(1);
    expect(hashed.output).toMatch(/is revoked by .+ line \d+ \(@revoked\): refused\./);

    // Without the @revoked line the same hashed entry is trusted: the refusal above is the revocation.
    writeFileSync(file, text.replace(/^@revoked .*$/m, ''));
    const trusted = await recordAgainst(sshd.port, ['--known-hosts', file]);
    expect(trusted.code, trusted.output).toBe(0);
    expect(trusted.output).toMatch(/\(known\)/);
  });
});
