// How good each algorithm name is, with a one-line reason and where that judgement comes from.
// One table, keyed by the name as it appears in a KEXINIT (IANA's, or a vendor's name@domain):
// the registries, the state inspector, the negotiation view and the presenter all read it.
//
// Key exchange follows RFC 9142 §4 (Table 1): MUST and SHOULD → recommended, MAY → acceptable,
// SHOULD NOT → weak, MUST NOT → broken. Names RFC 9142 does not list (it predates the
// post-quantum hybrids) are rated from their own documents, whose status the source says.
// Other categories cite their RFC, NIST SP 800-131A Rev. 2, or the published attack.

import { PSEUDO_KEX } from '../transport/negotiate';

export type Rating = 'recommended' | 'acceptable' | 'weak' | 'broken';

export interface AlgorithmRating {
  rating: Rating;
  /** One line: why. */
  reason: string;
  /** Where the judgement comes from ("RFC 9142 §4: SHOULD"). */
  source: string;
}

const r = (rating: Rating, reason: string, source: string): AlgorithmRating => ({ rating, reason, source });

const RFC9142 = (level: string) => `RFC 9142 §4: ${level}`;

export const KEX_RATINGS: Record<string, AlgorithmRating> = {
  'curve25519-sha256': r('recommended', 'X25519 with SHA-256: fast, constant-time, no point validation pitfalls', RFC9142('SHOULD')),
  'curve25519-sha256@libssh.org': r('recommended', 'the pre-standard name of curve25519-sha256, the same method', 'RFC 8731 §1; RFC 9142 §4: SHOULD (as curve25519-sha256)'),
  'curve448-sha512': r('acceptable', 'X448 with SHA-512: sound, less widely deployed', RFC9142('MAY')),
  'ecdh-sha2-nistp256': r('recommended', 'ECDH on NIST P-256 with SHA-256', RFC9142('SHOULD')),
  'ecdh-sha2-nistp384': r('recommended', 'ECDH on NIST P-384 with SHA-384', RFC9142('SHOULD')),
  'ecdh-sha2-nistp521': r('recommended', 'ECDH on NIST P-521 with SHA-512', RFC9142('SHOULD')),
  'diffie-hellman-group14-sha256': r('recommended', '2048-bit MODP group with SHA-256: the mandatory-to-implement method', RFC9142('MUST')),
  'diffie-hellman-group16-sha512': r('recommended', '4096-bit MODP group with SHA-512', RFC9142('SHOULD')),
  'diffie-hellman-group15-sha512': r('acceptable', '3072-bit MODP group with SHA-512', RFC9142('MAY')),
  'diffie-hellman-group17-sha512': r('acceptable', '6144-bit MODP group with SHA-512: slow', RFC9142('MAY')),
  'diffie-hellman-group18-sha512': r('acceptable', '8192-bit MODP group with SHA-512: slow', RFC9142('MAY')),
  'diffie-hellman-group-exchange-sha256': r('acceptable', 'server-chosen group with SHA-256: only as strong as the group the server picks', RFC9142('MAY')),
  'diffie-hellman-group14-sha1': r('acceptable', '2048-bit group but a SHA-1 exchange hash: for legacy peers, at the end of the list', RFC9142('MAY')),
  'diffie-hellman-group-exchange-sha1': r('weak', 'SHA-1 exchange hash', RFC9142('SHOULD NOT')),
  'diffie-hellman-group1-sha1': r('weak', '1024-bit group and SHA-1: within reach of a well-funded attacker (Logjam)', RFC9142('SHOULD NOT')),
  'rsa1024-sha1': r('broken', '1024-bit RSA key transport and SHA-1', RFC9142('MUST NOT')),
  // Post-quantum hybrids: secure while either half holds. Not in RFC 9142; rated from the documents
// that define them (RFC 10042 was published from draft-ietf-sshm-mlkem-hybrid-kex-10, whose
// section numbers the field refs keep: the RFC's own numbering could not be checked here).
  'mlkem768x25519-sha256': r(
    'recommended',
    'hybrid ML-KEM-768 + X25519: resists a future quantum computer while X25519 still holds; OpenSSH 10.0 default',
    'RFC 10042 (Informational, 2026; draft-ietf-sshm-mlkem-hybrid-kex-10)',
  ),
  'mlkem768nistp256-sha256': r(
    'recommended',
    'hybrid ML-KEM-768 + ECDH P-256: post-quantum while P-256 still holds (PuTTY offers it; OpenSSH does not by default)',
    'RFC 10042 (Informational, 2026; draft-ietf-sshm-mlkem-hybrid-kex-10)',
  ),
  'mlkem1024nistp384-sha384': r(
    'recommended',
    'hybrid ML-KEM-1024 + ECDH P-384: post-quantum while P-384 still holds (PuTTY offers it; OpenSSH does not by default)',
    'RFC 10042 (Informational, 2026; draft-ietf-sshm-mlkem-hybrid-kex-10)',
  ),
  'sntrup761x25519-sha512': r(
    'recommended',
    'hybrid Streamlined NTRU Prime + X25519: post-quantum while X25519 still holds; OpenSSH 9.0–9.9 default',
    'RFC 9941 §3 (Informational)',
  ),
  'sntrup761x25519-sha512@openssh.com': r(
    'recommended',
    'the vendor name of sntrup761x25519-sha512, the same method',
    'RFC 9941 §3 (Informational)',
  ),
};

