// The explanation registry: content key → a dynamic import of its MDX file, so the viewer loads
// only the explanation it shows (and none of them with its first page). Keys are the ones steps
// carry (lib/session/explain.ts EXPLAIN_KEYS) plus a few more specific failure and background
// concepts this module picks or offers as "related".

import type { ComponentType } from 'react';
import type { Step } from '../session/session';

type MDXModule = { default: ComponentType<Record<string, unknown>> };
export type ExplanationLoader = () => Promise<MDXModule>;

// One literal import() per file: bundlers split each into its own chunk.
export const explanationLoaders: Record<string, ExplanationLoader> = {
  'messages/identification': () => import('../../content/messages/identification.mdx'),
  'messages/banner': () => import('../../content/messages/banner.mdx'),
  'messages/disconnect': () => import('../../content/messages/disconnect.mdx'),
  'messages/ignore': () => import('../../content/messages/ignore.mdx'),
  'messages/unimplemented': () => import('../../content/messages/unimplemented.mdx'),
  'messages/debug': () => import('../../content/messages/debug.mdx'),
  'messages/service-request': () => import('../../content/messages/service-request.mdx'),
  'messages/service-accept': () => import('../../content/messages/service-accept.mdx'),
  'messages/ext-info': () => import('../../content/messages/ext-info.mdx'),
  'messages/kexinit': () => import('../../content/messages/kexinit.mdx'),
  'messages/newkeys': () => import('../../content/messages/newkeys.mdx'),
  'messages/kex-ecdh-init': () => import('../../content/messages/kex-ecdh-init.mdx'),
  'messages/kex-ecdh-reply': () => import('../../content/messages/kex-ecdh-reply.mdx'),
  'messages/kex-hybrid-init': () => import('../../content/messages/kex-hybrid-init.mdx'),
  'messages/kex-hybrid-reply': () => import('../../content/messages/kex-hybrid-reply.mdx'),
  'messages/kexdh-init': () => import('../../content/messages/kexdh-init.mdx'),
  'messages/kexdh-reply': () => import('../../content/messages/kexdh-reply.mdx'),
  'messages/kex-dh-gex-request': () => import('../../content/messages/kex-dh-gex-request.mdx'),
  'messages/kex-dh-gex-group': () => import('../../content/messages/kex-dh-gex-group.mdx'),
  'messages/kex-dh-gex-init': () => import('../../content/messages/kex-dh-gex-init.mdx'),
  'messages/kex-dh-gex-reply': () => import('../../content/messages/kex-dh-gex-reply.mdx'),
  'messages/higher-layer': () => import('../../content/messages/higher-layer.mdx'),
  'messages/unknown': () => import('../../content/messages/unknown.mdx'),
  'concepts/version-exchange': () => import('../../content/concepts/version-exchange.mdx'),
  'concepts/binary-packet-protocol': () => import('../../content/concepts/binary-packet-protocol.mdx'),
  'concepts/negotiation': () => import('../../content/concepts/negotiation.mdx'),
  'concepts/guess': () => import('../../content/concepts/guess.mdx'),
  'concepts/ecdh': () => import('../../content/concepts/ecdh.mdx'),
  'concepts/dh': () => import('../../content/concepts/dh.mdx'),
  'concepts/exchange-hash': () => import('../../content/concepts/exchange-hash.mdx'),
  'concepts/session-id': () => import('../../content/concepts/session-id.mdx'),
  'concepts/key-derivation': () => import('../../content/concepts/key-derivation.mdx'),
  'concepts/host-key': () => import('../../content/concepts/host-key.mdx'),
  'concepts/signature': () => import('../../content/concepts/signature.mdx'),
  'concepts/newkeys': () => import('../../content/concepts/newkeys.mdx'),
  'concepts/strict-kex': () => import('../../content/concepts/strict-kex.mdx'),
  'concepts/ext-info': () => import('../../content/concepts/ext-info.mdx'),
  'concepts/disconnect': () => import('../../content/concepts/disconnect.mdx'),
  'concepts/mac-error': () => import('../../content/concepts/mac-error.mdx'),
  'concepts/malformed-packet': () => import('../../content/concepts/malformed-packet.mdx'),
  'concepts/host-key-not-verifiable': () => import('../../content/concepts/host-key-not-verifiable.mdx'),
  'concepts/no-common-algorithm': () => import('../../content/concepts/no-common-algorithm.mdx'),
  'concepts/strict-kex-violation': () => import('../../content/concepts/strict-kex-violation.mdx'),
  'concepts/tampering': () => import('../../content/concepts/tampering.mdx'),
  'concepts/sealed-packet': () => import('../../content/concepts/sealed-packet.mdx'),
  'concepts/terrapin': () => import('../../content/concepts/terrapin.mdx'),
  'concepts/downgrade': () => import('../../content/concepts/downgrade.mdx'),
  // Background a course needs, offered as "Go deeper" from the steps where it matters (RELATED).
  'concepts/cookie': () => import('../../content/concepts/cookie.mdx'),
  'concepts/domain-separation': () => import('../../content/concepts/domain-separation.mdx'),
  'concepts/why-sign-h': () => import('../../content/concepts/why-sign-h.mdx'),
  'concepts/forward-secrecy': () => import('../../content/concepts/forward-secrecy.mdx'),
  'concepts/trusting-host-keys': () => import('../../content/concepts/trusting-host-keys.mdx'),
  'concepts/mac-modes': () => import('../../content/concepts/mac-modes.mdx'),
  'concepts/cbc-attacks': () => import('../../content/concepts/cbc-attacks.mdx'),
  'concepts/weak-algorithms': () => import('../../content/concepts/weak-algorithms.mdx'),
  'concepts/public-value-validation': () => import('../../content/concepts/public-value-validation.mdx'),
  'concepts/rekeying': () => import('../../content/concepts/rekeying.mdx'),
  'concepts/terrapin-conditions': () => import('../../content/concepts/terrapin-conditions.mdx'),
};

