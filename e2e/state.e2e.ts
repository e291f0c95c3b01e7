// Journey: the state inspector follows the current step: H, the session id and the derived keys
// appear once computed and not before; the session id is the first exchange hash (RFC 4253 §7.2).

import { describe, expect, test } from 'vitest';
import { toHex } from '../lib/ssh/wire/bytes';
import { url, withPage } from './harness';
import { expectedLive, journeySession } from './model';
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
});