export const HOST_KEY_RATINGS: Record<string, AlgorithmRating> = {
  'ssh-ed25519': r('recommended', 'Ed25519: deterministic signatures, no nonce to get wrong', 'RFC 8709 §3'),
  'ecdsa-sha2-nistp256': r('recommended', 'ECDSA on P-256 with SHA-256 (needs a good per-signature nonce)', 'RFC 5656 §3'),
  'ecdsa-sha2-nistp384': r('recommended', 'ECDSA on P-384 with SHA-384', 'RFC 5656 §3'),
  'ecdsa-sha2-nistp521': r('recommended', 'ECDSA on P-521 with SHA-512', 'RFC 5656 §3'),
  'rsa-sha2-256': r('recommended', 'RSA signatures with SHA-256 (keys of 2048 bits or more)', 'RFC 8332 §3; NIST SP 800-131A Rev. 2'),
  'rsa-sha2-512': r('recommended', 'RSA signatures with SHA-512 (keys of 2048 bits or more)', 'RFC 8332 §3; NIST SP 800-131A Rev. 2'),
  'ssh-rsa': r(
    'weak',
    'RSA with SHA-1 signatures: chosen-prefix SHA-1 collisions are practical; off by default since OpenSSH 8.8',
    'NIST SP 800-131A Rev. 2 §9 (SHA-1 disallowed for signing); Leurent and Peyrin, USENIX Security 2020',
  ),
  'ssh-dss': r('broken', '1024-bit DSA with SHA-1', 'NIST SP 800-131A Rev. 2 §3; removed from OpenSSH 10.0'),
};

export const CIPHER_RATINGS: Record<string, AlgorithmRating> = {
  'chacha20-poly1305@openssh.com': r(
    'recommended',
    'AEAD; the sequence number is its nonce, so it needs strict kex against Terrapin',
    'draft-ietf-sshm-chacha20-poly1305; Bäumer, Brinkmann, Schwenk, USENIX Security 2024',
  ),
  'aes128-gcm@openssh.com': r('recommended', 'AEAD, packet_length authenticated as AAD; unaffected by Terrapin', 'RFC 5647 §7; draft-miller-sshm-aes-gcm'),
  'aes256-gcm@openssh.com': r('recommended', 'AEAD, packet_length authenticated as AAD; unaffected by Terrapin', 'RFC 5647 §7; draft-miller-sshm-aes-gcm'),
  'aes128-ctr': r('recommended', 'AES in counter mode: no padding oracle; pair with an encrypt-then-MAC MAC', 'RFC 4344 §4'),
  'aes192-ctr': r('recommended', 'AES in counter mode: no padding oracle; pair with an encrypt-then-MAC MAC', 'RFC 4344 §4'),
  'aes256-ctr': r('recommended', 'AES in counter mode: no padding oracle; pair with an encrypt-then-MAC MAC', 'RFC 4344 §4'),
  'aes128-cbc': r('weak', 'CBC with encrypt-and-MAC: plaintext recovery from the encrypted length', 'Albrecht, Paterson, Watson, IEEE S&P 2009'),
  'aes192-cbc': r('weak', 'CBC with encrypt-and-MAC: plaintext recovery from the encrypted length', 'Albrecht, Paterson, Watson, IEEE S&P 2009'),
  'aes256-cbc': r('weak', 'CBC with encrypt-and-MAC: plaintext recovery from the encrypted length', 'Albrecht, Paterson, Watson, IEEE S&P 2009'),
  '3des-cbc': r('weak', '64-bit blocks (Sweet32 birthday bound) and the CBC attacks', 'NIST SP 800-131A Rev. 2 §2; Bhargavan and Leurent, CCS 2016'),
  arcfour: r('broken', 'RC4: biased keystream', 'RFC 8758 (MUST NOT)'),
  arcfour128: r('broken', 'RC4: biased keystream', 'RFC 8758 (MUST NOT)'),
  arcfour256: r('broken', 'RC4: biased keystream', 'RFC 8758 (MUST NOT)'),
  none: r('broken', 'no encryption at all', 'RFC 4253 §6.3 (NOT RECOMMENDED)'),
};

