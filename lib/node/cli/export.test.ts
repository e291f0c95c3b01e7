// sshscope export as a user meets it: default file names, owner-only new files, the notes on what
// Wireshark 4.4 cannot decrypt (found with tshark 4.4: test/interop/export-wireshark.test.ts).

import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './main';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'sshscope-exportcli-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function cli(argv: string[]): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const code = await main(argv, (s) => lines.push(s));
  return { code, output: lines.join('\n') };
}

async function simulated(name: string, flags: string[]): Promise<string> {
  const file = join(tmp, `${name}.sshscope.json`);
  expect((await cli(['simulate', '--out', file, ...flags])).code).toBe(0);
  return file;
}

describe('sshscope export', () => {
  it('without --pcapng or --keylog writes both beside the recording, 0600; an existing file is never overwritten', async () => {
    const rec = await simulated('both', ['--kex', 'curve25519-sha256', '--cipher', 'aes128-gcm@openssh.com']);
    const r = await cli(['export', rec]);
    expect(r.code, r.output).toBe(0);
    for (const f of [join(tmp, 'both.pcapng'), join(tmp, 'both.keylog')]) {
      expect(statSync(f).mode & 0o777).toBe(0o600);
    }
    expect(readFileSync(join(tmp, 'both.keylog'), 'utf8')).toMatch(/^[0-9a-f]{32} SHARED_SECRET [0-9a-f]+\n$/);
    writeFileSync(join(tmp, 'taken.pcapng'), 'mine');
    const again = await cli(['export', rec, '--pcapng', join(tmp, 'taken.pcapng')]);
    expect(again.code).toBe(1);
    expect(again.output).toMatch(/EEXIST/);
    expect(readFileSync(join(tmp, 'taken.pcapng'), 'utf8')).toBe('mine');
  });

  it('says what Wireshark 4.4 will not decrypt: chacha20-poly1305 under strict kex, ECDH on NIST curves', async () => {
    const strict = await cli(['export', await simulated('strict', ['--kex', 'curve25519-sha256', '--cipher', 'chacha20-poly1305@openssh.com']), '--keylog', join(tmp, 'strict.keylog')]);
    expect(strict.output).toMatch(/note: strict kex was on: Wireshark 4\.4 does not reset sequence numbers/);
    const noStrict = await cli(['export', await simulated('nostrict', ['--kex', 'curve25519-sha256', '--cipher', 'chacha20-poly1305@openssh.com', '--no-strict']), '--keylog', join(tmp, 'nostrict.keylog')]);
    expect(noStrict.output).not.toMatch(/note:/);
    const ecdh = await cli(['export', await simulated('ecdh', ['--kex', 'ecdh-sha2-nistp256', '--cipher', 'aes128-gcm@openssh.com']), '--keylog', join(tmp, 'ecdh.keylog')]);
    expect(ecdh.output).toMatch(/note: Wireshark 4\.4 cannot decrypt a ecdh-sha2-nistp256 key exchange/);
    // Found with tshark 4.4: after a rekey's NEWKEYS it shows "Encrypted packet" only.
    const rekey = await cli(['export', join(import.meta.dirname, '../../../public/recordings/algorithms/rekey-after-service.json'), '--keylog', join(tmp, 'rekey.keylog')]);
    expect(rekey.output).toMatch(/note: 2 key exchanges: Wireshark 4\.4 does not follow a rekey/);
    expect(readFileSync(join(tmp, 'rekey.keylog'), 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('--dsb needs --pcapng; a file that is not a recording is refused with its JSON path', async () => {
    const rec = await simulated('dsb', []);
    const r = await cli(['export', rec, '--keylog', join(tmp, 'x.keylog'), '--dsb']);
    expect(r.code).toBe(2);
    expect(r.output).toMatch(/--dsb .* --pcapng/);
    expect(existsSync(join(tmp, 'x.keylog'))).toBe(false);
    const bad = join(tmp, 'bad.json');
    writeFileSync(bad, JSON.stringify({ format: 'sshscope-recording', version: 1, meta: {} }));
    const b = await cli(['export', bad, '--pcapng', join(tmp, 'bad.pcapng')]);
    expect(b.code).toBe(1);
    expect(b.output).toMatch(/cannot be exported: \$\.meta\.title/);
    expect(existsSync(join(tmp, 'bad.pcapng'))).toBe(false);
  });
});
