// Public key and signature blobs (RFC 4253 §6.6) as nested field trees.

import { DecodeError } from '../../wire/errors';
import type { Field } from '../../wire/field';
import { Reader } from '../../wire/reader';

export function publicKeyFields(blob: Uint8Array, base: number): Field[] {
  const r = new Reader(blob, base);
  const type = r.text('key_type', 'RFC 4253 §6.6');
  if (type === 'ssh-ed25519') r.string('public_key', 'RFC 8709 §4');
  else if (type.startsWith('ecdsa-sha2-')) {
    r.text('curve', 'RFC 5656 §3.1');
    r.string('Q', 'RFC 5656 §3.1');
  } else if (type === 'ssh-rsa') {
    r.mpint('e', 'RFC 4253 §6.6');
    r.mpint('n', 'RFC 4253 §6.6');
  } else r.rest('key_data');
  r.end();
  return r.fields;
}

export function signatureFields(blob: Uint8Array, base: number): Field[] {
  const r = new Reader(blob, base);
  const type = r.text('signature_type', 'RFC 4253 §6.6');
  if (type.startsWith('ecdsa-sha2-')) {
    r.nested('signature_blob', 'RFC 5656 §3.1.2', (s) => {
      s.mpint('r', 'RFC 5656 §3.1.2');
      s.mpint('s', 'RFC 5656 §3.1.2');
    });
  } else r.string('signature_blob', type === 'ssh-ed25519' ? 'RFC 8709 §6' : 'RFC 8332 §3');
  r.end();
  return r.fields;
}

/** Reads "string type || …" and returns a Reader positioned after the type. Throws DecodeError. */
export function openBlob(blob: Uint8Array, what: string): { type: string; r: Reader } {
  const r = new Reader(blob);
  const type = r.text(`${what} type`);
  return { type, r };
}

export function describeDecodeError(e: unknown): string {
  return e instanceof DecodeError ? e.message : e instanceof Error ? e.message : String(e);
}
