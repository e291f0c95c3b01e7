// The inspector, state and explanation panels rendered to HTML (react-dom/server) for every step of
// every bundled recording: the hex dump holds exactly the packet's bytes, encrypted packets offer
// both views, real peers are marked, and hostile strings come out as text, never as markup.

import { readFileSync } from 'node:fs';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Explanation } from '@/components/explain/Explanation';
import { PacketInspector } from '@/components/inspector/PacketInspector';
import { StateInspector } from '@/components/state/StateInspector';
import { loaderFor } from '@/lib/content/explanations';
import { openRecording } from '@/lib/session/open';
import { byteDifference } from '@/lib/inspector/copyDifference';
import type { MessageStep, Session } from '@/lib/session/session';
import type { TraceEntry } from '@/lib/ssh/transport/events';

interface ManifestEntry {
  slug: string;
  file: string;
}
const manifest = JSON.parse(readFileSync('public/recordings/index.json', 'utf8')) as { recordings: ManifestEntry[] };
const sessions: [string, Session][] = manifest.recordings.map((r) => [r.slug, openRecording(readFileSync(`public${r.file}`, 'utf8'))]);

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** The hex column of the dump: cells whose text is two hex digits, in offset order. */
function dumpCells(html: string): { offset: number; text: string; selected: boolean; diff: boolean; title?: string }[] {
  const cells = [...html.matchAll(/<span class="hx-b[^"]*" data-offset="(\d+)"([^>]*)>([0-9a-f]{2})<\/span>/g)];
  return cells
    .map((m) => ({
      offset: Number(m[1]),
      selected: m[2].includes('data-selected="true"'),
      diff: m[2].includes('data-diff="true"'),
      title: /title="([^"]*)"/.exec(m[2])?.[1],
      text: m[3],
    }))
    .sort((a, b) => a.offset - b.offset);
}

/** What the browser would show as text: tags removed, entities decoded. */
function textOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&');
}

describe('PacketInspector on every message of every bundled recording', () => {
  it('there are recordings to check', () => expect(sessions.length).toBeGreaterThanOrEqual(20));
  for (const [slug, s] of sessions) {
    it(slug, () => {
      let checked = 0;
      for (const step of s.steps) {
        if (step.kind !== 'message') continue;
        const html = renderToStaticMarkup(createElement(PacketInspector, { step }));
        expect(html).toContain('data-testid="field-tree"');
        expect(html).toContain('data-testid="hex-dump"');
        const e = step.entry;
        const twoViews = e.encrypted && !!e.packet && !!e.wireFields?.length;
        // Both view buttons for encrypted packets (the plaintext view opens first), none otherwise.
        expect(html.includes('>On the wire</button>'), `${slug} #${step.index}`).toBe(twoViews);
        expect(html.includes('>Decrypted</button>'), `${slug} #${step.index}`).toBe(twoViews);
        const shown = e.packet ?? e.wire;
        const cells = dumpCells(html);
        expect(cells.map((c) => c.offset), `${slug} #${step.index} offsets`).toEqual(shown.length > 192 * 16 ? cells.map((c) => c.offset) : Array.from({ length: shown.length }, (_, i) => i));
        expect(cells.map((c) => c.text).join(''), `${slug} #${step.index} bytes`).toBe(hex(shown).slice(0, cells.length * 2));
        expect(cells.some((c) => c.selected), 'nothing is selected before the reader selects').toBe(false);
        // Bytes are marked as changed only where a man in the middle changed a copy.
        if (step.tampered !== 'modified') expect(cells.some((c) => c.diff), `${slug} #${step.index} marks`).toBe(false);
        const bothCopies = step.tampered === 'modified' && !!step.sent && !!step.received;
        expect(html.includes('>As sent</button>') && html.includes('>As received</button>'), `${slug} #${step.index} copies`).toBe(bothCopies);
        if (step.tampered) expect(textOf(html)).toMatch(/Injected by the attacker|Modified in transit|Dropped by the attacker/);
        if (e.error) expect(textOf(html)).toContain(e.error);
        // Both sides' sequence numbers, and a word when they are apart.
        const c = step.counters;
        if (e.kind === 'packet') expect(c, `${slug} #${step.index} counters`).toBeDefined();
        if (c?.sender !== undefined) expect(textOf(html)).toMatch(new RegExp(`sent by the (client|server):\\s+#${c.sender}`));
        if (c?.receiver !== undefined) expect(textOf(html)).toMatch(new RegExp(`counted by the (client|server):\\s+#${c.receiver}`));
        expect(textOf(html).includes('off by'), `${slug} #${step.index} shift`).toBe(c?.sender !== undefined && c.receiver !== undefined && c.sender !== c.receiver);
        checked++;
      }
      expect(checked).toBeGreaterThan(3);
    });
  }
});

