// An experiment: the whole setup of a simulated handshake (both sides' preference lists and
// switches, the server's host keys, the seed), as plain data. One table of parameters gives it
// its URL form (/playground?server-cipher=aes128-ctr&seed=7) and its command line form
// (sshscope simulate --server-cipher aes128-ctr --seed 7): the same names, parsed here, so a
// link and a command cannot disagree about what they mean.
//
// Light on purpose: no algorithm registry is imported (the page's first load would carry every
// cipher), the names sshscope implements come in as a Catalog (experimentRun.ts reads them).
//
// URL format (every parameter optional; an absent one is the default, which is also what the
// CLI does without the flag):
//   kex, hostkey, cipher, mac              the client's offers, comma-separated, preference order
//   server-kex, server-hostkey,
//   server-cipher, server-mac              the server's lists
//   server-keys                            the host key types the server holds (may be empty)
//   strict=0|1                             strict kex on both sides; client-strict / server-strict
//                                          set one side (written when the sides differ)
//   ext-info=0|1                           ext-info alike; client-ext-info / server-ext-info
//   guess=0|1                              the client sends its guessed kex packet at once
//   seed=N                                 the random bytes' seed (a non-negative integer)
//   attack=…                               a man in the middle (attack.ts: drop:c2s:3, terrapin, …)

import { ATTACK_VALUE, ATTACK_WHAT, formatAttack, parseAttack, type AttackSpec } from './attack';
import { DEFAULT_CIPHER, DEFAULT_HOST_KEY, DEFAULT_KEX, DEFAULT_MAC } from '../ssh/transport/config';

export type ListKey = 'kex' | 'hostKey' | 'cipher' | 'mac';
export const LIST_KEYS: readonly ListKey[] = ['kex', 'hostKey', 'cipher', 'mac'];

export interface SideSetup {
  kex: string[];
  hostKey: string[];
  cipher: string[];
  mac: string[];
  strictKex: boolean;
  extInfo: boolean;
}

export interface Experiment {
  client: SideSetup & { guessKex: boolean };
  /** `keyTypes`: the host key types the server holds ("ssh-ed25519", "ssh-rsa", …), demo keys. */
  server: SideSetup & { keyTypes: string[] };
  seed: number;
  /** The man in the middle, if any (attack.ts). */
  attack: AttackSpec | null;
}

/** What sshscope implements, by list; `keyTypes`: the host key types it has a demo key for. */
export interface Catalog {
  kex: readonly string[];
  hostKey: readonly string[];
  cipher: readonly string[];
  mac: readonly string[];
  keyTypes: readonly string[];
}

export interface ExperimentProblem {
  /** The parameter's name, as in the URL (the CLI puts -- before it). */
  param: string;
  problem: string;
}

/** The defaults: both sides as sshscope's own defaults (OpenSSH's order), the server holding every key type. */
export function defaultExperiment(catalog: Catalog): Experiment {
  const side = (): SideSetup => ({
    kex: [...DEFAULT_KEX],
    hostKey: [...DEFAULT_HOST_KEY],
    cipher: [...DEFAULT_CIPHER],
    mac: [...DEFAULT_MAC],
    strictKex: true,
    extInfo: true,
  });
  return { client: { ...side(), guessKex: false }, server: { ...side(), keyTypes: [...catalog.keyTypes] }, seed: 1, attack: null };
}

const LIST_PARAM: Record<ListKey, string> = { kex: 'kex', hostKey: 'hostkey', cipher: 'cipher', mac: 'mac' };

