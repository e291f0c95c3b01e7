// Journeys for the MAC anatomy and the exchange hash's inputs. (1) An encrypted packet of the
// flagship session shows what its tag covers as labelled boxes holding this packet's own bytes;
// focusing the tag box lights exactly the tag's bytes in the hex dump. (2) From the state inspector,
// "Show I_C in its packet" moves the viewer to the client's KEXINIT with its payload selected and
// focused, and K_S lands on the server's reply with K_S selected. axe on both.

import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { toHex } from '../lib/inspector/format';
import { hashInputSources } from '../lib/inspector/hashInputSource';
import { fieldAtPath } from '../lib/inspector/fieldAt';
import { formatFindings, failingFindings } from './axe';
import { screenshot, url, withPage } from './harness';
import { expectedLive, journeySession } from './model';
import { eventually, expectLive, expectStepParam, waitForViewer } from './viewer';

async function noFindings(page: Page, where: string): Promise<void> {
  const findings = await failingFindings(page);
  if (findings.length) console.log(formatFindings(where, findings));
  expect(findings.map((f) => `${f.impact} ${f.id}`)).toEqual([]);
}

/** The offsets of the wire hex dump's bytes drawn as hovered. */
function hovered(page: Page): Promise<number[]> {
  return page
    .getByRole('region', { name: /Packet inspector/ })
    .locator('.hx-hov[data-offset]')
    .evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.offset)));
}

describe('MAC anatomy and the inputs of H', () => {
  test('an encrypted packet shows what its tag covers, in order, with its own bytes', () =>
    withPage('anatomy-boxes', {}, async ({ page }) => {
      const { entry, session } = await journeySession();
      const step = session.steps.find((s) => s.kind === 'message' && s.entry.encrypted && s.entry.cipher === 'chacha20-poly1305@openssh.com');
      if (!step || step.kind !== 'message') throw new Error('no chacha20-poly1305 packet in the journey session');
      const wire = step.entry.wire;
      const tag = wire.subarray(wire.length - 16);
      await page.goto(url(`/sessions/${entry.slug}/?step=${step.index + 1}`));
      await waitForViewer(page);
      await expectLive(page, expectedLive(session, step.index));

      const anatomy = page.getByRole('region', { name: 'What the tag covers' });
      await anatomy.waitFor({ state: 'visible' });
      const text = await anatomy.innerText();
      expect(text).toContain('chacha20-poly1305');
      // The input row is ordered: encrypted length first, then the ciphertext.
      const inputs = anatomy.locator('ol.ma-ordered > li .ma-name');
      await expect(inputs.allInnerTexts()).resolves.toEqual(['packet_length (encrypted)', 'ciphertext']);
      // The boxes hold this packet's bytes: its first 4 wire bytes, its tag's first bytes.
      expect(text).toContain(toHex(wire.subarray(0, 4), ' '));
      expect(text).toContain(toHex(tag.subarray(0, 4), ' '));
      expect(text).toContain(`the sequence number ${step.entry.seq} as uint64`);

      // Focusing the tag's box lights the tag's bytes in the wire view's hex dump, and only them.
      await page.getByRole('button', { name: 'On the wire', exact: true }).click();
      const tagBox = anatomy.getByRole('button', { name: /^tag\s*16 bytes/ });
      await tagBox.focus();
      await anatomy.scrollIntoViewIfNeeded();
      await screenshot(page, 'anatomy-tag-focused');
      const want = Array.from({ length: 16 }, (_, i) => wire.length - 16 + i);
      await eventually(async () => (await hovered(page)).join(','), want.join(','), 'tag bytes lit');
      await tagBox.blur();
      await eventually(async () => (await hovered(page)).length, 0, 'nothing lit after blur');
      await noFindings(page, 'viewer with the MAC anatomy');
    }));

  test('an input of H links to the packet field it came from', () =>
    withPage('anatomy-h-links', {}, async ({ page }) => {
      const { entry, session } = await journeySession();
      const last = session.steps.length - 1;
      const sources = hashInputSources(session.steps, 'client', last);
      await page.goto(url(`/sessions/${entry.slug}/?step=${last + 1}`));
      await waitForViewer(page);
      await expectLive(page, expectedLive(session, last));

      for (const name of ['I_C', 'K_S']) {
        const src = sources[name];
        const target = session.steps[src.step];
        if (target.kind !== 'message') throw new Error(`${name} does not come from a message`);
        const field = fieldAtPath(target.entry.fields, src.field!)!;
        await page.goto(url(`/sessions/${entry.slug}/?step=${last + 1}`));
        await waitForViewer(page);
        const link = page.getByTestId('state-inspector').getByRole('button', { name: `Show ${name} in its packet, step ${src.step + 1}`, exact: true }).first();
        await link.click();
        await expectLive(page, expectedLive(session, src.step));
        await expectStepParam(page, src.step + 1);
        const tree = page.getByRole('region', { name: /Packet inspector/ }).getByTestId('field-tree');
        const selected = tree.locator('[role="treeitem"][aria-selected="true"]');
        await eventually(async () => selected.getAttribute('data-path'), src.field!, `${name}'s field selected`);
        expect(await selected.locator('.ft-row').first().innerText()).toContain(field.name);
        // Focus went with it: keyboard and screen reader users land on the field.
        await eventually(async () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.path ?? null), src.field!, `${name} focused`);
      }
      await noFindings(page, 'viewer after following an H-input link');
    }));
});
