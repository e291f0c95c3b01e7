// Journey: a recording with a login. Passwords and keyboard-interactive responses are masked in the
// packet inspector (tree, detail, hex dump, copy) until "Show passwords" is pressed; the choice
// holds while stepping through this session and is forgotten on reload.

import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { MessageStep } from '../lib/session/session';
import { screenshot, url, withPage } from './harness';
import { DEMO_NEW_PASSWORD, DEMO_ONE_TIME_CODE, DEMO_PASSWORD, loginFile } from './fixtures';
import { expectedLive, openInNode } from './model';
import { button, eventually, expectLive, waitForViewer } from './viewer';

const hexOf = (s: string) => Buffer.from(s, 'utf8').toString('hex');

/** The dump's hex column as shown, in offset order (masked cells read "••"). */
function dumpText(page: Page): Promise<string> {
  return page
    .getByTestId('hex-dump')
    .first()
    .evaluate((root) => {
      const cells = [...root.querySelectorAll('[data-offset]')];
      cells.sort((a, b) => Number((a as HTMLElement).dataset.offset) - Number((b as HTMLElement).dataset.offset));
      return cells.map((e) => (e.textContent ?? '').trim()).join('');
    });
}

/** Everything the details pane shows as text. */
function detailsText(page: Page): Promise<string> {
  return page.getByRole('region', { name: 'Step details' }).innerText();
}

describe('passwords are masked by default', () => {
  test('the packet inspector masks a password until "Show passwords", which lasts for the session only', () =>
    withPage('passwords', {}, async ({ page }) => {
      const text = loginFile();
      const session = await openInNode(text);
      const at = session.steps.findIndex((s) => s.kind === 'message' && (s as MessageStep).entry.values?.password === DEMO_PASSWORD);
      const changeAt = session.steps.findIndex((s) => s.kind === 'message' && (s as MessageStep).entry.values?.change_password === true);
      const responseAt = session.steps.findIndex((s) => s.kind === 'message' && (s as MessageStep).entry.name === 'SSH_MSG_USERAUTH_INFO_RESPONSE');
      expect(Math.min(at, changeAt, responseAt)).toBeGreaterThan(0);

      await page.goto(url('/'));
      await page.getByLabel('Open a recording').setInputFiles({ name: 'login.json', mimeType: 'application/json', buffer: Buffer.from(text) });
      await page.waitForURL((u) => u.pathname === '/view/', { timeout: 10_000 });
      await waitForViewer(page);
      await page.goto(url(`/view/?step=${at + 1}`));
      await waitForViewer(page);
      await expectLive(page, expectedLive(session, at));

      const toggle = button(page, 'Show passwords');
      await toggle.waitFor({ state: 'visible' });
      expect(await toggle.getAttribute('aria-pressed')).toBe('false');
      const tree = page.getByRole('tree').first();
      const passwordName = tree.getByText('password', { exact: true }).first();
      await passwordName.waitFor({ state: 'visible' });
      expect(await detailsText(page)).not.toContain(DEMO_PASSWORD);
      expect(await dumpText(page)).not.toContain(hexOf(DEMO_PASSWORD));
      expect(await dumpText(page)).toContain('••');

      // Selecting the field shows that it is masked, and offers nothing to copy.
      await passwordName.click();
      await page.getByTestId('masked-value').waitFor({ state: 'visible' });
      expect(await page.getByRole('button', { name: 'Copy password' }).count()).toBe(0);
      await screenshot(page, 'passwords-masked');

      await toggle.click();
      await eventually(() => toggle.getAttribute('aria-pressed'), 'true', 'the toggle is pressed');
      await eventually(async () => (await detailsText(page)).includes(DEMO_PASSWORD), true, 'the password is shown');
      expect(await dumpText(page)).toContain(hexOf(DEMO_PASSWORD));
      await page.getByRole('button', { name: 'Copy password' }).waitFor({ state: 'visible' });
      await screenshot(page, 'passwords-shown');

      // Opening the change form by URL reloads the page: the choice was never stored, so it starts masked again.
      await page.goto(url(`/view/?step=${changeAt + 1}`));
      await waitForViewer(page);
      await button(page, 'Show passwords').waitFor({ state: 'visible' });
      expect(await button(page, 'Show passwords').getAttribute('aria-pressed')).toBe('false');
      expect(await detailsText(page)).not.toContain(DEMO_NEW_PASSWORD);
      await button(page, 'Show passwords').click();
      await eventually(async () => (await detailsText(page)).includes(DEMO_NEW_PASSWORD), true, 'the new password is shown');
      // Stepping back to the keyboard-interactive response keeps the choice within this page.
      for (let i = changeAt; i > responseAt; i--) await button(page, 'Previous step').click();
      await expectLive(page, expectedLive(session, responseAt));
      await eventually(async () => (await detailsText(page)).includes(DEMO_ONE_TIME_CODE), true, 'the response is shown while the toggle is on');
    }));
});