describe('StateInspector and Explanation on every step', () => {
  for (const [slug, s] of sessions) {
    it(slug, () => {
      for (let i = -1; i < s.steps.length; i++) {
        const step = i >= 0 ? s.steps[i] : undefined;
        const state = s.stateAt(i);
        const html = renderToStaticMarkup(createElement(StateInspector, { state, step }));
        expect(html).toContain('data-testid="state-inspector"');
        // "changed in this step" appears once per section the model says changed, and nowhere else.
        const marks = (html.match(/● changed in this step/g) ?? []).length;
        expect(marks, `${slug} #${i} changed marks`).toBe(state.changed.client.length + state.changed.server.length);
        for (const role of ['client', 'server'] as const) {
          const ep = state[role];
          expect(textOf(html)).toMatch(new RegExp(`sequence number, next sent\\s+${ep.seq.send}\\s`));
          if (!ep.present) expect(textOf(html)).toContain('real peer, not run by sshscope');
          if (!ep.present) expect(textOf(html)).toContain('Packets (inferred)');
          // Computed values appear as the hex the engine computed (H and the session id in full).
          if (ep.present && ep.known.H) expect(html).toContain(hex(ep.known.H.value));
          if (ep.present && ep.known.sessionId) expect(html).toContain(hex(ep.known.sessionId.value));
        }
        if (step) {
          const ex = renderToStaticMarkup(createElement(Explanation, { step }));
          const key = /data-explain="([^"]+)"/.exec(ex)?.[1];
          expect(ex).toContain('data-testid="explanation"');
          expect(key && loaderFor(key), `${slug} #${i}: ${key} has a file`).toBeTruthy();
        }
      }
    });
  }
  it('the bundled attacks include modified packets (so the "As received" view is exercised)', () => {
    const modified = sessions.flatMap(([, s]) => s.steps.filter((x) => x.kind === 'message' && x.tampered === 'modified' && x.sent && x.received));
    expect(modified.length).toBeGreaterThan(0);
  });
  it('the real-server recordings mark the server as a real peer', () => {
    const real = sessions.filter(([slug]) => slug.startsWith('openssh-'));
    expect(real.length).toBeGreaterThan(0);
    for (const [, s] of real) expect(s.stateAt(s.steps.length - 1).server.present).toBe(false);
  });
});

describe('As sent / As received: the bytes that differ are marked', () => {
  const modified = sessions.flatMap(([slug, s]) =>
    s.steps.filter((x): x is MessageStep => x.kind === 'message' && x.tampered === 'modified' && !!x.sent && !!x.received).map((step) => [slug, step] as const),
  );
  it('there are modified packets to check', () => expect(modified.length).toBeGreaterThanOrEqual(3));
  for (const [slug, step] of modified) {
    for (const copy of ['sent', 'received'] as const) {
      it(`${slug} #${step.index} ${step.title}, as ${copy}, on the wire`, () => {
        const html = renderToStaticMarkup(createElement(PacketInspector, { step, initialCopy: copy, initialView: 'wire' }));
        const here = (copy === 'sent' ? step.sent! : step.received!).wire;
        const there = (copy === 'sent' ? step.received! : step.sent!).wire;
        const d = byteDifference(here, there);
        const cells = dumpCells(html);
        // Exactly the differing bytes, each titled; the legend counts bytes and bits.
        expect(cells.filter((c) => c.diff).map((c) => c.offset)).toEqual(d.offsets.filter((o) => o < here.length));
        for (const c of cells.filter((x) => x.diff)) expect(c.title).toBe(`byte ${c.offset} differs from the copy as ${copy === 'sent' ? 'received' : 'sent'}`);
        expect(textOf(html)).toContain(`${d.offsets.length} ${d.offsets.length === 1 ? 'byte' : 'bytes'} (${d.bits} ${d.bits === 1 ? 'bit' : 'bits'})`);
        expect(html).toContain('data-testid="hex-diff-legend"');
      });
    }
  }

  it('the forged signature differs in one bit of one byte, inside the signature, in the default view', () => {
    const [, s] = sessions.find(([slug]) => slug === 'forged-signature')!;
    const step = s.steps.find((x): x is MessageStep => x.kind === 'message' && x.tampered === 'modified')!;
    for (const copy of ['sent', 'received'] as const) {
      const html = renderToStaticMarkup(createElement(PacketInspector, { step, initialCopy: copy }));
      const marked = dumpCells(html).filter((c) => c.diff);
      expect(marked).toHaveLength(1);
      const sig = step.sent!.fields.flatMap((f) => [f, ...(f.children ?? [])]).find((f) => f.name === 'signature')!;
      expect(marked[0].offset).toBeGreaterThanOrEqual(sig.offset);
      expect(marked[0].offset).toBeLessThan(sig.offset + sig.length);
      expect(textOf(html)).toContain(`On the wire, 1 byte (1 bit) differs, at offset ${marked[0].offset}.`);
      expect(textOf(html)).toContain(`Differs from the copy as ${copy === 'sent' ? 'received' : 'sent'}: 1 byte (1 bit), at offset ${marked[0].offset}.`);
    }
  });

  it('a copy that could not be decrypted sends the reader to the wire view instead of marking nothing silently', () => {
    const [, s] = sessions.find(([slug]) => slug === 'flipped-byte-mac-error')!;
    const step = s.steps.find((x): x is MessageStep => x.kind === 'message' && x.tampered === 'modified')!;
    const html = renderToStaticMarkup(createElement(PacketInspector, { step, initialCopy: 'sent', initialView: 'decrypted' }));
    expect(dumpCells(html).some((c) => c.diff)).toBe(false);
    expect(textOf(html)).toContain('The copy as received could not be decrypted: compare the two copies On the wire.');
  });
});

