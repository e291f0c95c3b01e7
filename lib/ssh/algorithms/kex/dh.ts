// Finite-field Diffie-Hellman (RFC 4253 §8, RFC 8268, RFC 4419) over bigint.

import { bigintToBytes, bytesToBigint } from '../../wire/bytes';
import { encodeMpint } from '../../wire/writer';
import type { HashName } from '../hash';
import type { DhGroup, DhKexAlgorithm } from '../types';
import { MODP_2048, MODP_3072, MODP_4096, MODP_6144, MODP_8192, OAKLEY_GROUP_2 } from './modp';

export function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = base % mod;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
    e >>= 1n;
  }
  return result;
}

export const groups = {
  oakley2: { p: OAKLEY_GROUP_2, g: 2n, name: 'RFC 2409 Oakley group 2 (1024-bit MODP)' },
  modp2048: { p: MODP_2048, g: 2n, name: 'RFC 3526 group 14 (2048-bit MODP)' },
  modp3072: { p: MODP_3072, g: 2n, name: 'RFC 3526 group 15 (3072-bit MODP)' },
  modp4096: { p: MODP_4096, g: 2n, name: 'RFC 3526 group 16 (4096-bit MODP)' },
  modp6144: { p: MODP_6144, g: 2n, name: 'RFC 3526 group 17 (6144-bit MODP)' },
  modp8192: { p: MODP_8192, g: 2n, name: 'RFC 3526 group 18 (8192-bit MODP)' },
} satisfies Record<string, DhGroup>;

export function groupBits(g: DhGroup): number {
  return g.p.toString(2).length;
}

/**
 * The private exponent x: 512 bits of entropy, like OpenSSH's "twice the strongest symmetric key"
 * rule for 256-bit ciphers. 2 ≤ x, and x is far below q = (p-1)/2 for every group here (≥ 1024 bits).
 */
export const DH_EXPONENT_BYTES = 64;

function privateExponent(entropy: Uint8Array, group: DhGroup): bigint {
  const x = bytesToBigint(entropy) % (group.p - 3n);
  return x + 2n;
}

/** RFC 4253 §8: values outside [1, p-1] must not be accepted; 1 and p-1 give trivial secrets too. */
export function checkPublic(y: bigint, group: DhGroup): string | null {
  if (y <= 1n) return `public value ${y} is not greater than 1`;
  if (y >= group.p - 1n) return 'public value is not less than p-1';
  return null;
}

export function dhKeypair(entropy: Uint8Array, group: DhGroup) {
  const x = privateExponent(entropy, group);
  const e = modPow(group.g, x, group.p);
  return { privateKey: bigintToBytes(x), publicKey: bigintToBytes(e) };
}

export function dhSharedSecret(privateKey: Uint8Array, peerPublic: Uint8Array, group: DhGroup) {
  const y = bytesToBigint(peerPublic);
  const bad = checkPublic(y, group);
  if (bad) return { ok: false as const, reason: bad };
  const K = modPow(y, bytesToBigint(privateKey), group.p);
  if (K <= 1n || K >= group.p - 1n) return { ok: false as const, reason: 'shared secret is degenerate' };
  return { ok: true as const, K: encodeMpint(K) };
}

function fixedGroup(name: string, hash: HashName, group: DhGroup, ref: string): DhKexAlgorithm {
  return {
    name,
    family: 'dh',
    hash,
    ref,
    group,
    entropyLength: () => DH_EXPONENT_BYTES,
    keypair: (entropy) => dhKeypair(entropy, group),
    sharedSecret: (priv, peer) => dhSharedSecret(priv, peer, group),
  };
}

export const dhMethods: DhKexAlgorithm[] = [
  fixedGroup('diffie-hellman-group14-sha256', 'sha256', groups.modp2048, 'RFC 8268 §3'),
  fixedGroup('diffie-hellman-group16-sha512', 'sha512', groups.modp4096, 'RFC 8268 §3'),
  fixedGroup('diffie-hellman-group18-sha512', 'sha512', groups.modp8192, 'RFC 8268 §3'),
  // How good each is (group1-sha1: SHOULD NOT, RFC 9142) lives in ../ratings.ts.
  fixedGroup('diffie-hellman-group14-sha1', 'sha1', groups.modp2048, 'RFC 4253 §8.2'),
  fixedGroup('diffie-hellman-group1-sha1', 'sha1', groups.oakley2, 'RFC 4253 §8.1'),
];

/** The safe primes a server offers for group exchange, smallest first. */
export const gexGroups: DhGroup[] = [groups.modp2048, groups.modp3072, groups.modp4096, groups.modp6144, groups.modp8192];

/**
 * The server's choice for SSH_MSG_KEX_DH_GEX_REQUEST (RFC 4419 §3): the smallest group of at
 * least n bits within [min, max]; failing that, the largest group within [min, max].
 */
export function chooseGexGroup(min: number, n: number, max: number): DhGroup | null {
  const fits = gexGroups.filter((g) => groupBits(g) >= min && groupBits(g) <= max);
  if (fits.length === 0) return null;
  return fits.find((g) => groupBits(g) >= n) ?? fits[fits.length - 1];
}

export const gexMethod: DhKexAlgorithm = {
  name: 'diffie-hellman-group-exchange-sha256',
  family: 'dh-gex',
  hash: 'sha256',
  ref: 'RFC 4419 §3',
  entropyLength: () => DH_EXPONENT_BYTES,
  keypair: (entropy, group) => dhKeypair(entropy, need(group)),
  sharedSecret: (priv, peer, group) => dhSharedSecret(priv, peer, need(group)),
};

function need(group: DhGroup | undefined): DhGroup {
  if (!group) throw new Error('group exchange needs the negotiated group');
  return group;
}
