// What differs between two aligned sessions, in short sentences a reader (and a screen reader)
// can take in: a step on one side only, the same step with another outcome or other values, a side
// that failed. Values that differ in every run (cookies, ephemeral keys, signatures: bytes) are
// not compared: only names, numbers, flags and name-lists, which is where a choice shows.

import type { Computation } from '../ssh/transport/events';
import type { FailedNegotiation, SessionSummary, Step } from '../session/session';
import type { AlignedRow } from './compareAlign';

export type Side = 'A' | 'B';

export interface RowDifference {
  /** Index into the aligned rows. */
  row: number;
  kind: 'only' | 'differs';
  /** One short sentence per difference. */
  texts: string[];
}

function stepName(s: Step): string {
  return s.kind === 'message' ? `${s.title} (${s.who})` : `${s.title} (${s.who})`;
}

function show(v: unknown): string {
  if (v === undefined || v === null || v === '') return 'none';
  if (Array.isArray(v)) return v.length ? v.join(',') : 'empty';
  return String(v);
}

/** Plain, comparable values: strings, numbers, booleans, name-lists. Bytes and objects are left out. */
function comparable(v: unknown): v is string | number | boolean | string[] {
  return (
    typeof v === 'string' ||
    typeof v === 'number' ||
    typeof v === 'boolean' ||
    (Array.isArray(v) && v.every((x) => typeof x === 'string'))
  );
}

function same(x: unknown, y: unknown): boolean {
  if (Array.isArray(x) && Array.isArray(y)) return x.length === y.length && x.every((e, i) => e === y[i]);
  return x === y;
}

/** "kex_algorithms: only A offers x; only B offers y" or, for the same names, the order. */
function listDifference(name: string, x: string[], y: string[]): string {
  const onlyA = x.filter((e) => !y.includes(e));
  const onlyB = y.filter((e) => !x.includes(e));
  const parts: string[] = [];
  if (onlyA.length) parts.push(`only A has ${onlyA.join(', ')}`);
  if (onlyB.length) parts.push(`only B has ${onlyB.join(', ')}`);
  if (!parts.length) parts.push(`same names, A lists ${x[0] ?? 'none'} first, B ${y[0] ?? 'none'}`);
  return `${name}: ${parts.join('; ')}`;
}

function valueDifferences(a: Record<string, unknown> | undefined, b: Record<string, unknown> | undefined): string[] {
  const out: string[] = [];
  const keys = new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})]);
  for (const k of keys) {
    const x = a?.[k];
    const y = b?.[k];
    if (!(x === undefined || comparable(x)) || !(y === undefined || comparable(y))) continue;
    if (same(x, y)) continue;
    if (Array.isArray(x) && Array.isArray(y)) out.push(listDifference(k, x, y));
    else out.push(`${k}: A ${show(x)}, B ${show(y)}`);
  }
  return out;
}

/** The scalar facts of a computation step worth comparing, keyed by a readable name. */
function computationFacts(c: Computation | FailedNegotiation): Record<string, unknown> {
  switch (c.name) {
    case 'negotiation': {
      const n = c.negotiated;
      return { kex: n.kex, 'host key algorithm': n.hostKey, 'cipher c2s': n.cipherC2S, 'cipher s2c': n.cipherS2C, 'MAC c2s': n.macC2S, 'MAC s2c': n.macS2C };
    }
    case 'failed negotiation':
      return { 'negotiation failure': c.reason };
    case 'ephemeral key':
      return { 'kex method': c.kex };
    case 'K':
      return { 'K encoding': c.encoding ?? 'mpint' };
    case 'H':
      return { hash: c.hash };
    case 'signature':
      return { 'signature algorithm': c.algorithm, 'signature valid': c.ok };
    case 'host key':
      return { 'host key algorithm': c.algorithm, 'host key known': c.known };
    case 'guess':
      return { 'guess right': c.right };
    case 'strict kex':
      return { 'strict kex': c.enabled };
    case 'ext-info':
      return { extensions: Object.keys(c.extensions) };
    default:
      return {};
  }
}

