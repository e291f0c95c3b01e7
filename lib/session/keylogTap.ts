// The Wireshark SSH key log line of each key exchange, read off one endpoint's effects as they
// come (a live run's --keylog) or as a replay produces them (export): when the endpoint computes
// K, the line is `<its own KEXINIT cookie> SHARED_SECRET <K>`.
//
// Wireshark's SSH dissector (epan/dissectors/packet-ssh.c, ssh_keylog_hash_write_secret) looks a
// key exchange up by the server's KEXINIT cookie, then by the client's, so either side's cookie
// names it; an endpoint logs its own, the one it chose. It reads the secret as the big-endian
// magnitude of K and prepends a zero byte when the top bit is set before hashing it as an mpint
// (RFC 4251 §5), so the mpint's body (without its length) is the form that works whether or not
// that byte is already there. K of the hybrid methods is a string, not an mpint
// (draft-ietf-sshm-mlkem-hybrid-kex-10 §2.4): its body is logged, which Wireshark 4.4 does not use (it
// has no ML-KEM key exchange).
//
// Wireshark 4.4 reads a key log *file* a line at a time into 512 bytes (fgets), so a line longer
// than 511 characters is cut and lost: a finite-field DH K of 2048 bits and more does not fit.
// There the endpoint's ephemeral private key (x or y, RFC 4253 §8) is logged instead, from
// which Wireshark computes K with the peer's public value; tested with tshark 4.4 for group14.

import type { Effect, TraceEntry, Computation } from '../ssh/transport/events';
import { readU32 } from '../ssh/wire/bytes';
import type { KeylogEntry } from './keylog';

const KEXINIT = 20;

/** K as Wireshark's key log carries it: the mpint's (or string's) body, without the length. */
export function sharedSecretOf(k: Extract<Computation, { name: 'K' }>): Uint8Array {
  const v = k.value;
  if (v.length < 4 || readU32(v, 0) !== v.length - 4) return v; // not length-prefixed: as it is
  return v.slice(4);
}

/** The longest line Wireshark 4.4 reads whole from a key log file (a 512-byte buffer with its NUL). */
export const WIRESHARK_KEYLOG_LINE_MAX = 511;
const LINE_OVERHEAD = 32 + 1 + 'SHARED_SECRET'.length + 1;

export class KeylogTap {
  private cookie: Uint8Array | undefined;
  private ephemeral: Uint8Array | undefined;

  /** One effect of the endpoint; returns the key log entry when it completes a computation of K. */
  effect(e: Effect): KeylogEntry | undefined {
    if (e.type === 'message') this.message(e.entry);
    else if (e.type === 'computed') return this.computed(e.computation);
    return undefined;
  }

  /** Remembers the cookie of each KEXINIT the endpoint sends (a rekey sends a new one). */
  message(entry: TraceEntry): void {
    if (entry.kind !== 'packet' || entry.number !== KEXINIT || entry.direction !== 'sent' || entry.error) return;
    const cookie = entry.values?.cookie;
    if (cookie instanceof Uint8Array && cookie.length === 16) {
      this.cookie = cookie.slice();
      this.ephemeral = undefined;
    }
  }

  computed(c: Computation): KeylogEntry | undefined {
    if (c.name === 'ephemeral key') this.ephemeral = c.privateKey;
    if (c.name !== 'K' || !this.cookie) return undefined;
    const secret = sharedSecretOf(c);
    if (!secret.length) return undefined; // K = 0 has an empty mpint body; no peer accepts it anyway
    if (LINE_OVERHEAD + 2 * secret.length > WIRESHARK_KEYLOG_LINE_MAX && this.ephemeral && c.encoding !== 'string') {
      return { cookie: this.cookie, kind: 'PRIVATE_KEY', secret: this.ephemeral.slice() };
    }
    return { cookie: this.cookie, kind: 'SHARED_SECRET', secret };
  }
}

/** Every key exchange's entry, from one endpoint's effects in order. */
export function keylogOfEffects(effects: Iterable<Effect>): KeylogEntry[] {
  const tap = new KeylogTap();
  const out: KeylogEntry[] = [];
  for (const e of effects) {
    const entry = tap.effect(e);
    if (entry) out.push(entry);
  }
  return out;
}
