// The layout tables: one per message. Encode, decode, the field tree and the docs all read these.

import type { KexFamily } from '../algorithms/types';
import { connectionSpecs, pingSpecs } from './connectionSpecs';
import type { FieldSpec, MessageSpec } from './layout';
import { methodSpecs, userauthSpecs } from './userauthSpecs';

const T = 'RFC 4253';

export const DISCONNECT: MessageSpec = {
  number: 1,
  name: 'SSH_MSG_DISCONNECT',
  ref: `${T} §11.1`,
  fields: [
    { name: 'reason_code', type: 'uint32', ref: `${T} §11.1`, doc: 'Why the connection is closed (SSH_DISCONNECT_*).' },
    { name: 'description', type: 'text', ref: `${T} §11.1`, doc: 'Human-readable reason, UTF-8.' },
    { name: 'language_tag', type: 'text', ref: `${T} §11.1`, doc: 'RFC 3066 language tag, usually empty.' },
  ],
};

export const IGNORE: MessageSpec = {
  number: 2,
  name: 'SSH_MSG_IGNORE',
  ref: `${T} §11.2`,
  fields: [{ name: 'data', type: 'string', ref: `${T} §11.2`, doc: 'Arbitrary bytes the receiver must ignore.' }],
};

export const UNIMPLEMENTED: MessageSpec = {
  number: 3,
  name: 'SSH_MSG_UNIMPLEMENTED',
  ref: `${T} §11.4`,
  fields: [
    {
      name: 'packet_sequence_number',
      type: 'uint32',
      ref: `${T} §11.4`,
      doc: 'Sequence number of the rejected packet.',
    },
  ],
};

export const DEBUG: MessageSpec = {
  number: 4,
  name: 'SSH_MSG_DEBUG',
  ref: `${T} §11.3`,
  fields: [
    { name: 'always_display', type: 'boolean', ref: `${T} §11.3`, doc: 'True: the message SHOULD be displayed. False: only if the user asked for debugging.' },
    { name: 'message', type: 'text', ref: `${T} §11.3`, doc: 'Debugging text, UTF-8: shown as plain text, never as markup.' },
    { name: 'language_tag', type: 'text', ref: `${T} §11.3` },
  ],
};

export const SERVICE_REQUEST: MessageSpec = {
  number: 5,
  name: 'SSH_MSG_SERVICE_REQUEST',
  ref: `${T} §10`,
  fields: [{ name: 'service_name', type: 'text', ref: `${T} §10`, doc: 'e.g. "ssh-userauth".' }],
};

export const SERVICE_ACCEPT: MessageSpec = {
  number: 6,
  name: 'SSH_MSG_SERVICE_ACCEPT',
  ref: `${T} §10`,
  fields: [{ name: 'service_name', type: 'text', ref: `${T} §10` }],
};

export const EXT_INFO: MessageSpec = {
  number: 7,
  name: 'SSH_MSG_EXT_INFO',
  ref: 'RFC 8308 §2.3',
  fields: [{ name: 'extensions', type: 'extensions', ref: 'RFC 8308 §2.3' }],
};

const K = `${T} §7.1`;
export const KEXINIT: MessageSpec = {
  number: 20,
  name: 'SSH_MSG_KEXINIT',
  ref: K,
  fields: [
    {
      name: 'cookie',
      type: 'cookie',
      ref: K,
      doc: '16 random bytes from the sender. Both cookies are hashed into H, so neither side alone can fully determine the keys and the session id.',
    },
    { name: 'kex_algorithms', type: 'name-list', ref: K },
    { name: 'server_host_key_algorithms', type: 'name-list', ref: K },
    { name: 'encryption_algorithms_client_to_server', type: 'name-list', ref: K },
    { name: 'encryption_algorithms_server_to_client', type: 'name-list', ref: K },
    { name: 'mac_algorithms_client_to_server', type: 'name-list', ref: K },
    { name: 'mac_algorithms_server_to_client', type: 'name-list', ref: K },
    { name: 'compression_algorithms_client_to_server', type: 'name-list', ref: K },
    { name: 'compression_algorithms_server_to_client', type: 'name-list', ref: K },
    { name: 'languages_client_to_server', type: 'name-list', ref: K },
    { name: 'languages_server_to_client', type: 'name-list', ref: K },
    { name: 'first_kex_packet_follows', type: 'boolean', ref: K, doc: 'A guessed kex packet follows this one.' },
    { name: 'reserved', type: 'uint32', ref: K, doc: 'Reserved for future extension, 0.' },
  ],
};

