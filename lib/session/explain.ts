// Which explanation (a file under content/) goes with a step. Every key a step can carry is in
// EXPLAIN_KEYS, so the content team can test that each one has a file.

import { allSpecs } from '../ssh/messages/specs';

/** "SSH_MSG_KEX_ECDH_REPLY" → "kex-ecdh-reply". */
export function kebabMessageName(name: string): string {
  return name.replace(/^SSH_MSG_/, '').toLowerCase().replace(/_/g, '-');
}

const transportMessageKeys = [...new Set(allSpecs.map((s) => `messages/${kebabMessageName(s.name)}`))];

export const CONCEPT_KEYS = [
  'concepts/negotiation',
  'concepts/ecdh',
  'concepts/dh',
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
  // Numbers 50 and up belong to the user-auth and connection protocols (RFC 4252/4254), not this layer.
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
  const key = `messages/${kebabMessageName(name)}`;
  if (known.has(key)) return key;
  return number !== undefined && number >= 50 ? 'messages/higher-layer' : 'messages/unknown';
}

/** Key exchange methods built on finite-field Diffie-Hellman; the rest here are elliptic-curve. */
export function kexConceptKey(kex: string | undefined): 'concepts/dh' | 'concepts/ecdh' {
  return kex?.startsWith('diffie-hellman') ? 'concepts/dh' : 'concepts/ecdh';
}
