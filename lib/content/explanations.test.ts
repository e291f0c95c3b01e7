import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXPLAIN_KEYS } from '../session/explain';
import type { ClosedStep, ComputationStep, MessageStep } from '../session/session';
import type { TraceEntry } from '../ssh/transport/events';
import { CONTENT_KEYS, EXPLANATION_TITLES, explanationKeyFor, explanationLoaders, loaderFor, relatedKeys } from './explanations';
import { PENDING_ELSEWHERE, prose } from './contentFiles';
import { movingLinkProblem } from './links';
import { refToLink } from './rfcLink';

const file = (key: string) => `content/${key}.mdx`;
const onDisk = ['messages', 'concepts'].flatMap((d) => readdirSync(`content/${d}`).filter((f) => f.endsWith('.mdx')).map((f) => `${d}/${f.slice(0, -4)}`));

describe('every explanation key has a file', () => {
  it('every key a step can carry (EXPLAIN_KEYS from lib/session) has a loader and a file', () => {
    expect(EXPLAIN_KEYS.length).toBeGreaterThan(30);
    for (const k of EXPLAIN_KEYS) {
      expect(CONTENT_KEYS, k).toContain(k);
      expect(existsSync(file(k)), file(k)).toBe(true);
    }
  });
  it('the registry and content/ hold the same set', () => {
    expect([...CONTENT_KEYS].sort()).toEqual([...onDisk].sort());
  });
  it('each loader imports the file named by its key', () => {
    // The import() targets are literal (for code splitting): read them back from the function source.
    for (const [k, load] of Object.entries(explanationLoaders)) expect(load.toString(), k).toContain(`content/${k}.mdx`);
  });
  it('the issue’s message and concept list is covered', () => {
    const wanted = [
      'messages/identification', 'messages/banner', 'messages/kexinit', 'messages/kexdh-init', 'messages/kexdh-reply',
      'messages/kex-ecdh-init', 'messages/kex-ecdh-reply', 'messages/kex-dh-gex-request', 'messages/kex-dh-gex-group',
      'messages/kex-dh-gex-init', 'messages/kex-dh-gex-reply', 'messages/newkeys', 'messages/ext-info',
      'messages/service-request', 'messages/service-accept', 'messages/ignore', 'messages/debug', 'messages/unimplemented',
      'messages/disconnect', 'concepts/version-exchange', 'concepts/negotiation', 'concepts/ecdh', 'concepts/dh',
      'concepts/exchange-hash', 'concepts/key-derivation', 'concepts/host-key', 'concepts/signature', 'concepts/newkeys',
      'concepts/binary-packet-protocol', 'concepts/strict-kex', 'concepts/ext-info', 'concepts/guess', 'concepts/mac-error',
      'concepts/host-key-not-verifiable', 'concepts/no-common-algorithm', 'concepts/strict-kex-violation',
      'concepts/terrapin', 'concepts/downgrade',
    ];
    for (const k of wanted) expect(CONTENT_KEYS, k).toContain(k);
  });
  it('unknown keys have no loader (the panel falls back)', () => {
    expect(loaderFor('messages/nope')).toBeUndefined();
    expect(loaderFor('constructor')).toBeUndefined();
    expect(loaderFor('__proto__')).toBeUndefined();
  });
  it('related keys exist', () => {
    for (const k of CONTENT_KEYS) for (const r of relatedKeys(k)) expect(CONTENT_KEYS).toContain(r);
  });
});

/** The citation paragraph's links. */
function citations(text: string): { label: string; href: string }[] {
  const cite = /<p className="mdx-cite">([\s\S]*?)<\/p>/.exec(text)?.[1] ?? '';
  return [...cite.matchAll(/\[([^\]]+)\]\(([^)]+)\)/g)].map((m) => ({ label: m[1], href: m[2] }));
}

// A citation is pinned when it names a fixed text: an RFC, a versioned draft, a tagged OpenSSH file, the paper.
const PINNED = /^https:\/\/(?:www\.rfc-editor\.org\/rfc\/rfc\d+|datatracker\.ietf\.org\/doc\/html\/draft-[a-z0-9-]+-\d\d|github\.com\/openssh\/openssh-portable\/blob\/V_\d+_\d+_P\d+\/|www\.usenix\.org\/conference\/usenixsecurity\d\d\/presentation\/)/;