export const MAC_RATINGS: Record<string, AlgorithmRating> = {
  'hmac-sha2-256-etm@openssh.com': r('recommended', 'HMAC-SHA-256, encrypt-then-MAC: checked before anything is decrypted', 'RFC 6668; OpenSSH PROTOCOL §1.5'),
  'hmac-sha2-512-etm@openssh.com': r('recommended', 'HMAC-SHA-512, encrypt-then-MAC: checked before anything is decrypted', 'RFC 6668; OpenSSH PROTOCOL §1.5'),
  'hmac-sha2-256': r('acceptable', 'HMAC-SHA-256, but encrypt-and-MAC: the length is decrypted before the MAC is checked', 'RFC 6668; Albrecht, Paterson, Watson 2009'),
  'hmac-sha2-512': r('acceptable', 'HMAC-SHA-512, but encrypt-and-MAC: the length is decrypted before the MAC is checked', 'RFC 6668; Albrecht, Paterson, Watson 2009'),
  'umac-128-etm@openssh.com': r('recommended', 'UMAC with a 128-bit tag, encrypt-then-MAC', 'RFC 4418; OpenSSH PROTOCOL §1.5'),
  'umac-128@openssh.com': r('acceptable', 'UMAC with a 128-bit tag, but encrypt-and-MAC', 'RFC 4418'),
  'umac-64-etm@openssh.com': r('acceptable', 'UMAC with a 64-bit tag: a forgery succeeds with probability 2^-64 per try', 'RFC 4418 §1'),
  'umac-64@openssh.com': r('acceptable', 'UMAC with a 64-bit tag, and encrypt-and-MAC', 'RFC 4418 §1'),
  'hmac-sha1-etm@openssh.com': r('acceptable', 'HMAC-SHA-1: collisions do not break HMAC, but SHA-1 is on its way out', 'NIST SP 800-131A Rev. 2 §10 (HMAC-SHA-1 acceptable)'),
  'hmac-sha1': r('acceptable', 'HMAC-SHA-1 with encrypt-and-MAC: collisions do not break HMAC, but SHA-1 is on its way out', 'NIST SP 800-131A Rev. 2 §10; RFC 4253 §6.4'),
  'hmac-sha1-96': r('weak', 'HMAC-SHA-1 cut to 96 bits', 'RFC 4253 §6.4; NIST SP 800-131A Rev. 2 §10'),
  'hmac-md5': r('weak', 'HMAC-MD5', 'RFC 6151 §2.3'),
  'hmac-md5-96': r('weak', 'HMAC-MD5 cut to 96 bits', 'RFC 6151 §2.3'),
  none: r('broken', 'no integrity protection', 'RFC 4253 §6.4 (NOT RECOMMENDED)'),
};

export const COMPRESSION_RATINGS: Record<string, AlgorithmRating> = {
  none: r('recommended', 'no compression: nothing about the plaintext leaks through the length', 'RFC 4253 §6.2'),
  'zlib@openssh.com': r('acceptable', 'zlib, started only after user authentication', 'OpenSSH PROTOCOL §1.2'),
  zlib: r('acceptable', 'zlib from the first encrypted packet: exposes the decompressor to unauthenticated peers', 'RFC 4253 §6.2'),
};

export type RatedCategory = 'kex' | 'hostKey' | 'cipher' | 'mac' | 'compression';

const TABLES: Record<RatedCategory, Record<string, AlgorithmRating>> = {
  kex: KEX_RATINGS,
  hostKey: HOST_KEY_RATINGS,
  cipher: CIPHER_RATINGS,
  mac: MAC_RATINGS,
  compression: COMPRESSION_RATINGS,
};

// Pseudo-algorithms in kex_algorithms (ext-info-c, kex-strict-…): capability signals, not methods, so not rated.
const SIGNALS = PSEUDO_KEX;

/** The rating of `name` in a category (a negotiation category such as "cipherC2S" works too); undefined: not rated. */
export function ratingOf(category: string, name: string): AlgorithmRating | undefined {
  if (SIGNALS.has(name)) return undefined;
  const key = category.replace(/(C2S|S2C)$/, '') as RatedCategory;
  const table = TABLES[key];
  return table && Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
}

/** Whether `name` is a KEXINIT signal rather than an algorithm. */
export function isSignal(name: string): boolean {
  return SIGNALS.has(name);
}
