// Passwords and keyboard-interactive responses are masked by default in every view and in
// `sshscope inspect`, and shown only when asked for. The recording is a login played by both
// engines after SERVICE_ACCEPT (e2e/fixtures.ts loginRecording), opened as the viewer opens it.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DEMO_NEW_PASSWORD, DEMO_ONE_TIME_CODE, DEMO_PASSWORD, loginFile } from '../e2e/fixtures';
import { PacketInspector } from '@/components/inspector/PacketInspector';
import { FieldTree } from '@/components/inspector/FieldTree';
import { ShowSecretsContext } from '@/components/inspector/ShowSecrets';
import { inspect } from '@/lib/node/cli/inspect';
import { openRecording } from '@/lib/session/open';
import type { MessageStep } from '@/lib/session/session';
import { MASK, maskBytes, secretFields, secretOffsets } from '@/lib/inspector/secrets';

const file = loginFile();
const session = openRecording(file);
const messages = session.steps.filter((s): s is MessageStep => s.kind === 'message');
const named = (name: string) => messages.filter((s) => s.entry.name === name);
const hexOf = (s: string) => Buffer.from(s, 'utf8').toString('hex');
const SECRETS = [DEMO_PASSWORD, DEMO_NEW_PASSWORD, DEMO_ONE_TIME_CODE];

/** The page as text and its hex cells' text, concatenated: where a password could show. */
function visible(html: string): string {
  return html.replace(/<[^>]*>/g, '').replace(/&amp;/g, '&');
}
function hexColumn(html: string): string {
  return [...html.matchAll(/<span class="hx-b[^"]*" data-offset="(\d+)"[^>]*>([^<]*)<\/span>/g)]
    .sort((a, b) => Number(a[1]) - Number(b[1]))
    .map((m) => m[2])
    .join('');
}
const render = (step: MessageStep, show: boolean) =>
  renderToStaticMarkup(
    createElement(ShowSecretsContext.Provider, { value: { show, setShow: () => {} } }, createElement(PacketInspector, { step, steps: session.steps, initialView: 'decrypted' })),
  );

describe('the login recording', () => {
  it('decodes the user authentication and connection messages, 60 and 61 as the method in progress says', () => {
    expect(named('SSH_MSG_USERAUTH_REQUEST')).toHaveLength(4);
    expect(named('SSH_MSG_USERAUTH_INFO_REQUEST')).toHaveLength(1);
    expect(named('SSH_MSG_USERAUTH_INFO_RESPONSE')).toHaveLength(1);
    expect(named('SSH_MSG_USERAUTH_PASSWD_CHANGEREQ')).toHaveLength(1);
    for (const n of ['SSH_MSG_USERAUTH_BANNER', 'SSH_MSG_USERAUTH_SUCCESS', 'SSH_MSG_CHANNEL_OPEN_CONFIRMATION', 'SSH_MSG_CHANNEL_EXTENDED_DATA', 'SSH2_MSG_PING', 'SSH2_MSG_PONG']) {
      expect(named(n), n).toHaveLength(1);
    }
    expect(messages.some((s) => /^userauth method message/.test(s.entry.name))).toBe(false);
    // Each side logged the packet it sent and the one it received: both decoded alike.
    const change = named('SSH_MSG_USERAUTH_PASSWD_CHANGEREQ')[0];
    expect(change.sent?.name).toBe(change.received?.name);
    expect(change.explain).toBe('messages/userauth-replies');
  });

  it('marks the password, the old and new password and the response secret, and nothing else', () => {
    const secretNames = messages.flatMap((s) => secretFields(s.entry.fields).map((f) => f.name));
    expect(secretNames.sort()).toEqual(['new_password', 'old_password', 'password', 'response[1]']);
  });

  it('the packet inspector masks them in the tree and the hex dump, and hides the copy and decrypt commands', () => {
    for (const step of [...named('SSH_MSG_USERAUTH_REQUEST'), ...named('SSH_MSG_USERAUTH_INFO_RESPONSE')]) {
      const html = render(step, false);
      const text = visible(html);
      for (const s of SECRETS) {
        expect(text).not.toContain(s);
        expect(hexColumn(html)).not.toContain(hexOf(s));
      }
      if (secretFields(step.entry.fields).length === 0) {
        expect(html).not.toContain('Show passwords');
        continue;
      }
      expect(html).toMatch(/<button type="button" class="pi-tab" aria-pressed="false">Show passwords<\/button>/);
      expect(html).toContain('data-masked="true"');
      expect(text).toContain(MASK);
      expect(html).not.toContain('Reproduce decryption');
      expect(html).toContain('they appear once you choose “Show passwords”');
    }
  });

  it('shows them when asked, in the tree and the hex dump', () => {
    const step = named('SSH_MSG_USERAUTH_REQUEST').find((s) => s.entry.values?.change_password === true)!;
    const html = render(step, true);
    expect(html).toMatch(/aria-pressed="true">Show passwords/);
    expect(visible(html)).toContain(DEMO_NEW_PASSWORD);
    expect(hexColumn(html)).toContain(hexOf(DEMO_NEW_PASSWORD));
    expect(html).not.toContain('data-masked="true"');
    expect(html).toContain('Reproduce decryption');
  });

  it('a field tree without a provider (a panel on its own) masks', () => {
    const step = named('SSH_MSG_USERAUTH_INFO_RESPONSE')[0];
    const html = renderToStaticMarkup(createElement(FieldTree, { fields: step.entry.fields, selected: null, onSelect: () => {} }));
    expect(visible(html)).not.toContain(DEMO_ONE_TIME_CODE);
  });

  it('masking bytes leaves the string length and covers exactly the text', () => {
    const step = named('SSH_MSG_USERAUTH_REQUEST').find((s) => s.entry.values?.password === DEMO_PASSWORD)!;
    const packet = step.entry.packet!;
    const offsets = secretOffsets(step.entry.fields);
    expect(offsets.size).toBe(new TextEncoder().encode(DEMO_PASSWORD).length);
    const masked = Buffer.from(maskBytes(packet, offsets)).toString('hex');
    expect(masked).not.toContain(hexOf(DEMO_PASSWORD));
    expect(masked.length).toBe(packet.length * 2);
  });
});

describe('sshscope inspect', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sshscope-passwords-'));
  const path = join(dir, 'login.json');
  writeFileSync(path, file, { mode: 0o600 });
  const run = (args: string[]) => {
    const out: string[] = [];
    expect(inspect(args, (s) => out.push(s))).toBe(0);
    return out.join('\n');
  };

  it('masks passwords and responses in the table and in --json by default', () => {
    for (const out of [run([path]), run([path, '--json'])]) {
      for (const s of SECRETS) expect(out).not.toContain(s);
      expect(out).toContain(MASK);
    }
    const json = JSON.parse(run([path, '--json'])) as { messages: { name: string; fields: Record<string, unknown> }[] };
    const req = json.messages.find((m) => m.name === 'SSH_MSG_USERAUTH_REQUEST' && m.fields.method_name === 'password')!;
    expect(req.fields).toMatchObject({ user_name: 'alice', change_password: false, password: MASK });
  });

  it('--show-passwords prints them', () => {
    const table = run([path, '--show-passwords']);
    expect(table).toContain(DEMO_PASSWORD);
    const json = JSON.parse(run([path, '--json', '--show-passwords'])) as { messages: { name: string; fields: Record<string, unknown> }[] };
    const res = json.messages.find((m) => m.name === 'SSH_MSG_USERAUTH_INFO_RESPONSE')!;
    expect(res.fields).toEqual({ responses: [{ response: DEMO_ONE_TIME_CODE }] });
  });
});
