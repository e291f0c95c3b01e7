// A capture file of either format, told apart by its first four bytes.

import { CaptureError } from './error';
import type { CaptureReadResult, PacketSink } from './packet';
import { hex32, isPcap, readPcap } from './pcap';
import { isPcapng, readPcapng } from './pcapng';

export function readCapture(bytes: Uint8Array, sink: PacketSink): CaptureReadResult {
  if (bytes.length === 0) throw new CaptureError('empty', 0, 'a pcap or pcapng file', 'an empty file');
  if (isPcapng(bytes)) return readPcapng(bytes, sink);
  if (isPcap(bytes)) return readPcap(bytes, sink);
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    throw new CaptureError('unsupported', 0, 'an uncompressed pcap or pcapng file', 'gzip-compressed data (gunzip it first)');
  }
  const first = bytes.length >= 4 ? hex32(new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, false)) : `${bytes.length} bytes`;
  throw new CaptureError(
    'unknown-format',
    0,
    'a pcap magic number (a1b2c3d4 or a1b23c4d, either byte order) or a pcapng Section Header Block (0a0d0d0a)',
    first,
  );
}