/** Every parameter, in the order they are written: the URL, the CLI flags and the help read this. */
export const EXPERIMENT_PARAMS: readonly { name: string; value: string; what: string }[] = [
  ...LIST_KEYS.map((k) => ({ name: LIST_PARAM[k], value: 'LIST', what: `${listTitle(k)} the client offers, in preference order` })),
  ...LIST_KEYS.map((k) => ({ name: `server-${LIST_PARAM[k]}`, value: 'LIST', what: `${listTitle(k)} the server offers` })),
  { name: 'server-keys', value: 'LIST', what: 'host key types the server holds (demo keys; may be empty)' },
  { name: 'strict', value: '0|1', what: 'strict kex on both sides (default 1)' },
  { name: 'client-strict', value: '0|1', what: 'strict kex on the client only' },
  { name: 'server-strict', value: '0|1', what: 'strict kex on the server only' },
  { name: 'ext-info', value: '0|1', what: 'ext-info (RFC 8308) on both sides (default 1)' },
  { name: 'client-ext-info', value: '0|1', what: 'ext-info on the client only' },
  { name: 'server-ext-info', value: '0|1', what: 'ext-info on the server only' },
  { name: 'guess', value: '0|1', what: 'the client guesses the kex and sends its first kex packet at once (default 0)' },
  { name: 'seed', value: 'N', what: 'seed for the random bytes (default 1)' },
  { name: 'attack', value: ATTACK_VALUE, what: ATTACK_WHAT },
];

function listTitle(k: ListKey): string {
  return { kex: 'key exchange methods', hostKey: 'host key algorithms', cipher: 'ciphers', mac: 'MACs' }[k];
}

const PARAM_NAMES = new Set(EXPERIMENT_PARAMS.map((p) => p.name));

/** Whether `name` is one of the experiment's parameters. */
export function isExperimentParam(name: string): boolean {
  return PARAM_NAMES.has(name);
}