export const CONTENT_KEYS: readonly string[] = Object.keys(explanationLoaders);

/** Each file's heading, for links to it (the test checks they match the files). */
export const EXPLANATION_TITLES: Record<string, string> = {
  'concepts/binary-packet-protocol': 'The binary packet',
  'concepts/cookie': 'The KEXINIT cookie',
  'concepts/domain-separation': 'Why K is hashed with H, and the letters A–F',
  'concepts/why-sign-h': 'Why the host key signs H',
  'concepts/forward-secrecy': 'Forward secrecy',
  'concepts/trusting-host-keys': 'Trusting a host key: TOFU, known_hosts, SSHFP, certificates',
  'concepts/mac-modes': 'Encrypt-and-MAC, encrypt-then-MAC, AEAD',
  'concepts/cbc-attacks': 'The CBC attacks, and what followed',
  'concepts/weak-algorithms': 'Why weak algorithms are weak',
  'concepts/public-value-validation': "Checking the peer's public value",
  'concepts/rekeying': 'When and why to rekey',
  'concepts/terrapin-conditions': 'What Terrapin needs',
  'concepts/dh': 'Diffie-Hellman over a prime',
  'concepts/disconnect': 'The connection ends',
  'concepts/downgrade': 'A downgrade attempt',
  'concepts/ecdh': 'Elliptic-curve Diffie-Hellman',
  'concepts/exchange-hash': 'The exchange hash H',
  'concepts/ext-info': 'Extension negotiation',
  'concepts/guess': 'Guessing the key exchange',
  'concepts/host-key-not-verifiable': 'Host key not verifiable',
  'concepts/host-key': "The server's host key",
  'concepts/key-derivation': 'Deriving the keys',
  'concepts/mac-error': 'MAC error: a packet failed its check',
  'concepts/malformed-packet': 'A malformed packet',
  'concepts/negotiation': 'Algorithm negotiation',
  'concepts/newkeys': 'Taking the new keys into use',
  'concepts/no-common-algorithm': 'No algorithm in common',
  'concepts/session-id': 'The session identifier',
  'concepts/signature': 'Signing the exchange hash',
  'concepts/strict-kex-violation': 'Strict kex violation',
  'concepts/strict-kex': 'Strict key exchange',
  'concepts/tampering': 'A packet changed in transit',
  'concepts/sealed-packet': 'Encrypted, and no keys to open it',
  'concepts/terrapin': 'The Terrapin attack (CVE-2023-48795)',
  'concepts/version-exchange': 'Version exchange',
  'messages/banner': 'A line before the version',
  'messages/debug': 'SSH_MSG_DEBUG: a message for debugging',
  'messages/disconnect': 'SSH_MSG_DISCONNECT: closing, with a reason',
  'messages/ext-info': 'SSH_MSG_EXT_INFO: extensions after the handshake',
  'messages/higher-layer': 'A higher-layer message',
  'messages/identification': 'The identification string',
  'messages/ignore': 'SSH_MSG_IGNORE: bytes to throw away',
  'messages/kex-dh-gex-group': "SSH_MSG_KEX_DH_GEX_GROUP: the server's group",
  'messages/kex-dh-gex-init': "SSH_MSG_KEX_DH_GEX_INIT: the client's value e",
  'messages/kex-dh-gex-reply': 'SSH_MSG_KEX_DH_GEX_REPLY: key, f, signature',
  'messages/kex-dh-gex-request': 'SSH_MSG_KEX_DH_GEX_REQUEST: which group size',
  'messages/kex-ecdh-init': "SSH_MSG_KEX_ECDH_INIT: the client's public key",
  'messages/kex-ecdh-reply': 'SSH_MSG_KEX_ECDH_REPLY: key, public value, signature',
  'messages/kex-hybrid-init': 'SSH_MSG_KEX_HYBRID_INIT: two public keys in one string',
  'messages/kex-hybrid-reply': 'SSH_MSG_KEX_HYBRID_REPLY: host key, ciphertext and public key, signature',
  'messages/kexdh-init': "SSH_MSG_KEXDH_INIT: the client's value e",
  'messages/kexdh-reply': 'SSH_MSG_KEXDH_REPLY: key, f, signature',
  'messages/kexinit': 'SSH_MSG_KEXINIT: what each side can do',
  'messages/newkeys': 'SSH_MSG_NEWKEYS: switch to the new keys',
  'messages/service-accept': 'SSH_MSG_SERVICE_ACCEPT: go ahead',
  'messages/service-request': 'SSH_MSG_SERVICE_REQUEST: what comes next',
  'messages/unimplemented': "SSH_MSG_UNIMPLEMENTED: I don't know that one",
  'messages/unknown': 'An unknown message',
};

