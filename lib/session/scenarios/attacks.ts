// Attacker rules that both the bundled scenarios (catalog.ts) and the playground's attack lab
// (lib/session/attackRules.ts) use: one builder per move, so a lab run and its scenario cannot
// drift apart.

import { MSG } from '../../ssh/messages/numbers';
import { kexAlgorithms } from '../../ssh/algorithms/kex';
import type { Endpoint } from '../simulate';
import type { AttackRule } from './attacker';
import type { HostKeyPair } from '../../ssh/algorithms/types';
import { editKexinit, flipBit, forgeIgnore, impersonateReply } from './forge';

const whose = (e: Endpoint) => `the ${e}'s`;

/** The two moves of the Terrapin attack on the server→client stream. */
export function terrapinRules(): AttackRule[] {
  return [
    {
      match: { from: 'server', message: MSG.NEWKEYS },
      tamper: { kind: 'inject', where: 'before', forge: forgeIgnore(new Uint8Array(0)) },
      note: "injects an SSH_MSG_IGNORE into the server's stream before its SSH_MSG_NEWKEYS",
    },
    {
      match: { from: 'server', encrypted: 0 },
      tamper: { kind: 'drop' },
      note: "deletes the server's first encrypted packet (SSH_MSG_EXT_INFO)",
    },
  ];
}

/** Cuts one side's KEXINIT cipher and MAC lists down to aes128-ctr and hmac-sha1 (a downgrade attempt). */
export function downgradeRule(from: Endpoint): AttackRule {
  return {
    match: { from, message: MSG.KEXINIT },
    tamper: {
      kind: 'rewrite',
      rewrite: editKexinit((l) => ({
        ...l,
        encryption_algorithms_client_to_server: ['aes128-ctr'],
        encryption_algorithms_server_to_client: ['aes128-ctr'],
        mac_algorithms_client_to_server: ['hmac-sha1'],
        mac_algorithms_server_to_client: ['hmac-sha1'],
      })),
    },
    note: `rewrites ${whose(from)} SSH_MSG_KEXINIT to offer only aes128-ctr and hmac-sha1`,
  };
}

/** Flips one bit at byte 8 (past packet_length: ciphertext) of the `encrypted`-th encrypted packet (0: the first). */
export function flipRule(from: Endpoint, encrypted: number): AttackRule {
  return {
    match: { from, encrypted },
    tamper: { kind: 'rewrite', rewrite: flipBit(8) },
    note: `flips one bit of the ciphertext of ${whose(from)} encrypted packet ${encrypted + 1}`,
  };
}

/** Holds back the `encrypted`-th encrypted packet (0: the first) and delivers it after the next one. */
export function reorderRule(from: Endpoint, encrypted: number): AttackRule {
  return {
    match: { from, encrypted },
    tamper: { kind: 'delay', by: 1 },
    note: `holds back ${whose(from)} encrypted packet ${encrypted + 1}, to deliver it after the next one`,
  };
}

/** Deletes the `packet`-th packet (1: the first after the identification line) in one direction. */
export function dropRule(from: Endpoint, packet: number): AttackRule {
  // In the simulator every chunk after the identification line is one whole packet.
  return { match: { from, chunk: packet }, tamper: { kind: 'drop' }, note: `deletes ${whose(from)} packet ${packet}` };
}

const REPLY_NAMES: Record<string, string> = { ecdh: 'SSH_MSG_KEX_ECDH_REPLY', hybrid: 'SSH_MSG_KEX_HYBRID_REPLY', dh: 'SSH_MSG_KEXDH_REPLY', 'dh-gex': 'SSH_MSG_KEX_DH_GEX_REPLY' };

/** The seed of the attacker's own demo host key. */
export const ATTACKER_KEY_SEED = 'the attacker';

/** Replaces the server's ECDH reply with one from the attacker's own host key `key` (impersonateReply). */
export function impersonateRule(kex: string, signatureAlgorithm: string, key: HostKeyPair): AttackRule {
  return {
    // 31: SSH_MSG_KEX_ECDH_REPLY in the ECDH family (RFC 5656 §7.1), SSH_MSG_KEXDH_REPLY in fixed-group DH (RFC 4253 §8), SSH_MSG_KEX_HYBRID_REPLY in the hybrids.
    match: { from: 'server', message: 31 },
    tamper: { kind: 'rewrite', rewrite: impersonateReply(kex, signatureAlgorithm, key) },
    note: `replaces the server's ${REPLY_NAMES[kexAlgorithms[kex]?.family ?? 'ecdh']} with one signed by the attacker's own host key`,
  };
}
