// Journey: every arrow and note in the sequence diagram carries data-step and clicking it goes
// to that step.

import { describe, expect, test } from 'vitest';
import { url, withPage } from './harness';
import { expectedLive, journeySession, manifest, openInNode, readPublic } from './model';
import { expectLive, expectStepParam, waitForViewer } from './viewer';

describe('sequence diagram', () => {
  test('each data-step arrow and note is clickable and selects its step', () =>
    withPage('diagram-click', {}, async ({ page }) => {
      const { entry, session } = await journeySession();
      await page.goto(url(`/sessions/${entry.slug}/`));
      await waitForViewer(page);
      const diagram = page.getByTestId('sequence-diagram');
      // Walk forward: clicking step i makes it current, so step i + 1 is on screen next.
      for (let i = 0; i < session.steps.length; i++) {
        const el = diagram.locator(`[data-step="${i}"]`).first();
        await expect(el.count(), `data-step="${i}" rendered (${session.steps[i].kind} ${session.steps[i].title})`).resolves.toBe(1);
        await el.scrollIntoViewIfNeeded();
        await el.click();
        await expectLive(page, expectedLive(session, i));
      }
      await expectStepParam(page, session.steps.length);
      // And back to the start.
      await page.keyboard.press('Home');
      await diagram.locator('[data-step="0"]').first().click();
      await expectLive(page, expectedLive(session, 0));
    }));

  test('lifelines are labelled with both version strings', () =>
    withPage('diagram-lifelines', {}, async ({ page }) => {
      const { entry, session } = await journeySession();
      await page.goto(url(`/sessions/${entry.slug}/`));
      await waitForViewer(page);
      const text = await page.getByTestId('sequence-diagram').textContent();
      for (const party of ['client', 'server'] as const) {
        const v = session.parties[party].version;
        if (v) expect(text, `${party} lifeline label`).toContain(v);
      }
    }));
});

describe('scenario styles', () => {
  test('an attack shows the attacker lifeline; a failure names its DISCONNECT reason in the diagram', async () => {
    const entries = manifest();
    const attack = entries.find((e) => e.group === 'Attacks');
    const failure = entries.find((e) => e.group === 'Failures');
    expect(attack && failure, 'the manifest has an Attacks and a Failures recording').toBeTruthy();
    for (const e of [attack!, failure!]) {
      const session = await openInNode(readPublic(e.file));
      await withPage(`diagram-${e.slug}`, {}, async ({ page }) => {
        await page.goto(url(`/sessions/${e.slug}/?step=${session.steps.length}`));
        await waitForViewer(page);
        await expectLive(page, expectedLive(session, session.steps.length - 1));
        const text = (await page.getByTestId('sequence-diagram').first().textContent()) ?? '';
        if (e === attack) {
          expect(session.attacker, `${e.slug}: an Attacks recording has a man in the middle`).toBe(true);
          expect(text, `${e.slug}: attacker lifeline`).toMatch(/attacker/i);
        }
        const closed = session.steps.find((s) => s.kind === 'closed');
        if (closed && closed.kind === 'closed' && !session.summary.ok) {
          const reason = closed.reasonName.replace(/^SSH_DISCONNECT_/, '');
          expect(text, `${e.slug}: the failure's reason ${closed.reasonName} in the diagram`).toContain(reason);
        }
      });
    }
  });
});