export const NEWKEYS: MessageSpec = { number: 21, name: 'SSH_MSG_NEWKEYS', ref: `${T} §7.3`, fields: [] };

const sig: FieldSpec = { name: 'signature', type: 'signature', doc: 'The host key signature of the exchange hash H.' };

// Kex-method messages (numbers 30–49 mean different things per method).
const E = 'RFC 5656 §4';
export const KEX_ECDH_INIT: MessageSpec = {
  number: 30,
  name: 'SSH_MSG_KEX_ECDH_INIT',
  ref: E,
  fields: [{ name: 'Q_C', type: 'string', ref: E, doc: "Client's ephemeral public key." }],
};
export const KEX_ECDH_REPLY: MessageSpec = {
  number: 31,
  name: 'SSH_MSG_KEX_ECDH_REPLY',
  ref: E,
  fields: [
    { name: 'K_S', type: 'host-key', ref: E, doc: "Server's public host key." },
    { name: 'Q_S', type: 'string', ref: E, doc: "Server's ephemeral public key." },
    { ...sig, ref: E },
  ],
};

const D = `${T} §8`;
export const KEXDH_INIT: MessageSpec = {
  number: 30,
  name: 'SSH_MSG_KEXDH_INIT',
  ref: D,
  fields: [{ name: 'e', type: 'mpint', ref: D, doc: 'e = g^x mod p' }],
};
export const KEXDH_REPLY: MessageSpec = {
  number: 31,
  name: 'SSH_MSG_KEXDH_REPLY',
  ref: D,
  fields: [
    { name: 'K_S', type: 'host-key', ref: D, doc: "Server's public host key." },
    { name: 'f', type: 'mpint', ref: D, doc: 'f = g^y mod p' },
    { ...sig, ref: D },
  ],
};

const G = 'RFC 4419 §3';
export const KEX_DH_GEX_REQUEST: MessageSpec = {
  number: 34,
  name: 'SSH_MSG_KEX_DH_GEX_REQUEST',
  ref: G,
  fields: [
    { name: 'min', type: 'uint32', ref: G, doc: 'Minimal acceptable group size in bits.' },
    { name: 'n', type: 'uint32', ref: G, doc: 'Preferred group size in bits.' },
    { name: 'max', type: 'uint32', ref: G, doc: 'Maximal acceptable group size in bits.' },
  ],
};
export const KEX_DH_GEX_GROUP: MessageSpec = {
  number: 31,
  name: 'SSH_MSG_KEX_DH_GEX_GROUP',
  ref: G,
  fields: [
    { name: 'p', type: 'mpint', ref: G, doc: 'Safe prime.' },
    { name: 'g', type: 'mpint', ref: G, doc: 'Generator for the subgroup.' },
  ],
};
export const KEX_DH_GEX_INIT: MessageSpec = {
  number: 32,
  name: 'SSH_MSG_KEX_DH_GEX_INIT',
  ref: G,
  fields: [{ name: 'e', type: 'mpint', ref: G, doc: 'e = g^x mod p' }],
};
export const KEX_DH_GEX_REPLY: MessageSpec = {
  number: 33,
  name: 'SSH_MSG_KEX_DH_GEX_REPLY',
  ref: G,
  fields: [
    { name: 'K_S', type: 'host-key', ref: G, doc: "Server's public host key." },
    { name: 'f', type: 'mpint', ref: G, doc: 'f = g^y mod p' },
    { ...sig, ref: G },
  ],
};

