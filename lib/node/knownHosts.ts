// OpenSSH known_hosts (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"): the keys trusted for a host.

import { createHmac } from 'node:crypto';
import { equalBytes } from '../ssh/wire/bytes';

export interface KnownHostKey {
  keyType: string;
  blob: Uint8Array;
  line: number;
}

export interface KnownHostsMatch {
  /** Keys listed for this host, without any key that a @revoked line names. */
  keys: KnownHostKey[];
  /**
   * Every key marked @revoked, whatever its host pattern: a revoked key "must not ever be
   * accepted" (sshd(8)), so it is refused for every host, whatever other lines say.
   */
  revoked: KnownHostKey[];
  /** Lines that could not be read or are not used, with why: reported, never fatal. */
  skipped: { line: number; problem: string }[];
}

function globToRegExp(glob: string): RegExp {
  const re = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 'i');
}

/** The names a host is known by: "host" on port 22, "[host]:port" otherwise. */
export function hostNames(host: string, port: number): string[] {
  return port === 22 ? [host] : [`[${host}]:${port}`];
}

function matchesPatterns(patterns: string, names: string[]): boolean {
  let matched = false;
  for (const p of patterns.split(',')) {
    if (p.startsWith('|1|')) {
      const [, , salt, hash] = p.split('|');
      if (!salt || !hash) continue;
      for (const n of names) {
        const h = createHmac('sha1', Buffer.from(salt, 'base64')).update(n).digest('base64');
        if (h === hash) matched = true;
      }
      continue;
    }
    const negated = p.startsWith('!');
    const re = globToRegExp(negated ? p.slice(1) : p);
    if (names.some((n) => re.test(n))) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

/** "keytype base64" as a blob, or why not. */
function readKey(keyType: string, b64: string): { keyType: string; blob: Uint8Array } | string {
  const blob = Buffer.from(b64, 'base64');
  if (blob.length === 0 || blob.toString('base64').replace(/=+$/, '') !== b64.replace(/=+$/, '')) return 'key is not valid base64';
  return { keyType, blob: new Uint8Array(blob) };
}

export function knownHostKeys(text: string, host: string, port: number): KnownHostsMatch {
  const names = hostNames(host, port);
  const listed: KnownHostKey[] = [];
  const out: KnownHostsMatch = { keys: [], revoked: [], skipped: [] };
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    let parts = line.split(/\s+/);
    let marker: string | undefined;
    if (parts[0].startsWith('@')) {
      marker = parts[0];
      parts = parts.slice(1);
      if (marker !== '@revoked' && marker !== '@cert-authority') {
        out.skipped.push({ line: i + 1, problem: `unknown marker ${marker}` });
        return;
      }
    }
    if (parts.length < 3) {
      out.skipped.push({ line: i + 1, problem: `expected "${marker ? marker + ' ' : ''}hosts keytype base64-key"` });
      return;
    }
    if (marker === '@revoked') {
      const key = readKey(parts[1], parts[2]);
      if (typeof key === 'string') out.skipped.push({ line: i + 1, problem: `@revoked ${key}` });
      else out.revoked.push({ ...key, line: i + 1 });
      return;
    }
    if (!matchesPatterns(parts[0], names)) return;
    if (marker === '@cert-authority') {
      // Host certificates are not supported: a CA key is not a host key, so it is never trusted as one.
      out.skipped.push({ line: i + 1, problem: '@cert-authority is not supported (host certificates are not): this line is not trusted' });
      return;
    }
    const key = readKey(parts[1], parts[2]);
    if (typeof key === 'string') out.skipped.push({ line: i + 1, problem: key });
    else listed.push({ ...key, line: i + 1 });
  });
  for (const k of listed) {
    const revokedBy = out.revoked.find((r) => equalBytes(r.blob, k.blob));
    if (revokedBy) out.skipped.push({ line: k.line, problem: `this key is revoked by line ${revokedBy.line} (@revoked): not trusted` });
    else out.keys.push(k);
  }
  return out;
}

/** The @revoked line that names this key, if any. */
export function revokedLine(m: KnownHostsMatch, blob: Uint8Array): number | undefined {
  return m.revoked.find((r) => equalBytes(r.blob, blob))?.line;
}
