// Journey: a post-quantum hybrid handshake. In every bundled session with SSH_MSG_KEX_HYBRID_INIT
// and _REPLY, the packet inspector draws C_INIT's and S_REPLY's two parts (the KEM's public key or
// ciphertext, then the classical public key) as named fields, each in its own colour, in the field
// tree and in the hex dump, over exactly that part's bytes; the legend names them. The state
// inspector shows K_PQ, K_CL and K with their formulas and the draft's reason K is a string; the
// explanation offers the hybrid concepts under "Go deeper". axe on the coloured view.

import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { hybridParts, type HybridPart } from '../lib/inspector/hybridRegions';
import { toHex } from '../lib/inspector/format';
import type { MessageStep, Session } from '../lib/session/session';
import { formatFindings, failingFindings } from './axe';
import { screenshot, url, withPage } from './harness';
import { expectedLive, manifest, openInNode, readPublic, type ManifestEntry } from './model';
import { eventually, expectLive, waitForViewer } from './viewer';

/** The hash each method's name ends in, as the state inspector writes it. */
const HASH_TITLE: Record<string, string> = { sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' };

async function hybridSessions(): Promise<{ entry: ManifestEntry; session: Session; init: MessageStep; reply: MessageStep }[]> {
  const out = [];
  for (const entry of manifest()) {
    const session = await openInNode(readPublic(entry.file));
    const find = (name: string) => session.steps.find((s): s is MessageStep => s.kind === 'message' && s.entry.name === name);
    const init = find('SSH_MSG_KEX_HYBRID_INIT');
    const reply = find('SSH_MSG_KEX_HYBRID_REPLY');
    if (init && reply) out.push({ entry, session, init, reply });
  }
  return out;
}

/** What the page draws for each byte region: the offsets of hex cells per region, and each region's colours. */
function drawn(page: Page, step: MessageStep) {
  return page
    .getByRole('region', { name: `Packet inspector: ${step.title}`, exact: true })
    .evaluate((root) => {
      const cells: Record<string, number[]> = {};
      const colour: Record<string, string[]> = {};
      for (const el of root.querySelectorAll<HTMLElement>('[data-testid="hex-dump"] [data-offset][data-region]')) {
        const r = el.dataset.region!;
        (cells[r] ??= []).push(Number(el.dataset.offset));
        const cs = getComputedStyle(el);
        colour[r] ??= [];
        const c = `${cs.backgroundColor} ${cs.boxShadow} ${cs.backgroundImage}`;
        if (!colour[r].includes(c)) colour[r].push(c);
      }
      const rows = [...root.querySelectorAll<HTMLElement>('[data-testid="field-tree"] .ft-row[data-region]')].map((el) => ({
        region: el.dataset.region!,
        name: el.querySelector('.ft-name')?.textContent ?? '',
        border: getComputedStyle(el).borderLeftColor,
        swatch: getComputedStyle(el.querySelector('.ft-swatch')!).backgroundColor,
      }));
      const legend = [...root.querySelectorAll<HTMLElement>('[aria-label="Byte regions"] li')].map((li) => ({
        region: li.dataset.region ?? '',
        text: (li.textContent ?? '').replace(/\s+/g, ' ').trim(),
      }));
      return { cells, colour, rows, legend };
    });
}

function offsets(p: HybridPart): number[] {
  return Array.from({ length: p.length }, (_, i) => p.offset + i);
}

describe('hybrid key exchange in the viewer', () => {
  test('every hybrid session: C_INIT and S_REPLY parts named and coloured alike in tree and hex dump', async () => {
    const sessions = await hybridSessions();
    const kexes = sessions.map((s) => s.entry.algorithms.kex);
    // The modern default and the NIST siblings (sntrup761x25519 joins when its scenario does).
    for (const k of ['mlkem768x25519-sha256', 'mlkem768nistp256-sha256', 'mlkem1024nistp384-sha384']) expect(kexes, k).toContain(k);
    for (const { entry, session, init, reply } of sessions) {
      await withPage(`hybrid-parts-${entry.slug}`, {}, async ({ page }) => {
        for (const step of [init, reply]) {
          const parts = hybridParts(step.entry.fields);
          expect(parts.map((p) => p.kind), `${entry.slug} ${step.title}`).toEqual(['pq', 'classical']);
          await page.goto(url(`/sessions/${entry.slug}/?step=${step.index + 1}`));
          await waitForViewer(page);
          await expectLive(page, expectedLive(session, step.index));
          const what = `${entry.slug} ${step.entry.name}`;
          // The tree: one row per part, named as the decoder names it, in the part's region.
          await eventually(async () => (await drawn(page, step)).rows.map((r) => [r.region, r.name]), parts.map((p) => [p.kind, p.name]), what, 15_000);
          const d = await drawn(page, step);
          // The hex dump: each part's bytes, and only those, carry its region.
          const [pq, cl] = parts;
          expect(d.cells.pq, `${what}: post-quantum bytes`).toEqual(offsets(pq));
          expect(d.cells.classical, `${what}: classical bytes`).toEqual(offsets(cl));
          // Two colours: one per part, the same on every byte of it, and the tree row's border matches.
          expect(d.colour.pq, `${what}: one look for all PQ bytes`).toHaveLength(1);
          expect(d.colour.classical, `${what}: one look for all classical bytes`).toHaveLength(1);
          expect(d.colour.pq[0]).not.toBe(d.colour.classical[0]);
          const [rowPq, rowCl] = d.rows;
          expect(rowPq.border).not.toBe(rowCl.border);
          expect(rowPq.swatch).not.toBe(rowCl.swatch);
          expect(d.colour.pq[0].startsWith(rowPq.swatch), `${what}: the tree swatch is the dump's colour`).toBe(true);
          expect(d.colour.classical[0].startsWith(rowCl.swatch)).toBe(true);
          // The legend names each part with what it is and its byte range.
          expect(d.legend, what).toEqual([
            { region: 'pq', text: `ab ${pq.name}: ${pq.what} (${pq.offset}–${pq.offset + pq.length - 1})` },
            { region: 'classical', text: `ab ${cl.name}: ${cl.what} (${cl.offset}–${cl.offset + cl.length - 1})` },
          ]);
          expect(pq.what).toMatch(step === init ? /encapsulation key|public key/ : /ciphertext/);
          expect(cl.what).toMatch(/public key$/);
        }
      });
    }
  }, 120_000);

  test('the modern default: coloured parts pass axe, K_PQ, K_CL and K with formulas and the reason, Go deeper', () =>
    withPage('hybrid-default', {}, async ({ page }) => {
      const first = manifest()[0];
      expect(first.algorithms, 'the first gallery session is the modern default').toMatchObject({
        kex: 'mlkem768x25519-sha256',
        hostKey: 'ssh-ed25519',
        cipher: 'chacha20-poly1305@openssh.com',
      });
      const { session, init } = (await hybridSessions()).find((s) => s.entry.slug === first.slug)!;
      await page.goto(url(`/sessions/${first.slug}/?step=${init.index + 1}`));
      await waitForViewer(page);
      await expectLive(page, expectedLive(session, init.index));

      // "Go deeper" offers the two hybrid concepts; one opens in place.
      const explanation = page.getByTestId('explanation').first();
      const open = explanation.getByRole('button', { name: 'Hybrid post-quantum key exchange' });
      await expect(explanation.getByRole('button', { name: 'ML-KEM, sntrup761 and where the names come from' }).count()).resolves.toBe(1);
      // The desktop viewer shows the start of the explanation: "More" reveals Go deeper.
      await explanation.getByRole('button', { name: 'More' }).click();
      await open.click();
      await eventually(async () => open.getAttribute('aria-expanded'), 'true', 'Go deeper entry open');
      await eventually(async () => (await explanation.innerText()).includes('harvest now, decrypt later'), true, 'concept opened', 15_000);

      const inspector = page.getByRole('region', { name: `Packet inspector: ${init.title}`, exact: true });
      // The tree opens at C_INIT with both parts in view.
      const [pq, cl] = hybridParts(init.entry.fields);
      for (const p of [pq, cl]) {
        const row = inspector.locator(`[data-path="${p.path}"] > .ft-row`);
        await eventually(async () => row.isVisible(), true, `${p.name} row`);
        const [r, t] = [await row.boundingBox(), await inspector.getByTestId('field-tree').boundingBox()];
        expect(r!.y + r!.height, `${p.name} row inside the tree's box`).toBeLessThanOrEqual(t!.y + t!.height + 1);
        expect(r!.y).toBeGreaterThanOrEqual(t!.y - 1);
      }
      // For the picture: the dump scrolled to where the KEM key ends and the X25519 key begins.
      await inspector.locator('.hx-scroll').evaluate((el, at) => {
        const row = el.querySelector('.hx-row') as HTMLElement;
        el.scrollTop = Math.floor(at / 16) * row.offsetHeight - el.clientHeight / 2;
      }, cl.offset);
      await inspector.scrollIntoViewIfNeeded();
      await screenshot(page, 'hybrid-init-parts');
      const findings = await failingFindings(page);
      if (findings.length) console.log(formatFindings('hybrid INIT with coloured parts', findings));
      expect(findings.map((f) => `${f.impact} ${f.id}`)).toEqual([]);

      // At the client's K: K_PQ, K_CL and K, each with its formula, and why K is a string.
      const kStep = session.steps.find((s) => s.kind === 'computation' && s.by === 'client' && s.action === 'compute K')!;
      const K = session.stateAt(kStep.index).client.known.K!;
      await page.goto(url(`/sessions/${first.slug}/?step=${kStep.index + 1}`));
      await waitForViewer(page);
      await expectLive(page, expectedLive(session, kStep.index));
      const client = page.getByRole('article', { name: 'Client state' });
      await eventually(async () => (await client.innerText()).replace(/\s+/g, '').includes(toHex(K.value).slice(0, 32)), true, 'K shown');
      const text = (await client.innerText()).replace(/\s+/g, ' ');
      for (const p of K.parts!) {
        expect(text).toContain(p.name);
        expect(text).toContain(p.formula);
        expect(text.replace(/\s/g, '')).toContain(toHex(p.value).slice(0, 32));
      }
      expect(text).toContain('K (shared secret, as a string)');
      expect(text).toContain('K = SHA-256(K_PQ || K_CL), encoded as a string');
      const why = client.getByTestId('k-encoding');
      expect(await why.innerText()).toMatch(/not an integer, so it is encoded as a string/);
      // For the picture: K_PQ at the top of the state panel, K and the reason below it.
      await client.locator('dt', { hasText: 'K_PQ (post-quantum shared secret)' }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await screenshot(page, 'hybrid-state-k');
      // The other reasons, one click away.
      await why.locator('summary').click();
      const links = await why.getByRole('link').evaluateAll((as) => as.map((a) => `${a.textContent} ${(a as HTMLAnchorElement).href}`));
      expect(links).toContain('RFC 8731 §3.1 https://www.rfc-editor.org/rfc/rfc8731#section-3.1');
      expect(links).toContain('draft-ietf-sshm-mlkem-hybrid-kex-10 §2.5 https://datatracker.ietf.org/doc/html/draft-ietf-sshm-mlkem-hybrid-kex-10#section-2.5');
      expect(links).toContain('draft-ietf-sshm-mlkem-hybrid-kex-10 §6 https://datatracker.ietf.org/doc/html/draft-ietf-sshm-mlkem-hybrid-kex-10#section-6');
      expect(await why.innerText()).toMatch(/side channels/);
    }));

  test('each hybrid method names its own hash in the formula of K', async () => {
    for (const { entry, session } of await hybridSessions()) {
      const kex = entry.algorithms.kex!;
      const K = session.stateAt(session.steps.length - 1).client.known.K!;
      expect(K.formula, kex).toContain(`K = ${HASH_TITLE[kex.replace(/^.*-/, '').replace(/@.*$/, '')]}(K_PQ || K_CL)`);
      expect(K.encoding, kex).toBe('string');
    }
  });
});
