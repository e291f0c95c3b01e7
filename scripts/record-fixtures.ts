// Makes the checked-in recordings of real OpenSSH handshakes (public/recordings/real/).
// Starts an OpenSSH sshd on 127.0.0.1 with fresh host keys, runs `sshscope record` for each
// combination, checks the result and writes the recordings; the host keys go with the server.
//   debian12: Debian 12's OpenSSH 9.2 sshd (the host's), one file per chosen algorithm set;
//   debian13: Debian 13's OpenSSH 10.0 sshd, in the chroot scripts/trixie-chroot.sh builds, with
//             default options on both sides (its mlkem768x25519-sha256 handshake).
// Run: npx tsx scripts/record-fixtures.ts [debian12|debian13]   (no argument: both)

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { record } from '../lib/node/cli/record';
import { parseRecording, stringifyRecording } from '../lib/session/recording';
import { traceOf } from '../lib/session/trace';
import { parseOpenSshPrivateKey } from '../lib/ssh/algorithms/hostkey/opensshKey';
import { bigintToBytes, toHex } from '../lib/ssh/wire/bytes';
import { Reader } from '../lib/ssh/wire/reader';
import { startSshd, type SshdKeyType } from '../test/interop/sshd';
import { TRIXIE, trixieAvailable } from '../test/interop/trixie';

interface Combo {
  slug: string;
  /** record's algorithm flags; none: sshscope's defaults. */
  flags: string[];
  title: string;
  /** What the handshake must have negotiated for the title to be true. */
  expect: { kex: string; hostKey: string; cipherC2S: string };
}

interface FixtureSet {
  /** The root file system whose sshd runs (a chroot), or the host's. */
  root?: string;
  config: Record<string, string>;
  hostKeyTypes: SshdKeyType[];
  combos: Combo[];
  description: (version: string, c: Combo) => string;
}

const flags = (kex: string, hostkey: string, cipher: string, mac: string) => ['--kex', kex, '--hostkey', hostkey, '--cipher', cipher, '--mac', mac];

const sets: Record<string, () => FixtureSet> = {
  debian12: () => ({
    config: {},
    hostKeyTypes: ['ed25519', 'ecdsa', 'rsa'],
    combos: [
      { slug: 'openssh-curve25519-ed25519-chacha20', flags: flags('curve25519-sha256', 'ssh-ed25519', 'chacha20-poly1305@openssh.com', 'umac-64-etm@openssh.com'), title: 'OpenSSH 9.2: curve25519, Ed25519, ChaCha20-Poly1305', expect: { kex: 'curve25519-sha256', hostKey: 'ssh-ed25519', cipherC2S: 'chacha20-poly1305@openssh.com' } },
      { slug: 'openssh-p256-ecdsa-aes128gcm', flags: flags('ecdh-sha2-nistp256', 'ecdsa-sha2-nistp256', 'aes128-gcm@openssh.com', 'umac-64-etm@openssh.com'), title: 'OpenSSH 9.2: ECDH P-256, ECDSA, AES-128-GCM', expect: { kex: 'ecdh-sha2-nistp256', hostKey: 'ecdsa-sha2-nistp256', cipherC2S: 'aes128-gcm@openssh.com' } },
      { slug: 'openssh-dh14-rsa-aes256ctr-hmac-etm', flags: flags('diffie-hellman-group14-sha256', 'rsa-sha2-256', 'aes256-ctr', 'hmac-sha2-256-etm@openssh.com'), title: 'OpenSSH 9.2: DH group 14, RSA, AES-256-CTR + HMAC-SHA-256 (EtM)', expect: { kex: 'diffie-hellman-group14-sha256', hostKey: 'rsa-sha2-256', cipherC2S: 'aes256-ctr' } },
      { slug: 'openssh-gex-rsa512-aes128ctr-umac', flags: flags('diffie-hellman-group-exchange-sha256', 'rsa-sha2-512', 'aes128-ctr', 'umac-128@openssh.com'), title: 'OpenSSH 9.2: group exchange, RSA-SHA-512, AES-128-CTR + UMAC-128', expect: { kex: 'diffie-hellman-group-exchange-sha256', hostKey: 'rsa-sha2-512', cipherC2S: 'aes128-ctr' } },
    ],
    description: (version) => `A real handshake with Debian's OpenSSH ${version} sshd on 127.0.0.1, recorded by sshscope record (scripts/record-fixtures.ts).`,
  }),
  debian13: () => {
    if (!trixieAvailable()) throw new Error(`the Debian 13 chroot ${TRIXIE} is missing: build it with scripts/trixie-chroot.sh (as root)`);
    return {
      root: TRIXIE,
      // OpenSSH ≥ 9.8 penalises an address whose connections end before authentication, as record's do.
      config: { PerSourcePenalties: 'no' },
      // OpenSSH's default host key types.
      hostKeyTypes: ['ed25519', 'ecdsa', 'rsa'],
      combos: [
        {
          slug: 'openssh10-mlkem768x25519-ed25519-chacha20',
          flags: [],
          title: 'OpenSSH 10.0: mlkem768x25519 (post-quantum), Ed25519, ChaCha20-Poly1305',
          expect: { kex: 'mlkem768x25519-sha256', hostKey: 'ssh-ed25519', cipherC2S: 'chacha20-poly1305@openssh.com' },
        },
      ],
      description: (version) =>
        `A real handshake with Debian 13's OpenSSH ${version} sshd on 127.0.0.1, default options on both sides: the post-quantum ` +
        `mlkem768x25519-sha256 that OpenSSH 10 makes by default. Made by scripts/record-fixtures.ts debian13 (sshd in the Debian 13 ` +
        `chroot of scripts/trixie-chroot.sh, fresh host keys thrown away after, PerSourcePenalties off).`,
    };
  },
};

