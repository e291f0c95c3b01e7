// tshark as the second opinion on the clear part of real captures, field by field: Debian 12's
// ssh → a test sshd (its default sntrup761x25519-sha512, and curve25519-sha256 forced), and the
// Debian 13 chroot's OpenSSH 10 (mlkem768x25519-sha256). Each capture is imported with
// lib/capture, opened with openRecording (no key log) and read by Debian 12's tshark 4.0 and the
// chroot's tshark 4.4 (`-T json --no-duplicate-keys`). Compared: both version lines; per packet in
// order the message code, packet_length, padding_length and sequence number; the KEXINIT cookie,
// every name-list (with its length) and first_kex_packet_follows; the kex init/reply public
// values, the host key and its signature; NEWKEYS.
//
// Where tshark is wrong (observed in its real output here; each is asserted below, with an
// independent check that sshscope is right):
// 1. Hybrid post-quantum kex (sntrup761x25519-sha512 in 4.0 and 4.4, mlkem768x25519-sha256 in
//    4.0 and 4.4): tshark decodes SSH_MSG_KEX_HYBRID_INIT/REPLY as Diffie-Hellman e/f mpints
//    (ssh.dh.e, ssh.dh.f) of the whole string, flags "Invalid key length: 1190" (1216 for
//    ML-KEM; 1071/1120 for the reply) and does not split it. sshscope splits C_INIT into the PQ
//    public key + the X25519 key and S_REPLY into the PQ ciphertext + the X25519 key; the sizes
//    are checked against the standards' constants (sntrup761, RFC 9941
//    §3: 1158-byte public key, 1039-byte ciphertext; ML-KEM-768, FIPS 203 §8: 1184-byte
//    encapsulation key, 1088-byte ciphertext; X25519, RFC 7748 §6.1: 32 bytes), the bytes
//    equal tshark's e/f, and our ML-KEM key passes FIPS 203 §7.2's modulus check (768 12-bit
//    coefficients, each < 3329), which the bytes of a wrong split would not.
// 2. Sequence numbers: on the hybrid INIT (client) and REPLY (server) tshark's ssh.seq_num is 2;
//    RFC 4253 §6.4 counts packets per direction from 0, and each is the second packet its side
//    sends (tshark's own packet list says so), so 1, as sshscope has it. On curve25519-sha256
//    tshark says 1 and agrees.
// 3. Host key signature (ssh-ed25519): tshark 4.0 decodes only its type and says "Decoded 19
//    bytes, but packet legnth is 83 bytes" (sic); the 64-byte signature (RFC 8709 §6) is not
//    shown. tshark 4.4 shows it (ssh.host_sig.data, with its length prefix) and equals ours.
// 4. After NEWKEYS (chacha20-poly1305, no keys): tshark 4.0 shows an SSH layer with no fields at
//    all, 4.4 an encrypted packet without a sequence number. Both peers offer strict kex
//    (kex-strict-c/s-v00@openssh.com, asserted), but its reset of the sequence numbers is not
//    visible in either tshark, so there is nothing to compare there: no disagreement seen.

import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureToRecording, listSshStreams } from '../../lib/capture';
import { openRecording } from '../../lib/session/open';
import { stringifyRecording } from '../../lib/session/recording';
import type { MessageStep } from '../../lib/session/session';
import { sshdAvailable, startSshd } from './sshd';
import { captureToolsAvailable, run, startTcpdump, TSHARK, waitForCapture } from './tcpdump';
import { runInTrixie, TRIXIE, trixieAvailable } from './trixie';

const SSH_OPTS = ['-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR'];
const X25519 = 32; // RFC 7748 §6.1
const HYBRID: Record<string, { pk: number; ct: number }> = {
  'sntrup761x25519-sha512': { pk: 1158, ct: 1039 }, // sntrup761, RFC 9941 §3
  'mlkem768x25519-sha256': { pk: 1184, ct: 1088 }, // FIPS 203 §8, ML-KEM-768
};

const closed = (n: number) => (bytes: Uint8Array) => {
  const s = listSshStreams(bytes).streams;
  return s.length === n && s.every((x) => [x.client, x.server].every((d) => (d.fin || d.rst) && !d.gap));
};

