// An endpoint's configuration: data only, so it can be recorded and replayed.

import type { HostPublicKey } from '../algorithms/types';

export type Role = 'client' | 'server';

export interface EndpointConfig {
  role: Role;
  /** The identification string without CR LF: "SSH-2.0-sshscope_0.1". */
  version: string;
  /** Preference-ordered IANA names; used for both directions. */
  kex: string[];
  hostKey: string[];
  cipher: string[];
  mac: string[];
  compression: string[];
  /** Advertise kex-strict-c/s-v00@openssh.com (OpenSSH's Terrapin countermeasure). */
  strictKex: boolean;
  /** Advertise ext-info-c (client) / send EXT_INFO when the client asks (server). RFC 8308. */
  extInfo: boolean;
  /** Server: the public halves of the host keys its driver can sign with (see needSignature). */
  hostKeys?: HostPublicKey[];
  /** Client: public key blobs it trusts. Absent: accept any key and say so in the trace. */
  knownHostKeys?: Uint8Array[];
  /** Server: lines sent before the version line (RFC 4253 §4.2). */
  bannerLines?: string[];
  /** Client: set first_kex_packet_follows and send the guessed kex packet at once (RFC 4253 §7). */
  guessKex?: boolean;
  /** Client: group sizes for diffie-hellman-group-exchange (RFC 4419 §3). */
  gex?: { min: number; n: number; max: number };
  /** Largest packet_length accepted before anything is allocated. */
  maxPacketLength?: number;
  /** Server: services it accepts. */
  services?: string[];
  /**
   * Server: the value of `server-sig-algs` in its EXT_INFO, the public key algorithms it accepts
   * for `publickey` user authentication (RFC 8308 §3.1). Recorded, so a replay sends what was sent.
   * Absent in files made before it existed: those servers sent their host key list, and replay
   * sends that again (see kexFlow).
   */
  serverSigAlgs?: string[];
}

export const SOFTWARE_VERSION = 'SSH-2.0-sshscope_0.1';

/**
 * OpenSSH 10.0's order, so that with a modern peer sshscope makes the handshake `ssh` makes, and
 * with OpenSSH 9.x (sntrup761x25519-sha512@openssh.com is its default) the one that `ssh` makes.
 * PuTTY's mlkem768nistp256-sha256 and mlkem1024nistp384-sha384 are implemented but, as in
 * OpenSSH, not offered unless asked for.
 */
export const DEFAULT_KEX = [
  'mlkem768x25519-sha256',
  'sntrup761x25519-sha512',
  'sntrup761x25519-sha512@openssh.com',
  'curve25519-sha256',
  'curve25519-sha256@libssh.org',
  'ecdh-sha2-nistp256',
  'ecdh-sha2-nistp384',
  'ecdh-sha2-nistp521',
  'diffie-hellman-group-exchange-sha256',
  'diffie-hellman-group16-sha512',
  'diffie-hellman-group18-sha512',
  'diffie-hellman-group14-sha256',
];

export const DEFAULT_HOST_KEY = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
];

export const DEFAULT_CIPHER = [
  'chacha20-poly1305@openssh.com',
  'aes128-ctr',
  'aes192-ctr',
  'aes256-ctr',
  'aes128-gcm@openssh.com',
  'aes256-gcm@openssh.com',
];

export const DEFAULT_MAC = [
  'umac-64-etm@openssh.com',
  'umac-128-etm@openssh.com',
  'hmac-sha2-256-etm@openssh.com',
  'hmac-sha2-512-etm@openssh.com',
  'hmac-sha1-etm@openssh.com',
  'umac-64@openssh.com',
  'umac-128@openssh.com',
  'hmac-sha2-256',
  'hmac-sha2-512',
  'hmac-sha1',
];

/**
 * What sshscope's server advertises in `server-sig-algs`. RFC 8308 §3.1 defines it as the public
 * key algorithms the server accepts for `publickey` user authentication. sshscope runs the
 * transport layer only and accepts no user authentication at all, so the honest answer is the
 * algorithms it *would* verify: those its engine can check a signature with
 * (lib/ssh/algorithms/hostkey), SHA-2 only. `ssh-rsa` (RSA with SHA-1) is verified for old host
 * keys but left out here, as OpenSSH's default PubkeyAcceptedAlgorithms leaves it out since 8.8.
 * It is a list of its own, not the host key list: which host keys a server holds says nothing
 * about which user keys it accepts.
 */
export const DEFAULT_SERVER_SIG_ALGS = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
];

export const DEFAULT_GEX = { min: 2048, n: 3072, max: 8192 };
/** OpenSSH's limit; RFC 4253 §6.1 only requires 35000. */
export const DEFAULT_MAX_PACKET = 256 * 1024;

export function defaultConfig(role: Role, overrides: Partial<EndpointConfig> = {}): EndpointConfig {
  return {
    role,
    version: SOFTWARE_VERSION,
    kex: DEFAULT_KEX,
    hostKey: DEFAULT_HOST_KEY,
    cipher: DEFAULT_CIPHER,
    mac: DEFAULT_MAC,
    compression: ['none'],
    strictKex: true,
    extInfo: true,
    services: role === 'server' ? ['ssh-userauth'] : undefined,
    ...(role === 'server' ? { serverSigAlgs: DEFAULT_SERVER_SIG_ALGS } : {}),
    ...overrides,
  };
}
