// What the page says when a capture or a key log cannot be read: the problem in words and where
// (the capture's byte offset and packet, or the key log's line), as the issues the error panel lists.

import { CaptureError, type CaptureProblem } from '../capture/error';
import { KeylogError } from '../session/keylog';

const PROBLEM: Record<CaptureProblem, string> = {
  empty: 'The file is empty',
  'unknown-format': 'This is not a pcap or pcapng capture',
  truncated: 'The capture is cut short',
  'bad-length': 'A length in the capture is impossible',
  'bad-header': 'A header in the capture is malformed',
  unsupported: 'The capture uses something sshscope does not read',
  'no-ssh': 'The capture holds no SSH connection',
  'no-such-stream': 'There is no such SSH connection in the capture',
  'several-streams': 'The capture holds several SSH connections and none was picked',
};

export interface Issue {
  path: string;
  problem: string;
}

/** Where in the capture: "file byte 1234" and, inside a packet's record, "packet 3". */
export function captureWhere(e: CaptureError): string {
  return `file byte ${e.offset}${e.packet === undefined ? '' : `, packet ${e.packet}`}`;
}

/** The issues of a CaptureError or KeylogError (other errors: none, their message says it all). */
export function captureIssues(e: unknown): Issue[] | undefined {
  if (e instanceof CaptureError) return [{ path: captureWhere(e), problem: `${PROBLEM[e.problem] ?? e.problem}: expected ${e.expected}, found ${e.found}.` }];
  if (e instanceof KeylogError) return [{ path: `key log line ${e.line}`, problem: `${e.problem}.` }];
  return undefined;
}

/** The error panel's title for an error the worker reported by name. */
export function errorTitle(name: string): string | undefined {
  if (name === 'CaptureError') return 'This capture cannot be opened';
  if (name === 'KeylogError') return 'This key log cannot be read';
  return undefined;
}