/**
 * FIPS 203 §7.2 modulus check of an ML-KEM-768 encapsulation key: its first 384·k bytes are
 * 256·k 12-bit little-endian coefficients, each below q = 3329 (random bytes pass with odds
 * (3329/4096)^768, about 1e-69).
 */
function mlkemModulusOk(ek: Buffer): boolean {
  for (let i = 0; i < 384 * 3; i += 3) {
    const a = ek[i] | ((ek[i + 1] & 0x0f) << 8);
    const b = (ek[i + 1] >> 4) | (ek[i + 2] << 4);
    if (a >= 3329 || b >= 3329) return false;
  }
  return true;
}

const hex = (s: string) => Buffer.from(s.replace(/:/g, ''), 'hex');

/** One SSH packet (or version line) as tshark shows it: its ssh.* leaves, flattened. */
interface TPacket {
  stream: number;
  src: number;
  f: Record<string, string>;
}

/** Walks tshark's JSON tree; each object with ssh.packet_length or ssh.protocol starts a packet. */
function walk(o: unknown, out: Record<string, string>[], cur: Record<string, string> | null): void {
  if (Array.isArray(o)) {
    for (const x of o) walk(x, out, cur);
    return;
  }
  if (!o || typeof o !== 'object') return;
  const obj = o as Record<string, unknown>;
  if ('ssh.packet_length' in obj || 'ssh.protocol' in obj || 'ssh.encrypted_packet' in obj) {
    cur = {};
    out.push(cur);
  }
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v === 'string') {
      // A packet may carry several expert notes: all of them, one a line.
      if (cur && k === '_ws.expert.message' && k in cur) cur[k] += `\n${v}`;
      else if (cur && !(k in cur)) cur[k] = v;
    } else walk(v, out, cur);
  }
}

async function tsharkPackets(tshark: string[], file: string, port: number): Promise<TPacket[]> {
  const [program, ...pre] = tshark;
  const r = await run(program, [...pre, '-r', file, '-d', `tcp.port==${port},ssh`, '-T', 'json', '--no-duplicate-keys', '-Y', 'ssh']);
  expect(r.code, r.stderr).toBe(0);
  const frames = JSON.parse(r.stdout) as { _source: { layers: Record<string, Record<string, unknown>> } }[];
  return frames.flatMap(({ _source: { layers } }) => {
    const out: Record<string, string>[] = [];
    walk(layers.ssh, out, null);
    // tshark 4.0 gives a frame of ciphertext an SSH layer with no fields at all: one empty packet.
    if (out.length === 0) out.push({});
    return out.map((f) => ({ stream: Number(layers.tcp['tcp.stream']), src: Number(layers.tcp['tcp.srcport']), f }));
  });
}

/** Our decode of one stream: version lines and the clear packets per direction. */
function ours(bytes: Buffer, stream: number) {
  const rec = captureToRecording(bytes, { stream });
  const s = openRecording(stringifyRecording(rec));
  const m = s.steps.filter((x): x is MessageStep => x.kind === 'message');
  const side = (flow: 'c2s' | 's2c') => ({
    version: Buffer.from(m.find((x) => x.flow === flow && x.entry.kind === 'version')!.entry.wire!).toString('latin1').trimEnd(),
    packets: m.filter((x) => x.flow === flow && x.entry.kind === 'packet' && !x.encrypted && x.number !== undefined).map((x) => x.entry),
    encrypted: m.filter((x) => x.flow === flow && x.encrypted).length,
  });
  return { s, c2s: side('c2s'), s2c: side('s2c'), clientPort: listSshStreams(bytes).streams[stream - 1].client.port };
}

