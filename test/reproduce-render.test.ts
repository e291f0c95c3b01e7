// The "Reproduce" disclosures rendered (react-dom/server) for every step of every bundled recording:
// each value the state inspector shows for an endpoint sshscope ran (K, H, the session id, the
// signature check, keys A–F) has its button, and every encrypted packet has its MAC/tag and
// decryption buttons. Whether the commands are right is test/reproduce.test.ts's job.

import { readFileSync } from 'node:fs';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { PacketInspector } from '@/components/inspector/PacketInspector';
import { StateInspector } from '@/components/state/StateInspector';
import { openRecording } from '@/lib/session/open';
import type { Session } from '@/lib/session/session';

const manifest = JSON.parse(readFileSync('public/recordings/index.json', 'utf8')) as { recordings: { slug: string; file: string }[] };
const sessions: [string, Session][] = manifest.recordings.map((r) => [r.slug, openRecording(readFileSync(`public${r.file}`, 'utf8'))]);

const buttons = (html: string) => [...html.matchAll(/<button[^>]*aria-label="(Reproduce [^"]+)"/g)].map((m) => m[1]);

describe('Reproduce buttons beside every computed value', () => {
  for (const [slug, s] of sessions) {
    it(slug, () => {
      for (let i = 0; i < s.steps.length; i++) {
        const step = s.steps[i];
        const state = s.stateAt(i);
        const names = buttons(renderToStaticMarkup(createElement(StateInspector, { state, step, steps: s.steps })));
        const want: string[] = [];
        for (const role of ['client', 'server'] as const) {
          const k = state[role].known;
          if (!state[role].present) continue;
          if (k.signature) want.push(`Reproduce signature check (${role})`);
          if (k.K) want.push(`Reproduce K (${role})`);
          if (k.H) want.push(`Reproduce H (${role})`);
          if (k.sessionId) want.push(`Reproduce session id (${role})`);
          for (const l of ['A', 'B', 'C', 'D', 'E', 'F'] as const) if (k.keys[l]?.value.length) want.push(`Reproduce key ${l} (${role})`);
        }
        expect(names, `${slug} step ${i + 1}`).toEqual(want);
        // Without the steps (as other callers render it) there are none.
        if (i === s.steps.length - 1) expect(buttons(renderToStaticMarkup(createElement(StateInspector, { state, step })))).toEqual([]);
        if (step.kind === 'message') {
          const html = renderToStaticMarkup(createElement(PacketInspector, { step, steps: s.steps }));
          const e = step.entry;
          const packetWant =
            e.encrypted && step.tampered !== 'injected'
              ? [e.mac === '<implicit>' ? 'Reproduce tag' : 'Reproduce MAC', ...(e.packet || step.sent ? ['Reproduce decryption'] : [])]
              : [];
          expect(buttons(html), `${slug} step ${i + 1} packet`).toEqual(packetWant);
        }
      }
    });
  }
});
