// What makes a link one a student cannot trust: it points at a moving target, so the text it
// opens can change (or vanish, as OpenSSH's PROTOCOL.chacha20poly1305 did on master in 2025)
// after the explanation was checked against it. Used by links.test.ts over content/, lib/ and
// components/.

/** Every http(s) URL in a text, without trailing punctuation that belongs to the prose. */
export function urlsIn(text: string): string[] {
  return [...text.matchAll(/https?:\/\/[^\s)'"`<>\]]+/g)].map((m) => m[0].replace(/[.,;:]+$/, ''));
}

const BRANCHES = '(?:master|main|HEAD|trunk|develop)';

const RULES: { test: RegExp; why: string }[] = [
  {
    test: new RegExp(`^https?://github\\.com/[^/]+/[^/]+/(?:blob|tree|raw|blame|commits)/${BRANCHES}(?:/|$|#|\\?)`),
    why: 'a GitHub branch moves: link a release tag (e.g. V_9_9_P1) or a commit',
  },
  {
    test: new RegExp(`^https?://raw\\.githubusercontent\\.com/[^/]+/[^/]+/(?:refs/heads/)?${BRANCHES}/`),
    why: 'a raw GitHub file on a branch moves: link a release tag or a commit',
  },
  {
    test: new RegExp(`^https?://gitlab\\.com/.+/-/(?:blob|tree|raw)/${BRANCHES}(?:/|$)`),
    why: 'a GitLab branch moves: link a tag or a commit',
  },
  {
    // datatracker.ietf.org/doc/draft-x/ and …/doc/html/draft-x are the newest version, whatever it says.
    test: /^https?:\/\/(?:datatracker\.ietf\.org\/doc\/(?:html\/)?|tools\.ietf\.org\/html\/|www\.ietf\.org\/archive\/id\/)draft-[a-z0-9-]+?(?<!-\d\d)(?:\.txt|\.html)?\/?(?:#.*)?$/,
    why: 'an Internet-Draft without its version number moves: name the version (…-04)',
  },
];

/** Why a URL is not pinned, or null when it is. */
export function movingLinkProblem(url: string): string | null {
  for (const r of RULES) if (r.test.test(url)) return r.why;
  return null;
}
