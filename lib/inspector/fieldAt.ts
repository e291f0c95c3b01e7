// Byte ↔ field mapping for the linked tree and hex dump. Fields tile their parent, so every byte
// of a packet belongs to exactly one leaf; a click on a byte selects that leaf.

import type { Field } from '../ssh/wire/field';

/** A field's position in the tree: child indices from the top level ("2.4" is fields[2].children[4]). */
export type FieldPath = string;

export interface Span {
  offset: number;
  length: number;
}

/** The path of the deepest field whose span covers `offset`, or null if no field does. */
export function fieldPathAt(fields: Field[], offset: number): FieldPath | null {
  const path: number[] = [];
  let level: Field[] | undefined = fields;
  while (level && level.length) {
    const i = indexCovering(level, offset);
    if (i < 0) break;
    path.push(i);
    level = level[i].children;
  }
  return path.length ? path.join('.') : null;
}

/** Siblings are in byte order; a binary search keeps 8 KB packets cheap, a scan covers odd trees. */
function indexCovering(level: Field[], offset: number): number {
  let lo = 0;
  let hi = level.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const f = level[mid];
    if (offset < f.offset) hi = mid - 1;
    else if (offset >= f.offset + f.length) lo = mid + 1;
    else return mid;
  }
  return level.findIndex((f) => offset >= f.offset && offset < f.offset + f.length);
}

/** The field at a path, or undefined if the path does not exist in this tree. */
export function fieldAtPath(fields: Field[], path: FieldPath | null | undefined): Field | undefined {
  if (path === null || path === undefined || path === '') return undefined;
  let level: Field[] | undefined = fields;
  let f: Field | undefined;
  for (const part of path.split('.')) {
    const i = Number(part);
    if (!level || !Number.isInteger(i) || i < 0 || i >= level.length) return undefined;
    f = level[i];
    level = f.children;
  }
  return f;
}

/** Paths of a field and all its ancestors, outermost first ("2.4.1" → ["2", "2.4", "2.4.1"]). */
export function ancestorPaths(path: FieldPath): FieldPath[] {
  const parts = path.split('.');
  return parts.map((_, i) => parts.slice(0, i + 1).join('.'));
}

export interface TilingProblem {
  /** Path of the parent whose children do not tile it ("" for the top level). */
  path: FieldPath;
  kind: 'gap' | 'overlap' | 'outside';
  offset: number;
  detail: string;
}

/**
 * Checks DESIGN.md's invariant: top-level fields tile [start, end) and every field's children tile
 * the field. Returns every violation (empty: every byte is annotated exactly once).
 */
export function tilingProblems(fields: Field[], start: number, end: number, path: FieldPath = ''): TilingProblem[] {
  const problems: TilingProblem[] = [];
  let at = start;
  fields.forEach((f, i) => {
    const p = path === '' ? String(i) : `${path}.${i}`;
    if (f.offset > at) problems.push({ path, kind: 'gap', offset: at, detail: `bytes ${at}–${f.offset - 1} before ${f.name} are not covered` });
    if (f.offset < at) problems.push({ path, kind: 'overlap', offset: f.offset, detail: `${f.name} starts at ${f.offset}, inside the previous field (ends at ${at})` });
    if (f.offset + f.length > end) problems.push({ path, kind: 'outside', offset: f.offset, detail: `${f.name} ends at ${f.offset + f.length}, past ${end}` });
    if (f.children?.length) problems.push(...tilingProblems(f.children, f.offset, f.offset + f.length, p));
    at = Math.max(at, f.offset + f.length);
  });
  if (at < end) problems.push({ path, kind: 'gap', offset: at, detail: `bytes ${at}–${end - 1} at the end are not covered` });
  return problems;
}
