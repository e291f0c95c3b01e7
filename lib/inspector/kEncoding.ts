// Why a hybrid method's K enters H and the KDF as a string while every (EC)DH method's is an mpint,
// in the words of the standard that made the change (draft-ietf-sshm-mlkem-hybrid-kex-10). Each
// sentence carries the reference it was checked against, so the state inspector links it.

export interface Reason {
  text: string;
  /** The section that says it, as the field refs write it ("RFC 8731 §3.1"). */
  ref: string;
}

const DRAFT = 'draft-ietf-sshm-mlkem-hybrid-kex-10';

/**
 * The reasons, in reading order: what the old methods do, why this one differs, what else it
 * protects against. K_AS_STRING_MAIN is the one the state inspector shows without a click.
 */
export const K_AS_STRING_MAIN = 1;
export const K_AS_STRING: readonly Reason[] = [
  {
    text: 'curve25519-sha256 and the other (EC)DH methods encode K as an mpint: the shared secret is a number.',
    ref: 'RFC 8731 §3.1',
  },
  {
    text: 'Here K is the hash of two concatenated byte arrays (K_PQ and K_CL at fixed lengths), which is not an integer, so it is encoded as a string.',
    ref: `${DRAFT} §2.5`,
  },
  {
    text:
      'These encodings are also required against side channels: adding or removing zero bytes before hashing would make the length ' +
      'of what is hashed depend on the secret, and timing attacks have exploited such lengths.',
    ref: `${DRAFT} §6`,
  },
  {
    text: "The draft's key derivation and input to H align with sntrup761x25519-sha512's, so its K is a string too.",
    ref: `${DRAFT} §1`,
  },
];
