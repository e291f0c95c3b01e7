// Host key algorithms: RFC 8032 vectors, RSA against the openssl CLI, OpenSSH key files against
// ssh-keygen, strict verification, and field trees that cover every byte.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../wire/errors';
import type { Field } from '../../wire/field';
import { concat, fromHex, toHex, utf8 } from '../../wire/bytes';
import { Reader } from '../../wire/reader';
import { Writer } from '../../wire/writer';
import { base64Decode } from './base64';
import { ed25519Pair } from './ed25519';
import { fingerprintSha256, hostKeyAlgorithms, publicKeyFields, signatureFields } from './index';
import { parseOpenSshPrivateKey, serializeOpenSshPrivateKey } from './opensshKey';
import { rsaPairFromPrimes } from './rsa';

const ed = hostKeyAlgorithms['ssh-ed25519'];

describe('ssh-ed25519: RFC 8032 §7.1 vectors', () => {
  const vectors = [
    {
      secret: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
      public: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
      message: '',
      signature:
        'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
    },
    {
      secret: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
      public: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
      message: '72',
      signature:
        '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
    },
  ];
  for (const [i, v] of vectors.entries()) {
    it(`TEST ${i + 1}`, () => {
      const pair = ed25519Pair(fromHex(v.secret));
      expect(toHex(pair.publicBlob)).toBe("0000000b" + toHex(utf8("ssh-ed25519")) + "00000020" + v.public);
      const blob = ed.sign(pair, fromHex(v.message));
      const r = new Reader(blob);
      expect(r.text('name')).toBe('ssh-ed25519');
      expect(toHex(r.string('sig'))).toBe(v.signature);
      expect(ed.verify(pair.publicBlob, blob, fromHex(v.message))).toEqual({ ok: true });
      expect(ed.verify(pair.publicBlob, blob, utf8('other')).ok).toBe(false);
    });
  }
});

describe('verification is strict and never throws', () => {
  const rsa = hostKeyAlgorithms['rsa-sha2-256'];
  const key = rsa.demoKey(utf8('strict'));
  const data = utf8('exchange hash');
  const sig = rsa.sign(key, data);
  const raw = new Reader(sig);
  raw.text('n');
  const s = raw.string('s');

  it('a signature made for rsa-sha2-256 is refused as rsa-sha2-512 and ssh-rsa', () => {
    expect(rsa.verify(key.publicBlob, sig, data)).toEqual({ ok: true });
    expect(hostKeyAlgorithms['rsa-sha2-512'].verify(key.publicBlob, sig, data)).toMatchObject({ ok: false, reason: expect.stringContaining('rsa-sha2-512 was negotiated') });
    expect(hostKeyAlgorithms['ssh-rsa'].verify(key.publicBlob, sig, data).ok).toBe(false);
  });
  it('too long, s ≥ n, a wrong digest, a truncated blob', () => {
    const wrap = (b: Uint8Array) => new Writer().string('rsa-sha2-256').string(b).bytes();
    expect(rsa.verify(key.publicBlob, wrap(concat(Uint8Array.of(1), s)), data).ok).toBe(false);
    expect(rsa.verify(key.publicBlob, wrap(new Uint8Array(s.length).fill(0xff)), data)).toMatchObject({ ok: false, reason: expect.stringContaining('not less than the modulus') });
    expect(rsa.verify(key.publicBlob, sig, utf8('other')).ok).toBe(false);
    expect(rsa.verify(key.publicBlob, sig.subarray(0, sig.length - 1), data)).toMatchObject({ ok: false, reason: expect.stringContaining('malformed') });
  });
  it('a key of the wrong type', () => {
    expect(ed.verify(key.publicBlob, sig, data)).toMatchObject({ ok: false, reason: 'host key is ssh-rsa, not ssh-ed25519' });
  });
  it('arbitrary blobs: never a throw', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.values(hostKeyAlgorithms)), fc.uint8Array({ maxLength: 120 }), fc.uint8Array({ maxLength: 120 }), (alg, k, sg) => {
        expect(alg.verify(k, sg, data).ok).toBe(false);
      }),
      { numRuns: 400 },
    );
  });
});

function tiles(fields: Field[], start: number, end: number): boolean {
  let at = start;
  for (const f of fields) {
    if (f.offset !== at) return false;
    if (f.children && !tiles(f.children, f.offset, f.offset + f.length)) return false;
    at += f.length;
  }
  return at === end;
}