type Entry = ReturnType<typeof ours>['c2s']['packets'][number];
interface Field {
  name: string;
  type: string;
  offset: number;
  length: number;
  value: unknown;
  children?: Field[];
}
/** A field of our decode by its path of names. */
function field(e: Entry, ...path: string[]): Field {
  let list = e.fields as unknown as Field[];
  let f: Field | undefined;
  for (const name of path) {
    f = list.find((x) => x.name === name);
    expect(f, `${e.name}: ${path.join('.')}`).toBeDefined();
    list = f!.children ?? [];
  }
  return f!;
}
/** A field's bytes from the packet; a string's content without its uint32 length. */
function content(e: Entry, ...path: string[]): Buffer {
  const f = field(e, ...path);
  const skip = f.type === 'string' || f.type === 'name-list' ? 4 : 0;
  return Buffer.from(e.packet!).subarray(f.offset + skip, f.offset + f.length);
}

const NAME_LISTS = [
  'kex_algorithms',
  'server_host_key_algorithms',
  'encryption_algorithms_client_to_server',
  'encryption_algorithms_server_to_client',
  'mac_algorithms_client_to_server',
  'mac_algorithms_server_to_client',
  'compression_algorithms_client_to_server',
  'compression_algorithms_server_to_client',
  'languages_client_to_server',
  'languages_server_to_client',
];

