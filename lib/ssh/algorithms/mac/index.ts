// The MAC registry (RFC 4253 §6.4, RFC 6668, OpenSSH's -etm and umac variants).

import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { concat, u32be } from '../../wire/bytes';
import type { MacAlgorithm } from '../types';
import { createUmac } from './umac';

export interface MacImpl extends MacAlgorithm {
  /** Keyed once; then the tag over (seq, data). HMACs hash uint32 seq || data, UMAC uses seq as nonce. */
  create(key: Uint8Array): (seq: number, data: Uint8Array) => Uint8Array;
}

function hmacMac(name: string, h: Parameters<typeof hmac>[0], keyLength: number, ref: string): MacImpl[] {
  const make = (n: string, etm: boolean): MacImpl => ({
    name: n,
    keyLength,
    macLength: keyLength,
    etm,
    ref: etm ? `${ref}; OpenSSH PROTOCOL §1.5 (encrypt-then-MAC)` : ref,
    create: (key) => (seq, data) => hmac(h, key, concat(u32be(seq), data)),
  });
  return [make(name, false), make(`${name}-etm@openssh.com`, true)];
}

function umacMac(bits: 64 | 128): MacImpl[] {
  const make = (etm: boolean): MacImpl => ({
    name: `umac-${bits}${etm ? '-etm' : ''}@openssh.com`,
    keyLength: 16,
    macLength: bits / 8,
    etm,
    ref: etm ? 'RFC 4418; OpenSSH PROTOCOL §1.5 (encrypt-then-MAC)' : 'RFC 4418',
    create(key) {
      const u = createUmac(key, (bits / 8) as 8 | 16);
      return (seq, data) => {
        const nonce = new Uint8Array(8);
        new DataView(nonce.buffer).setUint32(4, seq);
        return u.tag(data, nonce);
      };
    },
  });
  return [make(false), make(true)];
}

export const macImpls: Record<string, MacImpl> = Object.fromEntries(
  [
    ...umacMac(64),
    ...umacMac(128),
    ...hmacMac('hmac-sha2-256', sha256, 32, 'RFC 6668'),
    ...hmacMac('hmac-sha2-512', sha512, 64, 'RFC 6668'),
    ...hmacMac('hmac-sha1', sha1, 20, 'RFC 4253 §6.4'),
  ].map((m) => [m.name, m]),
);

export const macs: Record<string, MacAlgorithm> = macImpls;
