// Journey: the gallery lists every bundled recording under its group, and a card opens the viewer.

import { describe, expect, test } from 'vitest';
import { url, withPage } from './harness';
import { GROUPS, journeySession, manifest, openInNode, readPublic } from './model';
import { expectLive, waitForViewer } from './viewer';
import { expectedLive } from './model';

describe('gallery', () => {
  test('every bundled recording is pre-rendered at /sessions/<slug>/ and its file is served', async () => {
    const entries = manifest();
    expect(entries.length).toBeGreaterThan(0);
    expect(new Set(entries.map((e) => e.slug)).size, 'slugs are unique').toBe(entries.length);
    for (const e of entries) {
      const page = await fetch(url(`/sessions/${e.slug}/`));
      expect(page.status, `/sessions/${e.slug}/`).toBe(200);
      expect(await page.text()).toContain('<html');
      const file = await fetch(url(e.file));
      expect(file.status, e.file).toBe(200);
      expect(file.headers.get('content-type')).toMatch(/^application\/json/);
    }
  });

  test('the site has an icon (without one, every browser logs a 404 for /favicon.ico)', async () => {
    const html = await (await fetch(url('/'))).text();
    const href = /<link\b[^>]*\brel="(?:shortcut )?icon"[^>]*\bhref="([^"]+)"/.exec(html)?.[1] ?? '/favicon.ico';
    const r = await fetch(new URL(href, url('/')));
    expect(r.status, `icon ${href}`).toBe(200);
  });

  test('lists the groups in order, and each card shows title, description, algorithms and outcome', () =>
    withPage('gallery-cards', {}, async ({ page }) => {
      const entries = manifest();
      await page.goto(url('/'));
      const headings = await page.getByRole('heading').allTextContents();
      const present = GROUPS.filter((g) => entries.some((e) => e.group === g));
      const order = present.map((g) => headings.findIndex((h) => h.trim() === g));
      expect(order.every((i) => i >= 0), `group headings ${present.join(', ')} among ${headings.join(' | ')}`).toBe(true);
      expect([...order].sort((a, b) => a - b), 'groups in the order Basics, Algorithms, Failures, Attacks, Real servers').toEqual(order);

      for (const e of entries) {
        // The card: the largest element around the link to this session that links to no other session.
        const card = await page.evaluate((slug) => {
          const target = (a: Element) => new URL((a as HTMLAnchorElement).href).pathname.replace(/\/$/, '');
          const sessionsIn = (el: Element) => new Set([...el.querySelectorAll('a[href]')].map(target).filter((p) => p.startsWith('/sessions/')));
          const link = [...document.querySelectorAll('a[href]')].find((a) => target(a) === `/sessions/${slug}`);
          if (!link) return null;
          let el: Element = link;
          while (el.parentElement && sessionsIn(el.parentElement).size <= 1) el = el.parentElement;
          return { text: (el as HTMLElement).innerText };
        }, e.slug);
        expect(card, `a card linking to /sessions/${e.slug}/`).not.toBeNull();
        const text = card!.text;
        expect(text).toContain(e.title);
        expect(text).toContain(e.description);
        for (const alg of Object.values(e.algorithms)) if (alg) expect(text, `${e.slug}: algorithm ${alg}`).toContain(alg);
        expect(text, `${e.slug}: outcome`).toContain(e.outcome);
        // A card that counts steps must count the steps the viewer walks ("Step 1 of M").
        const m = (await openInNode(readPublic(e.file))).steps.length;
        const counted = /(\d+)\s+steps\b/.exec(text);
        if (counted) expect(Number(counted[1]), `${e.slug}: card says "${counted[0]}", the viewer has ${m} steps`).toBe(m);
      }
    }));

  test('a card opens its session in the viewer at step 1', () =>
    withPage('gallery-open', {}, async ({ page }) => {
      const { entry, session } = await journeySession();
      await page.goto(url('/'));
      await page.locator(`a[href^="/sessions/${entry.slug}"]`).first().click();
      await page.waitForURL((u) => u.pathname === `/sessions/${entry.slug}/`);
      await waitForViewer(page);
      await expectLive(page, expectedLive(session, 0));
      for (const id of ['sequence-diagram', 'field-tree', 'hex-dump', 'state-inspector', 'explanation']) {
        await expect(page.getByTestId(id).first().isVisible(), `data-testid="${id}" visible`).resolves.toBe(true);
      }
    }));
});
