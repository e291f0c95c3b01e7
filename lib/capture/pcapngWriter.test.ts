import { describe, expect, it } from 'vitest';
import { LINKTYPE_RAW, SECRETS_TYPE_SSH, writePcapng } from './pcapngWriter';

interface Block {
  type: number;
  body: Uint8Array;
}

/** Walks the blocks as the pcapng format defines them: type, total length, body, total length again. */
function blocks(file: Uint8Array): Block[] {
  const v = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const out: Block[] = [];
  for (let o = 0; o < file.length; ) {
    const type = v.getUint32(o, true);
    const total = v.getUint32(o + 4, true);
    expect(total % 4).toBe(0);
    expect(v.getUint32(o + total - 4, true)).toBe(total);
    out.push({ type, body: file.subarray(o + 8, o + total - 4) });
    o += total;
  }
  return out;
}

describe('writePcapng', () => {
  it('SHB, IDB, DSB, then one EPB per packet, each 32-bit aligned with its length at both ends', () => {
    const keylog = new TextEncoder().encode('00112233445566778899aabbccddeeff SHARED_SECRET 0102\n');
    const file = writePcapng({
      linkType: LINKTYPE_RAW,
      application: 'sshscope test',
      interfaceName: 'sshscope',
      secrets: [{ type: SECRETS_TYPE_SSH, data: keylog }],
      packets: [
        { timestampUs: 0x0000000123456789n, data: Uint8Array.of(0x45, 1, 2) },
        { timestampUs: 1_700_000_000_000_000n, data: new Uint8Array(4) },
      ],
    });
    const b = blocks(file);
    expect(b.map((x) => x.type)).toEqual([0x0a0d0d0a, 1, 0x0000000a, 6, 6]);

    const shb = new DataView(b[0].body.buffer, b[0].body.byteOffset);
    expect(shb.getUint32(0, true)).toBe(0x1a2b3c4d); // byte-order magic
    expect([shb.getUint16(4, true), shb.getUint16(6, true)]).toEqual([1, 0]);
    expect(shb.getBigInt64(8, true)).toBe(-1n);
    // shb_userappl (code 4) carries the application's name.
    expect([shb.getUint16(16, true), shb.getUint16(18, true)]).toEqual([4, 'sshscope test'.length]);
    expect(new TextDecoder().decode(b[0].body.subarray(20, 20 + 13))).toBe('sshscope test');

    expect(new DataView(b[1].body.buffer, b[1].body.byteOffset).getUint16(0, true)).toBe(101);

    // "SSHK" (0x5353484b): Wireshark's SSH key log secrets type.
    const dsb = new DataView(b[2].body.buffer, b[2].body.byteOffset);
    expect(dsb.getUint32(0, true)).toBe(0x5353484b);
    expect(dsb.getUint32(4, true)).toBe(keylog.length);
    expect(b[2].body.subarray(8, 8 + keylog.length)).toEqual(keylog);

    const epb = new DataView(b[3].body.buffer, b[3].body.byteOffset);
    expect(epb.getUint32(0, true)).toBe(0); // interface 0
    expect([epb.getUint32(4, true), epb.getUint32(8, true)]).toEqual([0x1, 0x23456789]);
    expect([epb.getUint32(12, true), epb.getUint32(16, true)]).toEqual([3, 3]);
    expect(b[3].body.subarray(20, 23)).toEqual(Uint8Array.of(0x45, 1, 2));
    expect(b[3].body.length).toBe(20 + 4); // 3 bytes of packet padded to 4
  });

  it('a timestamp outside 64 bits is refused', () => {
    expect(() => writePcapng({ linkType: LINKTYPE_RAW, packets: [{ timestampUs: -1n, data: new Uint8Array(1) }] })).toThrow(RangeError);
  });
});
