// One line per field name for the inspector's detail view. Message fields come from the layout
// tables (one source of truth); framing, version-line and key/signature blob fields are described here.

import { allFieldSpecs } from '../ssh/messages/layout';
import { allSpecs } from '../ssh/messages/specs';

const framing: Record<string, string> = {
  packet_length: 'Length in bytes of what follows: padding_length, payload and padding (not the MAC).',
  padding_length: 'How many bytes of random padding end the packet.',
  payload: 'The message itself: a message number, then its fields.',
  'random padding':
    '4 to 255 random bytes, so that packet_length, padding_length, payload and padding together are a multiple of the cipher block size or 8, whichever is larger (RFC 4253 §6). With an -etm MAC or an AEAD cipher, packet_length is left out of that sum.',
  message_number: 'Which message this is (RFC 4250 §4.1 assigns the numbers).',
  ciphertext: 'The encrypted bytes: only someone with the derived key can read them.',
  mac: 'Message authentication code keyed by E or F: over the sequence number and the plaintext packet (RFC 4253 §6.4), or with an -etm MAC over the sequence number, the length and the ciphertext. A changed byte makes it fail.',
  'authentication tag':
    'The 16-byte AEAD tag. chacha20-poly1305: Poly1305 over the encrypted length and the ciphertext, with a one-time key made from the sequence number. AES-GCM: the GCM tag over the length (as associated data) and the ciphertext, with a nonce of its own counter.',
  protoversion: 'Protocol version, between "SSH-" and the next "-": "2.0", or "1.99" from a server that also speaks SSH 1 (RFC 4253 §5.1).',
  'SSH-': 'Every identification string starts with these four bytes (RFC 4253 §4.2).',
  '-': 'Separates protoversion from softwareversion.',
  softwareversion: 'The implementation and its version: printable US-ASCII with no whitespace and no minus sign (RFC 4253 §4.2).',
  comments: 'Optional free text after a space, often the OS package version.',
  'CR LF': 'Every identification line ends with carriage return, line feed.',
  length: 'Length of the string that follows (uint32, RFC 4251 §5).',
  key_type: 'The public key algorithm name, repeated inside the blob.',
  public_key: 'The raw public key.',
  signature_type: 'The signature algorithm name.',
  signature_blob: 'The signature bytes themselves.',
  'nr-extensions': 'How many name/value pairs follow (RFC 8308 §2.3).',
  'extension-name': 'Name of the extension (RFC 8308 §3 lists the common ones).',
  'extension-value': 'The extension value; its format depends on the name.',
  'num-prompts': 'How many prompt/echo pairs follow (RFC 4256 §3.2).',
  'num-responses': 'How many responses follow: one per prompt of the INFO_REQUEST, in the same order (RFC 4256 §3.4).',
  opcode: 'A terminal mode opcode (RFC 4254 §8): 1–159 take a uint32 argument, 160–255 are not defined and stop parsing.',
  argument: 'The value of the terminal mode: a character code, or 0/1 for a flag (RFC 4254 §8).',
  TTY_OP_END: 'Opcode 0: the end of the terminal modes (RFC 4254 §8).',
};

// Inside a public key or signature blob the names mean something else (RSA's e is not DH's e).
const blob: Record<string, string> = {
  e: 'RSA public exponent.',
  n: 'RSA modulus: its size in bits is the key size.',
  curve: 'The curve name (RFC 5656 §3.1).',
  Q: 'The public point on the curve.',
  r: 'ECDSA signature value r.',
  s: 'ECDSA signature value s.',
};

let fromSpecs: Map<string, string> | undefined;
let perMessage: Map<string, string> | undefined;

const BLOB_PARENTS = new Set(['K_S', 'signature', 'signature_blob', 'public_key_blob', 'client_host_key']);

/**
 * A one-line description for a field name (inside `parent`, if any), or undefined if we have none.
 * `message` (the payload's message name) picks that message's meaning where two share a field name
 * (IGNORE's data is not CHANNEL_DATA's). List items ("prompt[2]") read their item's doc.
 */
export function fieldDoc(name: string, parent?: string, message?: string): string | undefined {
  if (parent && BLOB_PARENTS.has(parent) && blob[name]) return blob[name];
  if (!fromSpecs || !perMessage) {
    fromSpecs = new Map();
    perMessage = new Map();
    for (const spec of allSpecs) {
      for (const f of allFieldSpecs(spec)) {
        if (!f.doc) continue;
        if (!fromSpecs.has(f.name)) fromSpecs.set(f.name, f.doc);
        if (!perMessage.has(`${spec.name}\0${f.name}`)) perMessage.set(`${spec.name}\0${f.name}`, f.doc);
      }
    }
  }
  const base = name.replace(/\[\d+\]$/, '');
  return (message ? perMessage.get(`${message}\0${base}`) : undefined) ?? fromSpecs.get(base) ?? framing[name];
}
