// Import of a 64 MiB capture of one long transfer (npm run bench): our reader and reassembly
// against `tshark -r` on the same file. The capture is synthesized here (Ethernet, IPv4, TCP on
// port 22, 1448-byte segments with an ACK every second one, like a bulk scp) so the bench needs
// no network; the budget is ours ≤ tshark's.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCapture } from '../lib/capture';

const MSS = 1448;

/** A pcap of one SSH connection: handshake, version lines, then `size` bytes client → server. */
export function synthesizeTransfer(size: number): Uint8Array {
  const frames = Math.ceil(size / MSS);
  const out = new Uint8Array(24 + (frames + Math.ceil(frames / 2) + 16) * (16 + 54) + size + 4096);
  const v = new DataView(out.buffer);
  v.setUint32(0, 0xa1b2c3d4, true);
  v.setUint16(4, 2, true);
  v.setUint16(6, 4, true);
  v.setUint32(16, 262144, true);
  v.setUint32(20, 1, true);
  let at = 24;
  let usec = 0;
  const seq = { c: 1000, s: 5000 };
  let x = 0x9e3779b9;
  const frame = (fromClient: boolean, flags: number, payload: Uint8Array | number) => {
    const n = typeof payload === 'number' ? payload : payload.length;
    const len = 54 + n;
    usec += 7;
    v.setUint32(at, 1_700_000_000 + Math.floor(usec / 1e6), true);
    v.setUint32(at + 4, usec % 1e6, true);
    v.setUint32(at + 8, len, true);
    v.setUint32(at + 12, len, true);
    const f = at + 16;
    out.set([2, 0, 0, 0, 0, fromClient ? 2 : 1, 2, 0, 0, 0, 0, fromClient ? 1 : 2, 0x08, 0x00], f);
    const ip = f + 14;
    out.set([0x45, 0], ip);
    v.setUint16(ip + 2, 40 + n);
    out.set([0, 1, 0x40, 0, 64, 6, 0, 0, 10, 0, 0, fromClient ? 1 : 2, 10, 0, 0, fromClient ? 2 : 1], ip + 4);
    const tcp = ip + 20;
    v.setUint16(tcp, fromClient ? 50022 : 22);
    v.setUint16(tcp + 2, fromClient ? 22 : 50022);
    v.setUint32(tcp + 4, fromClient ? seq.c : seq.s);
    v.setUint32(tcp + 8, fromClient ? seq.s : seq.c);
    out[tcp + 12] = 0x50;
    out[tcp + 13] = flags;
    v.setUint16(tcp + 14, 65535);
    const data = tcp + 20;
    if (typeof payload === 'number') {
      // Looks like ciphertext: xorshift32, four bytes a step.
      for (let i = 0; i < n; i += 4) {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        v.setUint32(data + i, x >>> 0);
      }
    } else out.set(payload, data);
    const adv = n + (flags & 0x03 ? 1 : 0);
    if (fromClient) seq.c = (seq.c + adv) >>> 0;
    else seq.s = (seq.s + adv) >>> 0;
    at = data + n;
  };
  const text = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
  frame(true, 0x02, 0);
  frame(false, 0x12, 0);
  frame(true, 0x10, 0);
  frame(false, 0x18, text('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10\r\n'));
  frame(true, 0x18, text('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10\r\n'));
  // KEXINIT and NEWKEYS each way, so tshark, like a real capture, takes the rest as encrypted
  // (random bytes it still believed to be cleartext would send its SSH dissector reassembling
  // absurd packet lengths: minutes, and no real capture looks like that).
  for (const fromClient of [false, true]) frame(fromClient, 0x18, binaryPacket(kexinit()));
  for (const fromClient of [false, true]) frame(fromClient, 0x18, binaryPacket(Uint8Array.of(21)));
  for (let sent = 0, k = 0; sent < size; k++) {
    const n = Math.min(MSS, size - sent) & ~3 || 4;
    frame(true, 0x10, n);
    sent += n;
    if (k % 2) frame(false, 0x10, 0);
  }
  frame(true, 0x11, 0);
  frame(false, 0x11, 0);
  frame(true, 0x10, 0);
  return out.subarray(0, at);
}

/** RFC 4253 §6: packet_length, padding_length, payload, padding (to a multiple of 8, at least 4). */
function binaryPacket(payload: Uint8Array): Uint8Array {
  let pad = 8 - ((payload.length + 5) % 8);
  if (pad < 4) pad += 8;
  const out = new Uint8Array(5 + payload.length + pad);
  new DataView(out.buffer).setUint32(0, 1 + payload.length + pad);
  out[4] = pad;
  out.set(payload, 5);
  return out;
}

/** RFC 4253 §7.1: message 20, cookie, ten name-lists, first_kex_packet_follows, reserved. */
function kexinit(): Uint8Array {
  const lists = ['curve25519-sha256', 'ssh-ed25519', 'aes128-ctr', 'aes128-ctr', 'hmac-sha2-256', 'hmac-sha2-256', 'none', 'none', '', ''];
  const parts: number[] = [20, ...new Array(16).fill(7)];
  for (const l of lists) parts.push(0, 0, 0, l.length, ...Array.from(l, (c) => c.charCodeAt(0)));
  parts.push(0, 0, 0, 0, 0);
  return Uint8Array.from(parts);
}

function best(runs: number, f: () => void): number {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    f();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

export function benchCapture(size = 64 * 1024 * 1024): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'sshscope-bench-capture-'));
  const file = join(dir, 'transfer.pcap');
  try {
    const pcap = synthesizeTransfer(size);
    writeFileSync(file, pcap);
    let bytes = 0;
    const ours = best(3, () => {
      const c = openCapture(readFileSync(file));
      bytes = c.summary.streams[0].client.bytes;
      c.toRecording();
    });
    const lines = [`Import of a ${(pcap.length / 2 ** 20).toFixed(1)} MiB capture of one transfer (${bytes} bytes reassembled), best of 3:`];
    lines.push(`  sshscope (read, reassemble, find SSH, build the recording) ${ours.toFixed(0).padStart(6)} ms`);
    if (!existsSync('/usr/bin/tshark')) {
      lines.push('  tshark not installed: no comparison');
      return lines;
    }
    const tshark = best(1, () => {
      const r = spawnSync('/usr/bin/tshark', ['-r', file], { stdio: ['ignore', 'ignore', 'ignore'] });
      if (r.status !== 0) throw new Error(`tshark -r failed (${r.status})`);
    });
    const ratio = ours / tshark;
    lines.push(`  tshark -r (to /dev/null)                                   ${tshark.toFixed(0).padStart(6)} ms`);
    lines.push(`  ratio sshscope / tshark: ${ratio.toFixed(3)} (budget ≤ 1: ${ratio <= 1 ? 'met' : 'NOT MET'})`);
    return lines;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
