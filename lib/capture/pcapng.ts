// The pcapng file format (draft-ietf-opsawg-pcapng): a sequence of blocks, each
// `type | total length | body | total length`. A Section Header Block starts every section and
// says its byte order; Interface Description Blocks give each interface's link type and
// timestamp resolution; packets come in Enhanced, Simple or (obsolete) Packet Blocks.
// Other blocks (name resolution, statistics, custom…) are skipped by their length.

import { CaptureError } from './error';
import { hex32 } from './pcap';
import { MAX_FRAME, warn, type CaptureReadResult, type CaptureSecrets, type PacketSink } from './packet';

const SHB = 0x0a0d0d0a;
const IDB = 0x00000001;
const OPB = 0x00000002; // Packet Block, obsolete but still written by old tools
const SPB = 0x00000003;
const EPB = 0x00000006;
const DSB = 0x0000000a;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;

const IF_TSRESOL = 9;
const IF_TSOFFSET = 14;

/** Far above a real block (a frame is at most MAX_FRAME); a larger length is damage, not data. */
export const MAX_BLOCK = 16 * 1024 * 1024;

interface Interface {
  linkType: number;
  /** Timestamp units per millisecond. */
  unitsPerMs: number;
  /** if_tsoffset, in milliseconds. */
  offsetMs: number;
}

export function isPcapng(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x0a && bytes[1] === 0x0d && bytes[2] === 0x0d && bytes[3] === 0x0a;
}