describe('blob field trees', () => {
  it('cover every byte of real keys and signatures, with RFC names', () => {
    for (const alg of Object.values(hostKeyAlgorithms).filter((a) => !a.verifyOnly)) {
      const key = alg.demoKey(utf8('tree'));
      const sig = alg.sign(key, utf8('H'));
      const kf = publicKeyFields(key.publicBlob, 10);
      const sf = signatureFields(sig, 0);
      expect(tiles(kf, 10, 10 + key.publicBlob.length), alg.name).toBe(true);
      expect(tiles(sf, 0, sig.length), alg.name).toBe(true);
      expect(kf[0]).toMatchObject({ name: 'key_type', value: alg.keyType });
    }
    const ecdsa = hostKeyAlgorithms['ecdsa-sha2-nistp256'];
    const sf = signatureFields(ecdsa.sign(ecdsa.demoKey(utf8('x')), utf8('H')), 0);
    expect(sf[1].children!.map((f) => f.name)).toEqual(['length', 'r', 's']);
  });
  it('on arbitrary bytes: DecodeError only, and tiling whenever they decode', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (b) => {
        for (const f of [publicKeyFields, signatureFields]) {
          try {
            expect(tiles(f(b, 0), 0, b.length)).toBe(true);
          } catch (e) {
            expect(e).toBeInstanceOf(DecodeError);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('demo keys', () => {
  it('are deterministic per seed and differ between seeds', () => {
    for (const alg of Object.values(hostKeyAlgorithms).filter((a) => !a.verifyOnly)) {
      expect(toHex(alg.demoKey(utf8('a')).publicBlob)).toBe(toHex(alg.demoKey(utf8('a')).publicBlob));
      expect(toHex(alg.demoKey(utf8('a')).publicBlob)).not.toBe(toHex(alg.demoKey(utf8('b')).publicBlob));
    }
  });
});

const hasKeygen = existsSync('/usr/bin/ssh-keygen');
const hasOpenssl = existsSync('/usr/bin/openssl');

describe.skipIf(!hasKeygen)('OpenSSH key files, checked by ssh-keygen', () => {
  for (const [type, extra] of [
    ['ed25519', []],
    ['ecdsa', ['-b', '256']],
    ['ecdsa', ['-b', '384']],
    ['ecdsa', ['-b', '521']],
    ['rsa', ['-b', '2048']],
  ] as const) {
    it(`${type} ${extra.join(' ')}: parse, fingerprint, sign/verify, write back`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'sshscope-key-'));
      try {
        const path = join(dir, 'k');
        execFileSync('/usr/bin/ssh-keygen', ['-q', '-N', '', '-t', type, ...extra, '-f', path, '-C', 'test']);
        const pair = parseOpenSshPrivateKey(readFileSync(path, 'utf8'));
        const pub = readFileSync(path + '.pub', 'utf8').split(' ');
        expect(pair.keyType).toBe(pub[0]);
        expect(toHex(pair.publicBlob)).toBe(toHex(base64Decode(pub[1])));
        const fp = execFileSync('/usr/bin/ssh-keygen', ['-l', '-E', 'sha256', '-f', path + '.pub']).toString().split(' ')[1];
        expect(fingerprintSha256(pair.publicBlob)).toBe(fp);
        const alg = Object.values(hostKeyAlgorithms).find((a) => a.keyType === pair.keyType && !a.verifyOnly)!;
        expect(alg.verify(pair.publicBlob, alg.sign(pair, utf8('H')), utf8('H'))).toEqual({ ok: true });
        const out = join(dir, 'again');
        writeFileSync(out, serializeOpenSshPrivateKey(pair, 'again', 0x1234), { mode: 0o600 });
        const derived = execFileSync('/usr/bin/ssh-keygen', ['-y', '-f', out]).toString().trim().split(' ');
        expect(derived[1]).toBe(pub[1]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
  it('refuses encrypted keys with advice', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sshscope-key-'));
    try {
      execFileSync('/usr/bin/ssh-keygen', ['-q', '-N', 'secret', '-t', 'ed25519', '-f', join(dir, 'k')]);
      expect(() => parseOpenSshPrivateKey(readFileSync(join(dir, 'k'), 'utf8'))).toThrow(/encrypted keys are not supported.*ssh-keygen -p/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!hasOpenssl)('RSA PKCS#1 v1.5 against the openssl CLI', () => {
  it('openssl verifies our signatures and we produce its exact bytes (v1.5 is deterministic)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sshscope-rsa-'));
    try {
      const keyPath = join(dir, 'k.pem');
      execFileSync('/usr/bin/openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', keyPath], { stdio: 'pipe' });
      const text = execFileSync('/usr/bin/openssl', ['pkey', '-in', keyPath, '-text', '-noout']).toString();
      const field = (label: string) => {
        const m = new RegExp(`${label}:\\s*\\n((?:\\s+[0-9a-f:]+\\n)+)`).exec(text)!;
        return BigInt('0x' + m[1].replace(/[\s:]/g, ''));
      };
      const pair = rsaPairFromPrimes(field('prime1'), field('prime2'));
      const msg = utf8('the exchange hash H');
      writeFileSync(join(dir, 'msg'), msg);
      for (const [name, dgst] of [['rsa-sha2-256', '-sha256'], ['rsa-sha2-512', '-sha512']]) {
        const theirs = new Uint8Array(execFileSync('/usr/bin/openssl', ['dgst', dgst, '-sign', keyPath, join(dir, 'msg')]));
        const r = new Reader(hostKeyAlgorithms[name].sign(pair, msg));
        r.text('name');
        expect(toHex(r.string('sig'))).toBe(toHex(theirs));
        const blob = new Writer().string(name).string(theirs).bytes();
        expect(hostKeyAlgorithms[name].verify(pair.publicBlob, blob, msg)).toEqual({ ok: true });
      }
      const sha1 = new Uint8Array(execFileSync('/usr/bin/openssl', ['dgst', '-sha1', '-sign', keyPath, join(dir, 'msg')]));
      expect(hostKeyAlgorithms['ssh-rsa'].verify(pair.publicBlob, new Writer().string('ssh-rsa').string(sha1).bytes(), msg)).toEqual({ ok: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