/** Compares one stream, field by field, with one tshark's packets of it. */
function compare(bytes: Buffer, stream: number, kex: string, theirs: TPacket[], version: '4.0' | '4.4') {
  const o = ours(bytes, stream);
  expect(o.s.summary.kex).toBe(kex);
  const tcpStream = listSshStreams(bytes).streams[stream - 1].tcpStream;
  const hybrid = HYBRID[kex];
  for (const flow of ['c2s', 's2c'] as const) {
    const mine = o[flow];
    const t = theirs.filter((p) => p.stream === tcpStream && (p.src === o.clientPort) === (flow === 'c2s'));
    // Both version lines.
    expect(t.filter((p) => p.f['ssh.protocol']).map((p) => p.f['ssh.protocol'])).toEqual([mine.version]);
    const tp = t.filter((p) => p.f['ssh.message_code'] !== undefined);
    // Per packet in order: code, packet_length, padding_length; KEXINIT, kex message, NEWKEYS.
    expect(tp.map((p) => [Number(p.f['ssh.message_code']), Number(p.f['ssh.packet_length']), Number(p.f['ssh.padding_length'])])).toEqual(
      mine.packets.map((e) => [e.number, field(e, 'packet_length').value, field(e, 'padding_length').value]),
    );
    expect(mine.packets.map((e) => e.number)).toEqual([20, flow === 'c2s' ? 30 : 31, 21]);
    // Sequence numbers: ours count each direction's packets from 0 (RFC 4253 §6.4), as tshark's
    // own list orders them; tshark's ssh.seq_num is 2 on the hybrid kex message (disagreement 2).
    expect(mine.packets.map((e) => e.seq)).toEqual(tp.map((_, i) => i));
    expect(tp.map((p) => Number(p.f['ssh.seq_num']))).toEqual(hybrid ? [0, 2, 2] : [0, 1, 2]);
    // After NEWKEYS nothing tshark shows has a message code or a sequence number (disagreement 4).
    const afterNewkeys = t.slice(t.indexOf(tp[2]) + 1);
    expect(afterNewkeys.length).toBeGreaterThan(0);
    expect(mine.encrypted).toBeGreaterThan(0);
    for (const p of afterNewkeys) expect([p.f['ssh.message_code'], p.f['ssh.seq_num']]).toEqual([undefined, undefined]);
    for (const p of afterNewkeys) expect(Object.keys(p.f)).toEqual(version === '4.0' ? [] : expect.arrayContaining(['ssh.encrypted_packet']));

    // KEXINIT: the cookie, every name-list and its length, first_kex_packet_follows.
    const [ki, kx] = mine.packets;
    const [tki, tkx] = tp.map((p) => p.f);
    expect(hex(tki['ssh.cookie']).equals(content(ki, 'payload', 'cookie'))).toBe(true);
    for (const n of NAME_LISTS) {
      expect(tki[`ssh.${n}`], n).toBe(((ki.values as Record<string, string[]>)[n] ?? []).join(','));
      expect(tki[`ssh.${n}`], n).toBe(content(ki, 'payload', n).toString('latin1'));
      expect(Number(tki[`ssh.${n}_length`]), n).toBe(content(ki, 'payload', n).length);
    }
    expect(tki['ssh.kex_algorithms'].split(',')).toContain(flow === 'c2s' ? 'kex-strict-c-v00@openssh.com' : 'kex-strict-s-v00@openssh.com');
    expect(tki['ssh.first_kex_packet_follows']).toBe(field(ki, 'payload', 'first_kex_packet_follows').value ? '1' : '0');

    // The kex message's public values.
    if (flow === 'c2s') {
      if (hybrid) {
        // Disagreement 1: tshark reads C_INIT as a DH e mpint and flags its length.
        expect(tkx['ssh.dh.e']).toBeDefined();
        expect(tkx['ssh.ecdh.q_c']).toBeUndefined();
        expect(tkx['_ws.expert.message'].split('\n')).toEqual([`Invalid key length: ${hybrid.pk + X25519}`]);
        expect(Number(tkx['ssh.mpint_length'])).toBe(hybrid.pk + X25519);
        const [pq, x] = [content(kx, 'payload', 'C_INIT', 'C_PK2'), content(kx, 'payload', 'C_INIT', 'C_PK1')];
        expect([pq.length, x.length]).toEqual([hybrid.pk, X25519]);
        expect(Buffer.concat([pq, x]).equals(hex(tkx['ssh.dh.e']))).toBe(true);
        if (kex.startsWith('mlkem')) {
          expect(mlkemModulusOk(pq)).toBe(true);
          // The same check on tshark's e read the other way round (X25519 first) fails.
          expect(mlkemModulusOk(hex(tkx['ssh.dh.e']).subarray(X25519))).toBe(false);
        }
      } else {
        expect(hex(tkx['ssh.ecdh.q_c']).equals(content(kx, 'payload', 'Q_C'))).toBe(true);
        expect(Number(tkx['ssh.ecdh.q_c_length'])).toBe(X25519);
      }
      continue;
    }
    // The server's reply: the host key, the server's value, the signature.
    expect(tkx['ssh.host_key.type']).toBe(content(kx, 'payload', 'K_S', 'key_type').toString('latin1'));
    expect(Number(tkx['ssh.host_key.length'])).toBe(content(kx, 'payload', 'K_S').length);
    expect(hex(tkx['ssh.host_key.eddsa.key']).equals(content(kx, 'payload', 'K_S', 'public_key'))).toBe(true);
    if (hybrid) {
      expect(tkx['ssh.dh.f']).toBeDefined();
      expect(tkx['_ws.expert.message'].split('\n')).toContain(`Invalid key length: ${hybrid.ct + X25519}`);
      expect(Number(tkx['ssh.mpint_length'])).toBe(hybrid.ct + X25519);
      const [pq, x] = [content(kx, 'payload', 'S_REPLY', 'S_CT2'), content(kx, 'payload', 'S_REPLY', 'S_PK1')];
      expect([pq.length, x.length]).toEqual([hybrid.ct, X25519]);
      expect(Buffer.concat([pq, x]).equals(hex(tkx['ssh.dh.f']))).toBe(true);
    } else {
      expect(hex(tkx['ssh.ecdh.q_s']).equals(content(kx, 'payload', 'Q_S'))).toBe(true);
    }
    expect(tkx['ssh.host_sig.type']).toBe(content(kx, 'payload', 'signature', 'signature_type').toString('latin1'));
    expect(Number(tkx['ssh.host_sig.length'])).toBe(content(kx, 'payload', 'signature').length);
    const blob = content(kx, 'payload', 'signature', 'signature_blob');
    expect(blob.length).toBe(64); // RFC 8709 §6: an Ed25519 signature is 64 bytes
    if (version === '4.0') {
      // Disagreement 3: 4.0 stops after the signature's type.
      expect(tkx['ssh.host_sig.data']).toBeUndefined();
      expect(tkx['ssh.packet_decode.error']).toBeDefined();
      expect(tkx['_ws.expert.message'].split('\n')).toContain('Decoded 19 bytes, but packet legnth is 83 bytes');
    } else {
      expect(tkx['_ws.expert.message'] ?? '').not.toContain('Decoded');
      expect(hex(tkx['ssh.host_sig.data']).equals(Buffer.concat([Buffer.from([0, 0, 0, 64]), blob]))).toBe(true);
    }
  }
}

