// Turns whatever opening a recording threw into lines of plain text for the error panel:
// RecordingError's issues (JSON path + problem), or the error's message, or a fallback.

export interface Problem {
  /** JSON path ("$.client.events[3].bytes"), "event 12", or "" when the whole file is the problem. */
  where: string;
  problem: string;
}

const MAX_PROBLEMS = 20;
const MAX_TEXT = 500;

function clip(s: string): string {
  return s.length > MAX_TEXT ? s.slice(0, MAX_TEXT) + '…' : s;
}

export function describeError(e: unknown): Problem[] {
  if (e && typeof e === 'object' && Array.isArray((e as { issues?: unknown }).issues)) {
    const issues = (e as { issues: unknown[] }).issues;
    const out = issues.slice(0, MAX_PROBLEMS).map((i) => {
      const o = (i ?? {}) as { path?: unknown; problem?: unknown; message?: unknown };
      return { where: clip(String(o.path ?? '')), problem: clip(String(o.problem ?? o.message ?? 'invalid')) };
    });
    if (issues.length > MAX_PROBLEMS) out.push({ where: '', problem: `…and ${issues.length - MAX_PROBLEMS} more problems` });
    if (out.length > 0) return out;
  }
  if (e instanceof Error) return [{ where: '', problem: clip(e.message || e.name) }];
  if (typeof e === 'string') return [{ where: '', problem: clip(e) }];
  return [{ where: '', problem: 'the recording could not be opened' }];
}
