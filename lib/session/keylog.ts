// Wireshark's SSH key log: one secret per line, `<cookie> <kind> <secret>`, all hex.
//   cookie  the 16-byte KEXINIT cookie of the side the secret belongs to (it names the key exchange)
//   kind    PRIVATE_KEY   that side's ephemeral private key (X25519/ECDH scalar, DH exponent…)
//           SHARED_SECRET the shared secret K of that key exchange
// Lines starting with '#' and blank lines are ignored, as Wireshark does. These are ephemeral
// secrets of one connection: they decrypt that connection and nothing else (no host or user key).

export type KeylogKind = 'PRIVATE_KEY' | 'SHARED_SECRET';
export const KEYLOG_KINDS: readonly KeylogKind[] = ['PRIVATE_KEY', 'SHARED_SECRET'];

export interface KeylogEntry {
  cookie: Uint8Array;
  kind: KeylogKind;
  secret: Uint8Array;
}

/** A key log line that cannot be read: says which line (1-based) and why. */
export class KeylogError extends Error {
  constructor(
    readonly line: number,
    readonly problem: string,
  ) {
    super(`key log line ${line}: ${problem}`);
    this.name = 'KeylogError';
  }
}

/** Far above a real file (one or two lines per key exchange); keeps a hostile file bounded. */
export const MAX_KEYLOG_LINES = 4096;
const MAX_SECRET_BYTES = 8192;

const HEX = /^[0-9a-fA-F]*$/;

function hexBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function parseKeylog(text: string): KeylogEntry[] {
  const entries: KeylogEntry[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === '' || raw.startsWith('#')) continue;
    const n = i + 1;
    if (entries.length >= MAX_KEYLOG_LINES) throw new KeylogError(n, `more than ${MAX_KEYLOG_LINES} secrets`);
    const parts = raw.split(/\s+/);
    if (parts.length !== 3) throw new KeylogError(n, `expected "<cookie> PRIVATE_KEY|SHARED_SECRET <hex>", found ${parts.length} fields`);
    const [cookie, kind, secret] = parts as [string, string, string];
    if (cookie.length !== 32 || !HEX.test(cookie)) throw new KeylogError(n, 'the cookie must be 32 hex digits (16 bytes)');
    if (!(KEYLOG_KINDS as readonly string[]).includes(kind)) throw new KeylogError(n, `unknown kind "${kind.slice(0, 32)}" (PRIVATE_KEY or SHARED_SECRET)`);
    if (secret.length === 0 || secret.length % 2 !== 0 || !HEX.test(secret)) throw new KeylogError(n, 'the secret must be hex with an even number of digits');
    if (secret.length / 2 > MAX_SECRET_BYTES) throw new KeylogError(n, `the secret is longer than ${MAX_SECRET_BYTES} bytes`);
    entries.push({ cookie: hexBytes(cookie), kind: kind as KeylogKind, secret: hexBytes(secret) });
  }
  return entries;
}

const lowerHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

export function formatKeylogLine(e: KeylogEntry): string {
  return `${lowerHex(e.cookie)} ${e.kind} ${lowerHex(e.secret)}\n`;
}

export function formatKeylog(entries: readonly KeylogEntry[]): string {
  return entries.map(formatKeylogLine).join('');
}