describe('content files', () => {
  for (const k of onDisk) {
    const text = readFileSync(file(k), 'utf8');
    const check = PENDING_ELSEWHERE.has(k) ? it.fails : it;
    it(`${k}: short, cites its sources with correct links, no MDX expressions`, () => {
      // Presenter mode shows the explanation in large type on a 1280×720 screen.
      const words = text.replace(/\((?:https?:|\/)[^)]+\)/g, '').split(/\s+/).filter(Boolean).length;
      expect(words, `${k} has ${words} words`).toBeLessThanOrEqual(150);
      expect(text).toMatch(/^### /);
      expect(EXPLANATION_TITLES[k]).toBe(text.split('\n')[0].slice(4));
      // Every RFC or draft link's label and target agree (the label names the section the link opens).
      const links = [...text.matchAll(/\[((?:RFC \d+|draft-[a-z0-9-]+-\d\d)(?: §[\dA-Z.]+)?)\]\(([^)]+)\)/g)];
      const others = [...text.matchAll(/\]\((https:\/\/(?:github\.com\/openssh|terrapin-attack\.com|www\.usenix\.org)[^)]*)\)/g)];
      expect(links.length + others.length, `${k} cites nothing`).toBeGreaterThan(0);
      for (const [, label, href] of links) expect(href, label).toBe(refToLink(label)?.href);
      // Braces would be JavaScript in MDX; the prose has none, so nothing in it is evaluated.
      expect(text).not.toMatch(/[{}]/);
      expect(text).not.toMatch(/<script|dangerouslySetInnerHTML/i);
    });
    it(`${k}: says what happens, why, and what to look at in the bytes`, () => {
      // The convention every file follows: three labelled paragraphs, in this order. Messages say
      // "In this step:" for the bytes of the packet shown; concepts say "Look at:".
      const body = prose(text);
      const what = body.indexOf('**What:**');
      const why = body.search(/\*\*Why[^*]*:\*\*/);
      const look = body.search(/\*\*(?:Look at|In this step):\*\*/);
      expect(what, `${k}: no **What:**`).toBeGreaterThanOrEqual(0);
      expect(why, `${k}: no **Why…:**`).toBeGreaterThan(what);
      expect(look, `${k}: no **Look at:** / **In this step:**`).toBeGreaterThan(why);
    });
    check(`${k}: cites at least one pinned source, and nothing that moves`, () => {
      const cites = citations(text);
      expect(cites.some((c) => PINNED.test(c.href)), `${k}: no pinned citation`).toBe(true);
      for (const c of cites) expect(movingLinkProblem(c.href), `${c.label} → ${c.href}`).toBeNull();
    });
  }
});

describe('every explanation is reachable from a step', () => {
  // What a step shows: its own key, a more specific key explanationKeyFor picks, and the "Go deeper"
  // list under it. Related entries open in place and show no further related list of their own.
  const main = new Set([
    ...EXPLAIN_KEYS,
    'concepts/strict-kex-violation',
    'concepts/host-key-not-verifiable',
    'concepts/no-common-algorithm',
    'concepts/mac-error',
    'concepts/downgrade',
  ]);
  const reachable = new Set([...main, ...[...main].flatMap((k) => relatedKeys(k))]);
  for (const k of onDisk) {
    it(k, () => {
      expect(reachable.has(k), `${k} is neither a step's explanation nor offered under one`).toBe(true);
    });
  }
  it('the issue’s background concepts are offered where they matter', () => {
    const where: [string, string][] = [
      ['messages/kexinit', 'concepts/cookie'],
      ['concepts/key-derivation', 'concepts/domain-separation'],
      ['concepts/signature', 'concepts/why-sign-h'],
      ['messages/kex-ecdh-init', 'concepts/forward-secrecy'],
      ['concepts/host-key', 'concepts/trusting-host-keys'],
      ['messages/newkeys', 'concepts/mac-modes'],
      ['concepts/mac-error', 'concepts/cbc-attacks'],
      ['concepts/negotiation', 'concepts/weak-algorithms'],
      ['concepts/ecdh', 'concepts/public-value-validation'],
      ['concepts/dh', 'concepts/public-value-validation'],
      ['messages/newkeys', 'concepts/rekeying'],
      ['concepts/terrapin', 'concepts/terrapin-conditions'],
      ['concepts/strict-kex', 'concepts/terrapin-conditions'],
      ['messages/kex-hybrid-init', 'concepts/hybrid-kex'],
      ['messages/kex-hybrid-reply', 'concepts/hybrid-kex'],
      ['messages/kex-hybrid-init', 'concepts/pq-kems'],
      ['messages/kex-hybrid-reply', 'concepts/pq-kems'],
    ];
    for (const [step, concept] of where) expect(relatedKeys(step), step).toContain(concept);
  });
});

