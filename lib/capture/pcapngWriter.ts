// A pcapng writer (the format of IETF OPSAWG's draft-ietf-opsawg-pcapng): one Section Header Block, one Interface
// Description Block, optional Decryption Secrets Blocks, then one Enhanced Packet Block per
// packet. Pure and browser-safe: bytes in, bytes out. Written little-endian; readers detect
// the byte order from the section header's magic.

/** LINKTYPE_RAW: each packet begins with an IPv4 or IPv6 header (tcpdump.org link types). */
export const LINKTYPE_RAW = 101;
/** LINKTYPE_ETHERNET. */
export const LINKTYPE_ETHERNET = 1;

/** Decryption Secrets Block type for an SSH key log ("SSHK"), in Wireshark's key log format. */
export const SECRETS_TYPE_SSH = 0x5353484b;

const BLOCK_SHB = 0x0a0d0d0a;
const BLOCK_IDB = 0x00000001;
const BLOCK_EPB = 0x00000006;
const BLOCK_DSB = 0x0000000a;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const OPT_ENDOFOPT = 0;
const SHB_USERAPPL = 4;
const IF_NAME = 2;
const IF_TSRESOL = 9;

export interface PcapngPacket {
  /** Microseconds since 1970-01-01T00:00:00Z (the interface's default resolution, 10^-6 s). */
  timestampUs: bigint;
  data: Uint8Array;
}

export interface PcapngContent {
  linkType: number;
  /** Written as shb_userappl, e.g. "sshscope 0.1.0". */
  application?: string;
  /** Written as if_name. */
  interfaceName?: string;
  /** Decryption Secrets Blocks, written before the first packet (a reader needs them first). */
  secrets?: { type: number; data: Uint8Array }[];
  packets: PcapngPacket[];
}

/** A block's body is padded to 32 bits; the block repeats its total length at its end. */
function pad4(n: number): number {
  return (n + 3) & ~3;
}

interface Option {
  code: number;
  value: Uint8Array;
}

function optionsLength(opts: Option[]): number {
  return opts.length ? opts.reduce((n, o) => n + 4 + pad4(o.value.length), 0) + 4 : 0;
}

class BlockWriter {
  private readonly chunks: Uint8Array[] = [];
  private size = 0;

  /** Appends one block: its type, total length, `body` (already padded), options, total length. */
  block(type: number, body: Uint8Array, opts: Option[] = []): void {
    const total = 12 + body.length + optionsLength(opts);
    const b = new Uint8Array(total);
    const v = new DataView(b.buffer);
    v.setUint32(0, type, true);
    v.setUint32(4, total, true);
    b.set(body, 8);
    let o = 8 + body.length;
    if (opts.length) {
      for (const opt of opts) {
        v.setUint16(o, opt.code, true);
        v.setUint16(o + 2, opt.value.length, true);
        b.set(opt.value, o + 4);
        o += 4 + pad4(opt.value.length);
      }
      v.setUint32(o, OPT_ENDOFOPT, true); // opt_endofopt: code 0, length 0
      o += 4;
    }
    v.setUint32(o, total, true);
    this.chunks.push(b);
    this.size += total;
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    let o = 0;
    for (const c of this.chunks) {
      out.set(c, o);
      o += c.length;
    }
    return out;
  }
}

const utf8 = (s: string) => new TextEncoder().encode(s);

export function writePcapng(content: PcapngContent): Uint8Array {
  const w = new BlockWriter();

  const shb = new Uint8Array(16);
  const sv = new DataView(shb.buffer);
  sv.setUint32(0, BYTE_ORDER_MAGIC, true);
  sv.setUint16(4, 1, true); // major version
  sv.setUint16(6, 0, true); // minor version
  sv.setBigInt64(8, -1n, true); // section length: not given
  w.block(BLOCK_SHB, shb, content.application ? [{ code: SHB_USERAPPL, value: utf8(content.application) }] : []);

  const idb = new Uint8Array(8);
  const iv = new DataView(idb.buffer);
  iv.setUint16(0, content.linkType, true);
  iv.setUint32(4, 0, true); // snaplen 0: no limit
  w.block(BLOCK_IDB, idb, [
    ...(content.interfaceName ? [{ code: IF_NAME, value: utf8(content.interfaceName) }] : []),
    { code: IF_TSRESOL, value: Uint8Array.of(6) }, // 10^-6 s, stated although it is the default
  ]);

  for (const s of content.secrets ?? []) {
    const body = new Uint8Array(8 + pad4(s.data.length));
    const dv = new DataView(body.buffer);
    dv.setUint32(0, s.type, true);
    dv.setUint32(4, s.data.length, true);
    body.set(s.data, 8);
    w.block(BLOCK_DSB, body);
  }

  for (const p of content.packets) {
    if (p.timestampUs < 0n || p.timestampUs >= 1n << 64n) throw new RangeError(`packet timestamp ${p.timestampUs} µs is outside 0..2^64-1`);
    const body = new Uint8Array(20 + pad4(p.data.length));
    const ev = new DataView(body.buffer);
    ev.setUint32(0, 0, true); // interface 0
    ev.setUint32(4, Number(p.timestampUs >> 32n), true);
    ev.setUint32(8, Number(p.timestampUs & 0xffffffffn), true);
    ev.setUint32(12, p.data.length, true); // captured length
    ev.setUint32(16, p.data.length, true); // original length
    body.set(p.data, 20);
    w.block(BLOCK_EPB, body);
  }
  return w.bytes();
}
