// What the files chosen or dropped together are: a recording, a capture (pcap/pcapng, told by its
// magic number, the name only as a fallback), a Wireshark SSH key log (by name or by its first
// line), and whether they make one thing to open. Pure: the page reads each file's first bytes.

/** 'keylog': its first line is a key log line; 'text': only its name (.log/.txt/.keylog) says key log. */
export type FileKind = 'capture' | 'keylog' | 'text' | 'recording' | 'unknown';

/** How many first bytes of a file `fileKind` looks at. */
export const HEAD_BYTES = 4096;

/** pcap's magic in either byte order, µs or ns (draft-ietf-opsawg-pcap §4), or pcapng's Section Header Block type. */
export function captureFormat(head: Uint8Array): 'pcap' | 'pcapng' | null {
  if (head.length < 4) return null;
  const m = ((head[0]! << 24) | (head[1]! << 16) | (head[2]! << 8) | head[3]!) >>> 0;
  if (m === 0x0a0d0d0a) return 'pcapng';
  if ([0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1].includes(m)) return 'pcap';
  return null;
}

const CAPTURE_NAME = /\.(pcap|pcapng|cap)$/i;
const KEYLOG_NAME = /\.(log|txt|keylog)$/i;
/** A key log line: a 16-byte cookie in hex, then the kind (lib/session/keylog.ts). */
const KEYLOG_LINE = /^[0-9a-f]{32}\s+(PRIVATE_KEY|SHARED_SECRET)\s/i;

export function fileKind(name: string, head: Uint8Array): FileKind {
  if (captureFormat(head)) return 'capture';
  const text = String.fromCharCode(...head.subarray(0, HEAD_BYTES));
  if (text.trimStart().startsWith('{')) return 'recording';
  const first = text.split(/\r?\n/).find((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  if (first !== undefined && KEYLOG_LINE.test(first.trim())) return 'keylog';
  // A name that promises a capture is read as one, so that a damaged file gets the capture's error.
  if (CAPTURE_NAME.test(name)) return 'capture';
  if (KEYLOG_NAME.test(name)) return 'text';
  if (/\.json$/i.test(name)) return 'recording';
  return 'unknown';
}

export interface Picked<T> {
  recording?: T;
  capture?: T;
  keylog?: T;
  /** Why these files do not make one thing to open. */
  problem?: string;
}

/**
 * One recording, or one capture with at most one key log. A single file of unknown kind, or text
 * that does not read as a key log, is read as a recording (its parse error then says what is wrong
 * with it); beside a capture, text named like a key log is read as one (its line errors then say).
 */
export function pickFiles<T extends { name: string }>(files: { file: T; kind: FileKind }[]): Picked<T> {
  if (files.length === 0) return {};
  if (files.length === 1) {
    const { file, kind } = files[0]!;
    if (kind === 'capture') return { capture: file };
    if (kind === 'keylog') {
      return { problem: `${file.name} is a key log: choose it together with its capture (.pcap or .pcapng), or add it to an opened capture with “Add a key log”.` };
    }
    return { recording: file };
  }
  const of = (k: FileKind) => files.filter((f) => f.kind === k).map((f) => f.file);
  const names = (fs: T[]) => fs.map((f) => f.name).join(', ');
  const [captures, keylogs, recordings, unknown] = [of('capture'), [...of('keylog'), ...of('text')], of('recording'), of('unknown')];
  if (unknown.length) return { problem: `Not a capture (.pcap, .pcapng), a key log nor a recording (.json): ${names(unknown)}.` };
  if (recordings.length) return { problem: `A recording (${names(recordings)}) opens on its own: choose it without other files.` };
  if (captures.length !== 1) return { problem: `Open one capture at a time (with its key log, if any); these are ${captures.length === 0 ? 'key logs only' : `${captures.length} captures`}: ${names(files.map((f) => f.file))}.` };
  if (keylogs.length > 1) return { problem: `One key log at a time, please: ${names(keylogs)}.` };
  return { capture: captures[0]!, ...(keylogs[0] ? { keylog: keylogs[0] } : {}) };
}

/** The name a capture's imported recording is downloaded as: the capture's, plus the connection when it held several. */
export function recordingFileName(captureName: string, stream: number, streams: number): string {
  const base = captureName.replace(/\.(pcapng|pcap|cap)$/i, '') || 'capture';
  return `${base}${streams > 1 ? `-ssh${stream}` : ''}.json`;
}
