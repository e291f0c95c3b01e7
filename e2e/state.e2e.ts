// Journey: the state inspector follows the current step: H, the session id and the derived keys
// appear once computed and not before; the session id is the first exchange hash (RFC 4253 §7.2).

import { describe, expect, test } from 'vitest';
import { toHex } from '../lib/ssh/wire/bytes';
import { screenshot, url, withPage } from './harness';
import type { MessageStep } from '../lib/session/session';
import { expectedLive, journeySession, manifest, openInNode, readPublic } from './model';
import { eventually, expectLive, waitForViewer } from './viewer';

describe('state inspector', () => {
  test('H, session id and keys A–F appear when computed, and the session id equals the first H', () =>
    withPage('state-inspector', {}, async ({ page }) => {
      const { entry, session } = await journeySession();
      const last = session.steps.length - 1;
      const end = session.stateAt(last).client;
      const H = end.known.H?.value;
      const sid = end.known.sessionId?.value;
      expect(H && sid, 'the journey session completed a key exchange').toBeTruthy();
      // RFC 4253 §7.2: "The exchange hash H from the first key exchange is additionally used as the session identifier".
      expect(toHex(sid!)).toBe(toHex(H!));
      // Both sides compute the same H; the inspector shows both, so H appears at the first of them.
      const hIndex = session.steps.findIndex((s) => s.kind === 'computation' && s.action === 'compute H');
      expect(hIndex).toBeGreaterThan(0);

      const inspectorText = async () => (await page.getByTestId('state-inspector').first().innerText()).replace(/\s+/g, '');
      await page.goto(url(`/sessions/${entry.slug}/?step=${hIndex}`));
      await waitForViewer(page);
      await page.getByTestId('state-inspector').first().waitFor({ state: 'visible' });
      await expectLive(page, expectedLive(session, hIndex - 1));
      // The panel shows this step's state (the negotiated kex is known by now), but not H yet.
      await eventually(async () => (await inspectorText()).includes(session.summary.kex!), true, 'state inspector shows the negotiated kex');
      expect(await inspectorText(), 'H is not shown before it is computed').not.toContain(toHex(H!).slice(0, 32));

      await page.keyboard.press('ArrowRight');
      await expectLive(page, expectedLive(session, hIndex));
      await eventually(async () => (await inspectorText()).includes(toHex(H!).slice(0, 32)), true, 'H shown once computed');

      await page.keyboard.press('End');
      await expectLive(page, expectedLive(session, last));
      // The panels follow the diagram a frame (or, on a loaded machine, a few) later.
      await eventually(async () => (await inspectorText()).includes(`Afterstep${last + 1}:`), true, 'state inspector follows to the last step');
      const text = await inspectorText();
      const n = end.negotiated!;
      for (const name of [n.kex, n.hostKey, n.cipherC2S]) expect(text, `negotiated ${name}`).toContain(name);
      for (const letter of ['A', 'B', 'C', 'D', 'E', 'F'] as const) {
        const k = end.known.keys[letter];
        expect(k, `key ${letter} derived`).toBeTruthy();
        expect(text, `key ${letter} (${k!.purpose})`).toContain(toHex(k!.value).slice(0, 32));
      }
    }));

  test('Terrapin: both sequence numbers on the NEWKEYS after the injected IGNORE; the counter strip and the state agree', () =>
    withPage('state-terrapin-counters', {}, async ({ page }) => {
      const entry = manifest().find((e) => e.slug === 'terrapin-chacha20-no-strict-kex')!;
      const session = await openInNode(readPublic(entry.file));
      const nk = session.steps.find((x): x is MessageStep => x.kind === 'message' && x.flow === 's2c' && x.title === 'SSH_MSG_NEWKEYS')!;
      const st = session.stateAt(nk.index);
      await page.goto(url(`/sessions/${entry.slug}/?step=${nk.index + 1}`));
      await waitForViewer(page);
      await expectLive(page, expectedLive(session, nk.index));
      // The arrow: the server's number at its tail, the client's at its head, marked as shifted.
      const row = page.locator(`[data-testid="sequence-diagram"] [data-step="${nk.index}"]`);
      await expect(row.locator('.msg-seq.seq-sender.shifted').textContent()).resolves.toBe('#2');
      await expect(row.locator('.msg-seq.seq-receiver.shifted').textContent()).resolves.toBe('#3');
      // The strip under the lifelines: the server will send #3 next, the client expects #4.
      const cell = (id: string) => page.getByTestId(id).locator('b').textContent();
      await expect(cell('seq-server-send')).resolves.toBe(`#${st.server.seq.send}`);
      await expect(cell('seq-client-recv')).resolves.toBe(`#${st.client.seq.recv}`);
      expect([st.server.seq.send, st.client.seq.recv]).toEqual([3, 4]);
      await expect(page.getByTestId('counter-strip').textContent()).resolves.toContain('server→client counters differ');
      // The packet inspector says both numbers, and the state inspector marks what moved.
      await eventually(async () => (await page.getByTestId('packet-counters').first().textContent()) ?? '', 'sequence number — sent by the server: #2 · counted by the client: #3 — off by 1: a packet was slipped in earlier in this direction', 'packet inspector counters');
      const changed = await page.locator('[data-testid="state-inspector"] .si-changed .si-sec-title').allTextContents();
      expect(changed.length, 'sections marked changed').toBe(st.changed.client.length + st.changed.server.length);
      await screenshot(page, 'terrapin-counters');
    }));

  test('Terrapin against strict kex: the client fails where it reads the IGNORE, then only disconnects', () =>
    withPage('state-terrapin-strict', {}, async ({ page }) => {
      const entry = manifest().find((e) => e.slug === 'terrapin-strict-kex')!;
      const session = await openInNode(readPublic(entry.file));
      const ignore = session.steps.find((x): x is MessageStep => x.kind === 'message' && x.tampered === 'injected')!;
      await page.goto(url(`/sessions/${entry.slug}/?step=${ignore.index}`));
      await waitForViewer(page);
      const head = page.locator('.head-client .head-phase');
      await expect(head.textContent()).resolves.not.toContain('Failure');
      await page.keyboard.press('ArrowRight');
      await expectLive(page, expectedLive(session, ignore.index));
      await eventually(async () => ((await head.textContent()) ?? '').includes('Failure'), true, "the client's head shows Failure at the IGNORE");
      const after = session.steps.slice(ignore.index + 1).filter((x) => (x.kind === 'message' ? x.from === 'client' : x.by === 'client'));
      expect(after.map((x) => x.title)).toEqual(['SSH_MSG_DISCONNECT', 'closed (SSH_DISCONNECT_PROTOCOL_ERROR)']);
      await screenshot(page, 'terrapin-strict-failure');
      // The server's NEWKEYS and EXT_INFO, which the client never read, are marked so.
      const unread = await page.locator('[data-testid="sequence-diagram"] .unread-badge').count();
      expect(unread, 'packets the client never read are marked').toBeGreaterThanOrEqual(2);
      // At the end, every note stays between its neighbours' lifelines (the client's close reason
      // used to run across the attacker's), and the timeline names each run of a phase once.
      await page.keyboard.press('End');
      await expectLive(page, expectedLive(session, session.steps.length - 1));
      const crossing = await page.evaluate(() => {
        const svg = document.querySelector('[data-testid="sequence-diagram"] svg') as SVGSVGElement;
        const lines = [...svg.querySelectorAll<SVGLineElement>('line.lifeline')].map((l) => Number(l.getAttribute('x1')));
        const out: string[] = [];
        for (const g of svg.querySelectorAll<SVGGElement>('g.step')) {
          const note = g.querySelector<SVGRectElement>('rect.note');
          if (!note) continue;
          const x0 = Number(note.getAttribute('x'));
          const x1 = x0 + Number(note.getAttribute('width'));
          const inside = lines.filter((x) => x > x0 && x < x1);
          if (inside.length > 1) out.push(`${g.querySelector('text')?.textContent} crosses ${inside.length} lifelines`);
        }
        return out;
      });
      expect(crossing).toEqual([]);
      const tags = (await page.locator('.timeline-ticks .tick').allTextContents()).filter((t) => t !== '');
      expect(tags.filter((t, i) => i > 0 && t === tags[i - 1]), `timeline tags ${tags.join(' ')}`).toEqual([]);
    }));
});