function facts(s: Step): Record<string, unknown> {
  if (s.kind !== 'computation') return {};
  const out: Record<string, unknown> = { ok: s.ok };
  for (const c of s.computations) Object.assign(out, computationFacts(c));
  return out;
}

/** Differences between two steps that share a row (same kind and identity). */
export function stepDifferences(a: Step, b: Step): string[] {
  const out: string[] = [];
  if (a.kind === 'message' && b.kind === 'message') {
    if (a.tampered !== b.tampered) out.push(`attacker: A ${a.tampered ?? 'untouched'}, B ${b.tampered ?? 'untouched'}`);
    if (a.encrypted !== b.encrypted) out.push(`A ${a.encrypted ? 'encrypted' : 'in the clear'}, B ${b.encrypted ? 'encrypted' : 'in the clear'}`);
    else if (a.encrypted && (a.entry.cipher ?? '') !== (b.entry.cipher ?? '')) out.push(`cipher: A ${show(a.entry.cipher)}, B ${show(b.entry.cipher)}`);
    if ((a.entry.ignored ?? '') !== (b.entry.ignored ?? '')) out.push(`ignored: A ${a.entry.ignored ? 'yes' : 'no'}, B ${b.entry.ignored ? 'yes' : 'no'}`);
    out.push(...valueDifferences(a.entry.values, b.entry.values));
  } else if (a.kind === 'computation' && b.kind === 'computation') {
    out.push(...valueDifferences(facts(a), facts(b)).map((t) => t.replace(/^ok: A true, B false$/, 'A succeeds, B fails').replace(/^ok: A false, B true$/, 'A fails, B succeeds')));
  } else if (a.kind === 'closed' && b.kind === 'closed') {
    if (a.reasonName !== b.reasonName) out.push(`reason: A ${a.reasonName}, B ${b.reasonName}`);
    else if (a.description !== b.description) out.push(`description: A “${a.description}”, B “${b.description}”`);
  }
  if ((a.error ?? '') !== (b.error ?? '')) {
    if (a.error) out.push(`A fails here: ${a.error}`);
    if (b.error) out.push(`B fails here: ${b.error}`);
  }
  return out;
}

/** Every row where the two sides differ, in row order. */
export function rowDifferences(rows: readonly AlignedRow[], a: readonly Step[], b: readonly Step[]): RowDifference[] {
  const out: RowDifference[] = [];
  rows.forEach((r, row) => {
    if (r.a !== undefined && r.b !== undefined) {
      const texts = stepDifferences(a[r.a], b[r.b]);
      if (texts.length) out.push({ row, kind: 'differs', texts });
    } else if (r.a !== undefined) {
      const s = a[r.a];
      out.push({ row, kind: 'only', texts: [`only in A: ${stepName(s)}${s.error ? ` — ${s.error}` : ''}`] });
    } else if (r.b !== undefined) {
      const s = b[r.b];
      out.push({ row, kind: 'only', texts: [`only in B: ${stepName(s)}${s.error ? ` — ${s.error}` : ''}`] });
    }
  });
  return out;
}

/** The sessions' outcomes and negotiated algorithms, side by side, where they differ. */
export function summaryDifferences(a: SessionSummary, b: SessionSummary): string[] {
  const out: string[] = [];
  if (a.ok !== b.ok) out.push(a.ok ? `B fails: ${b.outcome}` : `A fails: ${a.outcome}`);
  else if (!a.ok && a.outcome !== b.outcome) out.push(`both fail, differently — A: ${a.outcome}; B: ${b.outcome}`);
  const names: [keyof SessionSummary, string][] = [
    ['kex', 'kex'],
    ['hostKey', 'host key'],
    ['cipherC2S', 'cipher c2s'],
    ['cipherS2C', 'cipher s2c'],
    ['macC2S', 'MAC c2s'],
    ['macS2C', 'MAC s2c'],
  ];
  for (const [k, label] of names) if (a[k] !== b[k]) out.push(`${label}: A ${show(a[k])}, B ${show(b[k])}`);
  return out;
}
