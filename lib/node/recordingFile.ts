// Writing a recording: a new file, readable by its owner only, never through a symlink. A
// recording holds the session's ephemeral secrets, and the directory it goes to may be shared
// (/tmp): O_EXCL refuses whatever is already at the path, a planted symlink included, and
// O_NOFOLLOW says so again where the platform has it.

import { closeSync, constants, openSync, writeSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';

const NEW_FILE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

/** Creates `path` with mode 0600 and writes `text` (UTF-8) or bytes; throws (EEXIST…) if anything is there already. */
export function writeNewFile(path: string, text: string | Uint8Array): void {
  const fd = openSync(path, NEW_FILE, 0o600);
  try {
    const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes `text` to `path`, or, if something is already there, to the first free `name-2.ext`,
 * `name-3.ext`…; returns the path written. Other errors are thrown.
 */
export function writeUniqueFile(path: string, text: string, attempts = 100): string {
  const dir = dirname(path);
  const file = basename(path);
  // ".sshscope.json" is one extension for this purpose: "x-2.sshscope.json", not "x.sshscope-2.json".
  const ext = file.endsWith('.sshscope.json') ? '.sshscope.json' : extname(file);
  const stem = file.slice(0, file.length - ext.length);
  for (let i = 1; ; i++) {
    const candidate = i === 1 ? path : join(dir, `${stem}-${i}${ext}`);
    try {
      writeNewFile(candidate, text);
      return candidate;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || i >= attempts) throw e;
    }
  }
}
