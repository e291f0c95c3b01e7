// `sshscope record` when things go wrong with real and hostile servers: one clear sentence,
// a non-zero exit, a readable recording up to the failure, and never a crash.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { traceOf } from '../../lib/session/trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAgainst } from './recordkit';
import { freePort, sshdAvailable, startSshd, type Sshd } from './sshd';

/** A TCP server on 127.0.0.1 with a scripted behaviour; closed after the tests. */
async function hostile(onConnection: (socket: Socket) => void): Promise<{ port: number; close: () => Promise<void> }> {
  const server: Server = createServer(onConnection);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('error', () => {});
  });
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise((r) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => r());
      }),
  };
}

/**
 * A proxy in front of sshd that sees the server's plaintext packets (before NEWKEYS) and can
 * rewrite one or cut the connection. `onPacket` gets the packet index (0 = KEXINIT).
 */
async function proxy(target: number, onPacket: (index: number, packet: Buffer, client: Socket) => Buffer | 'close'): Promise<{ port: number; close: () => Promise<void> }> {
  return hostile((client) => {
    const upstream = connect(target, '127.0.0.1');
    upstream.on('error', () => client.destroy());
    client.on('data', (d) => upstream.write(d));
    client.on('close', () => upstream.destroy());
    let buf = Buffer.alloc(0);
    let versionDone = false;
    let index = 0;
    let passthrough = false;
    upstream.on('data', (d: Buffer) => {
      if (passthrough) return void client.write(d);
      buf = Buffer.concat([buf, d]);
      if (!versionDone) {
        const lf = buf.indexOf(0x0a);
        if (lf < 0) return;
        client.write(buf.subarray(0, lf + 1));
        buf = buf.subarray(lf + 1);
        versionDone = true;
      }
      while (buf.length >= 4 && buf.length >= 4 + buf.readUInt32BE(0)) {
        const len = 4 + buf.readUInt32BE(0);
        const packet = buf.subarray(0, len);
        buf = buf.subarray(len);
        const out = onPacket(index, Buffer.from(packet), client);
        if (out === 'close') {
          client.destroy();
          upstream.destroy();
          return;
        }
        client.write(out);
        // NEWKEYS (21): everything after it is encrypted; stop parsing.
        if (packet[5] === 21) {
          passthrough = true;
          client.write(buf);
          return;
        }
        index++;
      }
    });
  });
}

const VERSION = Buffer.from('SSH-2.0-Hostile_1.0\r\n');

