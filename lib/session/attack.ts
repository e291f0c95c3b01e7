// The attack lab's man in the middle, as the `attack` parameter of an experiment (experiment.ts):
// one value syntax for the URL (attack=drop:c2s:3) and the CLI (--attack drop:c2s:3). Light on
// purpose (the playground page loads it): the rules themselves are built in attackRules.ts.
//
//   drop:DIR:N       delete the N-th packet in direction DIR (1: the first after the identification line)
//   terrapin         inject an IGNORE before the server's NEWKEYS, delete the server's first encrypted packet
//   downgrade[:DIR]  rewrite a KEXINIT to offer only aes128-ctr and hmac-sha1 (default c2s: the client's)
//   mitm-hostkey     answer the key exchange with the attacker's own host key (the client knows the server's)
//   flip:DIR:N       flip one bit of the ciphertext of the N-th encrypted packet (1: the first after NEWKEYS)
//   reorder:DIR:N    hold back the N-th encrypted packet and deliver it after the next one
// DIR is c2s (client to server) or s2c (server to client).

export type Direction = 'c2s' | 's2c';
export type AttackKind = 'drop' | 'terrapin' | 'downgrade' | 'mitm-hostkey' | 'flip' | 'reorder';

export type AttackSpec =
  | { kind: 'terrapin' | 'mitm-hostkey' }
  | { kind: 'downgrade'; dir: Direction }
  | { kind: 'drop' | 'flip' | 'reorder'; dir: Direction; n: number };

export interface AttackInfo {
  kind: AttackKind;
  /** The control's label. */
  title: string;
  /** Whether the value takes a direction and a packet number. */
  dir: boolean;
  n: 'packet' | 'encrypted' | null;
  /** The bundled session that shows this attack, and its step (1-based, as in ?step=) whose explanation is `concept`. */
  session: string;
  step: number;
  /** The content/concepts page that explains it (shown at that step). */
  concept: string;
}

/** Every attack, in the order the playground lists them. */
export const ATTACKS: readonly AttackInfo[] = [
  { kind: 'terrapin', title: 'Terrapin: inject IGNORE, delete the first encrypted packet', dir: false, n: null, session: 'terrapin-chacha20-no-strict-kex', step: 18, concept: 'terrapin' },
  { kind: 'downgrade', title: 'Downgrade: rewrite a KEXINIT', dir: true, n: null, session: 'downgrade-kexinit', step: 2, concept: 'downgrade' },
  { kind: 'mitm-hostkey', title: 'Replace the host key (classic man in the middle)', dir: false, n: null, session: 'mitm-different-host-key', step: 20, concept: 'host-key-not-verifiable' },
  { kind: 'drop', title: 'Drop the n-th packet', dir: true, n: 'packet', session: 'deleted-packet-detected', step: 19, concept: 'tampering' },
  { kind: 'flip', title: 'Flip a bit of the n-th encrypted packet', dir: true, n: 'encrypted', session: 'flipped-byte-mac-error', step: 27, concept: 'mac-error' },
  { kind: 'reorder', title: 'Reorder: hold back the n-th encrypted packet', dir: true, n: 'encrypted', session: 'reordered-packets', step: 30, concept: 'tampering' },
];

export function attackInfo(kind: AttackKind): AttackInfo {
  return ATTACKS.find((a) => a.kind === kind)!;
}

const SYNTAX = 'drop:DIR:N, terrapin, downgrade[:DIR], mitm-hostkey, flip:DIR:N, reorder:DIR:N (DIR: c2s or s2c)';
/** The parameter's value column in the help. */
export const ATTACK_VALUE = 'ATTACK';
export const ATTACK_WHAT = `a man in the middle: ${SYNTAX}; N counts from 1 (drop: packets after the identification line; flip, reorder: encrypted packets)`;

const MAX_N = 1000;

/** Reads an attack value; a problem says what is wrong, in the words of the syntax. */
export function parseAttack(raw: string): { attack: AttackSpec } | { problem: string } {
  const parts = raw.trim().split(':');
  const kind = parts[0] as AttackKind;
  const info = ATTACKS.find((a) => a.kind === kind);
  const shown = JSON.stringify(raw.length > 40 ? raw.slice(0, 40) + '…' : raw);
  if (!info) return { problem: `unknown attack ${shown} (known: ${SYNTAX})` };
  const dir = (s: string | undefined): Direction | null => (s === 'c2s' || s === 's2c' ? s : null);
  if (kind === 'terrapin' || kind === 'mitm-hostkey') {
    return parts.length === 1 ? { attack: { kind } } : { problem: `${kind} takes no arguments, got ${shown}` };
  }
  if (kind === 'downgrade') {
    if (parts.length === 1) return { attack: { kind, dir: 'c2s' } };
    const d = dir(parts[1]);
    return parts.length === 2 && d ? { attack: { kind, dir: d } } : { problem: `expected downgrade or downgrade:c2s or downgrade:s2c, got ${shown}` };
  }
  const d = dir(parts[1]);
  const n = /^\d{1,4}$/.test(parts[2] ?? '') ? Number(parts[2]) : NaN;
  if (parts.length !== 3 || !d) return { problem: `expected ${kind}:DIR:N with DIR c2s or s2c (e.g. ${kind}:c2s:2), got ${shown}` };
  if (!(n >= 1 && n <= MAX_N)) return { problem: `the packet number in ${shown} must be a whole number from 1 to ${MAX_N}` };
  return { attack: { kind: kind as 'drop' | 'flip' | 'reorder', dir: d, n } };
}

/** The value that parses back to `a`. */
export function formatAttack(a: AttackSpec): string {
  if (!('dir' in a)) return a.kind;
  if (a.kind === 'downgrade') return a.dir === 'c2s' ? 'downgrade' : `downgrade:${a.dir}`;
  return `${a.kind}:${a.dir}:${a.n}`;
}
