// Makes the checked-in recordings of real OpenSSH handshakes (public/recordings/real/).
// Starts Debian's sshd on 127.0.0.1 with fresh host keys, runs `sshscope record` for each
// combination, and writes the recordings. Run: npx tsx scripts/record-fixtures.ts

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { record } from '../lib/node/cli/record';
import { parseRecording, stringifyRecording } from '../lib/session/recording';
import { startSshd } from '../test/interop/sshd';

const out = 'public/recordings/real';
const combos = [
  { slug: 'openssh-curve25519-ed25519-chacha20', kex: 'curve25519-sha256', hostkey: 'ssh-ed25519', cipher: 'chacha20-poly1305@openssh.com', mac: 'umac-64-etm@openssh.com', title: 'OpenSSH 9.2: curve25519, Ed25519, ChaCha20-Poly1305' },
  { slug: 'openssh-p256-ecdsa-aes128gcm', kex: 'ecdh-sha2-nistp256', hostkey: 'ecdsa-sha2-nistp256', cipher: 'aes128-gcm@openssh.com', mac: 'umac-64-etm@openssh.com', title: 'OpenSSH 9.2: ECDH P-256, ECDSA, AES-128-GCM' },
  { slug: 'openssh-dh14-rsa-aes256ctr-hmac-etm', kex: 'diffie-hellman-group14-sha256', hostkey: 'rsa-sha2-256', cipher: 'aes256-ctr', mac: 'hmac-sha2-256-etm@openssh.com', title: 'OpenSSH 9.2: DH group 14, RSA, AES-256-CTR + HMAC-SHA-256 (EtM)' },
  { slug: 'openssh-gex-rsa512-aes128ctr-umac', kex: 'diffie-hellman-group-exchange-sha256', hostkey: 'rsa-sha2-512', cipher: 'aes128-ctr', mac: 'umac-128@openssh.com', title: 'OpenSSH 9.2: group exchange, RSA-SHA-512, AES-128-CTR + UMAC-128' },
];

const sshd = await startSshd({ hostKeyTypes: ['ed25519', 'ecdsa', 'rsa'] });
mkdirSync(out, { recursive: true });
try {
  for (const c of combos) {
    const file = join(out, `${c.slug}.json`);
    const lines: string[] = [];
    const code = await record(
      [`127.0.0.1:${sshd.port}`, '--kex', c.kex, '--hostkey', c.hostkey, '--cipher', c.cipher, '--mac', c.mac, '--out', file],
      (s) => lines.push(s),
    );
    if (code !== 0) throw new Error(`${c.slug} failed:\n${lines.join('\n')}`);
    // Stable metadata: the port and time say nothing about the protocol.
    const rec = parseRecording(readFileSync(file, 'utf8'));
    rec.meta.title = c.title;
    rec.meta.description = `A real handshake with Debian's OpenSSH ${/OpenSSH_(\S+)/.exec(lines.join(' '))?.[1] ?? ''} sshd on 127.0.0.1, recorded by sshscope record (scripts/record-fixtures.ts).`;
    rec.meta.peer = { host: '127.0.0.1', port: 0 };
    delete rec.meta.local;
    writeFileSync(file, stringifyRecording(rec));
    console.log(`wrote ${file}`);
  }
} finally {
  await sshd.stop();
}
