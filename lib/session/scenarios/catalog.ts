// The bundled scenarios: data plus the attacker rules they need. Each one becomes
// public/recordings/<group>/<slug>.json via `npm run sessions`.

import { DEFAULT_CIPHER, DEFAULT_HOST_KEY, DEFAULT_KEX, DEFAULT_MAC } from '../../ssh/transport/config';
import { DISCONNECT as REASON, MSG } from '../../ssh/messages/numbers';
import type { EngineEvent } from '../../ssh/transport/events';
import { ATTACKER_KEY_SEED, downgradeRule, dropRule, flipRule, impersonateRule, reorderRule, terrapinRules } from './attacks';
import { corruptEcdhSignature, forgeIgnore } from './forge';
import type { Claims, PacketClaim } from './claims';
import { cachedDemoKey, type Scenario } from './scenario';

/** `list` with `first` moved to the front: the client still offers everything, but prefers this. */
function prefer(list: string[], first: string): string[] {
  return [first, ...list.filter((x) => x !== first)];
}

/** A client that prefers exactly these algorithms (and still offers the defaults after them). */
function prefers(kex: string, hostKey: string, cipher: string, mac?: string) {
  return {
    kex: prefer(DEFAULT_KEX, kex),
    hostKey: prefer(DEFAULT_HOST_KEY, hostKey),
    cipher: prefer(DEFAULT_CIPHER, cipher),
    mac: mac ? prefer(DEFAULT_MAC, mac) : DEFAULT_MAC,
  };
}

const request = (r: Extract<EngineEvent, { type: 'request' }>['request']): EngineEvent => ({ type: 'request', request: r });
const bytes = (s: string) => new TextEncoder().encode(s);

/**
 * The ordinary end the texts describe as "asks for the ssh-userauth service and says goodbye":
 * the request, the answer and the client's DISCONNECT all delivered, nobody closing in anger.
 */
function handshake(extra: Omit<Partial<Claims>, 'disconnect'> = {}): Claims {
  const end: PacketClaim[] = [
    { from: 'client', message: 'SSH_MSG_SERVICE_REQUEST' },
    { from: 'server', message: 'SSH_MSG_SERVICE_ACCEPT' },
    { from: 'client', message: 'SSH_MSG_DISCONNECT' },
  ];
  const service = { from: 'client' as const, message: 'SSH_MSG_SERVICE_REQUEST', field: 'service_name', value: 'ssh-userauth' };
  return { ...extra, delivered: [...(extra.delivered ?? []), ...end], fields: [...(extra.fields ?? []), service], disconnect: null };
}

/** Both KEXINITs offer strict kex and ext-info (the sshscope defaults, like OpenSSH's). */
const MARKERS: Claims['fields'] = [
  { from: 'client', message: 'SSH_MSG_KEXINIT', field: 'kex_algorithms', includes: ['kex-strict-c-v00@openssh.com', 'ext-info-c'] },
  { from: 'server', message: 'SSH_MSG_KEXINIT', field: 'kex_algorithms', includes: ['kex-strict-s-v00@openssh.com', 'ext-info-s'] },
];

const LOOK_HANDSHAKE =
  'Look for: the two identification strings; the KEXINIT name-lists and how the client\'s first choice that the server also lists wins; ' +
  'the ephemeral keys and the shared secret K; the exchange hash H the server signs; the six keys A–F derived from K and H; ' +
  'NEWKEYS, after which every packet is encrypted and carries a MAC or an authentication tag.';

