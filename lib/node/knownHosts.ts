// OpenSSH known_hosts (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"): the keys trusted for a host.

import { createHmac } from 'node:crypto';

export interface KnownHostsMatch {
  keys: { keyType: string; blob: Uint8Array; line: number }[];
  /** Lines that could not be read, with why: reported, never fatal. */
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

export function knownHostKeys(text: string, host: string, port: number): KnownHostsMatch {
  const names = hostNames(host, port);
  const out: KnownHostsMatch = { keys: [], skipped: [] };
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    let parts = line.split(/\s+/);
    if (parts[0].startsWith('@')) {
      // @revoked and @cert-authority lines are not plain trust anchors for this tool.
      if (parts[0] !== '@revoked' && parts[0] !== '@cert-authority') out.skipped.push({ line: i + 1, problem: `unknown marker ${parts[0]}` });
      return;
    }
    if (parts.length < 3) {
      out.skipped.push({ line: i + 1, problem: 'expected "hosts keytype base64-key"' });
      return;
    }
    parts = parts.slice(0, 3);
    if (!matchesPatterns(parts[0], names)) return;
    const blob = Buffer.from(parts[2], 'base64');
    if (blob.length === 0 || blob.toString('base64').replace(/=+$/, '') !== parts[2].replace(/=+$/, '')) {
      out.skipped.push({ line: i + 1, problem: 'key is not valid base64' });
      return;
    }
    out.keys.push({ keyType: parts[1], blob: new Uint8Array(blob), line: i + 1 });
  });
  return out;
}