export function readPcapng(bytes: Uint8Array, sink: PacketSink): CaptureReadResult {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const warnings: string[] = [];
  const secrets: CaptureSecrets[] = [];
  let little = true;
  let interfaces: Interface[] = [];
  let inSection = false;
  let lastT = 0;
  let n = 0;
  let off = 0;
  if (bytes.length === 0) throw new CaptureError('empty', 0, 'a pcapng Section Header Block', 'an empty file');
  while (off < bytes.length) {
    const left = bytes.length - off;
    if (left < 12) throw new CaptureError('truncated', off, 'a pcapng block of at least 12 bytes', `the file ends after ${left} bytes`, n + 1);
    let type = v.getUint32(off, little);
    if (type === SHB) {
      const bom = v.getUint32(off + 8, false);
      if (bom === BYTE_ORDER_MAGIC) little = false;
      else if (bom === 0x4d3c2b1a) little = true;
      else throw new CaptureError('bad-header', off + 8, 'the pcapng byte-order magic 1a2b3c4d', hex32(bom));
      type = SHB;
    } else if (!inSection) {
      throw new CaptureError('unknown-format', off, 'a pcapng Section Header Block (type 0a0d0d0a)', `block type ${hex32(type)}`);
    }
    const length = v.getUint32(off + 4, little);
    if (length < 12 || length % 4 !== 0) {
      throw new CaptureError('bad-length', off + 4, 'a block total length that is a multiple of 4 and at least 12', `${length}`, n + 1);
    }
    if (length > MAX_BLOCK) throw new CaptureError('bad-length', off + 4, `a block total length of at most ${MAX_BLOCK} bytes`, `${length}`, n + 1);
    if (length > left) {
      throw new CaptureError('truncated', off, `${withArticle(blockName(type))} of ${length} bytes`, `the file ends after ${left} bytes`, n + 1);
    }
    const trailer = v.getUint32(off + length - 4, little);
    if (trailer !== length) {
      throw new CaptureError('bad-length', off + length - 4, `the block's total length repeated at its end (${length})`, `${trailer}`, n + 1);
    }
    const end = off + length - 4; // where the body (and its options) ends
    const body = (need: number, what: string) => {
      if (length < 12 + need) throw new CaptureError('bad-length', off + 4, `a ${what} of at least ${12 + need} bytes`, `${length}`, n + 1);
    };
    switch (type) {
      case SHB: {
        body(16, 'Section Header Block');
        const major = v.getUint16(off + 12, little);
        if (major !== 1) throw new CaptureError('unsupported', off + 12, 'pcapng major version 1', `${major}`);
        interfaces = [];
        inSection = true;
        break;
      }
      case IDB: {
        body(8, 'Interface Description Block');
        const iface: Interface = { linkType: v.getUint16(off + 8, little), unitsPerMs: 1000, offsetMs: 0 };
        readOptions(v, off + 16, end, little, (code, at, len) => {
          if (code === IF_TSRESOL && len >= 1) {
            const r = bytes[at];
            const exp = r & 0x7f;
            // MSB clear: 10^-exp seconds per unit; set: 2^-exp.
            const perSecond = r & 0x80 ? 2 ** exp : 10 ** exp;
            iface.unitsPerMs = perSecond / 1000;
          } else if (code === IF_TSOFFSET && len >= 8) {
            iface.offsetMs = Number(v.getBigInt64(at, little)) * 1000;
          }
        });
        interfaces.push(iface);
        break;
      }
      case EPB:
      case OPB: {
        body(20, type === EPB ? 'Enhanced Packet Block' : 'Packet Block');
        const id = type === EPB ? v.getUint32(off + 8, little) : v.getUint16(off + 8, little);
        const hi = v.getUint32(off + 12, little);
        const lo = v.getUint32(off + 16, little);
        const captured = v.getUint32(off + 20, little);
        const original = v.getUint32(off + 24, little);
        const number = n + 1;
        const iface = interfaces[id];
        if (!iface) {
          throw new CaptureError('bad-header', off + 8, `an interface id below ${interfaces.length} (the section's Interface Description Blocks)`, `${id}`, number);
        }
        if (captured > MAX_FRAME) throw new CaptureError('bad-length', off + 20, `a captured length of at most ${MAX_FRAME} bytes`, `${captured}`, number);
        if (captured > length - 32) {
          throw new CaptureError('bad-length', off + 20, `a captured length that fits in the block (at most ${length - 32} bytes)`, `${captured}`, number);
        }
        const t = (hi * 4294967296 + lo) / iface.unitsPerMs + iface.offsetMs;
        lastT = t;
        n++;
        const data = off + 28;
        sink({
          number,
          fileOffset: off,
          dataOffset: data,
          linkType: iface.linkType,
          t,
          data: bytes.subarray(data, data + captured),
          originalLength: Math.max(original, captured),
        });
        break;
      }
      case SPB: {
        body(4, 'Simple Packet Block');
        const number = n + 1;
        const iface = interfaces[0];
        if (!iface) throw new CaptureError('bad-header', off, 'an Interface Description Block before a Simple Packet Block', 'none in this section', number);
        const original = v.getUint32(off + 8, little);
        const captured = Math.min(original, length - 16, MAX_FRAME);
        n++;
        const data = off + 12;
        // A Simple Packet Block has no timestamp: the previous packet's time is the best we know.
        sink({ number, fileOffset: off, dataOffset: data, linkType: iface.linkType, t: lastT, data: bytes.subarray(data, data + captured), originalLength: Math.max(original, captured) });
        break;
      }
      case DSB: {
        body(8, 'Decryption Secrets Block');
        const secretsType = v.getUint32(off + 8, little);
        const len = v.getUint32(off + 12, little);
        if (len > length - 20) {
          throw new CaptureError('bad-length', off + 12, `a secrets length that fits in the block (at most ${length - 20} bytes)`, `${len}`);
        }
        secrets.push({ type: secretsType, data: bytes.subarray(off + 16, off + 16 + len), fileOffset: off });
        break;
      }
      default:
        // Name resolution, interface statistics, custom and unknown blocks: nothing we need.
        break;
    }
    off += length;
  }
  if (interfaces.length === 0 && n === 0) warn(warnings, 'the file describes no interface and holds no packets');
  return { format: 'pcapng', packets: n, secrets, warnings };
}

function blockName(type: number): string {
  switch (type) {
    case SHB:
      return 'Section Header Block';
    case IDB:
      return 'Interface Description Block';
    case EPB:
      return 'Enhanced Packet Block';
    case SPB:
      return 'Simple Packet Block';
    case OPB:
      return 'Packet Block';
    case DSB:
      return 'Decryption Secrets Block';
    default:
      return `block of type ${hex32(type)}`;
  }
}

function withArticle(name: string): string {
  return /^[AEIOU]/.test(name) ? `an ${name}` : `a ${name}`;
}

/** Calls `fn(code, valueOffset, valueLength)` for each option until opt_endofopt or `end`. */
function readOptions(v: DataView, start: number, end: number, little: boolean, fn: (code: number, at: number, len: number) => void): void {
  let at = start;
  while (at + 4 <= end) {
    const code = v.getUint16(at, little);
    const len = v.getUint16(at + 2, little);
    if (code === 0) return;
    // An option running past its block is damage; the options are only hints, so stop reading them.
    if (at + 4 + len > end) return;
    fn(code, at + 4, len);
    at += 4 + ((len + 3) & ~3);
  }
}
