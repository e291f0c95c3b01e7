// known_hosts as sshd(8) describes it: @revoked refuses a key whatever other lines say, for every
// host; @cert-authority is reported as unsupported and never trusted as a host key.

import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { demoHostKey } from '../session/demoKeys';
import { base64Encode } from '../ssh/algorithms/hostkey/base64';
import { toHex } from '../ssh/wire/bytes';
import { knownHostKeys, revokedLine } from './knownHosts';

const a = demoHostKey('ssh-ed25519', 'known hosts a');
const b = demoHostKey('ssh-ed25519', 'known hosts b');
const line = (k: typeof a) => `${k.keyType} ${base64Encode(k.publicBlob)}`;
/** OpenSSH's hashed host name: |1|base64(salt)|base64(HMAC-SHA1(salt, name)). */
const hashed = (name: string, salt = Buffer.alloc(20, 7)) =>
  `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
const blobs = (m: ReturnType<typeof knownHostKeys>) => m.keys.map((k) => toHex(k.blob));

describe('known_hosts', () => {
  it('plain, glob and hashed entries match the host; others do not', () => {
    const text = [`example.org ${line(a)}`, `*.example.org,!bad.example.org ${line(b)}`, `other.org ${line(b)}`].join('\n');
    expect(blobs(knownHostKeys(text, 'example.org', 22))).toEqual([toHex(a.publicBlob)]);
    expect(blobs(knownHostKeys(text, 'www.example.org', 22))).toEqual([toHex(b.publicBlob)]);
    expect(blobs(knownHostKeys(text, 'bad.example.org', 22))).toEqual([]);
    expect(blobs(knownHostKeys(`${hashed('[127.0.0.1]:2222')} ${line(a)}`, '127.0.0.1', 2222))).toEqual([toHex(a.publicBlob)]);
    expect(blobs(knownHostKeys(`${hashed('[127.0.0.1]:2222')} ${line(a)}`, '127.0.0.1', 2223))).toEqual([]);
  });

  it('a key listed for the host and also @revoked is refused, and the listing line says why', () => {
    const text = [`example.org ${line(a)}`, `example.org ${line(b)}`, `@revoked example.org ${line(a)}`].join('\n');
    const m = knownHostKeys(text, 'example.org', 22);
    expect(blobs(m)).toEqual([toHex(b.publicBlob)]);
    expect(m.revoked.map((r) => r.line)).toEqual([3]);
    expect(revokedLine(m, a.publicBlob)).toBe(3);
    expect(revokedLine(m, b.publicBlob)).toBeUndefined();
    expect(m.skipped).toEqual([{ line: 1, problem: 'this key is revoked by line 3 (@revoked): not trusted' }]);
  });

  it('@revoked applies whatever its host pattern: another host, a wildcard, a hashed name; before or after the listing', () => {
    for (const pattern of ['elsewhere.net', '*', hashed('elsewhere.net')]) {
      const after = knownHostKeys(`example.org ${line(a)}\n@revoked ${pattern} ${line(a)}\n`, 'example.org', 22);
      expect(blobs(after), pattern).toEqual([]);
      const before = knownHostKeys(`@revoked ${pattern} ${line(a)}\nexample.org ${line(a)}\n`, 'example.org', 22);
      expect(blobs(before), pattern).toEqual([]);
      expect(revokedLine(before, a.publicBlob)).toBe(1);
    }
  });

  it('a hashed host entry whose key is @revoked is refused too', () => {
    const text = `${hashed('[127.0.0.1]:2222')} ${line(a)}\n@revoked * ${line(a)}\n`;
    const m = knownHostKeys(text, '127.0.0.1', 2222);
    expect(blobs(m)).toEqual([]);
    expect(m.skipped).toEqual([{ line: 1, problem: 'this key is revoked by line 2 (@revoked): not trusted' }]);
  });

  it('@cert-authority lines for the host are reported as unsupported and never trusted', () => {
    const text = `@cert-authority *.example.org ${line(a)}\n@cert-authority other.net ${line(b)}\n`;
    const m = knownHostKeys(text, 'www.example.org', 22);
    expect(m.keys).toEqual([]);
    expect(m.revoked).toEqual([]);
    expect(m.skipped).toEqual([{ line: 1, problem: '@cert-authority is not supported (host certificates are not): this line is not trusted' }]);
  });

  it('unknown markers and unreadable lines are reported, never fatal', () => {
    const text = [`@trusted example.org ${line(a)}`, '@revoked example.org', `@revoked * ssh-ed25519 !!!`, 'example.org ssh-ed25519', `example.org ${line(b)}`].join('\n');
    const m = knownHostKeys(text, 'example.org', 22);
    expect(blobs(m)).toEqual([toHex(b.publicBlob)]);
    expect(m.skipped).toEqual([
      { line: 1, problem: 'unknown marker @trusted' },
      { line: 2, problem: 'expected "@revoked hosts keytype base64-key"' },
      { line: 3, problem: '@revoked key is not valid base64' },
      { line: 4, problem: 'expected "hosts keytype base64-key"' },
    ]);
  });
});