/** The secret numbers of an openssh-key-v1 host key, as hex: none of them may appear in a recording. */
function secretHex(path: string): string[] {
  const pair = parseOpenSshPrivateKey(readFileSync(path, 'utf8'));
  const r = new Reader(pair.privateBlob);
  if (pair.keyType === 'ssh-ed25519') {
    r.string('pub');
    return [toHex(r.string('priv').subarray(0, 32))];
  }
  if (pair.keyType.startsWith('ecdsa-')) {
    r.text('curve');
    r.string('Q');
    return [toHex(bigintToBytes(r.mpint('d')))];
  }
  r.mpint('n');
  r.mpint('e');
  return ['d', 'iqmp', 'p', 'q'].map((n) => toHex(bigintToBytes(r.mpint(n))));
}

const out = 'public/recordings/real';
const chosen = process.argv[2] ? [process.argv[2]] : Object.keys(sets);
for (const name of chosen) if (!sets[name]) throw new Error(`unknown fixture set "${name}"; known: ${Object.keys(sets).join(', ')}`);
mkdirSync(out, { recursive: true });

for (const name of chosen) {
  const set = sets[name]();
  const sshd = await startSshd({ root: set.root, hostKeyTypes: set.hostKeyTypes, config: set.config });
  try {
    const secrets = sshd.hostKeys.flatMap((k) => secretHex(k.privatePath));
    if (secrets.length < set.hostKeyTypes.length || secrets.some((s) => s.length < 40)) throw new Error('could not read the host keys\' secret numbers');
    for (const c of set.combos) {
      const file = join(out, `${c.slug}.json`);
      const lines: string[] = [];
      // record refuses an --out that exists: it writes beside, and the checked file replaces the old one.
      const fresh = `${file}.new`;
      rmSync(fresh, { force: true });
      const code = await record([`127.0.0.1:${sshd.port}`, ...c.flags, '--out', fresh], (s) => lines.push(s));
      if (code !== 0) throw new Error(`${c.slug} failed:\n${lines.join('\n')}`);
      const rec = parseRecording(readFileSync(fresh, 'utf8'));
      const t = traceOf(rec.client!);
      const negotiated = { kex: t.state.negotiated?.kex, hostKey: t.state.negotiated?.hostKey, cipherC2S: t.state.negotiated?.cipherC2S };
      if (JSON.stringify(negotiated) !== JSON.stringify(c.expect) || t.state.service.accepted !== 'ssh-userauth') {
        throw new Error(`${c.slug}: negotiated ${JSON.stringify(negotiated)}, expected ${JSON.stringify(c.expect)}\n${lines.join('\n')}`);
      }
      const version = /OpenSSH_(\S+)/.exec(t.state.peerVersion ?? '')?.[1] ?? '';
      // Stable metadata: the port and time say nothing about the protocol.
      rec.meta.title = c.title;
      rec.meta.description = set.description(version, c);
      rec.meta.peer = { host: '127.0.0.1', port: 0 };
      const text = stringifyRecording(rec);
      // The host keys never reach sshscope; this proves the file holds none of their numbers.
      if (text.includes('privateBlob') || secrets.some((s) => text.includes(s))) throw new Error(`${c.slug}: the recording holds a host private key`);
      writeFileSync(file, text);
      rmSync(fresh);
      console.log(`wrote ${file} (${negotiated.kex}, ${negotiated.hostKey}, ${negotiated.cipherC2S}; ${t.state.peerVersion})`);
    }
  } finally {
    await sshd.stop();
  }
}
