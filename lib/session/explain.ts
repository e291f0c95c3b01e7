// Which explanation (a file under content/) goes with a step. Every key a step can carry is in
// EXPLAIN_KEYS, so the content team can test that each one has a file.

import { kexAlgorithms } from '../ssh/algorithms/kex';
import { kexSpecs, transportSpecs } from '../ssh/messages/specs';

/** "SSH_MSG_KEX_ECDH_REPLY" → "kex-ecdh-reply". */
export function kebabMessageName(name: string): string {
  return name.replace(/^SSH_MSG_/, '').toLowerCase().replace(/_/g, '-');
}

const transportMessageKeys = [...new Set([...transportSpecs, ...Object.values(kexSpecs).flat()].map((s) => `messages/${kebabMessageName(s.name)}`))];

/** User authentication, connection and ping messages share one explanation per family. */
const HIGHER_LAYER_KEYS: Record<string, string> = {
  SSH_MSG_USERAUTH_REQUEST: 'messages/userauth-request',
  SSH_MSG_USERAUTH_FAILURE: 'messages/userauth-replies',
  SSH_MSG_USERAUTH_SUCCESS: 'messages/userauth-replies',
  SSH_MSG_USERAUTH_BANNER: 'messages/userauth-replies',
  SSH_MSG_USERAUTH_PK_OK: 'messages/userauth-replies',
  SSH_MSG_USERAUTH_PASSWD_CHANGEREQ: 'messages/userauth-replies',
  SSH_MSG_USERAUTH_INFO_REQUEST: 'messages/keyboard-interactive',
  SSH_MSG_USERAUTH_INFO_RESPONSE: 'messages/keyboard-interactive',
  SSH_MSG_GLOBAL_REQUEST: 'messages/global-request',
  SSH_MSG_REQUEST_SUCCESS: 'messages/global-request',
  SSH_MSG_REQUEST_FAILURE: 'messages/global-request',
  SSH_MSG_CHANNEL_OPEN: 'messages/channel-open',
  SSH_MSG_CHANNEL_OPEN_CONFIRMATION: 'messages/channel-open',
  SSH_MSG_CHANNEL_OPEN_FAILURE: 'messages/channel-open',
  SSH_MSG_CHANNEL_WINDOW_ADJUST: 'messages/channel-data',
  SSH_MSG_CHANNEL_DATA: 'messages/channel-data',
  SSH_MSG_CHANNEL_EXTENDED_DATA: 'messages/channel-data',
  SSH_MSG_CHANNEL_EOF: 'messages/channel-data',
  SSH_MSG_CHANNEL_CLOSE: 'messages/channel-data',
  SSH_MSG_CHANNEL_REQUEST: 'messages/channel-request',
  SSH_MSG_CHANNEL_SUCCESS: 'messages/channel-request',
  SSH_MSG_CHANNEL_FAILURE: 'messages/channel-request',
  SSH2_MSG_PING: 'messages/ping',
  SSH2_MSG_PONG: 'messages/ping',
};

export const CONCEPT_KEYS = [
  'concepts/negotiation',
  'concepts/ecdh',
  'concepts/dh',
  'concepts/hybrid-kex',
  'concepts/exchange-hash',
  'concepts/session-id',
  'concepts/key-derivation',
  'concepts/host-key',
  'concepts/signature',
  'concepts/strict-kex',
  'concepts/ext-info',
  'concepts/guess',
  'concepts/disconnect',
  'concepts/mac-error',
  'concepts/malformed-packet',
  'concepts/terrapin',
  'concepts/tampering',
  'concepts/sealed-packet',
] as const;

export const EXPLAIN_KEYS: readonly string[] = [
  'messages/identification',
  'messages/banner',
  ...transportMessageKeys,
  ...new Set(Object.values(HIGHER_LAYER_KEYS)),
  // Other numbers 50 and up: user-auth and connection messages without a layout here.
  'messages/higher-layer',
  'messages/unknown',
  ...CONCEPT_KEYS,
];

const known = new Set(EXPLAIN_KEYS);

/** The explanation of a message, by the name its trace entry carries. */
export function messageExplainKey(name: string, number: number | undefined): string {
  if (name === 'identification string') return 'messages/identification';
  if (name === 'banner line') return 'messages/banner';
  if (name === 'undecryptable packet') return 'concepts/mac-error';
  // A passive observer's packets it has no keys for (lib/session/observer).
  if (name === 'encrypted packet' || name === 'encrypted stream') return 'concepts/sealed-packet';
  if (name.startsWith('malformed')) return 'concepts/malformed-packet';
  if (Object.hasOwn(HIGHER_LAYER_KEYS, name)) return HIGHER_LAYER_KEYS[name];
  // 60–79 without the method that gives them their meaning: the replies' explanation says why.
  if (name.startsWith('userauth method message')) return 'messages/userauth-replies';
  const key = `messages/${kebabMessageName(name)}`;
  if (known.has(key)) return key;
  return number !== undefined && number >= 50 ? 'messages/higher-layer' : 'messages/unknown';
}

/**
 * The concept behind a method's ephemeral keys and K: finite-field DH, the post-quantum hybrids
 * (a KEM and ECDH, K a hash of both, sent as a string), or plain elliptic-curve DH.
 */
export function kexConceptKey(kex: string | undefined): 'concepts/dh' | 'concepts/ecdh' | 'concepts/hybrid-kex' {
  if (kex && kexAlgorithms[kex]?.family === 'hybrid') return 'concepts/hybrid-kex';
  return kex?.startsWith('diffie-hellman') ? 'concepts/dh' : 'concepts/ecdh';
}
