// No explanation, field reference or component links to a moving target: every URL in content/,
// lib/ and components/ names a release tag, a commit, an RFC number or a draft version.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PENDING_ELSEWHERE } from './contentFiles';
import { movingLinkProblem, urlsIn } from './links';

const ROOTS = ['content', 'lib', 'components', 'app'];

/** Source and content files; tests are left out (they hold bad URLs on purpose, like this one). */
function files(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => /\.(ts|tsx|mdx|md|css)$/.test(f) && !/\.test\.tsx?$/.test(f))
    .map((f) => join(dir, f));
}

describe('movingLinkProblem', () => {
  it.each([
    'https://github.com/openssh/openssh-portable/blob/master/PROTOCOL.chacha20poly1305',
    'https://github.com/openssh/openssh-portable/blob/master/PROTOCOL',
    'https://github.com/openssh/openssh-portable/tree/master',
    'https://github.com/golang/crypto/blob/main/ssh/handshake.go#L10',
    'https://raw.githubusercontent.com/openssh/openssh-portable/master/PROTOCOL',
    'https://gitlab.com/jas/ietf-ssh-chacha20-poly1305/-/blob/main/draft.md',
    'https://datatracker.ietf.org/doc/draft-miller-sshm-strict-kex/',
    'https://datatracker.ietf.org/doc/html/draft-ietf-sshm-chacha20-poly1305',
    'https://datatracker.ietf.org/doc/html/draft-miller-sshm-aes-gcm#section-2',
  ])('refuses %s', (url) => {
    expect(movingLinkProblem(url)).not.toBeNull();
  });
  it.each([
    'https://github.com/openssh/openssh-portable/blob/V_9_9_P1/PROTOCOL.chacha20poly1305',
    'https://github.com/openssh/openssh-portable/blob/0ef0f5a839831c213f24e3f2ae434765c607fb50/PROTOCOL',
    'https://www.rfc-editor.org/rfc/rfc4253#section-7.1',
    'https://datatracker.ietf.org/doc/html/draft-miller-sshm-strict-kex-01',
    'https://datatracker.ietf.org/doc/html/draft-ietf-sshm-chacha20-poly1305-04#section-3',
    'https://www.usenix.org/conference/usenixsecurity24/presentation/baumer',
    // A repository named "main" is not a branch.
    'https://github.com/example/main',
  ])('accepts %s', (url) => {
    expect(movingLinkProblem(url)).toBeNull();
  });
  it('finds URLs in markdown and code, without the punctuation after them', () => {
    expect(urlsIn('see [x](https://a.example/b#c). and "https://d.example/e", `https://f.example/g`')).toEqual([
      'https://a.example/b#c',
      'https://d.example/e',
      'https://f.example/g',
    ]);
  });
});

describe('every link in content/, lib/, components/ and app/ is pinned', () => {
  const all = ROOTS.flatMap(files);
  it('the walk finds the explanations and the sources', () => {
    expect(all.some((f) => f.endsWith('.mdx'))).toBe(true);
    expect(all).toContain(join('lib', 'content', 'rfcLink.ts'));
  });
  for (const f of all) {
    const urls = urlsIn(readFileSync(f, 'utf8'));
    if (urls.length === 0) continue;
    const pending = [...PENDING_ELSEWHERE].some((k) => f === join('content', `${k}.mdx`));
    (pending ? it.fails : it)(f, () => {
      const bad = urls.flatMap((u) => {
        const why = movingLinkProblem(u);
        return why ? [`${u}: ${why}`] : [];
      });
      expect(bad).toEqual([]);
    });
  }
});