/** Keys offered as "related" under an explanation: the background a reader may want next. */
const RELATED: Record<string, string[]> = {
  'messages/identification': ['concepts/version-exchange'],
  'messages/banner': ['concepts/version-exchange'],
  'messages/kexinit': ['concepts/negotiation', 'concepts/binary-packet-protocol', 'concepts/cookie', 'concepts/weak-algorithms', 'concepts/guess'],
  'messages/kex-ecdh-init': ['concepts/ecdh', 'concepts/forward-secrecy', 'concepts/public-value-validation'],
  'messages/kex-ecdh-reply': ['concepts/ecdh', 'concepts/exchange-hash', 'concepts/signature', 'concepts/why-sign-h'],
  'messages/kex-hybrid-init': ['concepts/ecdh', 'concepts/forward-secrecy', 'concepts/public-value-validation'],
  'messages/kex-hybrid-reply': ['concepts/ecdh', 'concepts/exchange-hash', 'concepts/signature', 'concepts/why-sign-h'],
  'messages/kexdh-init': ['concepts/dh', 'concepts/forward-secrecy', 'concepts/public-value-validation'],
  'messages/kexdh-reply': ['concepts/dh', 'concepts/exchange-hash', 'concepts/signature', 'concepts/why-sign-h'],
  'messages/kex-dh-gex-request': ['concepts/dh', 'concepts/weak-algorithms'],
  'messages/kex-dh-gex-group': ['concepts/dh', 'concepts/public-value-validation'],
  'messages/kex-dh-gex-init': ['concepts/dh', 'concepts/public-value-validation'],
  'messages/kex-dh-gex-reply': ['concepts/dh', 'concepts/exchange-hash', 'concepts/signature', 'concepts/why-sign-h'],
  'messages/newkeys': ['concepts/newkeys', 'concepts/key-derivation', 'concepts/rekeying', 'concepts/mac-modes'],
  'messages/ext-info': ['concepts/ext-info', 'concepts/terrapin-conditions'],
  'messages/service-request': ['concepts/binary-packet-protocol', 'concepts/mac-modes'],
  'messages/service-accept': ['concepts/binary-packet-protocol', 'concepts/mac-modes', 'concepts/cbc-attacks'],
  'messages/disconnect': ['concepts/disconnect'],
  'messages/ignore': ['concepts/terrapin', 'concepts/terrapin-conditions'],
  'concepts/version-exchange': ['concepts/downgrade'],
  'concepts/negotiation': ['concepts/no-common-algorithm', 'concepts/downgrade', 'concepts/weak-algorithms'],
  'concepts/exchange-hash': ['concepts/session-id', 'concepts/downgrade', 'concepts/cookie', 'concepts/why-sign-h'],
  'concepts/session-id': ['concepts/key-derivation', 'concepts/rekeying'],
  'concepts/key-derivation': ['concepts/newkeys', 'concepts/domain-separation'],
  'concepts/host-key': ['concepts/host-key-not-verifiable', 'concepts/trusting-host-keys'],
  'concepts/signature': ['concepts/host-key', 'concepts/why-sign-h', 'concepts/trusting-host-keys'],
  'concepts/strict-kex': ['concepts/terrapin', 'concepts/strict-kex-violation', 'concepts/terrapin-conditions'],
  'concepts/mac-error': ['concepts/binary-packet-protocol', 'concepts/mac-modes', 'concepts/cbc-attacks'],
  'concepts/tampering': ['concepts/mac-error', 'concepts/downgrade'],
  'concepts/sealed-packet': ['concepts/forward-secrecy', 'concepts/binary-packet-protocol', 'concepts/key-derivation'],
  'concepts/terrapin': ['concepts/strict-kex', 'concepts/terrapin-conditions'],
  'concepts/disconnect': ['messages/disconnect'],
  'concepts/ecdh': ['concepts/exchange-hash', 'concepts/forward-secrecy', 'concepts/public-value-validation'],
  'concepts/dh': ['concepts/exchange-hash', 'concepts/forward-secrecy', 'concepts/public-value-validation', 'concepts/weak-algorithms'],
  'concepts/strict-kex-violation': ['concepts/strict-kex', 'concepts/terrapin', 'concepts/terrapin-conditions'],
  'concepts/host-key-not-verifiable': ['concepts/host-key', 'concepts/tampering', 'concepts/trusting-host-keys'],
  'concepts/no-common-algorithm': ['concepts/negotiation', 'concepts/weak-algorithms'],
  'concepts/downgrade': ['concepts/exchange-hash', 'concepts/negotiation'],
  'concepts/malformed-packet': ['concepts/binary-packet-protocol'],
  'concepts/guess': ['concepts/negotiation'],
  'concepts/ext-info': ['messages/ext-info', 'concepts/terrapin-conditions'],
  'concepts/newkeys': ['concepts/key-derivation', 'concepts/rekeying'],
  'concepts/mac-modes': ['concepts/cbc-attacks'],
  'messages/higher-layer': ['concepts/binary-packet-protocol'],
  'messages/unknown': ['concepts/binary-packet-protocol'],
};

