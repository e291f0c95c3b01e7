// The classic libpcap file format (draft-ietf-opsawg-pcap): a 24-byte file header, then records
// of a 16-byte header and the captured bytes. The magic number says the writer's byte order and
// whether the second timestamp field counts microseconds (0xa1b2c3d4) or nanoseconds (0xa1b23c4d).

import { CaptureError } from './error';
import { MAX_FRAME, warn, type CaptureReadResult, type PacketSink } from './packet';

const MAGIC_US = 0xa1b2c3d4;
const MAGIC_NS = 0xa1b23c4d;

export function isPcap(bytes: Uint8Array): boolean {
  if (bytes.length < 4) return false;
  const v = new DataView(bytes.buffer, bytes.byteOffset, 4);
  const be = v.getUint32(0, false);
  const le = v.getUint32(0, true);
  return be === MAGIC_US || be === MAGIC_NS || le === MAGIC_US || le === MAGIC_NS;
}

export function readPcap(bytes: Uint8Array, sink: PacketSink): CaptureReadResult {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 24) throw new CaptureError('truncated', 0, 'a pcap file header of 24 bytes', `${bytes.length} bytes in the file`);
  const be = v.getUint32(0, false);
  const little = !(be === MAGIC_US || be === MAGIC_NS);
  const magic = v.getUint32(0, little);
  if (magic !== MAGIC_US && magic !== MAGIC_NS) {
    throw new CaptureError('unknown-format', 0, 'the pcap magic number a1b2c3d4 or a1b23c4d (either byte order)', hex32(be));
  }
  const perSecond = magic === MAGIC_NS ? 1e9 : 1e6;
  const major = v.getUint16(4, little);
  if (major !== 2) throw new CaptureError('bad-header', 4, 'pcap version 2', `version ${major}.${v.getUint16(6, little)}`);
  // The LinkType field: link type in the low 16 bits; the high bits say whether frames end in an FCS.
  const linkType = v.getUint32(20, little) & 0xffff;
  const warnings: string[] = [];
  let off = 24;
  let n = 0;
  while (off < bytes.length) {
    const number = n + 1;
    if (bytes.length - off < 16) {
      throw new CaptureError('truncated', off, 'a 16-byte pcap record header', `the file ends after ${bytes.length - off} bytes`, number);
    }
    const sec = v.getUint32(off, little);
    const frac = v.getUint32(off + 4, little);
    const incl = v.getUint32(off + 8, little);
    const orig = v.getUint32(off + 12, little);
    if (incl > MAX_FRAME) {
      throw new CaptureError('bad-length', off + 8, `a captured length of at most ${MAX_FRAME} bytes`, `${incl}`, number);
    }
    if (frac >= perSecond) {
      // Some writers get this wrong; the time is still usable (it just runs into the next second).
      warn(warnings, `packet ${number} (file byte ${off}): a ${perSecond === 1e9 ? 'nanosecond' : 'microsecond'} count of ${frac}, not below ${perSecond}`);
    }
    const data = off + 16;
    if (bytes.length - data < incl) {
      throw new CaptureError('truncated', off, `a packet record with ${incl} captured bytes`, `the file ends after ${bytes.length - data} of them`, number);
    }
    n++;
    sink({
      number,
      fileOffset: off,
      dataOffset: data,
      linkType,
      t: sec * 1000 + frac / (perSecond / 1000),
      data: bytes.subarray(data, data + incl),
      originalLength: Math.max(orig, incl),
    });
    off = data + incl;
  }
  return { format: 'pcap', packets: n, secrets: [], warnings };
}

export function hex32(x: number): string {
  return (x >>> 0).toString(16).padStart(8, '0');
}