export const SCENARIOS: Scenario[] = [
  // ------------------------------------------------------------------ Basics
  {
    slug: 'mlkem768x25519-ed25519-chacha20',
    group: 'Basics',
    title: 'A modern handshake: post-quantum ML-KEM + X25519, Ed25519, ChaCha20-Poly1305',
    summary: 'The handshake OpenSSH 10 makes by default: ML-KEM-768 and X25519 together, step by step.',
    description:
      'An sshscope client connects to an sshscope server with the default algorithm lists, which start with mlkem768x25519-sha256 as OpenSSH 10.0\'s do ' +
      '(draft-ietf-sshm-mlkem-hybrid-kex): a post-quantum hybrid key exchange, an Ed25519 host key and chacha20-poly1305@openssh.com; ' +
      'both offer strict kex and ext-info, and the client then asks for the ssh-userauth service and says goodbye. ' +
      'SSH_MSG_KEX_HYBRID_INIT carries C_INIT: the client\'s ML-KEM-768 encapsulation key (1184 bytes) followed by its X25519 public key (32 bytes). ' +
      'The server encapsulates a secret K_PQ to that key and answers in SSH_MSG_KEX_HYBRID_REPLY with S_REPLY: the ML-KEM ciphertext (1088 bytes) ' +
      'followed by its own X25519 public key. X25519 gives K_CL as in curve25519-sha256. K = SHA-256(K_PQ || K_CL) enters H and the key derivation as a string, not an mpint: ' +
      'it is a hash output, not a number. An eavesdropper must break both ML-KEM and X25519 to learn K. ' +
      LOOK_HANDSHAKE +
      ' This client has no known_hosts list, so it accepts the host key without checking it: the trace says so.',
    seed: 10,
    serverKeys: ['ssh-ed25519'],
    expect: {
      ok: true,
      negotiated: { kex: 'mlkem768x25519-sha256', hostKey: 'ssh-ed25519', cipher: 'chacha20-poly1305@openssh.com' },
      signatureVerifies: true,
      hostKeyKnown: null,
    },
    claims: handshake({
      hostKey: 'unchecked',
      delivered: [
        { from: 'client', message: 'SSH_MSG_KEX_HYBRID_INIT' },
        { from: 'server', message: 'SSH_MSG_KEX_HYBRID_REPLY' },
        { from: 'server', message: 'SSH_MSG_EXT_INFO' },
      ],
      fields: [
        ...MARKERS,
        { from: 'client', message: 'SSH_MSG_KEX_HYBRID_INIT', field: 'C_INIT', bytes: 1184 + 32 },
        { from: 'server', message: 'SSH_MSG_KEX_HYBRID_REPLY', field: 'S_REPLY', bytes: 1088 + 32 },
      ],
      exchangeHash: { bytes: 32, inputs: ['V_C', 'V_S', 'I_C', 'I_S', 'K_S', 'C_INIT', 'S_REPLY', 'K'] },
    }),
  },
  {
    slug: 'curve25519-ed25519-chacha20',
    group: 'Basics',
    title: 'The classical handshake: curve25519, Ed25519, ChaCha20-Poly1305',
    summary: 'The elliptic-curve handshake OpenSSH preferred before its post-quantum hybrids, step by step.',
    description:
      'An sshscope client connects to an sshscope server with the default algorithm lists, except that the client puts curve25519-sha256 first: ' +
      'the classical handshake OpenSSH made before post-quantum hybrids became its default (see the mlkem768x25519-sha256 example for today\'s). ' +
      'They agree on curve25519-sha256 for the key exchange, an Ed25519 host key and chacha20-poly1305@openssh.com for encryption; ' +
      'both offer strict kex (kex-strict-*-v00@openssh.com) and ext-info. The client then asks for the ssh-userauth service and says goodbye. ' +
      LOOK_HANDSHAKE +
      ' This client has no known_hosts list, so it accepts the host key without checking it: the trace says so.',
    seed: 1,
    serverKeys: ['ssh-ed25519'],
    client: { kex: prefer(DEFAULT_KEX, 'curve25519-sha256') },
    expect: {
      ok: true,
      negotiated: { kex: 'curve25519-sha256', hostKey: 'ssh-ed25519', cipher: 'chacha20-poly1305@openssh.com' },
      signatureVerifies: true,
      hostKeyKnown: null,
    },
    claims: handshake({ fields: MARKERS, hostKey: 'unchecked', delivered: [{ from: 'server', message: 'SSH_MSG_EXT_INFO' }] }),
  },
  {
    slug: 'known-host-key',
    group: 'Basics',
    title: 'Checking the host key against known_hosts',
    summary: 'The same handshake, but the client already knows the server\'s key and checks it.',
    description:
      'This time the client has a known_hosts list holding the server\'s Ed25519 public key. ' +
      'When SSH_MSG_KEX_ECDH_REPLY arrives, the client first compares K_S with the keys it knows (the SHA256 fingerprint is shown), ' +
      'then checks the signature of H with that key. Only the two checks together prove it talks to the right server: ' +
      'the signature shows the peer holds the private key, known_hosts shows that key is the server\'s. ' +
      'Compare with the "Man in the middle with a different host key" failure, where the first check fails.',
    seed: 2,
    serverKeys: ['ssh-ed25519'],
    client: { kex: prefer(DEFAULT_KEX, 'curve25519-sha256') },
    clientKnowsServer: true,
    expect: { ok: true, negotiated: { kex: 'curve25519-sha256', hostKey: 'ssh-ed25519' }, signatureVerifies: true, hostKeyKnown: true },
    claims: handshake({ hostKey: 'known', order: { by: 'client', actions: ['check host key', 'verify signature'] } }),
  },

  // ------------------------------------------------------------------ Algorithms: one per kex family
  {
    slug: 'mlkem768nistp256-ecdsa-p256-aes128gcm',
    group: 'Algorithms',
    title: 'Post-quantum hybrid on P-256: mlkem768nistp256-sha256, ECDSA P-256, AES-128-GCM',
    summary: 'ML-KEM-768 with ECDH on NIST P-256 (a method PuTTY offers), an ECDSA P-256 host key and aes128-gcm@openssh.com.',
    description:
      'The same hybrid construction as mlkem768x25519-sha256 (draft-ietf-sshm-mlkem-hybrid-kex §2.3.1), with ECDH on NIST P-256 as the classical half. ' +
      'C_INIT is the ML-KEM-768 encapsulation key (1184 bytes) followed by the client\'s P-256 point (65 bytes uncompressed: 04 || x || y); ' +
      'S_REPLY is the ML-KEM-768 ciphertext (1088 bytes) followed by the server\'s point. K_CL is the x-coordinate of the shared point as 32 big-endian bytes, ' +
      'and K = SHA-256(K_PQ || K_CL), a string. Both sides must list the method: sshscope offers it only on request. ' +
      LOOK_HANDSHAKE,
    seed: 15,
    serverKeys: ['ecdsa-sha2-nistp256'],
    client: prefers('mlkem768nistp256-sha256', 'ecdsa-sha2-nistp256', 'aes128-gcm@openssh.com'),
    server: { kex: prefer(DEFAULT_KEX, 'mlkem768nistp256-sha256') },
    expect: { ok: true, negotiated: { kex: 'mlkem768nistp256-sha256', hostKey: 'ecdsa-sha2-nistp256', cipher: 'aes128-gcm@openssh.com' } },
    claims: handshake({
      fields: [
        { from: 'client', message: 'SSH_MSG_KEX_HYBRID_INIT', field: 'C_INIT', bytes: 1184 + 65 },
        { from: 'server', message: 'SSH_MSG_KEX_HYBRID_REPLY', field: 'S_REPLY', bytes: 1088 + 65 },
      ],
      exchangeHash: { bytes: 32, inputs: ['V_C', 'V_S', 'I_C', 'I_S', 'K_S', 'C_INIT', 'S_REPLY', 'K'] },
      keyLengths: { A: 12, B: 12, C: 16, D: 16, E: 0, F: 0 },
    }),
  },
  {
    slug: 'mlkem1024nistp384-ecdsa-p384-aes256gcm',
    group: 'Algorithms',
    title: 'Post-quantum hybrid on P-384: mlkem1024nistp384-sha384, ECDSA P-384, AES-256-GCM',
    summary: 'ML-KEM-1024 with ECDH on NIST P-384 and SHA-384 (a method PuTTY offers), an ECDSA P-384 host key and aes256-gcm@openssh.com.',
    description:
      'The largest hybrid of draft-ietf-sshm-mlkem-hybrid-kex (§2.3.2): ML-KEM-1024, whose encapsulation key and ciphertext are both 1568 bytes, ' +
      'with ECDH on NIST P-384 (97-byte points) and SHA-384. C_INIT and S_REPLY are therefore the same length, 1665 bytes: the method, not the length, ' +
      'tells which part is which. K_CL is the x-coordinate of the shared point as 48 big-endian bytes, and K = SHA-384(K_PQ || K_CL), a string; ' +
      'H and every derived key come from SHA-384. Both sides must list the method: sshscope offers it only on request. ' +
      LOOK_HANDSHAKE,
    seed: 17,
    serverKeys: ['ecdsa-sha2-nistp384'],
    client: prefers('mlkem1024nistp384-sha384', 'ecdsa-sha2-nistp384', 'aes256-gcm@openssh.com'),
    server: { kex: prefer(DEFAULT_KEX, 'mlkem1024nistp384-sha384') },
    expect: { ok: true, negotiated: { kex: 'mlkem1024nistp384-sha384', hostKey: 'ecdsa-sha2-nistp384', cipher: 'aes256-gcm@openssh.com' } },
    claims: handshake({
      fields: [
        { from: 'client', message: 'SSH_MSG_KEX_HYBRID_INIT', field: 'C_INIT', bytes: 1568 + 97 },
        { from: 'server', message: 'SSH_MSG_KEX_HYBRID_REPLY', field: 'S_REPLY', bytes: 1568 + 97 },
      ],
      exchangeHash: { bytes: 48, inputs: ['V_C', 'V_S', 'I_C', 'I_S', 'K_S', 'C_INIT', 'S_REPLY', 'K'] },
      keyLengths: { A: 12, B: 12, C: 32, D: 32, E: 0, F: 0 },
    }),
  },
  {
    slug: 'sntrup761x25519-ed25519-chacha20',
    group: 'Algorithms',
    title: 'Post-quantum hybrid: sntrup761x25519-sha512, Ed25519, ChaCha20-Poly1305',
    summary: 'The handshake OpenSSH 9.x makes by default: Streamlined NTRU Prime and X25519 together.',
    description:
      'The client offers the kex list of Debian 12\'s OpenSSH 9.2, which has no ML-KEM and starts with sntrup761x25519-sha512 (RFC 9941); ' +
      'OpenSSH made this hybrid its default in 9.0, and 10.0 put mlkem768x25519-sha256 before it. ' +
      'SSH_MSG_KEX_HYBRID_INIT carries C_INIT: the client\'s sntrup761 public key (1158 bytes) followed by its X25519 public key (32 bytes). ' +
      'The server encapsulates a secret K_PQ to that key and answers in SSH_MSG_KEX_HYBRID_REPLY with S_REPLY: the sntrup761 ciphertext ' +
      '(1039 bytes: a rounded polynomial of 1007 bytes and a 32-byte confirmation hash) followed by its own X25519 public key. ' +
      'X25519 gives K_CL as in curve25519-sha256. K = SHA-512(K_PQ || K_CL) enters H and the key derivation as a string, not an mpint, and H is SHA-512 too. ' +
      'An eavesdropper must break both sntrup761 and X25519 to learn K. ' +
      LOOK_HANDSHAKE,
    seed: 45,
    serverKeys: ['ssh-ed25519'],
    client: { kex: DEFAULT_KEX.filter((k) => k !== 'mlkem768x25519-sha256') },
    expect: { ok: true, negotiated: { kex: 'sntrup761x25519-sha512', hostKey: 'ssh-ed25519', cipher: 'chacha20-poly1305@openssh.com' } },
    claims: handshake({
      delivered: [
        { from: 'client', message: 'SSH_MSG_KEX_HYBRID_INIT' },
        { from: 'server', message: 'SSH_MSG_KEX_HYBRID_REPLY' },
      ],
      fields: [
        { from: 'client', message: 'SSH_MSG_KEXINIT', field: 'kex_algorithms', includes: ['sntrup761x25519-sha512', 'sntrup761x25519-sha512@openssh.com'] },
        { from: 'client', message: 'SSH_MSG_KEX_HYBRID_INIT', field: 'C_INIT', bytes: 1190 },
        { from: 'server', message: 'SSH_MSG_KEX_HYBRID_REPLY', field: 'S_REPLY', bytes: 1071 },
      ],
      exchangeHash: { inputs: ['V_C', 'V_S', 'I_C', 'I_S', 'K_S', 'C_INIT', 'S_REPLY', 'K'] },
    }),
  },
  {
    slug: 'ecdh-p256-ecdsa-aes128gcm',
    group: 'Algorithms',
    title: 'ECDH on NIST P-256, ECDSA P-256 host key, AES-128-GCM',
    summary: 'ecdh-sha2-nistp256 with an ecdsa-sha2-nistp256 host key and aes128-gcm@openssh.com.',
    description:
      'ECDH over the NIST P-256 curve (RFC 5656): Q_C and Q_S are uncompressed points (0x04 || x || y, 65 bytes) and K is the x-coordinate of the shared point. ' +
      'The host key signs H with ECDSA over SHA-256. AES-GCM (RFC 5647) is an AEAD cipher: the MAC lists are ignored ("implicit"), so keys E and F are empty, ' +
      'packet_length stays in clear but is authenticated, and each packet ends in a 16-byte tag. The 12-byte nonce starts as the IV from key A/B: ' +
      'a 4-byte fixed field and an 8-byte invocation counter that goes up by one with every packet (RFC 5647 §7.1); the sequence number is not part of it. ' +
      LOOK_HANDSHAKE,
    seed: 11,
    serverKeys: ['ecdsa-sha2-nistp256'],
    client: prefers('ecdh-sha2-nistp256', 'ecdsa-sha2-nistp256', 'aes128-gcm@openssh.com'),
    expect: { ok: true, negotiated: { kex: 'ecdh-sha2-nistp256', hostKey: 'ecdsa-sha2-nistp256', cipher: 'aes128-gcm@openssh.com' } },
    claims: handshake({
      fields: [
        { from: 'client', message: 'SSH_MSG_KEX_ECDH_INIT', field: 'Q_C', bytes: 65 },
        { from: 'server', message: 'SSH_MSG_KEX_ECDH_REPLY', field: 'Q_S', bytes: 65 },
      ],
      keyLengths: { A: 12, B: 12, C: 16, D: 16, E: 0, F: 0 },
      tagBytes: 16,
    }),
  },
  {
    slug: 'ecdh-p384-ecdsa-aes256gcm',
    group: 'Algorithms',
    title: 'ECDH on NIST P-384, ECDSA P-384 host key, AES-256-GCM',
    summary: 'ecdh-sha2-nistp384 with an ecdsa-sha2-nistp384 host key and aes256-gcm@openssh.com.',
    description:
      'The P-384 curve and SHA-384: the exchange hash H (48 bytes) and every derived key come from SHA-384 here (RFC 5656 picks the hash by the curve size). ' +
      'Points are 97 bytes uncompressed. AES-256-GCM needs a 32-byte key C/D and a 12-byte IV A/B; E and F are empty. ' +
      LOOK_HANDSHAKE,
    seed: 12,
    serverKeys: ['ecdsa-sha2-nistp384'],
    client: prefers('ecdh-sha2-nistp384', 'ecdsa-sha2-nistp384', 'aes256-gcm@openssh.com'),
    expect: { ok: true, negotiated: { kex: 'ecdh-sha2-nistp384', hostKey: 'ecdsa-sha2-nistp384', cipher: 'aes256-gcm@openssh.com' } },
    claims: handshake({
      fields: [
        { from: 'client', message: 'SSH_MSG_KEX_ECDH_INIT', field: 'Q_C', bytes: 97 },
        { from: 'server', message: 'SSH_MSG_KEX_ECDH_REPLY', field: 'Q_S', bytes: 97 },
      ],
      exchangeHash: { bytes: 48 },
      keyLengths: { A: 12, B: 12, C: 32, D: 32, E: 0, F: 0 },
    }),
  },
  {
    slug: 'ecdh-p521-ecdsa-aes256ctr-hmac-sha2-512-etm',
    group: 'Algorithms',
    title: 'ECDH on NIST P-521, ECDSA P-521, AES-256-CTR with HMAC-SHA2-512 (encrypt-then-MAC)',
    summary: 'ecdh-sha2-nistp521, ecdsa-sha2-nistp521, aes256-ctr and hmac-sha2-512-etm@openssh.com.',
    description:
      'P-521 with SHA-512. The cipher is AES-256 in counter mode, which brings no integrity of its own, so a MAC is negotiated: ' +
      'hmac-sha2-512-etm@openssh.com, OpenSSH\'s encrypt-then-MAC variant. Look at an encrypted packet: packet_length is sent in clear, ' +
      'the rest is ciphertext, and the 64-byte MAC covers sequence number, length and ciphertext, so the receiver checks it before decrypting anything. ' +
      LOOK_HANDSHAKE,
    seed: 13,
    serverKeys: ['ecdsa-sha2-nistp521'],
    client: prefers('ecdh-sha2-nistp521', 'ecdsa-sha2-nistp521', 'aes256-ctr', 'hmac-sha2-512-etm@openssh.com'),
    expect: {
      ok: true,
      negotiated: { kex: 'ecdh-sha2-nistp521', hostKey: 'ecdsa-sha2-nistp521', cipher: 'aes256-ctr', mac: 'hmac-sha2-512-etm@openssh.com' },
    },
    claims: handshake({ exchangeHash: { bytes: 64 }, tagBytes: 64 }),
  },
  {
    slug: 'dh-group14-rsa-sha2-256-aes128ctr-hmac-sha2-256',
    group: 'Algorithms',
    title: 'Diffie-Hellman group 14, RSA (rsa-sha2-256), AES-128-CTR with HMAC-SHA2-256',
    summary: 'Classic finite-field DH on the 2048-bit MODP group, an RSA host key, encrypt-and-MAC.',
    description:
      'diffie-hellman-group14-sha256 (RFC 8268): e = g^x mod p and f = g^y mod p on the 2048-bit group of RFC 3526, sent as mpints ' +
      '(an mpint gets a leading zero byte when its top bit is set). The RSA host key signs H with rsa-sha2-256 (RFC 8332). ' +
      'hmac-sha2-256 is the original encrypt-and-MAC construction of RFC 4253 §6.4: the 32-byte MAC is computed over the sequence number and the plaintext packet, ' +
      'so packet_length is encrypted too and the receiver must decrypt the first block to learn how long the packet is. ' +
      LOOK_HANDSHAKE,
    seed: 14,
    serverKeys: ['ssh-rsa'],
    client: prefers('diffie-hellman-group14-sha256', 'rsa-sha2-256', 'aes128-ctr', 'hmac-sha2-256'),
    expect: {
      ok: true,
      negotiated: { kex: 'diffie-hellman-group14-sha256', hostKey: 'rsa-sha2-256', cipher: 'aes128-ctr', mac: 'hmac-sha2-256' },
    },
    claims: handshake({
      fields: [
        { from: 'client', message: 'SSH_MSG_KEXDH_INIT', field: 'e', bytes: 256 },
        { from: 'server', message: 'SSH_MSG_KEXDH_REPLY', field: 'f', bytes: 256 },
      ],
      tagBytes: 32,
    }),
  },
  {
    slug: 'dh-group16-rsa-sha2-512-aes192ctr-umac-128-etm',
    group: 'Algorithms',
    title: 'Diffie-Hellman group 16, RSA (rsa-sha2-512), AES-192-CTR with UMAC-128 (encrypt-then-MAC)',
    summary: 'The 4096-bit MODP group with SHA-512, rsa-sha2-512 and umac-128-etm@openssh.com.',
    description:
      'diffie-hellman-group16-sha512: a 4096-bit group, so e and f are 512-byte numbers and H is SHA-512. ' +
      'The same RSA key as in the group 14 example now signs with SHA-512 (rsa-sha2-512): the signature algorithm is negotiated, not the key. ' +
      'UMAC-128 (RFC 4418) is a fast universal-hash MAC; its nonce is the packet sequence number. ' +
      LOOK_HANDSHAKE,
    seed: 16,
    serverKeys: ['ssh-rsa'],
    client: prefers('diffie-hellman-group16-sha512', 'rsa-sha2-512', 'aes192-ctr', 'umac-128-etm@openssh.com'),
    expect: {
      ok: true,
      negotiated: { kex: 'diffie-hellman-group16-sha512', hostKey: 'rsa-sha2-512', cipher: 'aes192-ctr', mac: 'umac-128-etm@openssh.com' },
    },
    claims: handshake({
      fields: [
        { from: 'client', message: 'SSH_MSG_KEXDH_INIT', field: 'e', bytes: 512 },
        { from: 'server', message: 'SSH_MSG_KEXDH_REPLY', field: 'f', bytes: 512 },
      ],
      exchangeHash: { bytes: 64 },
      sameHostKeyAs: 'dh-group14-rsa-sha2-256-aes128ctr-hmac-sha2-256',
      tagBytes: 16,
    }),
  },
  {
    slug: 'dh-group18-ed25519-chacha20',
    group: 'Algorithms',
    title: 'Diffie-Hellman group 18 (8192-bit), Ed25519, ChaCha20-Poly1305',
    summary: 'The largest MODP group: 1 KB public values, still a single round trip.',
    description:
      'diffie-hellman-group18-sha512 uses the 8192-bit group of RFC 3526: SSH_MSG_KEXDH_INIT and SSH_MSG_KEXDH_REPLY each carry a 1 KB number (e, f), ' +
      'compare their size with the 32-byte curve25519 keys. The host key and cipher are the modern defaults. ' +
      'chacha20-poly1305@openssh.com encrypts packet_length with a key of its own (the second half of the 64-byte key C/D; the first half encrypts the rest), so an observer cannot even see packet boundaries. ' +
      LOOK_HANDSHAKE,
    seed: 18,
    serverKeys: ['ssh-ed25519'],
    client: prefers('diffie-hellman-group18-sha512', 'ssh-ed25519', 'chacha20-poly1305@openssh.com'),
    expect: {
      ok: true,
      negotiated: { kex: 'diffie-hellman-group18-sha512', hostKey: 'ssh-ed25519', cipher: 'chacha20-poly1305@openssh.com' },
    },
    claims: handshake({
      fields: [
        { from: 'client', message: 'SSH_MSG_KEXDH_INIT', field: 'e', bytes: 1024 },
        { from: 'server', message: 'SSH_MSG_KEXDH_REPLY', field: 'f', bytes: 1024 },
      ],
      keyLengths: { C: 64, D: 64 },
    }),
  },
  {
    slug: 'gex-rsa-sha2-512-aes128ctr-umac-64',
    group: 'Algorithms',
    title: 'Diffie-Hellman group exchange, RSA (rsa-sha2-512), AES-128-CTR with UMAC-64',
    summary: 'diffie-hellman-group-exchange-sha256: the client asks for a group size, the server picks the group.',
    description:
      'Group exchange (RFC 4419) adds a round trip: SSH_MSG_KEX_DH_GEX_REQUEST carries min, n and max bit sizes, ' +
      'the server answers with a prime p and generator g in SSH_MSG_KEX_DH_GEX_GROUP, and only then do e and f travel. ' +
      'All of min, n, max, p and g enter the exchange hash, so nobody can swap the group unnoticed. ' +
      'umac-64@openssh.com is encrypt-and-MAC with an 8-byte tag. ' +
      LOOK_HANDSHAKE,
    seed: 19,
    serverKeys: ['ssh-rsa'],
    client: { ...prefers('diffie-hellman-group-exchange-sha256', 'rsa-sha2-512', 'aes128-ctr', 'umac-64@openssh.com'), gex: { min: 2048, n: 2048, max: 4096 } },
    expect: {
      ok: true,
      negotiated: { kex: 'diffie-hellman-group-exchange-sha256', hostKey: 'rsa-sha2-512', cipher: 'aes128-ctr', mac: 'umac-64@openssh.com' },
    },
    claims: handshake({
      delivered: [
        { from: 'client', message: 'SSH_MSG_KEX_DH_GEX_REQUEST' },
        { from: 'server', message: 'SSH_MSG_KEX_DH_GEX_GROUP' },
        { from: 'client', message: 'SSH_MSG_KEX_DH_GEX_INIT' },
        { from: 'server', message: 'SSH_MSG_KEX_DH_GEX_REPLY' },
      ],
      fields: [
        { from: 'client', message: 'SSH_MSG_KEX_DH_GEX_REQUEST', field: 'min', value: 2048 },
        { from: 'client', message: 'SSH_MSG_KEX_DH_GEX_REQUEST', field: 'n', value: 2048 },
        { from: 'client', message: 'SSH_MSG_KEX_DH_GEX_REQUEST', field: 'max', value: 4096 },
      ],
      exchangeHash: { inputs: ['V_C', 'V_S', 'I_C', 'I_S', 'K_S', 'min', 'n', 'max', 'p', 'g', 'e', 'f', 'K'] },
      tagBytes: 8,
    }),
  },
  {
    slug: 'curve25519-libssh-ecdsa-p256-aes256ctr-hmac-sha1-etm',
    group: 'Algorithms',
    title: 'curve25519-sha256@libssh.org, ECDSA P-256, AES-256-CTR with HMAC-SHA1 (encrypt-then-MAC)',
    summary: 'The pre-RFC name of curve25519, an ECDSA host key and an older MAC.',
    description:
      'curve25519-sha256@libssh.org is the name libssh and OpenSSH used before RFC 8731 standardised curve25519-sha256; the two are the same method. ' +
      'HMAC-SHA1 is still considered safe as a MAC (collisions do not help a forger), but newer lists prefer SHA-2. ' +
      LOOK_HANDSHAKE,
    seed: 20,
    serverKeys: ['ecdsa-sha2-nistp256'],
    client: prefers('curve25519-sha256@libssh.org', 'ecdsa-sha2-nistp256', 'aes256-ctr', 'hmac-sha1-etm@openssh.com'),
    expect: {
      ok: true,
      negotiated: { kex: 'curve25519-sha256@libssh.org', hostKey: 'ecdsa-sha2-nistp256', cipher: 'aes256-ctr', mac: 'hmac-sha1-etm@openssh.com' },
    },
    claims: handshake({ tagBytes: 20 }),
  },

  // ------------------------------------------------------------------ Algorithms: negotiation features
  {
    slug: 'guess-right',
    group: 'Algorithms',
    title: 'first_kex_packet_follows: a right guess saves a round trip',
    summary: 'The client sends its KEX_ECDH_INIT right after KEXINIT, guessing the method, and is right.',
    description:
      'RFC 4253 §7 lets a side guess the key exchange method and send its first kex packet before seeing the peer\'s KEXINIT, ' +
      'setting first_kex_packet_follows in its own KEXINIT. The guess is right when both sides\' first kex method and first host key algorithm agree. ' +
      'Look at the client\'s KEXINIT (first_kex_packet_follows = true) and at the server\'s "guess" computation: right, so the guessed packet is used.',
    seed: 21,
    serverKeys: ['ssh-ed25519'],
    client: { guessKex: true, kex: ['curve25519-sha256', 'ecdh-sha2-nistp256'] },
    server: { kex: ['curve25519-sha256', 'ecdh-sha2-nistp256'] },
    expect: { ok: true, guessRight: true, negotiated: { kex: 'curve25519-sha256' } },
    claims: handshake({
      fields: [{ from: 'client', message: 'SSH_MSG_KEXINIT', field: 'first_kex_packet_follows', value: true }],
      guess: 'right',
      delivered: [{ from: 'client', message: 'SSH_MSG_KEX_ECDH_INIT', ignored: false }],
      computes: [{ by: 'client', action: 'ephemeral key', count: 1 }],
    }),
  },
  {
    slug: 'guess-wrong',
    group: 'Algorithms',
    title: 'first_kex_packet_follows: a wrong guess is ignored',
    summary: 'The client guesses ecdh-sha2-nistp256, the server prefers curve25519: the guessed packet is thrown away.',
    description:
      'The client guesses ecdh-sha2-nistp256 and sends a P-256 KEX_ECDH_INIT at once, but the server lists curve25519-sha256 first. ' +
      'Negotiation still picks ecdh-sha2-nistp256 (the client\'s first choice that the server also supports), yet RFC 4253 §7 counts a guess as right ' +
      'only when both sides list the same method first (and the same host key algorithm first). So the guess is wrong even though the method matches: ' +
      'the server silently ignores the guessed packet and the client sends a second KEX_ECDH_INIT with a fresh key. ' +
      'Look for the ignored packet in the server\'s view and the two KEX_ECDH_INITs from the client.',
    seed: 22,
    serverKeys: ['ssh-ed25519'],
    client: { guessKex: true, kex: ['ecdh-sha2-nistp256', 'curve25519-sha256'] },
    server: { kex: ['curve25519-sha256', 'ecdh-sha2-nistp256'] },
    expect: { ok: true, guessRight: false, negotiated: { kex: 'ecdh-sha2-nistp256' } },
    claims: handshake({
      fields: [
        { from: 'client', message: 'SSH_MSG_KEXINIT', field: 'first_kex_packet_follows', value: true },
        { from: 'client', message: 'SSH_MSG_KEXINIT', field: 'kex_algorithms', first: 'ecdh-sha2-nistp256' },
        { from: 'server', message: 'SSH_MSG_KEXINIT', field: 'kex_algorithms', first: 'curve25519-sha256' },
        // The guessed packet is a P-256 one: an uncompressed point.
        { from: 'client', message: 'SSH_MSG_KEX_ECDH_INIT', field: 'Q_C', bytes: 65 },
      ],
      guess: 'wrong',
      delivered: [
        { from: 'client', message: 'SSH_MSG_KEX_ECDH_INIT', nth: 0, ignored: true },
        { from: 'client', message: 'SSH_MSG_KEX_ECDH_INIT', nth: 1, ignored: false },
      ],
      // The second INIT carries a fresh ephemeral key.
      computes: [{ by: 'client', action: 'ephemeral key', count: 2 }],
    }),
  },
  {
    slug: 'ext-info-server-sig-algs',
    group: 'Algorithms',
    title: 'ext-info: the server lists its signature algorithms',
    summary: 'The client puts ext-info-c in KEXINIT; the server answers with SSH_MSG_EXT_INFO right after NEWKEYS.',
    description:
      'RFC 8308: a client that adds the pseudo-algorithm ext-info-c to kex_algorithms invites the server to send SSH_MSG_EXT_INFO ' +
      'as its first packet after NEWKEYS. Here it carries server-sig-algs, the signature algorithms the server accepts for public-key user authentication: ' +
      'this is how a client learns it may sign with rsa-sha2-512 instead of the old SHA-1 ssh-rsa (RFC 8332). ' +
      'Look at both KEXINITs (ext-info-c / ext-info-s are never chosen as a method), at the encrypted EXT_INFO, and at the client\'s "ext-info" computation.',
    seed: 23,
    serverKeys: ['ssh-rsa', 'ssh-ed25519'],
    client: prefers('curve25519-sha256', 'rsa-sha2-512', 'aes256-gcm@openssh.com'),
    expect: { ok: true, negotiated: { hostKey: 'rsa-sha2-512' }, clientExtensions: { has: ['server-sig-algs'] } },
    claims: handshake({
      fields: MARKERS,
      consecutive: [{ from: 'server', messages: ['SSH_MSG_NEWKEYS', 'SSH_MSG_EXT_INFO'] }],
      delivered: [{ from: 'server', message: 'SSH_MSG_EXT_INFO' }],
      extensions: [{ name: 'server-sig-algs', includes: ['rsa-sha2-512'] }],
    }),
  },
  {
    slug: 'rekey-after-service',
    group: 'Algorithms',
    title: 'A rekey after some traffic',
    summary: 'IGNORE and DEBUG messages flow encrypted, then the client starts a second key exchange.',
    description:
      'After SERVICE_ACCEPT the client sends an SSH_MSG_IGNORE, an SSH_MSG_DEBUG and another SSH_MSG_IGNORE (harmless traffic), then a new SSH_MSG_KEXINIT: a rekey (RFC 4253 §9). ' +
      'The second key exchange runs inside the encrypted channel; it produces a new K and H and new keys A–F, ' +
      'but the session_id stays the H of the first exchange. Strict kex and ext-info markers are only in each side\'s first KEXINIT. ' +
      'Look at the sequence numbers: with strict kex they restart at 0 after every NEWKEYS.',
    seed: 24,
    serverKeys: ['ssh-ed25519'],
    afterService: [
      request({ kind: 'ignore', data: bytes('some padding traffic') }),
      request({ kind: 'debug', message: 'hello from the client', alwaysDisplay: false }),
      request({ kind: 'ignore', data: bytes('more') }),
      request({ kind: 'rekey' }),
    ],
    expect: { ok: true, kexCount: 2 },
    claims: handshake({
      consecutive: [{ from: 'client', messages: ['SSH_MSG_SERVICE_REQUEST', 'SSH_MSG_IGNORE', 'SSH_MSG_DEBUG', 'SSH_MSG_IGNORE', 'SSH_MSG_KEXINIT'] }],
      fields: [
        ...MARKERS!,
        { from: 'client', message: 'SSH_MSG_KEXINIT', nth: 1, field: 'kex_algorithms', excludes: ['kex-strict-c-v00@openssh.com', 'ext-info-c'] },
        { from: 'server', message: 'SSH_MSG_KEXINIT', nth: 1, field: 'kex_algorithms', excludes: ['kex-strict-s-v00@openssh.com', 'ext-info-s'] },
      ],
      computes: [
        { by: 'client', action: 'compute K', count: 2 },
        { by: 'client', action: 'compute H', count: 2 },
        { by: 'client', action: 'derive keys', count: 2 },
        { by: 'client', action: 'session id', count: 1 },
      ],
      // Strict kex: the first packet after each NEWKEYS is number 0 again.
      delivered: [
        { from: 'client', message: 'SSH_MSG_SERVICE_REQUEST', seq: { sent: 0, received: 0 } },
        { from: 'client', message: 'SSH_MSG_DISCONNECT', seq: { sent: 0, received: 0 } },
      ],
    }),
  },

  // ------------------------------------------------------------------ Failures
  {
    slug: 'no-common-cipher',
    group: 'Failures',
    title: 'No common cipher',
    summary: 'The client only offers aes128-ctr; the server only AEAD ciphers. Negotiation fails.',
    description:
      'Negotiation picks, per category, the first algorithm on the client\'s list that the server also lists (RFC 4253 §7.1). ' +
      'Here the encryption lists have nothing in common, so each side gives up with SSH_DISCONNECT_KEY_EXCHANGE_FAILED as soon as it has the other\'s KEXINIT: ' +
      'no key is ever computed. Look at each side\'s failing negotiate step and its DISCONNECT: both name the category and both lists.',
    seed: 31,
    serverKeys: ['ssh-ed25519'],
    client: { cipher: ['aes128-ctr'] },
    server: { cipher: ['chacha20-poly1305@openssh.com', 'aes256-gcm@openssh.com'] },
    expect: { ok: false, disconnect: { by: 'client', reason: REASON.KEY_EXCHANGE_FAILED, mentions: 'no common cipher' } },
    claims: {
      disconnect: {
        by: 'client',
        reason: REASON.KEY_EXCHANGE_FAILED,
        mentions: ['no common cipher', '[aes128-ctr]', '[chacha20-poly1305@openssh.com, aes256-gcm@openssh.com]'],
        detectedAt: 'SSH_MSG_KEXINIT',
      },
      alsoDisconnects: { by: 'server', reason: REASON.KEY_EXCHANGE_FAILED },
      delivered: [
        { from: 'client', message: 'SSH_MSG_KEXINIT' },
        { from: 'server', message: 'SSH_MSG_KEXINIT' },
      ],
      computes: [
        { by: 'client', action: 'compute K', count: 0 },
        { by: 'server', action: 'compute K', count: 0 },
        { by: 'client', action: 'derive keys', count: 0 },
        { by: 'server', action: 'derive keys', count: 0 },
      ],
    },
  },
  {
    slug: 'mitm-different-host-key',
    group: 'Failures',
    title: 'Man in the middle with a different host key',
    summary: 'An attacker answers the key exchange with its own host key; the client does not know that key and refuses.',
    description:
      'An attacker on the path replaces the server\'s SSH_MSG_KEX_ECDH_REPLY with its own: its own ephemeral key, its own host key K_S, ' +
      'and a signature of the exchange hash made with that key. The client checks the host key first: it has the real server\'s key in known_hosts, ' +
      'and the "check host key" step shows the fingerprint it received beside the one it expected. They differ, so the client disconnects with ' +
      'SSH_DISCONNECT_HOST_KEY_NOT_VERIFIABLE before it computes K or H, verifies the signature or derives any key. ' +
      'Without a known_hosts entry (the first connection to a server) this is exactly the moment a user is asked to confirm a fingerprint.',
    seed: 32,
    serverKeys: ['ssh-ed25519'],
    clientKnowsServer: true,
    client: { kex: ['curve25519-sha256'] },
    attack: [impersonateRule('curve25519-sha256', 'ssh-ed25519', cachedDemoKey('ssh-ed25519', ATTACKER_KEY_SEED))],
    expect: {
      ok: false,
      hostKeyKnown: false,
      disconnect: { by: 'client', reason: REASON.HOST_KEY_NOT_VERIFIABLE, mentions: 'not among the known host keys' },
    },
    claims: {
      modified: [{ from: 'server', message: 'SSH_MSG_KEX_ECDH_REPLY' }],
      hostKey: 'unknown',
      disconnect: { by: 'client', reason: REASON.HOST_KEY_NOT_VERIFIABLE, mentions: ['not among the known host keys'], detectedAt: 'check host key' },
      computes: [
        { by: 'client', action: 'compute K', count: 0 },
        { by: 'client', action: 'compute H', count: 0 },
        { by: 'client', action: 'verify signature', count: 0 },
        { by: 'client', action: 'derive keys', count: 0 },
      ],
    },
  },
  {
    slug: 'forged-signature',
    group: 'Failures',
    title: 'A forged signature of the exchange hash',
    summary: 'One bit of the signature in KEX_ECDH_REPLY is flipped in transit: the client cannot verify it.',
    description:
      'The server signs the exchange hash H with its host key; the client computes the same H from the identification strings, both KEXINITs, the host key and the key exchange values, and checks the signature. ' +
      'An attacker flips one bit of the Ed25519 signature on the way; As sent and As received differ in that bit and nothing else. ' +
      'The host key is still the right one, and the client computes the same K and H as the server, ' +
      'but the signature no longer verifies, so the client disconnects with SSH_DISCONNECT_HOST_KEY_NOT_VERIFIABLE (9). ' +
      'Look at the "verify signature" step.',
    seed: 33,
    serverKeys: ['ssh-ed25519'],
    client: { kex: ['curve25519-sha256'] },
    attack: [
      {
        match: { from: 'server', message: 31 },
        tamper: { kind: 'rewrite', rewrite: corruptEcdhSignature() },
        note: "flips the last bit of the signature in the server's SSH_MSG_KEX_ECDH_REPLY",
      },
    ],
    expect: {
      ok: false,
      signatureVerifies: false,
      disconnect: { by: 'client', reason: REASON.HOST_KEY_NOT_VERIFIABLE, mentions: 'does not verify' },
    },
    claims: {
      modified: [{ from: 'server', message: 'SSH_MSG_KEX_ECDH_REPLY', bitsChanged: 1, changedField: 'signature' }],
      agree: { K: true, H: true },
      disconnect: { by: 'client', reason: REASON.HOST_KEY_NOT_VERIFIABLE, mentions: ['does not verify'], detectedAt: 'verify signature' },
      computes: [{ by: 'client', action: 'derive keys', count: 0 }],
    },
  },
  {
    slug: 'flipped-byte-mac-error',
    group: 'Failures',
    title: 'A flipped byte after NEWKEYS: MAC error',
    summary: 'One bit of the client\'s first encrypted packet is flipped; the server\'s MAC check fails.',
    description:
      'With the MAC negotiated here, hmac-sha2-256-etm@openssh.com (encrypt-then-MAC), every packet after NEWKEYS carries a MAC over its sequence number, ' +
      'packet_length and ciphertext. An attacker flips one bit of the ciphertext of the client\'s first encrypted packet (its SERVICE_REQUEST). ' +
      'The server checks the MAC before decrypting, finds it wrong, and disconnects with SSH_DISCONNECT_MAC_ERROR (5). ' +
      'Look at the packet As received: nothing of it was decrypted.',
    seed: 34,
    serverKeys: ['ssh-ed25519'],
    client: { cipher: ['aes128-ctr'], mac: ['hmac-sha2-256-etm@openssh.com'] },
    attack: [flipRule('client', 0)],
    expect: { ok: false, disconnect: { by: 'server', reason: REASON.MAC_ERROR, mentions: 'stream offset' } },
    claims: {
      modified: [{ from: 'client', message: 'SSH_MSG_SERVICE_REQUEST', bitsChanged: 1, changedField: 'ciphertext', undecrypted: true }],
      disconnect: { by: 'server', reason: REASON.MAC_ERROR, mentions: ['MAC mismatch (hmac-sha2-256-etm@openssh.com'], detectedAt: 'SSH_MSG_SERVICE_REQUEST' },
    },
  },
  {
    slug: 'reordered-packets',
    group: 'Failures',
    title: 'Reordered packets: sequence numbers catch it',
    summary: 'An attacker holds back one encrypted packet to send it later; the MAC covers the sequence number, so the next packet fails its check.',
    description:
      'A MAC (RFC 4253 §6.4) covers the packet\'s implicit sequence number, which binds the packet to its position in the stream. ' +
      'After the service is accepted the client sends an IGNORE (sequence number 1) and a DEBUG (2); an attacker holds back the IGNORE, to deliver it after the DEBUG. ' +
      'With aes128-ctr and hmac-sha2-256-etm@openssh.com the server checks the DEBUG\'s MAC with the sequence number it expects next, 1, ' +
      'and it does not match: SSH_DISCONNECT_MAC_ERROR. The server stops there, so the held-back IGNORE never arrives: the diagram shows it taken off the wire. ' +
      'The attacker never needed to read anything, and still could not reorder the stream unnoticed.',
    seed: 35,
    serverKeys: ['ssh-ed25519'],
    client: { cipher: ['aes128-ctr'], mac: ['hmac-sha2-256-etm@openssh.com'] },
    afterService: [
      request({ kind: 'ignore', data: bytes('first') }),
      request({ kind: 'debug', message: 'second', alwaysDisplay: false }),
    ],
    attack: [reorderRule('client', 1)],
    expect: { ok: false, disconnect: { by: 'server', reason: REASON.MAC_ERROR, mentions: 'stream offset' } },
    claims: {
      dropped: [{ from: 'client', message: 'SSH_MSG_IGNORE', seq: { sent: 1 } }],
      delivered: [{ from: 'client', message: 'SSH_MSG_DEBUG', seq: { sent: 2, received: 1 }, undecrypted: true }],
      disconnect: { by: 'server', reason: REASON.MAC_ERROR, mentions: ['MAC mismatch (hmac-sha2-256-etm@openssh.com, seq 1)'], detectedAt: 'SSH_MSG_DEBUG' },
    },
  },
  {
    slug: 'strict-kex-violation',
    group: 'Failures',
    title: 'Strict kex: a packet before KEXINIT',
    summary: 'An IGNORE slipped in before the client\'s KEXINIT is fatal when strict kex is on.',
    description:
      'Strict kex (OpenSSH\'s kex-strict-*-v00@openssh.com, the Terrapin countermeasure) requires SSH_MSG_KEXINIT to be the very first packet ' +
      'and forbids any other message until the first NEWKEYS. An attacker injects a harmless-looking SSH_MSG_IGNORE in front of the client\'s KEXINIT. ' +
      'The server reads the IGNORE and discards it (it cannot know yet that strict kex will be on), but its counter has moved: the KEXINIT the client sent as packet 0 ' +
      'is packet 1 for the server. Once the KEXINITs show that both sides offer strict kex, the server ends the connection ' +
      'with SSH_DISCONNECT_PROTOCOL_ERROR: KEXINIT was not the first packet.',
    seed: 36,
    serverKeys: ['ssh-ed25519'],
    attack: [
      {
        match: { from: 'client', message: MSG.KEXINIT },
        tamper: { kind: 'inject', where: 'before', forge: forgeIgnore(new Uint8Array(4)) },
        note: "injects an SSH_MSG_IGNORE before the client's SSH_MSG_KEXINIT",
      },
    ],
    expect: { ok: false, disconnect: { by: 'server', reason: REASON.PROTOCOL_ERROR, mentions: 'strict KEX violation' } },
    claims: {
      injected: [{ into: 'server', message: 'SSH_MSG_IGNORE', seq: { received: 0 }, ignored: true }],
      delivered: [{ from: 'client', message: 'SSH_MSG_KEXINIT', seq: { sent: 0, received: 1 } }],
      fields: MARKERS,
      disconnect: { by: 'server', reason: REASON.PROTOCOL_ERROR, mentions: ['strict KEX violation', 'SSH_MSG_KEXINIT was packet 2'], detectedAt: 'SSH_MSG_KEXINIT' },
    },
  },

  // ------------------------------------------------------------------ Attacks
  {
    slug: 'terrapin-chacha20-no-strict-kex',
    group: 'Attacks',
    title: 'Terrapin (CVE-2023-48795): EXT_INFO silently deleted',
    summary: 'Without strict kex, an injected IGNORE and a deleted packet cancel out: nobody notices the missing EXT_INFO.',
    description:
      'The Terrapin attack (Bäumer, Brinkmann, Schwenk, USENIX Security 2024) truncates the start of the encrypted stream. Neither side offers strict kex here, ' +
      'and the cipher is chacha20-poly1305@openssh.com, whose nonce is just the sequence number. ' +
      '1) Before the server\'s NEWKEYS the attacker injects an SSH_MSG_IGNORE into the server-to-client stream. Packets before NEWKEYS have no MAC, and ' +
      'the exchange hash covers the identification strings, the KEXINITs and the key exchange values, not IGNORE packets or sequence numbers. ' +
      'So the client discards the IGNORE, but counts it: the server\'s NEWKEYS, sent as packet 2, is packet 3 for the client. ' +
      '2) The attacker deletes the server\'s first encrypted packet, SSH_MSG_EXT_INFO (sent as 3). The client\'s counter never goes back; it does not need to: ' +
      'the server\'s next packet, SERVICE_ACCEPT, is sealed with 4, the number the client\'s inflated counter expects, and the connection carries on. ' +
      'Look at the server\'s view (EXT_INFO sent) and the client\'s (never received, no server-sig-algs), and at each side\'s sequence numbers after the IGNORE. ' +
      'Compare with the strict-kex and the AES-GCM versions of the same attack.',
    seed: 41,
    serverKeys: ['ssh-ed25519'],
    client: { strictKex: false, cipher: ['chacha20-poly1305@openssh.com'] },
    server: { strictKex: false },
    attack: terrapinRules(),
    expect: { ok: true, negotiated: { cipher: 'chacha20-poly1305@openssh.com' }, clientExtensions: { lacks: ['server-sig-algs'] } },
    claims: handshake({
      injected: [{ into: 'client', message: 'SSH_MSG_IGNORE', seq: { received: 2 }, ignored: true }],
      dropped: [{ from: 'server', message: 'SSH_MSG_EXT_INFO', seq: { sent: 3 } }],
      delivered: [
        { from: 'server', message: 'SSH_MSG_NEWKEYS', seq: { sent: 2, received: 3 } },
        { from: 'server', message: 'SSH_MSG_SERVICE_ACCEPT', seq: { sent: 4, received: 4 } },
      ],
    }),
  },
  {
    slug: 'terrapin-strict-kex',
    group: 'Attacks',
    title: 'Terrapin against strict kex: detected',
    summary: 'The same attacker, but both sides offer strict kex: the client stops at the injected IGNORE, before the deletion can matter.',
    description:
      'The same attacker with the same two moves, but client and server both offer strict kex (kex-strict-c/s-v00@openssh.com). ' +
      'Strict kex makes two changes: no message other than the key exchange itself is allowed before the first NEWKEYS, and sequence numbers restart at 0 after every NEWKEYS. ' +
      'The first change ends it here: the client sees an SSH_MSG_IGNORE during the initial key exchange and disconnects with SSH_DISCONNECT_PROTOCOL_ERROR. ' +
      'The client reads nothing after the IGNORE: the server\'s NEWKEYS and EXT_INFO are sent but never read (neither has a copy as received), ' +
      'so the attacker\'s deletion of EXT_INFO changes nothing and cannot be seen in this session. ' +
      'The second change shows in the numbers: the server sends EXT_INFO as packet 0, and the client\'s DISCONNECT, sent after its own NEWKEYS, is packet 0 too.',
    seed: 42,
    serverKeys: ['ssh-ed25519'],
    client: { cipher: ['chacha20-poly1305@openssh.com'] },
    attack: terrapinRules(),
    expect: { ok: false, disconnect: { by: 'client', reason: REASON.PROTOCOL_ERROR, mentions: 'strict KEX' } },
    claims: {
      fields: MARKERS,
      injected: [{ into: 'client', message: 'SSH_MSG_IGNORE', seq: { received: 2 }, ignored: false }],
      notDelivered: [
        { from: 'server', message: 'SSH_MSG_NEWKEYS', seq: { sent: 2 } },
        { from: 'server', message: 'SSH_MSG_EXT_INFO', seq: { sent: 0 } },
      ],
      delivered: [{ from: 'client', message: 'SSH_MSG_DISCONNECT', seq: { sent: 0, received: 0 } }],
      disconnect: { by: 'client', reason: REASON.PROTOCOL_ERROR, mentions: ['strict KEX violation', 'SSH_MSG_IGNORE'], detectedAt: 'SSH_MSG_IGNORE' },
    },
  },
  {
    slug: 'terrapin-aes-gcm-no-strict-kex',
    group: 'Attacks',
    title: 'Terrapin against AES-GCM: the invocation counters give it away',
    summary: 'The same attack without strict kex, but with AES-GCM: the sequence numbers line up again, the GCM nonces do not, and SERVICE_ACCEPT fails its tag.',
    description:
      'The same two moves against aes128-gcm@openssh.com, again without strict kex. The client discards the injected IGNORE and counts it, ' +
      'so the server\'s NEWKEYS (sent as 2) is 3 for the client; the deleted EXT_INFO brings the sequence numbers back in line, exactly as with chacha20-poly1305: ' +
      'the server seals SERVICE_ACCEPT as 4 and the client counts it as 4. But AES-GCM does not use the sequence number. Its nonce is a 4-byte fixed field and an ' +
      '8-byte invocation counter, which each side increments after every packet it seals or opens under the new keys (RFC 5647 §7.1). ' +
      'The server sealed EXT_INFO and then SERVICE_ACCEPT, so SERVICE_ACCEPT is its second packet under these keys; the client never saw EXT_INFO, ' +
      'so it opens SERVICE_ACCEPT as its first, with a nonce one lower. The tag does not verify, and the client disconnects with SSH_DISCONNECT_MAC_ERROR: ' +
      'the error names the invocation counter the client used. ' +
      'The Terrapin paper shows the attack practical against chacha20-poly1305 and the CBC encrypt-then-MAC modes; strict kex is the fix that does not depend on the cipher.',
    seed: 44,
    serverKeys: ['ssh-ed25519'],
    client: { strictKex: false, cipher: ['aes128-gcm@openssh.com'] },
    server: { strictKex: false },
    attack: terrapinRules(),
    expect: { ok: false, disconnect: { by: 'client', reason: REASON.MAC_ERROR, mentions: 'authentication tag' } },
    claims: {
      injected: [{ into: 'client', message: 'SSH_MSG_IGNORE', seq: { received: 2 }, ignored: true }],
      dropped: [{ from: 'server', message: 'SSH_MSG_EXT_INFO', seq: { sent: 3 } }],
      delivered: [
        { from: 'server', message: 'SSH_MSG_NEWKEYS', seq: { sent: 2, received: 3 } },
        { from: 'server', message: 'SSH_MSG_SERVICE_ACCEPT', seq: { sent: 4, received: 4 }, undecrypted: true },
      ],
      consecutive: [{ from: 'server', messages: ['SSH_MSG_NEWKEYS', 'SSH_MSG_EXT_INFO', 'SSH_MSG_SERVICE_ACCEPT'] }],
      disconnect: {
        by: 'client',
        reason: REASON.MAC_ERROR,
        mentions: ['authentication tag mismatch (aes128-gcm@openssh.com)', "invocation counter 0x", "this side's packet 1 under these keys", 'the sequence number (4) is no input'],
        detectedAt: 'SSH_MSG_SERVICE_ACCEPT',
      },
    },
  },
  {
    slug: 'deleted-packet-detected',
    group: 'Attacks',
    title: 'Half of Terrapin: a deleted packet alone is caught',
    summary: 'The attacker deletes the server\'s EXT_INFO but injects nothing first: the client\'s sequence number falls one behind and the next packet fails.',
    description:
      'The same setup the Terrapin attack gets through (no strict kex, chacha20-poly1305@openssh.com), and only its second move: the attacker deletes the server\'s ' +
      'first encrypted packet, SSH_MSG_EXT_INFO (sent as packet 3). Sequence numbers are never sent: each side counts the packets it sends and receives (RFC 4253 §6.4). ' +
      'The client\'s receive counter still expects 3, but the next packet it gets, SERVICE_ACCEPT, was sealed by the server as packet 4. ' +
      'chacha20-poly1305 uses the sequence number as the nonce of the ChaCha20 stream that encrypts packet_length, so the client decrypts the length with the wrong nonce, ' +
      'reads a nonsense packet_length and disconnects with SSH_DISCONNECT_PROTOCOL_ERROR before it can check the Poly1305 tag. ' +
      'Deleting a packet is caught; Terrapin works because its injected IGNORE first moves the client\'s counter one ahead. ' +
      'Look at the sequence numbers of SERVICE_ACCEPT as sent and as expected, and compare with the Terrapin session.',
    seed: 46,
    serverKeys: ['ssh-ed25519'],
    client: { strictKex: false, cipher: ['chacha20-poly1305@openssh.com'] },
    server: { strictKex: false },
    attack: [dropRule('server', 4)],
    expect: { ok: false, negotiated: { cipher: 'chacha20-poly1305@openssh.com' }, disconnect: { by: 'client', reason: REASON.PROTOCOL_ERROR, mentions: 'packet_length' } },
    claims: {
      dropped: [{ from: 'server', message: 'SSH_MSG_EXT_INFO', seq: { sent: 3 } }],
      disconnect: { by: 'client', reason: REASON.PROTOCOL_ERROR, mentions: ['packet_length'], detectedAt: 'SSH_MSG_SERVICE_ACCEPT' },
    },
  },
  {
    slug: 'downgrade-kexinit',
    group: 'Attacks',
    title: 'A downgrade attempt caught by the exchange hash',
    summary: 'The attacker strips the strongest ciphers and MACs from the server\'s KEXINIT; the signature of H no longer verifies.',
    description:
      'KEXINIT travels in clear, so an attacker can edit it: here it cuts the server\'s cipher and MAC lists down to aes128-ctr and hmac-sha1, ' +
      'dropping chacha20-poly1305, AES-GCM and every SHA-2 MAC, so the client negotiates the weakest pair. But both KEXINITs, exactly as each side sent or received them, ' +
      'are inputs I_C and I_S of the exchange hash. The client hashes the edited I_S, the server the original, so their H differ, ' +
      'and the server\'s signature of its H does not verify for the client: SSH_DISCONNECT_HOST_KEY_NOT_VERIFIABLE. ' +
      'Compare the "negotiate" steps of both sides: they disagree, which is exactly what the signature check exists to catch.',
    seed: 43,
    serverKeys: ['ssh-ed25519'],
    attack: [downgradeRule('server')],
    expect: {
      ok: false,
      signatureVerifies: false,
      negotiated: { cipher: 'aes128-ctr', mac: 'hmac-sha1' },
      disconnect: { by: 'client', reason: REASON.HOST_KEY_NOT_VERIFIABLE, mentions: 'does not verify' },
    },
    claims: {
      modified: [{ from: 'server', message: 'SSH_MSG_KEXINIT' }],
      agree: { K: true, H: false, negotiated: false },
      disconnect: { by: 'client', reason: REASON.HOST_KEY_NOT_VERIFIABLE, mentions: ['does not verify'], detectedAt: 'verify signature' },
    },
  },
];
