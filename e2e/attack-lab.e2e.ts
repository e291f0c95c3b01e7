// The attack lab in the browser (issue 13, part 3): each attack, run in /playground with its
// scenario's settings, reports what that bundled scenario shows: the same tampering, and the same
// side noticing at the same step with the same reason (or nobody, and the same cost). What the
// scenario shows is computed here in Node from the served recording, by the viewer's own code.

import { describe, expect, test } from 'vitest';
import { ATTACK_CASES } from '../lib/session/attackCases';
import { parseExperiment } from '../lib/session/experiment';
import { implementedAlgorithms, runExperiment } from '../lib/session/experimentRun';
import { openParsedRecording } from '../lib/session/open';
import { attackFindings } from '../lib/viewer/attackFindings';
import { url, withPage } from './harness';
import { manifest, openInNode, readPublic } from './model';

const CASES = ATTACK_CASES;

describe('attack lab', () => {
  test('each attack reports what its bundled scenario shows', () =>
    withPage('attack-lab', {}, async ({ page }) => {
      for (const { slug, query } of CASES) {
        const entry = manifest().find((e) => e.slug === slug)!;
        const expected = attackFindings(await openInNode(readPublic(entry.file)));
        await page.goto(url(`/playground/?${query}&run=1`));
        const report = page.getByTestId('attack-report');
        await report.waitFor({ state: 'visible', timeout: 30_000 });
        const heading = (await report.getByRole('heading').textContent()) ?? '';
        if (expected.noticed.length === 0) {
          expect(heading, slug).toMatch(/nobody noticed$/);
          const cost = (await page.getByTestId('attack-cost').textContent()) ?? '';
          for (const c of expected.cost) expect(cost, slug).toContain(c);
        } else {
          expect(heading, slug).toContain(`the ${expected.noticed.map((n) => n.by).join(' and the ')} noticed`);
          const noticed = await page.getByTestId('attack-noticed').allTextContents();
          expect(noticed.length, slug).toBe(expected.noticed.length);
          expected.noticed.forEach((n, i) => {
            expect(noticed[i], slug).toContain(`The ${n.by} noticed at ${n.atTitle} (step ${n.at + 1})`);
            expect(noticed[i], slug).toContain(`${n.reasonName} (${n.reason})`);
          });
        }
        const did = (await report.getByRole('list', { name: 'What the attacker did' }).locator('li').allTextContents()).map((t) => t.replace(/\s+/g, ' '));
        expect(did, slug).toEqual(expected.tampered.map((t) => `The attacker ${t.kind} ${t.what} (step ${t.step + 1}).`));
      }

      // Holding back the client's only request: no later packet overtakes it, nothing is left on
      // the wire, nobody closes. The page says the run stalled and what the client waits for.
      const query = 'server-keys=ssh-ed25519&seed=35&attack=reorder:c2s:1';
      const catalog = implementedAlgorithms();
      const run = runExperiment(parseExperiment(new URLSearchParams(query), catalog).experiment, catalog);
      const findings = attackFindings(openParsedRecording(run.recording));
      const stalled = findings.stalled;
      expect(findings.tampered.map((t) => t.kind)).toEqual(['dropped']);
      expect(run.outcome.description).toMatch(/^incomplete: the client was still waiting for /);
      expect(stalled).toBeDefined();
      await page.goto(url(`/playground/?${query}&run=1`));
      await page.getByTestId('attack-report').waitFor({ state: 'visible', timeout: 30_000 });
      expect(await page.getByTestId('run-outcome').textContent()).toBe(
        `✕ The run stalled, with nothing left on the wire: ${run.outcome.description.replace(/^incomplete: /, '')}.`,
      );
      expect(await page.getByTestId('attack-cost').textContent()).toBe(`Neither side detected the tampering; ${stalled}.`);
      const held = await page.getByTestId('attack-report').getByRole('list', { name: 'What the attacker did' }).locator('li').allTextContents();
      expect(held.map((t) => t.replace(/\s+/g, ' '))).toEqual(
        findings.tampered.map((t) => `The attacker held back ${t.what} and never delivered it (step ${t.step + 1}).`),
      );

      // A flipped goodbye: the handshake completed, and afterwards the server caught the tampering.
      const flip = 'seed=5&attack=flip:c2s:2';
      const flipped = runExperiment(parseExperiment(new URLSearchParams(flip), catalog).experiment, catalog);
      const caught = attackFindings(openParsedRecording(flipped.recording)).noticed;
      expect(flipped.outcome.ok).toBe(true);
      expect(caught.map((n) => n.by)).toEqual(['server']);
      await page.goto(url(`/playground/?${flip}&run=1`));
      await page.getByTestId('attack-report').waitFor({ state: 'visible', timeout: 30_000 });
      const line = (await page.getByTestId('run-outcome').textContent()) ?? '';
      expect(line).toMatch(/^✓ The handshake completed: /);
      expect(line).toContain(`. Afterwards the server closed the connection: ${caught[0].reasonName} (${caught[0].reason}).`);
    }));
});
