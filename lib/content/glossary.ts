// The glossary: terms an explanation uses without explaining them. Each entry says what the term
// means in SSH, in one or two sentences, and where that is defined. The explanations in content/
// link a term's first use in each file to its entry (/glossary/#id); glossary.test.ts checks that.

export interface GlossaryEntry {
  /** The anchor on /glossary/. */
  id: string;
  term: string;
  /** How the term is written in prose; its first match in a file must sit inside a link to this entry. */
  pattern: RegExp;
  definition: string;
  /** A pinned source: an RFC section, a draft version, or OpenSSH at a release tag. */
  cite: { label: string; href: string };
}

const rfc = (n: number, section: string) => ({
  label: `RFC ${n} §${section}`,
  href: `https://www.rfc-editor.org/rfc/rfc${n}#section-${section}`,
});
const OPENSSH_PROTOCOL = 'https://github.com/openssh/openssh-portable/blob/V_9_9_P1/PROTOCOL';
const MLKEM_DRAFT = 'draft-ietf-sshm-mlkem-hybrid-kex-10';
const draft = (name: string, section: string) => ({
  label: `${name} §${section}`,
  href: `https://datatracker.ietf.org/doc/html/${name}#section-${section}`,
});

export const GLOSSARY: GlossaryEntry[] = [
  {
    id: 'aead',
    term: 'AEAD',
    pattern: /\bAEAD\b/,
    definition:
      'Authenticated encryption with associated data: one algorithm that encrypts and also computes a tag over the ciphertext and some bytes sent in the clear. In SSH: chacha20-poly1305@openssh.com and aes128/256-gcm@openssh.com; with them no MAC is negotiated.',
    cite: rfc(5647, '7.2'),
  },
  {
    id: 'etm',
    term: 'encrypt-then-MAC (EtM)',
    pattern: /[Ee]ncrypt-then-MAC|\bEtM\b/,
    definition:
      'The MAC is computed over the sequence number, the packet length (sent in the clear) and the ciphertext, so the receiver checks it before decrypting anything. OpenSSH’s MACs whose names end in -etm@openssh.com.',
    cite: { label: 'OpenSSH 9.9 PROTOCOL §1.5', href: OPENSSH_PROTOCOL },
  },
  {
    id: 'eam',
    term: 'encrypt-and-MAC (E&M)',
    pattern: /[Ee]ncrypt-and-MAC|\bE&M\b/,
    definition:
      'RFC 4253’s original order: the MAC is computed over the sequence number and the plaintext packet and sent after the ciphertext, so the receiver must decrypt (at least the length) before it can check anything.',
    cite: rfc(4253, '6.4'),
  },
  {
    id: 'mac',
    term: 'MAC',
    pattern: /(?<![-\w])MACs?\b(?!-)/,
    definition:
      'Message authentication code: a short value computed with a secret key over some bytes. Without the key nobody can make a valid MAC for changed bytes. SSH’s MAC keys are E (client to server) and F (server to client).',
    cite: rfc(4253, '6.4'),
  },
  {
    id: 'mpint',
    term: 'mpint',
    pattern: /\bmpints?\b/,
    definition:
      'A multiple-precision integer: a uint32 length, then the number in two’s complement, most significant byte first, with no unnecessary leading bytes. A positive number whose top bit is set gets a leading 00; zero is an empty string.',
    cite: rfc(4251, '5'),
  },
  {
    id: 'name-list',
    term: 'name-list',
    pattern: /\bname-lists?\b/,
    definition:
      'A string holding names separated by commas, with no spaces and no empty names. In KEXINIT the order is the sender’s preference, first = most preferred.',
    cite: rfc(4251, '5'),
  },
  {
    id: 'forward-secrecy',
    term: 'forward secrecy',
    pattern: /[Ff]orward secrecy/,
    definition:
      'Someone who steals a long-term private key (the host key) after a session cannot decrypt that session, because its keys came from ephemeral secrets that were thrown away.',
    cite: rfc(4251, '9.3.7'),
  },
  {
    id: 'sequence-number',
    term: 'sequence number',
    pattern: /[Ss]equence numbers?/,
    definition:
      'A uint32 counter per direction: 0 for the first packet, one more for each packet after it, wrapping at 2^32. It is never sent. It goes into the MAC, is the nonce of chacha20-poly1305, and strict kex resets it at every NEWKEYS.',
    cite: rfc(4253, '6.4'),
  },
  {
    id: 'nonce',
    term: 'nonce',
    pattern: /\bnonces?\b/i,
    definition:
      'A number used once with a given key. chacha20-poly1305 uses the sequence number; AES-GCM uses a 4-byte fixed part from the IV key plus its own 8-byte invocation counter.',
    cite: rfc(5647, '7.1'),
  },
  {
    id: 'ephemeral-key',
    term: 'ephemeral key',
    pattern: /\bephemeral\b/i,
    definition: 'A key pair made for one key exchange and discarded after it: the source of forward secrecy.',
    cite: rfc(5656, '4'),
  },
  {
    id: 'mitm',
    term: 'man in the middle',
    pattern: /\b[Mm]an in the middle\b|\bMITM\b/,
    definition:
      'An active attacker between client and server who can read, change, drop and inject packets. Without a checked host key he can run one key exchange with each side and read everything.',
    cite: rfc(4251, '9.3.4'),
  },
  {
    id: 'tofu',
    term: 'trust on first use (TOFU)',
    pattern: /[Tt]rust on first use|\bTOFU\b/,
    definition:
      'Accept an unknown host key on the first connection, store it (OpenSSH: known_hosts) and compare on every later connection. Safe against an attacker who arrives later, not against one present the first time.',
    cite: rfc(4251, '4.1'),
  },
  {
    id: 'fingerprint',
    term: 'fingerprint',
    pattern: /\bfingerprints?\b/i,
    definition:
      'A hash of a public key blob, short enough for a person to compare over another channel. OpenSSH shows "SHA256:" and the unpadded base64 of the SHA-256 of the blob.',
    cite: rfc(4251, '4.1'),
  },
  {
    id: 'domain-separation',
    term: 'domain separation',
    pattern: /[Dd]omain separation/,
    definition:
      'Giving each use of one hash function a distinct input, so outputs made for different purposes are unrelated. SSH hashes a different letter (A to F) into each derived key.',
    cite: rfc(4253, '7.2'),
  },
  {
    id: 'safe-prime',
    term: 'safe prime',
    pattern: /\bsafe primes?\b/,
    definition: 'A prime p for which (p − 1)/2 is also prime. The groups of RFC 3526 and of group exchange use them.',
    cite: rfc(4419, '3'),
  },
  {
    id: 'cbc',
    term: 'CBC',
    pattern: /\bCBC\b/,
    definition:
      'Cipher block chaining: each plaintext block is XORed with the previous ciphertext block before it is encrypted. SSH’s original modes (aes128-cbc, 3des-cbc…), now out of favour.',
    cite: rfc(4253, '6.3'),
  },
  {
    id: 'ctr',
    term: 'CTR',
    pattern: /\bCTR\b/,
    definition:
      'Counter mode: the block cipher encrypts a counter that goes up by one per block, and the output is XORed with the data like a stream cipher (aes128-ctr…). The counter carries on across packets.',
    cite: rfc(4344, '4'),
  },
  {
    id: 'channel',
    term: 'channel',
    pattern: /\bchannels?\b/,
    definition:
      'A stream inside one SSH connection, opened by either side with SSH_MSG_CHANNEL_OPEN: a shell or a command (a session), a forwarded TCP connection, an X11 connection. Many share one connection; each end gives the channel a number of its own.',
    cite: rfc(4254, '5'),
  },
  {
    id: 'window',
    term: 'window (flow control)',
    pattern: /\bwindows?\b(?!-)/,
    definition:
      'How many bytes of channel data the other side may still send. Each side sets its window when the channel opens and widens it with SSH_MSG_CHANNEL_WINDOW_ADJUST; a sender whose window is used up waits.',
    cite: rfc(4254, '5.2'),
  },
  {
    id: 'kem',
    term: 'KEM (key encapsulation mechanism)',
    // Not the "KEM" inside "ML-KEM-768": that is the algorithm's name.
    pattern: /(?<![-\w])KEMs?\b(?!-)/,
    definition:
      'Key encapsulation mechanism: KeyGen makes a key pair, Encaps(public key) returns a ciphertext and a shared secret, Decaps(private key, ciphertext) returns the same secret. The post-quantum half of SSH’s hybrid key exchanges (ML-KEM, sntrup761).',
    cite: draft(MLKEM_DRAFT, '1'),
  },
  {
    id: 'harvest-now-decrypt-later',
    term: 'harvest now, decrypt later',
    pattern: /[Hh]arvest[- ]now,?[- ]decrypt[- ]later/,
    definition:
      'Recording encrypted traffic today to decrypt it once a large enough quantum computer exists. A key exchange a quantum computer could break, such as (EC)DH, leaves today’s recordings exposed; post-quantum hybrid key exchange is the answer.',
    cite: draft(MLKEM_DRAFT, '1'),
  },
];

export const GLOSSARY_BY_ID: Record<string, GlossaryEntry> = Object.fromEntries(GLOSSARY.map((g) => [g.id, g]));

/** The href an explanation uses to link a term. */
export const glossaryHref = (id: string) => `/glossary/#${id}`;
