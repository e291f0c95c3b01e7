// A small argument parser: flags with values, boolean flags, positionals. Unknown flags are errors.

export class UsageError extends Error {}

/** A failure the user can act on (an unreadable key file, say): one line, exit code 1, no stack. */
export class CliError extends Error {}

export interface FlagSpec {
  /** Takes a value (--out FILE) or is a switch (--json). */
  value: boolean;
  /** May be given more than once (--host-key A --host-key B). */
  repeat?: boolean;
}

export interface Parsed {
  positionals: string[];
  flags: Record<string, string | string[] | boolean>;
}

export function parseArgs(argv: string[], spec: Record<string, FlagSpec>): Parsed {
  const out: Parsed = { positionals: [], flags: {} };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('--')) {
      out.positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    const s = spec[name];
    if (!s) throw new UsageError(`unknown option --${name}`);
    if (!s.value) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      out.flags[name] = true;
      continue;
    }
    const v = eq >= 0 ? a.slice(eq + 1) : argv[++i];
    if (v === undefined) throw new UsageError(`--${name} needs a value`);
    if (s.repeat) out.flags[name] = [...((out.flags[name] as string[]) ?? []), v];
    else out.flags[name] = v;
  }
  return out;
}

export function list(v: unknown): string[] | undefined {
  if (typeof v !== 'string') return undefined;
  const items = v.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new UsageError('an algorithm list must not be empty');
  return items;
}

export function int(v: unknown, what: string, min = 0, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${what} must be an integer between ${min} and ${max}, got "${String(v)}"`);
  return n;
}