describe('a rejected host key is shown beside the expected one', () => {
  it('mitm-different-host-key: the state inspector and the failed step name both fingerprints', () => {
    const [, s] = sessions.find(([slug]) => slug === 'mitm-different-host-key')!;
    const i = s.steps.findIndex((x) => x.kind === 'computation' && x.action === 'check host key');
    const step = s.steps[i];
    const c = step.kind === 'computation' ? step.computations[0] : undefined;
    if (c?.name !== 'host key') throw new Error('no host key check');
    expect(c.expected).toHaveLength(1);
    expect(c.expected![0]).not.toBe(c.fingerprint);
    const text = textOf(renderToStaticMarkup(createElement(StateInspector, { state: s.stateAt(i), step })));
    expect(text).toContain(c.fingerprint);
    expect(text).toMatch(new RegExp(`expected \\(known_hosts\\)\\s+${c.expected![0].replace(/[+/]/g, '\\$&')}`));
    const ex = textOf(renderToStaticMarkup(createElement(Explanation, { step })));
    expect(ex).toContain(`host key ${c.fingerprint} is not among the known host keys; known_hosts expects ${c.expected![0]}`);
  });
});

describe('hostile strings are text, never markup', () => {
  const evil = '<img src=x onerror=alert(1)><script>alert(2)</script>';
  const bytes = new TextEncoder().encode(`SSH-2.0-x ${evil}\r\n`);
  const entry: TraceEntry = {
    kind: 'version',
    direction: 'received',
    name: 'identification string',
    wire: bytes,
    fields: [
      { name: 'protoversion', type: 'bytes', offset: 0, length: 8, value: 'SSH-2.0-', ref: 'RFC 4253 §4.2' },
      { name: evil, type: 'bytes', offset: 8, length: bytes.length - 10, value: `x ${evil}`, ref: `RFC 4253 §4.2 ${evil}`, note: evil },
      { name: 'CR LF', type: 'bytes', offset: bytes.length - 2, length: 2, value: bytes.subarray(-2) },
    ],
    encrypted: false,
    error: evil,
    streamOffset: 0,
  };
  const step: MessageStep = {
    kind: 'message',
    index: 0,
    phase: 'version exchange',
    title: evil,
    who: `server → client ${evil}`,
    t: 0,
    error: evil,
    explain: evil,
    flow: 's2c',
    from: 'server',
    to: 'client',
    received: entry,
    entry,
    size: bytes.length,
    encrypted: false,
    tampered: 'modified',
  };
  it('PacketInspector and Explanation escape every string from the recording', () => {
    for (const html of [
      renderToStaticMarkup(createElement(PacketInspector, { step })),
      renderToStaticMarkup(createElement(Explanation, { step })),
    ]) {
      expect(html).not.toMatch(/<img|<script/i);
      expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(html).not.toMatch(/href="(?!https:\/\/)/);
    }
  });
});
