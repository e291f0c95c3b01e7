// Journey: the packet inspector's field tree and hex dump are linked both ways, and an encrypted
// packet shows both "On the wire" and "Decrypted" with exactly the bytes the engine logged.

import { describe, expect, test } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { MessageStep, Session } from '../lib/session/session';
import type { Field } from '../lib/ssh/wire/field';
import { toHex } from '../lib/ssh/wire/bytes';
import { screenshot, url, withPage } from './harness';
import { expectedLive, flagshipSession, journeySession, manifest, openInNode, readPublic } from './model';
import { button, eventually, expectLive, waitForViewer } from './viewer';

function hexDump(page: Page): Locator {
  return page.getByTestId('hex-dump').first();
}

/** The dump's bytes as hex, in offset order (the hex column: two hex digits per data-offset cell). */
async function dumpHex(page: Page): Promise<string> {
  return hexDump(page).evaluate((root) => {
    const cells = [...root.querySelectorAll('[data-offset]')].filter((e) => /^[0-9a-f]{2}$/.test((e.textContent ?? '').trim()));
    cells.sort((a, b) => Number((a as HTMLElement).dataset.offset) - Number((b as HTMLElement).dataset.offset));
    return cells.map((e) => (e.textContent ?? '').trim()).join('');
  });
}

/** Offsets the dump marks as differing from the other copy of the packet, each with its title. */
async function differing(page: Page): Promise<{ offset: number; title: string | null }[]> {
  return hexDump(page).evaluate((root) =>
    [...root.querySelectorAll('[data-offset][data-diff="true"]')]
      .map((e) => ({ offset: Number((e as HTMLElement).dataset.offset), title: e.getAttribute('title') }))
      .sort((a, b) => a.offset - b.offset),
  );
}

/** Offsets the dump marks as belonging to the selected field. */
async function highlighted(page: Page): Promise<number[]> {
  return hexDump(page).evaluate((root) =>
    [...new Set([...root.querySelectorAll('[data-offset][data-selected="true"]')].map((e) => Number((e as HTMLElement).dataset.offset)))].sort((a, b) => a - b),
  );
}

function range(offset: number, length: number): number[] {
  return Array.from({ length }, (_, i) => offset + i);
}

/** Every field with its tree path ("0", "2.1"), depth first. */
function walk(fields: Field[], parent?: string): { path: string; field: Field }[] {
  return fields.flatMap((f, i) => {
    const path = parent === undefined ? String(i) : `${parent}.${i}`;
    return [{ path, field: f }, ...walk(f.children ?? [], path)];
  });
}

/** The most specific field covering a byte (what Wireshark selects when you click a byte). */
function deepestAt(fields: Field[], offset: number): string | null {
  let best: string | null = null;
  for (const { path, field } of walk(fields)) {
    if (offset >= field.offset && offset < field.offset + field.length && field.length > 0) {
      if (best === null || path.split('.').length > best.split('.').length) best = path;
    }
  }
  return best;
}

function treeItem(page: Page, path: string): Locator {
  return page.getByTestId('field-tree').locator(`[role="treeitem"][data-path="${path}"]`);
}

async function selectedPath(page: Page): Promise<string | null> {
  return page.getByTestId('field-tree').locator('[role="treeitem"][aria-selected="true"]').first().getAttribute('data-path', { timeout: 1_000 });
}

function messageStep(session: Session, pick: (s: MessageStep) => boolean): MessageStep {
  const s = session.steps.find((x): x is MessageStep => x.kind === 'message' && pick(x));
  if (!s) throw new Error('no such step in the journey session');
  return s;
}

