import { lstatSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKeylog } from '../session/keylog';
import { KeylogFile } from './keylogFile';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'sshscope-keylogfile-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const entry = (n: number) => ({ cookie: new Uint8Array(16).fill(n), kind: 'SHARED_SECRET' as const, secret: Uint8Array.of(n, n + 1) });

describe('KeylogFile', () => {
  it('creates the file readable by its owner only and appends one line per entry, keeping what was there', () => {
    const path = join(tmp, 'new.log');
    const log = new KeylogFile(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    log.append(entry(1));
    new KeylogFile(path).append(entry(2));
    expect(parseKeylog(readFileSync(path, 'utf8'))).toEqual([entry(1), entry(2)]);
    expect(readFileSync(path, 'utf8').split('\n')).toHaveLength(3);

    const existing = join(tmp, 'existing.log');
    writeFileSync(existing, '# mine\n');
    new KeylogFile(existing).append(entry(3));
    expect(readFileSync(existing, 'utf8')).toMatch(/^# mine\n0303/);
  });

  it('a symlink at the path is refused, not followed', () => {
    const victim = join(tmp, 'victim');
    writeFileSync(victim, 'precious');
    const link = join(tmp, 'link.log');
    symlinkSync(victim, link);
    expect(() => new KeylogFile(link)).toThrow(/ELOOP/);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });
});