function splitList(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Names are shown in messages: cut long ones and keep only printable ASCII. */
function shown(name: string): string {
  const clean = name.replace(/[^\x20-\x7e]/g, '?');
  return JSON.stringify(clean.length > 60 ? clean.slice(0, 60) + '…' : clean);
}

/**
 * Reads an experiment from parameters (a URL's query, or the CLI's flags as pairs). Never throws:
 * a bad parameter becomes a problem that names it, and that part of the setup stays as it would
 * have been without it (unknown algorithm names are left out of their list). Parameters in
 * `ignore` (the viewer's own: step, present…) are skipped; any other unknown name is a problem.
 */
export function parseExperiment(
  params: Iterable<[string, string]>,
  catalog: Catalog,
  ignore: ReadonlySet<string> = new Set(),
): { experiment: Experiment; problems: ExperimentProblem[] } {
  const e = defaultExperiment(catalog);
  const problems: ExperimentProblem[] = [];
  const given = new Map<string, string>();
  for (const [name, value] of params) {
    if (ignore.has(name)) continue;
    if (!PARAM_NAMES.has(name)) {
      problems.push({ param: name, problem: `unknown parameter ${shown(name)} (known: ${EXPERIMENT_PARAMS.map((p) => p.name).join(', ')})` });
    } else if (given.has(name)) {
      problems.push({ param: name, problem: 'given more than once; the first value counts' });
    } else {
      given.set(name, value);
    }
  }

  const list = (param: string, known: readonly string[], what: string, allowEmpty = false): string[] | undefined => {
    const raw = given.get(param);
    if (raw === undefined) return undefined;
    const names = splitList(raw);
    const unknown = names.filter((n) => !known.includes(n));
    if (unknown.length) {
      problems.push({
        param,
        problem: `sshscope does not implement ${unknown.map(shown).join(', ')} (it knows: ${known.join(', ')})`,
      });
    }
    const out: string[] = [];
    for (const n of names) {
      if (!known.includes(n)) continue;
      if (out.includes(n)) problems.push({ param, problem: `${shown(n)} is listed twice; the first place counts` });
      else out.push(n);
    }
    if (out.length === 0 && unknown.length) return undefined;
    if (out.length === 0 && !allowEmpty) {
      problems.push({ param, problem: `the list of ${what} must not be empty` });
      return undefined;
    }
    return out;
  };
  for (const k of LIST_KEYS) {
    const c = list(LIST_PARAM[k], catalog[k], listTitle(k));
    if (c) e.client[k] = c;
    const s = list(`server-${LIST_PARAM[k]}`, catalog[k], listTitle(k));
    if (s) e.server[k] = s;
  }
  const keys = list('server-keys', catalog.keyTypes, 'host key types', true);
  if (keys) e.server.keyTypes = keys;

  const flag = (param: string): boolean | undefined => {
    const raw = given.get(param);
    if (raw === undefined) return undefined;
    if (raw === '0' || raw === '1') return raw === '1';
    problems.push({ param, problem: `must be 0 or 1, got ${shown(raw)}` });
    return undefined;
  };
  const both = (param: string, key: 'strictKex' | 'extInfo') => {
    const all = flag(param);
    const c = flag(`client-${param}`);
    const s = flag(`server-${param}`);
    e.client[key] = c ?? all ?? e.client[key];
    e.server[key] = s ?? all ?? e.server[key];
  };
  both('strict', 'strictKex');
  both('ext-info', 'extInfo');
  e.client.guessKex = flag('guess') ?? false;

  const seed = given.get('seed');
  if (seed !== undefined) {
    const n = /^\d{1,16}$/.test(seed.trim()) ? Number(seed.trim()) : NaN;
    if (Number.isSafeInteger(n)) e.seed = n;
    else problems.push({ param: 'seed', problem: `must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}, got ${shown(seed)}` });
  }
  const attack = given.get('attack');
  if (attack !== undefined) {
    const a = parseAttack(attack);
    if ('attack' in a) e.attack = a.attack;
    else problems.push({ param: 'attack', problem: a.problem });
  }
  return { experiment: e, problems };
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const bit = (b: boolean) => (b ? '1' : '0');

/** The parameters that say `e`, in table order, leaving out whatever equals the default. */
export function experimentParams(e: Experiment, catalog: Catalog): [string, string][] {
  const d = defaultExperiment(catalog);
  const out: [string, string][] = [];
  for (const k of LIST_KEYS) if (!same(e.client[k], d.client[k])) out.push([LIST_PARAM[k], e.client[k].join(',')]);
  for (const k of LIST_KEYS) if (!same(e.server[k], d.server[k])) out.push([`server-${LIST_PARAM[k]}`, e.server[k].join(',')]);
  if (!same(e.server.keyTypes, d.server.keyTypes)) out.push(['server-keys', e.server.keyTypes.join(',')]);
  for (const [param, key] of [
    ['strict', 'strictKex'],
    ['ext-info', 'extInfo'],
  ] as const) {
    const c = e.client[key];
    const s = e.server[key];
    if (c === s) {
      if (c !== d.client[key]) out.push([param, bit(c)]);
    } else {
      out.push([`client-${param}`, bit(c)], [`server-${param}`, bit(s)]);
    }
  }
  if (e.client.guessKex) out.push(['guess', '1']);
  if (e.seed !== d.seed) out.push(['seed', String(e.seed)]);
  if (e.attack) out.push(['attack', formatAttack(e.attack)]);
  return out;
}

/**
 * `search` with the experiment's parameters replaced by those of `e` (written last, in table
 * order); other parameters (the viewer's step, present…) stay unless named in `drop`.
 */
export function withExperiment(search: string, e: Experiment, catalog: Catalog, drop: readonly string[] = []): string {
  const q = new URLSearchParams(search);
  for (const name of [...q.keys()]) if (PARAM_NAMES.has(name) || drop.includes(name)) q.delete(name);
  for (const [k, v] of experimentParams(e, catalog)) q.append(k, v);
  // Commas, @ and colons (attack=flip:s2c:2) read better unescaped, and are safe in a query value.
  const s = q.toString().replace(/%2C/gi, ',').replace(/%40/gi, '@').replace(/%3A/gi, ':');
  return s ? `?${s}` : '';
}

/** The same experiment as `sshscope simulate` arguments (before --out). */
export function simulateArgs(e: Experiment, catalog: Catalog): string[] {
  return experimentParams(e, catalog).flatMap(([k, v]) => [`--${k}`, v]);
}
