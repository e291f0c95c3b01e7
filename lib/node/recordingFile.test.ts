// Recording files: created 0600 whatever the umask, never over an existing file or through a
// symlink (planted dangling or pointing at a file), and serve's unique names step past them.

import { existsSync, lstatSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeNewFile, writeUniqueFile } from './recordingFile';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sshscope-file-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeNewFile', () => {
  it('creates the file with mode 0600 and the text, even under umask 000', () => {
    const f = join(dir, 'a.sshscope.json');
    const old = process.umask(0);
    try {
      writeNewFile(f, 'hello ✓');
    } finally {
      process.umask(old);
    }
    expect(statSync(f).mode & 0o777).toBe(0o600);
    expect(readFileSync(f, 'utf8')).toBe('hello ✓');
  });

  it('refuses an existing file and a planted symlink, writing nothing through it', () => {
    const existing = join(dir, 'existing');
    writeFileSync(existing, 'keep');
    expect(() => writeNewFile(existing, 'x')).toThrow(/EEXIST/);
    expect(readFileSync(existing, 'utf8')).toBe('keep');

    const target = join(dir, 'target');
    const dangling = join(dir, 'dangling');
    symlinkSync(target, dangling);
    expect(() => writeNewFile(dangling, 'x')).toThrow(/EEXIST/);
    expect(existsSync(target)).toBe(false);

    const toFile = join(dir, 'to-file');
    symlinkSync(existing, toFile);
    expect(() => writeNewFile(toFile, 'x')).toThrow(/EEXIST/);
    expect(readFileSync(existing, 'utf8')).toBe('keep');
  });
});

describe('writeUniqueFile', () => {
  it('steps past whatever is at the name, a symlink included, to name-2, name-3', () => {
    const name = join(dir, 'sshscope-serve-1.sshscope.json');
    symlinkSync(join(dir, 'elsewhere'), name);
    writeFileSync(join(dir, 'sshscope-serve-1-2.sshscope.json'), 'taken');
    const written = writeUniqueFile(name, '{}');
    expect(written).toBe(join(dir, 'sshscope-serve-1-3.sshscope.json'));
    expect(readFileSync(written, 'utf8')).toBe('{}');
    expect(statSync(written).mode & 0o777).toBe(0o600);
    expect(lstatSync(name).isSymbolicLink()).toBe(true);
    expect(existsSync(join(dir, 'elsewhere'))).toBe(false);
  });

  it('other errors are thrown, not stepped past', () => {
    expect(() => writeUniqueFile(join(dir, 'no-such-dir', 'r.sshscope.json'), '{}')).toThrow(/ENOENT/);
  });
});