describe('packet inspector', () => {
  test('a field selected in the tree highlights exactly its bytes; a clicked byte selects its field', () =>
    withPage('inspector-linking', {}, async ({ page }) => {
      const { entry, session } = await journeySession();
      const kexinit = messageStep(session, (s) => s.entry.name === 'SSH_MSG_KEXINIT' && s.flow === 'c2s');
      await page.goto(url(`/sessions/${entry.slug}/?step=${kexinit.index + 1}`));
      await waitForViewer(page);
      await expectLive(page, expectedLive(session, kexinit.index));
      const packet = kexinit.entry.packet ?? kexinit.entry.wire;
      await eventually(() => dumpHex(page), toHex(packet), 'the dump shows the plaintext packet');

      // Top-level fields (packet_length, padding_length, payload…, padding) and a few nested ones.
      const fields = walk(kexinit.entry.fields);
      const picks = fields.filter((f) => !f.path.includes('.')).concat(fields.filter((f) => f.path.split('.').length === 2).slice(0, 4));
      for (const { path, field } of picks) {
        // Click the field's name (the item's first text equal to it: its own row, before any children).
        const name = treeItem(page, path).getByText(field.name, { exact: true }).first();
        await name.scrollIntoViewIfNeeded();
        await name.click();
        await eventually(() => selectedPath(page), path, `tree selection after clicking ${field.name}`);
        await eventually(() => highlighted(page), range(field.offset, field.length), `bytes of ${path} ${field.name} @${field.offset}+${field.length}`);
      }

      // Bytes → field: the cookie's first byte, the last padding byte, and a byte inside a name-list.
      const probes = [fields.find((f) => f.field.name === 'cookie')!.field.offset, packet.length - 1];
      const kexAlgs = fields.find((f) => f.field.name === 'kex_algorithms')?.field;
      if (kexAlgs) probes.push(kexAlgs.offset + kexAlgs.length - 2);
      for (const offset of probes) {
        const want = deepestAt(kexinit.entry.fields, offset)!;
        const cell = hexDump(page).locator(`[data-offset="${offset}"]`).first();
        await cell.scrollIntoViewIfNeeded();
        await cell.click();
        await eventually(() => selectedPath(page), want, `field selected by clicking byte ${offset}`);
        const f = fields.find((x) => x.path === want)!.field;
        await eventually(() => highlighted(page), range(f.offset, f.length), `bytes highlighted after clicking byte ${offset}`);
      }
    }));

  test('at 1440×900 the field tree is readable and the hex dump keeps 16 bytes to a row', () =>
    withPage('inspector-layout', {}, async ({ page }) => {
      const { entry, session } = await journeySession();
      const kexinit = messageStep(session, (s) => s.entry.name === 'SSH_MSG_KEXINIT');
      await page.goto(url(`/sessions/${entry.slug}/?step=${kexinit.index + 1}`));
      await waitForViewer(page);
      await page.getByTestId('field-tree').first().waitFor({ state: 'visible' });
      const tree = await page.getByTestId('field-tree').first().boundingBox();
      // "padding_length  byte  4" needs about this much; a narrower column wraps names letter by letter.
      expect(tree?.width ?? 0, 'field tree width in px').toBeGreaterThanOrEqual(220);
      const tops = await hexDump(page).evaluate((root) => {
        const cells = [...root.querySelectorAll('[data-offset]')].filter((e) => /^[0-9a-f]{2}$/.test((e.textContent ?? '').trim()));
        return cells.slice(0, 16).map((e) => Math.round(e.getBoundingClientRect().top));
      });
      expect(new Set(tops).size, 'the first 16 bytes sit on one line').toBe(1);
    }));

  for (const width of [1280, 1024]) {
    test(`at ${width} px the hex dump shows whole rows: the ASCII column is not cut off`, () =>
      withPage(`inspector-hex-${width}`, { viewport: { width, height: 800 } }, async ({ page }) => {
        // A 44-byte curve25519 INIT: the first full row is ordinary bytes (the hybrid one is checked in hybrid.e2e.ts).
        const { entry, session } = await flagshipSession();
        const init = messageStep(session, (s) => s.entry.name === 'SSH_MSG_KEX_ECDH_INIT');
        await page.goto(url(`/sessions/${entry.slug}/?step=${init.index + 1}`));
        await waitForViewer(page);
        await hexDump(page).waitFor({ state: 'visible' });
        const fit = await hexDump(page).evaluate((root) => {
          const scroll = root.querySelector('.hx-scroll') as HTMLElement;
          const box = scroll.getBoundingClientRect();
          // The last ASCII character of the first full row ends inside the dump's box.
          const ascii = root.querySelector('.hx-row .hx-ascii') as HTMLElement;
          const range = document.createRange();
          range.selectNodeContents(ascii);
          const text = range.getBoundingClientRect();
          return { overflow: scroll.scrollWidth - scroll.clientWidth, asciiRight: text.right, boxRight: box.right, chars: (ascii.textContent ?? '').length };
        });
        expect(fit.chars).toBe(16);
        expect(fit.overflow, 'no sideways scrolling').toBeLessThanOrEqual(0);
        expect(fit.asciiRight, 'ASCII column inside the dump').toBeLessThanOrEqual(fit.boxRight);
        await screenshot(page, `inspector-hex-${width}`);
      }));
  }

  test('an encrypted packet: "On the wire" shows the wire bytes and their parts, "Decrypted" the plaintext', () =>
    withPage('inspector-encrypted', {}, async ({ page }) => {
      const { entry, session } = await journeySession();
      const enc = messageStep(session, (s) => s.encrypted && !!s.entry.packet);
      await page.goto(url(`/sessions/${entry.slug}/?step=${enc.index + 1}`));
      await waitForViewer(page);
      await expectLive(page, expectedLive(session, enc.index));

      await button(page, 'On the wire').click();
      await eventually(() => dumpHex(page), toHex(enc.entry.wire), 'On the wire: the bytes that crossed the wire');
      const wireNames = (enc.entry.wireFields ?? []).map((f) => f.name);
      expect(wireNames.length).toBeGreaterThan(1);
      const topNames = await page
        .getByTestId('field-tree')
        .locator('[role="treeitem"][aria-level="1"]')
        .evaluateAll((items) => items.map((li) => li.getAttribute('data-path')));
      expect(topNames.length, 'one top-level tree item per wire field').toBe(wireNames.length);
      // The MAC/tag is a field of its own and selecting it highlights the last bytes of the packet.
      const macIndex = (enc.entry.wireFields ?? []).findIndex((f) => /mac|tag/i.test(f.name));
      expect(macIndex, `a MAC or tag field among ${wireNames.join(', ')}`).toBeGreaterThanOrEqual(0);
      const mac = enc.entry.wireFields![macIndex];
      expect(mac.offset + mac.length).toBe(enc.entry.wire.length);
      await treeItem(page, String(macIndex)).getByText(mac.name, { exact: true }).first().click();
      await eventually(() => highlighted(page), range(mac.offset, mac.length), 'MAC/tag bytes highlighted');

      await button(page, 'Decrypted').click();
      await eventually(() => dumpHex(page), toHex(enc.entry.packet!), 'Decrypted: the plaintext packet');
      expect(await page.getByTestId('field-tree').first().innerText()).toContain('payload');
    }));

  test('a modified packet: As sent and As received mark exactly the bit the attacker flipped', () =>
    withPage('inspector-copies', {}, async ({ page }) => {
      const entry = manifest().find((e) => e.slug === 'forged-signature');
      if (!entry) throw new Error('forged-signature is not in the manifest');
      const session = await openInNode(readPublic(entry.file));
      const step = messageStep(session, (s) => s.tampered === 'modified');
      const sent = step.sent!.packet ?? step.sent!.wire;
      const received = step.received!.packet ?? step.received!.wire;
      const at = [...sent.keys()].filter((i) => sent[i] !== received[i]);
      expect(at, 'one byte differs between the copies').toHaveLength(1);
      await page.goto(url(`/sessions/${entry.slug}/?step=${step.index + 1}`));
      await waitForViewer(page);
      await expectLive(page, expectedLive(session, step.index));

      for (const [copy, bytes, other] of [['As sent', sent, 'received'], ['As received', received, 'sent']] as const) {
        await button(page, copy).click();
        await eventually(() => dumpHex(page), toHex(bytes), `${copy}: the dump shows that copy`);
        await eventually(() => differing(page), [{ offset: at[0], title: `byte ${at[0]} differs from the copy as ${other}` }], `${copy}: the one changed byte is marked`);
        const legend = page.getByTestId('hex-diff-legend').first();
        expect(await legend.innerText()).toContain(`Differs from the copy as ${other}: 1 byte (1 bit), at offset ${at[0]}.`);
        // Seen, not only in the DOM: the marked cell is drawn with a visible outline.
        const cell = hexDump(page).locator(`[data-offset="${at[0]}"]`).first();
        const outline = await cell.evaluate((e) => getComputedStyle(e).outlineStyle);
        expect(outline).toBe('solid');
        await cell.scrollIntoViewIfNeeded();
        await screenshot(page, `inspector-${copy === 'As sent' ? 'as-sent' : 'as-received'}-forged-signature`);
      }
      expect(await page.getByText('On the wire, 1 byte (1 bit) differs').count()).toBeGreaterThan(0);
    }));
});
