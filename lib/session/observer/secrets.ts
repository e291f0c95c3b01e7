// K from a Wireshark key log entry, per key exchange family, using the kex registry's own math.
//   SHARED_SECRET: K itself, as Wireshark takes it: the bytes of the shared secret without a
//     length prefix (the integer's big-endian bytes for DH/ECDH, the hash output for the hybrids);
//     it is encoded here as K enters H (an mpint, or a string for the hybrids).
//   PRIVATE_KEY: one side's ephemeral private key, in the form the registry's keypair() returns
//     it (X25519/ECDH scalar, DH exponent; for the hybrids the client's ML-KEM decapsulation key
//     followed by its ECDH private key). Combined with the other side's public value from the
//     kex messages.

import type { DhGroup, KexAlgorithm } from '../../ssh/algorithms/types';
import type { Computation } from '../../ssh/transport/events';
import { kFormula } from '../../ssh/transport/kexFlow';
import { bytesToBigint, toHex } from '../../ssh/wire/bytes';
import { encodeMpint, encodeString } from '../../ssh/wire/writer';
import type { KeylogEntry } from '../keylog';
import type { Party } from '../session';

export interface KexPublics {
  /** Q_C, e (unsigned bytes) or C_INIT. */
  clientPublic: Uint8Array;
  /** Q_S, f (unsigned bytes) or S_REPLY. */
  serverPublic: Uint8Array;
  group?: DhGroup;
}

export type SecretResult =
  | { ok: true; owner: Party; entry: KeylogEntry; computations: Computation[]; K: Uint8Array }
  | { ok: false; reason: string };

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The key log entries for one key exchange, by the two KEXINIT cookies. */
export function entriesFor(keylog: readonly KeylogEntry[], cookies: Record<Party, Uint8Array>): { entry: KeylogEntry; owner: Party }[] {
  const out: { entry: KeylogEntry; owner: Party }[] = [];
  // A shared secret needs nothing else: tried first; then the client's private key (it suffices
  // for every family), then the server's.
  for (const kind of ['SHARED_SECRET', 'PRIVATE_KEY'] as const) {
    for (const owner of ['client', 'server'] as const) {
      for (const entry of keylog) if (entry.kind === kind && sameBytes(entry.cookie, cookies[owner])) out.push({ entry, owner });
    }
  }
  return out;
}

/** K (and the ephemeral key it came from) from one key log entry. Never throws. */
export function secretFromEntry(method: KexAlgorithm, entry: KeylogEntry, owner: Party, p: KexPublics): SecretResult {
  const cookie = toHex(entry.cookie);
  try {
    if (entry.kind === 'SHARED_SECRET') {
      const hybrid = method.family === 'hybrid';
      const K = hybrid ? encodeString(entry.secret) : encodeMpint(bytesToBigint(entry.secret));
      const formula = `K = the shared secret from the key log (SHARED_SECRET, the ${owner}'s cookie ${cookie}), encoded as ${hybrid ? 'a string' : 'an mpint'} as it enters H`;
      return { ok: true, owner, entry, K, computations: [{ name: 'K', value: K, formula, ...(hybrid ? { encoding: 'string' as const } : {}) }] };
    }
    const mine = owner === 'client' ? p.clientPublic : p.serverPublic;
    const theirs = owner === 'client' ? p.serverPublic : p.clientPublic;
    if (method.family === 'hybrid') {
      if (owner === 'server') {
        return { ok: false, reason: `the key log gives only the server's private key (cookie ${cookie}); for ${method.name} that is not enough: K_PQ needs the client's ML-KEM decapsulation key (the client's PRIVATE_KEY) or the SHARED_SECRET` };
      }
      const r = method.decapsulate(entry.secret, theirs);
      if (!r.ok) return { ok: false, reason: `the client's PRIVATE_KEY from the key log (cookie ${cookie}) does not work with the server's S_REPLY: ${r.reason}` };
      const f = method.formulas('client');
      return {
        ok: true,
        owner,
        entry,
        K: r.secrets.K,
        computations: [
          { name: 'ephemeral key', kex: method.name, publicKey: mine, privateKey: entry.secret, publicName: 'C_INIT' },
          {
            name: 'K',
            value: r.secrets.K,
            formula: f.K,
            encoding: 'string',
            parts: [
              { name: 'K_PQ', value: r.secrets.K_PQ, formula: f.K_PQ },
              { name: 'K_CL', value: r.secrets.K_CL, formula: f.K_CL },
            ],
          },
        ],
      };
    }
    const group = method.family === 'dh' ? method.group : p.group;
    const ss = method.sharedSecret(entry.secret, theirs, group);
    if (!ss.ok) return { ok: false, reason: `the ${owner}'s PRIVATE_KEY from the key log (cookie ${cookie}) gives no K: ${ss.reason}` };
    const publicName = method.family === 'ecdh' ? (owner === 'client' ? 'Q_C' : 'Q_S') : owner === 'client' ? 'e' : 'f';
    return {
      ok: true,
      owner,
      entry,
      K: ss.K,
      computations: [
        { name: 'ephemeral key', kex: method.name, publicKey: mine, privateKey: entry.secret, publicName },
        { name: 'K', value: ss.K, formula: `${kFormula(method, owner)}; the ${owner}'s private key from the key log (cookie ${cookie})` },
      ],
    };
  } catch (e) {
    // The registries check what they are given; a secret of the wrong size may still trip noble.
    return { ok: false, reason: `the ${owner}'s ${entry.kind} from the key log (cookie ${cookie}) cannot be used with ${method.name}: ${e instanceof Error ? e.message : String(e)}` };
  }
}
