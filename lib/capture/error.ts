// A capture file that cannot be read: what was expected, and where (byte offset in the file,
// and the packet number when the problem is inside one). Every problem the readers find in a
// file is this error, so a caller can tell "bad file" from a bug.

export type CaptureProblem =
  | 'empty'
  | 'unknown-format'
  | 'truncated'
  | 'bad-length'
  | 'bad-header'
  | 'unsupported'
  | 'no-ssh'
  | 'no-such-stream'
  | 'several-streams';

export class CaptureError extends Error {
  constructor(
    readonly problem: CaptureProblem,
    /** Byte offset in the capture file where the problem is (the start of the block or record). */
    readonly offset: number,
    /** What the reader expected there, in words ("a pcap record header of 16 bytes"). */
    readonly expected: string,
    /** What it found instead. */
    readonly found: string,
    /** 1-based packet number, when the problem is inside a packet's record. */
    readonly packet?: number,
  ) {
    super(`${packet === undefined ? '' : `packet ${packet}, `}byte ${offset}: expected ${expected}, found ${found}`);
    this.name = 'CaptureError';
  }
}