export function relatedKeys(key: string): string[] {
  return (RELATED[key] ?? []).filter((k) => k !== key && k in explanationLoaders);
}

// SSH_DISCONNECT_* reason codes (RFC 4250 §4.2.2) that have their own failure explanation.
const KEY_EXCHANGE_FAILED = 3;
const HOST_KEY_NOT_VERIFIABLE = 9;

/**
 * The content key to show for a step: `step.explain`, made more specific where one step key
 * covers several stories (a disconnect that is really "no common algorithm"; strict kex that
 * ended the connection; a modified KEXINIT, which is a downgrade attempt).
 */
export function explanationKeyFor(step: Step): string {
  const key = step.explain;
  if (step.kind === 'closed' && step.phase === 'failure') {
    if (key === 'concepts/strict-kex') return 'concepts/strict-kex-violation';
    // Reason 9 covers both an unknown host key and a signature that does not verify.
    if (step.reason === HOST_KEY_NOT_VERIFIABLE) return /signature/i.test(step.description) ? 'concepts/signature' : 'concepts/host-key-not-verifiable';
    if (step.reason === KEY_EXCHANGE_FAILED && /no common|no matching/i.test(step.description)) return 'concepts/no-common-algorithm';
  }
  if (step.kind === 'message') {
    if (key === 'concepts/strict-kex' && step.error) return 'concepts/strict-kex-violation';
    // The packet the receiver could not authenticate (a flipped bit, a reordered packet).
    if (step.error && /\bMAC\b|authentication tag/i.test(step.error) && step.number !== 1) return 'concepts/mac-error';
    if (step.tampered === 'modified' && step.number === 20 && key === 'concepts/tampering') return 'concepts/downgrade';
  }
  if (step.kind === 'computation' && !step.ok && step.action === 'check host key') return 'concepts/host-key-not-verifiable';
  if (step.kind === 'computation' && !step.ok && step.action === 'negotiate' && /no common/i.test(step.error ?? '')) return 'concepts/no-common-algorithm';
  return key;
}

/** A loader for a key, or undefined when no file exists for it (the panel then shows a fallback). */
export function loaderFor(key: string): ExplanationLoader | undefined {
  return Object.prototype.hasOwnProperty.call(explanationLoaders, key) ? explanationLoaders[key] : undefined;
}