// PQ/T hybrid methods (mlkem768x25519-sha256 and its NIST-curve siblings) reuse 30/31 with their
// own names; C_INIT and S_REPLY are each one string of concatenated fixed-length parts.
const Y = 'draft-ietf-sshm-mlkem-hybrid-kex-10 §2.1';
export const KEX_HYBRID_INIT: MessageSpec = {
  number: 30,
  name: 'SSH_MSG_KEX_HYBRID_INIT',
  ref: Y,
  fields: [
    {
      name: 'C_INIT',
      type: 'hybrid-init',
      ref: Y,
      doc: "C_PK2 || C_PK1: the client's ephemeral ML-KEM encapsulation key, then its ephemeral ECDH public key.",
    },
  ],
};
export const KEX_HYBRID_REPLY: MessageSpec = {
  number: 31,
  name: 'SSH_MSG_KEX_HYBRID_REPLY',
  ref: Y,
  fields: [
    { name: 'K_S', type: 'host-key', ref: Y, doc: "Server's public host key." },
    {
      name: 'S_REPLY',
      type: 'hybrid-reply',
      ref: Y,
      doc: "S_CT2 || S_PK1: the ML-KEM ciphertext encapsulated to C_PK2, then the server's ephemeral ECDH public key.",
    },
    { ...sig, ref: Y },
  ],
};

export const transportSpecs: MessageSpec[] = [
  DISCONNECT,
  IGNORE,
  UNIMPLEMENTED,
  DEBUG,
  SERVICE_REQUEST,
  SERVICE_ACCEPT,
  EXT_INFO,
  KEXINIT,
  NEWKEYS,
];

export const kexSpecs: Record<KexFamily, MessageSpec[]> = {
  ecdh: [KEX_ECDH_INIT, KEX_ECDH_REPLY],
  dh: [KEXDH_INIT, KEXDH_REPLY],
  'dh-gex': [KEX_DH_GEX_REQUEST, KEX_DH_GEX_GROUP, KEX_DH_GEX_INIT, KEX_DH_GEX_REPLY],
  hybrid: [KEX_HYBRID_INIT, KEX_HYBRID_REPLY],
};

/** User authentication, connection protocol and ping: numbers 50 and up whose meaning is fixed. */
export const higherLayerSpecs: MessageSpec[] = [...userauthSpecs, ...connectionSpecs, ...pingSpecs];

export { methodSpecs };

export const allSpecs: MessageSpec[] = [
  ...transportSpecs,
  ...Object.values(kexSpecs).flat(),
  ...higherLayerSpecs,
  ...Object.values(methodSpecs).flat(),
];

/**
 * What a decoder knows beyond the bytes. Numbers 60–79 are reused by each user authentication
 * method (RFC 4252 §6): 60 is USERAUTH_PK_OK during publickey, USERAUTH_PASSWD_CHANGEREQ during
 * password and USERAUTH_INFO_REQUEST during keyboard-interactive. A decoder that follows a session
 * passes the method_name of the last USERAUTH_REQUEST the client sent.
 */
export interface DecodeContext {
  authMethod?: string;
}

const fixedSpecs = new Map<number, MessageSpec>([...transportSpecs, ...higherLayerSpecs].map((s) => [s.number, s]));

/** Whether `number` is one of the method-specific user authentication numbers (RFC 4252 §6). */
export function isAuthMethodNumber(number: number): boolean {
  return number >= 60 && number <= 79;
}

/** The method-specific messages a number can be, with their methods: for naming the ambiguity. */
export function authMethodCandidates(number: number): { method: string; spec: MessageSpec }[] {
  return Object.entries(methodSpecs).flatMap(([method, specs]) => specs.filter((s) => s.number === number).map((spec) => ({ method, spec })));
}

/** The spec for a message number, given the negotiated kex family for numbers 30–49 and the method in progress for 60–79. */
export function specFor(number: number, family?: KexFamily, context?: DecodeContext): MessageSpec | undefined {
  const fixed = fixedSpecs.get(number);
  if (fixed) return fixed;
  if (number >= 30 && number <= 49 && family) return kexSpecs[family].find((s) => s.number === number);
  if (isAuthMethodNumber(number) && context?.authMethod && Object.hasOwn(methodSpecs, context.authMethod)) {
    return methodSpecs[context.authMethod].find((s) => s.number === number);
  }
  return undefined;
}