describe('hostile servers', () => {
  it('an over-long version line', async () => {
    const h = await hostile((s) => s.write('SSH-2.0-' + 'x'.repeat(400)));
    try {
      const r = await recordAgainst(h.port, ['--timeout', '5000']);
      expect(r.code).toBe(1);
      expect(r.output).toMatch(/sshscope record: we disconnected: identification line longer than 255 bytes without a line feed \(at stream offset 0\)/);
      expect(r.recording).toBeDefined();
    } finally {
      await h.close();
    }
  });

  it('a 2 GB packet_length is refused at once, without waiting for or allocating it', async () => {
    const h = await hostile((s) => s.write(Buffer.concat([VERSION, Buffer.from([0x80, 0, 0, 0]), Buffer.alloc(12)])));
    try {
      const t = Date.now();
      const r = await recordAgainst(h.port, ['--timeout', '5000']);
      expect(Date.now() - t).toBeLessThan(3000);
      expect(r.code).toBe(1);
      expect(r.output).toMatch(/packet_length 2147483648 at stream offset 21 exceeds the maximum of 262144 bytes/);
    } finally {
      await h.close();
    }
  });

  it('a padding_length below 4', async () => {
    const packet = Buffer.concat([Buffer.from([0, 0, 0, 12, 2]), Buffer.from([20, 0, 0, 0, 0, 0, 0, 0, 0]), Buffer.alloc(2)]);
    const h = await hostile((s) => s.write(Buffer.concat([VERSION, packet])));
    try {
      const r = await recordAgainst(h.port, ['--timeout', '5000']);
      expect(r.code).toBe(1);
      expect(r.output).toMatch(/padding_length 2 is less than 4 \(packet seq 0 at stream offset 21\)/);
      const last = r.trace!.messages.at(-2)!;
      expect(last.error).toMatch(/padding_length 2/);
    } finally {
      await h.close();
    }
  });

  it('random bytes after the version line', async () => {
    for (let seed = 1; seed <= 5; seed++) {
      let x = seed * 7919;
      const junk = Buffer.from(Array.from({ length: 2000 }, () => ((x = (x * 1103515245 + 12345) & 0x7fffffff) >> 16) & 255));
      const h = await hostile((s) => s.write(Buffer.concat([VERSION, junk])));
      try {
        const r = await recordAgainst(h.port, ['--timeout', '3000']);
        expect(r.code).toBe(1);
        expect(r.output).toMatch(/sshscope record: .+\./);
        expect(r.recording).toBeDefined();
      } finally {
        await h.close();
      }
    }
  });

  it('a server that never answers: a timeout that says what we waited for', async () => {
    const h = await hostile(() => {});
    try {
      const r = await recordAgainst(h.port, ['--timeout', '400']);
      expect(r.code).toBe(1);
      expect(r.output).toMatch(/sshscope record: timed out after 400 ms while waiting for the server's identification line\./);
    } finally {
      await h.close();
    }
  });

  it('nothing listening: connection refused', async () => {
    const port = await freePort();
    const r = await recordAgainst(port, ['--timeout', '3000']);
    expect(r.code).toBe(1);
    expect(r.output).toMatch(new RegExp(`sshscope record: connection to 127\\.0\\.0\\.1:${port} refused\\.`));
    // The recording is written, and honest: nothing was sent, since there was no connection.
    expect(r.recording?.client).toBeDefined();
    expect(traceOf(r.recording!.client!).messages).toEqual([]);
  });
});

describe.skipIf(!sshdAvailable())('failures against a real sshd', () => {
  let sshd: Sshd;
  let gcmOnly: Sshd;
  beforeAll(async () => {
    sshd = await startSshd({ hostKeyTypes: ['ed25519'] });
    gcmOnly = await startSshd({ hostKeyTypes: ['ed25519'], config: { Ciphers: 'aes256-gcm@openssh.com' } });
  });
  afterAll(async () => {
    await sshd?.stop();
    await gcmOnly?.stop();
  });

  it('no common cipher', async () => {
    const r = await recordAgainst(gcmOnly.port, ['--cipher', 'aes128-ctr,chacha20-poly1305@openssh.com']);
    expect(r.code).toBe(1);
    expect(r.output).toContain(
      'no common cipher client→server algorithm: client offers [aes128-ctr, chacha20-poly1305@openssh.com], server offers [aes256-gcm@openssh.com]',
    );
    expect(r.trace!.messages.map((m) => m.name)).toContain('SSH_MSG_KEXINIT');
  });

  it('a host key that is not in --known-hosts is refused; the right one (plain or hashed) is accepted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sshscope-kh-'));
    try {
      execFileSync('/usr/bin/ssh-keygen', ['-q', '-N', '', '-t', 'ed25519', '-f', join(dir, 'other')]);
      const other = readFileSync(join(dir, 'other.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
      const wrong = join(dir, 'wrong');
      writeFileSync(wrong, `[127.0.0.1]:${sshd.port} ${other}\n`);
      const bad = await recordAgainst(sshd.port, ['--known-hosts', wrong]);
      expect(bad.code).toBe(1);
      expect(bad.output).toMatch(/we disconnected: host key SHA256:\S+ is not among the known host keys \(SSH_DISCONNECT_HOST_KEY_NOT_VERIFIABLE\)/);
      expect(bad.output).toMatch(/\(NOT in known hosts\)/);

      const right = join(dir, 'right');
      const real = sshd.hostKeys[0].publicLine.split(' ').slice(0, 2).join(' ');
      writeFileSync(right, `# comment\n[127.0.0.1]:${sshd.port} ${real}\n`);
      const good = await recordAgainst(sshd.port, ['--known-hosts', right]);
      expect(good.code, good.output).toBe(0);
      expect(good.output).toMatch(/\(known\)/);

      execFileSync('/usr/bin/ssh-keygen', ['-H', '-f', right], { stdio: 'pipe' });
      expect(readFileSync(right, 'utf8')).toMatch(/^\|1\|/m);
      const hashed = await recordAgainst(sshd.port, ['--known-hosts', right]);
      expect(hashed.code, hashed.output).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a server that closes mid-kex (after its KEXINIT)', async () => {
    const p = await proxy(sshd.port, (i, packet) => (i === 1 ? 'close' : packet));
    try {
      const r = await recordAgainst(p.port);
      expect(r.code).toBe(1);
      // With the default lists on both sides Debian 12's sshd and sshscope agree on sntrup761x25519-sha512.
      expect(r.output).toMatch(/the connection ended: connection closed by the peer while waiting for the server's SSH_MSG_KEX_HYBRID_REPLY/);
      expect(r.trace!.messages.filter((m) => m.flow === 's2c').map((m) => m.name)).toEqual(['identification string', 'SSH_MSG_KEXINIT']);
    } finally {
      await p.close();
    }
  });

  it('a wrong signature (one byte of the real one flipped on the way)', async () => {
    const p = await proxy(sshd.port, (i, packet) => {
      if (i !== 1) return packet;
      // The signature is the payload's last field: flip the payload's last byte.
      const payloadEnd = packet.length - packet[4];
      packet[payloadEnd - 1] ^= 0x01;
      return packet;
    });
    try {
      const r = await recordAgainst(p.port, ['--kex', 'curve25519-sha256', '--hostkey', 'ssh-ed25519']);
      expect(r.code).toBe(1);
      expect(r.output).toMatch(/we disconnected: the server's signature of H does not verify with ssh-ed25519: Ed25519 signature does not match \(SSH_DISCONNECT_HOST_KEY_NOT_VERIFIABLE\)/);
    } finally {
      await p.close();
    }
  });
});
