// Hex → bytes for opening a recording. A long session holds hundreds of thousands of small byte
// strings; each one as its own ArrayBuffer costs several times its bytes in bookkeeping (buffer
// object, backing store) and a slow per-digit parseInt. Here digits go through a lookup table and
// small results are views into shared chunks that live as long as the recording does.

const NIBBLE = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) NIBBLE['0123456789abcdef'.charCodeAt(i)] = i;
for (let i = 10; i < 16; i++) NIBBLE['ABCDEF'.charCodeAt(i - 10)] = i;

/** Bytes per shared chunk; anything longer than a quarter of it gets a buffer of its own. */
const CHUNK = 64 * 1024;

export class HexArena {
  private chunk = new Uint8Array(0);
  private used = 0;

  /** The bytes of an even-length hex string (either case); throws on anything else, naming where. */
  decode(hex: string): Uint8Array {
    if (hex.length % 2 !== 0) throw new Error(`invalid hex string (length ${hex.length})`);
    const n = hex.length / 2;
    let out: Uint8Array;
    if (n > CHUNK / 4) out = new Uint8Array(n);
    else {
      if (this.used + n > this.chunk.length) {
        this.chunk = new Uint8Array(CHUNK);
        this.used = 0;
      }
      out = this.chunk.subarray(this.used, this.used + n);
      this.used += n;
    }
    for (let i = 0; i < n; i++) {
      const a = hex.charCodeAt(2 * i);
      const b = hex.charCodeAt(2 * i + 1);
      const hi = a < 128 ? NIBBLE[a] : -1;
      const lo = b < 128 ? NIBBLE[b] : -1;
      if (hi < 0 || lo < 0) throw new Error(`invalid hex string (length ${hex.length}): not a hex digit at ${hi < 0 ? 2 * i : 2 * i + 1}`);
      out[i] = (hi << 4) | lo;
    }
    return out;
  }
}
