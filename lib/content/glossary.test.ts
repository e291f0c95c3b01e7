// The glossary: every entry is well formed and cites a pinned source, and every explanation links
// a glossary term where it first uses it, so a student can look up any word the text assumes.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contentKeysOnDisk, PENDING_ELSEWHERE, prose } from './contentFiles';
import { GLOSSARY, glossaryHref } from './glossary';
import { movingLinkProblem } from './links';
import { refToLink } from './rfcLink';

/** The first use of each glossary term in `text` that is not inside a link to its entry. */
export function unlinkedFirstUses(text: string): string[] {
  const body = prose(text)
    // Other links' targets are not prose (a URL may hold a term-like word).
    .replace(/\]\((?!\/glossary\/)[^)]*\)/g, (m) => ' '.repeat(m.length));
  const links = [...body.matchAll(/\[([^\]]+)\]\(\/glossary\/#([a-z0-9-]+)\)/g)].map((m) => ({
    id: m[2],
    start: m.index + 1,
    end: m.index + 1 + m[1].length,
  }));
  const missing: string[] = [];
  for (const g of GLOSSARY) {
    const first = new RegExp(g.pattern.source, g.pattern.flags.replace('g', '')).exec(body);
    if (!first) continue;
    const inside = links.some((l) => l.id === g.id && first.index >= l.start && first.index < l.end);
    if (!inside) missing.push(`${g.id} ("${first[0]}" at ${first.index})`);
  }
  return missing;
}

describe('glossary entries', () => {
  it('ids are unique anchors', () => {
    const ids = GLOSSARY.map((g) => g.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });
  it('holds the terms the issue names', () => {
    for (const id of ['aead', 'etm', 'mpint', 'name-list', 'forward-secrecy']) expect(GLOSSARY.map((g) => g.id)).toContain(id);
  });
  for (const g of GLOSSARY) {
    it(`${g.id}: its pattern finds its own term, and it cites a pinned source`, () => {
      expect(g.pattern.test(g.term) || g.pattern.test(g.term.split(' (')[0]), g.term).toBe(true);
      expect(g.definition.length).toBeGreaterThan(30);
      expect(movingLinkProblem(g.cite.href)).toBeNull();
      if (g.cite.label.startsWith('RFC ') || g.cite.label.startsWith('draft-')) expect(g.cite.href).toBe(refToLink(g.cite.label)?.href);
      else expect(g.cite.href).toMatch(/^https:\/\/github\.com\/openssh\/openssh-portable\/blob\/V_\d+_\d+_P\d+\//);
    });
  }
});

describe('unlinkedFirstUses', () => {
  it('accepts a linked first use and ignores later ones', () => {
    expect(unlinkedFirstUses(`### T\n\nAn [mpint](${glossaryHref('mpint')}) and another mpint.`)).toEqual([]);
  });
  it('reports a first use without a link, or linked to the wrong entry', () => {
    expect(unlinkedFirstUses('### T\n\nAn mpint, then an [mpint](/glossary/#mpint).')).toEqual(['mpint ("mpint" at 4)']);
    expect(unlinkedFirstUses('### T\n\nThe [AEAD](/glossary/#mac) tag.')[0]).toMatch(/^aead/);
  });
  it('ignores the title and the citations', () => {
    expect(unlinkedFirstUses('### The mpint\n\n<p className="mdx-cite">mpint</p>')).toEqual([]);
  });
});

describe('every explanation links a glossary term at its first use', () => {
  for (const k of contentKeysOnDisk()) {
    const text = readFileSync(`content/${k}.mdx`, 'utf8');
    (PENDING_ELSEWHERE.has(k) ? it.fails : it)(k, () => {
      expect(unlinkedFirstUses(text)).toEqual([]);
    });
  }
});