// Files go into the chroot's /tmp when there is one, so its tshark 4.4 reads them too.
const base = () => (trixieAvailable() ? join(TRIXIE, 'tmp') : tmpdir());
const T40 = [TSHARK];
const T44 = ['/usr/sbin/chroot', TRIXIE, '/usr/bin/tshark'];

describe.skipIf(!sshdAvailable() || !captureToolsAvailable())('tshark 4.0 and 4.4 against our decode of Debian 12 ssh → sshd, field by field', () => {
  let dir: string;
  let file: string;
  let port: number;
  let t40: TPacket[];
  let t44: TPacket[] | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(join(base(), 'sshscope-tshark-fields-'));
    file = join(dir, 'd12.pcap');
    const sshd = await startSshd({ hostKeyTypes: ['ed25519'] });
    port = sshd.port;
    try {
      const dump = await startTcpdump('lo', file, `tcp port ${sshd.port}`);
      for (const kex of [[], ['-o', 'KexAlgorithms=curve25519-sha256']]) {
        const r = await run('/usr/bin/ssh', [...SSH_OPTS, ...kex, '-p', String(sshd.port), 'nobody@127.0.0.1', 'true']);
        expect(r.stderr).toContain('Permission denied');
      }
      await waitForCapture(file, closed(2));
      await dump.stop();
    } finally {
      await sshd.stop();
    }
    t40 = await tsharkPackets(T40, file, port);
    if (trixieAvailable()) t44 = await tsharkPackets(T44, file.slice(TRIXIE.length), port);
  }, 60_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const cases = [
    { stream: 1, kex: 'sntrup761x25519-sha512' },
    { stream: 2, kex: 'curve25519-sha256' },
  ];
  for (const c of cases) {
    it(`${c.kex}: tshark 4.0`, () => compare(readFileSync(file), c.stream, c.kex, t40, '4.0'));
    it.skipIf(!trixieAvailable())(`${c.kex}: tshark 4.4`, () => compare(readFileSync(file), c.stream, c.kex, t44!, '4.4'));
  }
});

describe.skipIf(!trixieAvailable() || !captureToolsAvailable())('tshark 4.0 and 4.4 against our decode of Debian 13 OpenSSH 10 (mlkem768x25519-sha256)', () => {
  let dir: string;
  let file: string;
  let port: number;
  beforeAll(async () => {
    dir = mkdtempSync(join(TRIXIE, 'tmp', 'sshscope-tshark-fields-'));
    file = join(dir, 'd13.pcap');
    const sshd = await startSshd({ root: TRIXIE, hostKeyTypes: ['ed25519'], config: { PerSourcePenalties: 'no' } });
    port = sshd.port;
    try {
      const dump = await startTcpdump('lo', file, `tcp port ${sshd.port}`);
      const r = await runInTrixie('/usr/bin/ssh', [...SSH_OPTS, '-p', String(sshd.port), 'nobody@127.0.0.1', 'true']);
      expect(r.output).toContain('Permission denied');
      await waitForCapture(file, closed(1));
      await dump.stop();
    } finally {
      await sshd.stop();
    }
  }, 60_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('mlkem768x25519-sha256: tshark 4.0', async () => {
    // A copy outside the chroot: 4.0 reads it as any user's file.
    const mine = join(mkdtempSync(join(tmpdir(), 'sshscope-tshark-fields-')), 'd13.pcap');
    copyFileSync(file, mine);
    try {
      compare(readFileSync(mine), 1, 'mlkem768x25519-sha256', await tsharkPackets(T40, mine, port), '4.0');
    } finally {
      rmSync(join(mine, '..'), { recursive: true, force: true });
    }
  });
  it('mlkem768x25519-sha256: tshark 4.4', async () => {
    compare(readFileSync(file), 1, 'mlkem768x25519-sha256', await tsharkPackets(T44, file.slice(TRIXIE.length), port), '4.4');
  });
});
