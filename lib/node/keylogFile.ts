// --keylog FILE for record and serve: Wireshark's SSH key log, appended one line per key exchange
// as it happens, like SSLKEYLOGFILE for TLS. A new file is created readable by its owner only
// (it decrypts the sessions it names); a symlink at the path is refused, never followed.

import { closeSync, constants, openSync, writeSync } from 'node:fs';
import { formatKeylogLine, type KeylogEntry } from '../session/keylog';

const APPEND = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0);

export class KeylogFile {
  /** Opens (or creates, mode 0600) `path` once to find problems before any connection; throws. */
  constructor(readonly path: string) {
    closeSync(openSync(path, APPEND, 0o600));
  }

  /** Appends one line in a single write (O_APPEND keeps concurrent connections' lines whole); throws. */
  append(entry: KeylogEntry): void {
    const fd = openSync(this.path, APPEND, 0o600);
    try {
      const line = Buffer.from(formatKeylogLine(entry), 'latin1');
      for (let off = 0; off < line.length; ) off += writeSync(fd, line, off);
    } finally {
      closeSync(fd);
    }
  }
}