const base = { index: 1, title: 't', who: 'x', t: 0 };
const entry = { kind: 'packet', direction: 'sent', name: 'SSH_MSG_KEXINIT', wire: new Uint8Array(), fields: [], encrypted: false, streamOffset: 0 } as TraceEntry;
const closed = (reason: number, description: string, explain = 'concepts/disconnect'): ClosedStep => ({
  ...base, kind: 'closed', phase: 'failure', explain, by: 'client', reason, reasonName: 'X', description, cause: 'local',
});

describe('explanationKeyFor', () => {
  it('keeps the step’s key by default', () => {
    const s: ComputationStep = { ...base, kind: 'computation', phase: 'key exchange', explain: 'concepts/exchange-hash', by: 'client', action: 'compute H', computations: [], ok: true };
    expect(explanationKeyFor(s)).toBe('concepts/exchange-hash');
  });
  it('names failures more precisely (RFC 4250 §4.2.2 reason codes)', () => {
    expect(explanationKeyFor(closed(9, 'unknown host key'))).toBe('concepts/host-key-not-verifiable');
    expect(explanationKeyFor(closed(9, "the server's signature of H does not verify"))).toBe('concepts/signature');
    expect(explanationKeyFor(closed(3, 'no common cipher client→server algorithm'))).toBe('concepts/no-common-algorithm');
    expect(explanationKeyFor(closed(3, 'signature does not verify'))).toBe('concepts/disconnect');
    expect(explanationKeyFor(closed(2, 'strict kex: unexpected', 'concepts/strict-kex'))).toBe('concepts/strict-kex-violation');
    expect(explanationKeyFor({ ...closed(11, 'bye'), phase: 'encrypted service' })).toBe('concepts/disconnect');
  });
  it('a failing negotiate step with nothing in common explains that', () => {
    const s: ComputationStep = { ...base, kind: 'computation', phase: 'failure', explain: 'concepts/negotiation', by: 'client', action: 'negotiate', computations: [], ok: false, error: 'no common cipher client→server algorithm: client offers [a], server offers [b]' };
    expect(explanationKeyFor(s)).toBe('concepts/no-common-algorithm');
    expect(explanationKeyFor({ ...s, error: 'negotiated compression zlib, which this implementation does not support' })).toBe('concepts/negotiation');
    expect(explanationKeyFor({ ...s, ok: true, error: undefined, phase: 'algorithm negotiation' })).toBe('concepts/negotiation');
  });
  it('a modified KEXINIT is a downgrade attempt', () => {
    const m: MessageStep = { ...base, kind: 'message', phase: 'algorithm negotiation', explain: 'concepts/tampering', flow: 'c2s', from: 'client', to: 'server', number: 20, entry, tampered: 'modified', size: 0, encrypted: false };
    expect(explanationKeyFor(m)).toBe('concepts/downgrade');
    expect(explanationKeyFor({ ...m, tampered: 'injected' })).toBe('concepts/tampering');
  });
  it('a packet that failed its MAC check explains MAC errors, whatever its type', () => {
    const m: MessageStep = { ...base, kind: 'message', phase: 'failure', explain: 'messages/debug', flow: 'c2s', from: 'client', to: 'server', number: 4, entry, size: 0, encrypted: true, error: 'MAC mismatch (hmac-sha2-256-etm@openssh.com, seq 1)' };
    expect(explanationKeyFor(m)).toBe('concepts/mac-error');
    // The DISCONNECT that reports it is still explained as a DISCONNECT.
    expect(explanationKeyFor({ ...m, number: 1, explain: 'messages/disconnect' })).toBe('messages/disconnect');
  });
});
