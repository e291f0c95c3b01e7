// SSH connections in a capture, and one of them as an observer's recording: both directions'
// reassembled bytes as `peerBytes` (lib/session/recording.ts), no endpoint run by us.

import { MAX_EVENTS, type Recording } from '../session/recording';
import { parseKeylog, type KeylogEntry } from '../session/keylog';
import { ConnectionTracker, type ClientEvidence, type Endpoint, type TcpConnection } from './connections';
import { CaptureError } from './error';
import type { Gap } from './reassembly';
import { readCapture } from './read';
import { warn } from './packet';

/** pcapng Decryption Secrets Block type of a Wireshark SSH key log ("SSHK"). */
export const SECRETS_TYPE_SSH = 0x5353484b;

export interface SshStreamSide extends Endpoint {
  /** The identification line (RFC 4253 §4.2) without CR LF, as sent: print it through safeText. */
  version?: string;
  /** Bytes this side sent that the capture holds, in order, up to the first gap. */
  bytes: number;
  /** Where this side's stream stops because bytes are missing; undefined when it is whole. */
  gap?: Gap;
  /** Bytes the capture holds twice or more (retransmissions, overlaps); the first copy was kept. */
  duplicateBytes: number;
  /** Of the duplicates, bytes whose later copy differed from the first. */
  conflictingBytes: number;
  fin: boolean;
  rst: boolean;
}

export interface SshStream {
  /** 1-based number among the capture's SSH connections: what `--stream N` picks. */
  number: number;
  /** Wireshark's tcp.stream number of the connection (0-based, over every TCP connection). */
  tcpStream: number;
  client: SshStreamSide;
  server: SshStreamSide;
  /** How the client was told apart (connections.ts). */
  clientBy: ClientEvidence;
  firstPacket: number;
  lastPacket: number;
  packets: number;
  /** Time of the connection's first packet, ms since 1970 UTC. */
  start: number;
  durationMs: number;
  /** Gaps, conflicting retransmissions and how the client was found, in words. */
  warnings: string[];
}

export interface CaptureSummary {
  format: 'pcap' | 'pcapng';
  packets: number;
  tcpConnections: number;
  streams: SshStream[];
  /** Frames that were not TCP, by kind. */
  skipped: { notIp: number; notTcp: number; fragments: number; malformed: number };
  /** Key log entries found in pcapng Decryption Secrets Blocks. */
  keylog: KeylogEntry[];
  /** File-level notes (fragments, malformed frames, unreadable secrets), each naming where. */
  warnings: string[];
}

interface Analysis {
  summary: CaptureSummary;
  connections: Map<number, TcpConnection>;
}

function analyze(bytes: Uint8Array): Analysis {
  const tracker = new ConnectionTracker();
  const read = readCapture(bytes, (p) => tracker.add(p));
  const all = tracker.finish();
  const warnings = [...read.warnings];
  for (const w of tracker.warnings) warn(warnings, w);
  const keylog: KeylogEntry[] = [];
  for (const s of read.secrets) {
    if (s.type !== SECRETS_TYPE_SSH) continue;
    try {
      keylog.push(...parseKeylog(latin1(s.data)));
    } catch (e) {
      warn(warnings, `the SSH key log in the Decryption Secrets Block at file byte ${s.fileOffset} cannot be read: ${(e as Error).message}`);
    }
  }
  const connections = new Map<number, TcpConnection>();
  const streams: SshStream[] = [];
  for (const c of all) {
    if (c.ssh !== true) continue;
    const number = streams.length + 1;
    connections.set(number, c);
    streams.push(describe(c, number));
  }
  return {
    summary: { format: read.format, packets: read.packets, tcpConnections: all.length, streams, skipped: { ...tracker.skipped }, keylog, warnings },
    connections,
  };
}

/** Every SSH connection in the capture. Throws CaptureError for a file it cannot read. */
export function listSshStreams(bytes: Uint8Array): CaptureSummary {
  return analyze(bytes).summary;
}

/** A capture read once: its SSH connections, and any of them as a recording without reading it again. */
export interface CaptureFile {
  summary: CaptureSummary;
  /** Throws CaptureError when there is no such connection (or several and none was picked). */
  toRecording: (opts?: CaptureImportOptions) => CaptureImport;
}

/** Reads the capture (throws CaptureError for a file it cannot read). */
export function openCapture(bytes: Uint8Array): CaptureFile {
  const a = analyze(bytes);
  return { summary: a.summary, toRecording: (opts = {}) => toRecording(a, opts) };
}

export interface CaptureImportOptions {
  /** Which SSH connection (SshStream.number, 1-based); needed when there are several. */
  stream?: number;
  /** Secrets to keep with the recording (Wireshark SSH key log, parsed with parseKeylog). */
  keylog?: KeylogEntry[];
  /** Written as meta.tool. */
  tool?: string;
  /** Most bytes (both directions together) the recording keeps; more would not open. */
  maxBytes?: number;
}

export interface CaptureImport {
  recording: Recording;
  stream: SshStream;
  summary: CaptureSummary;
  /** What the recording leaves out or could not check, in words (also in recording.warnings). */
  notes: string[];
}

/**
 * A recording stays below parseRecording's limits (128 Mi characters of JSON, two hex digits a
 * byte): 48 MiB of stream bytes leaves room for the rest of the file.
 */
export const DEFAULT_MAX_RECORDING_BYTES = 48 * 1024 * 1024;

/** One SSH connection of the capture as an observer's recording. Throws CaptureError. */
export function captureToRecording(bytes: Uint8Array, opts: CaptureImportOptions = {}): Recording {
  return importCapture(bytes, opts).recording;
}

export function importCapture(bytes: Uint8Array, opts: CaptureImportOptions = {}): CaptureImport {
  return toRecording(analyze(bytes), opts);
}

function toRecording({ summary, connections }: Analysis, opts: CaptureImportOptions): CaptureImport {
  const { streams } = summary;
  if (streams.length === 0) {
    throw new CaptureError(
      'no-ssh',
      0,
      'a TCP connection that starts with an SSH identification line ("SSH-")',
      `${summary.tcpConnections} TCP connection${summary.tcpConnections === 1 ? '' : 's'} in ${summary.packets} packets, none of them SSH`,
    );
  }
  let number = opts.stream;
  if (number === undefined) {
    if (streams.length > 1) {
      throw new CaptureError('several-streams', 0, 'one SSH connection, or a stream number to pick one', `${streams.length} SSH connections`);
    }
    number = 1;
  }
  const stream = streams[number - 1];
  const c = connections.get(number);
  if (!stream || !c || !Number.isInteger(number)) {
    throw new CaptureError('no-such-stream', 0, `an SSH connection number from 1 to ${streams.length}`, `${number}`);
  }
  const notes = [...stream.warnings];
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_RECORDING_BYTES;
  const peerBytes: NonNullable<Recording['peerBytes']> = [];
  let total = 0;
  for (const k of c.chunks) {
    if (total + k.bytes.length > maxBytes || peerBytes.length >= MAX_EVENTS) {
      notes.push(
        `The recording stops at packet ${k.packet} after ${total} bytes: a recording holds at most ${maxBytes} bytes in ${MAX_EVENTS} pieces; the capture goes on.`,
      );
      break;
    }
    total += k.bytes.length;
    peerBytes.push({ t: relativeMs(k.t, c.firstT), direction: k.fromA === c.clientIsA ? 'c2s' : 's2c', bytes: k.bytes });
  }

  const keylog = pickKeylog([...(opts.keylog ?? []), ...summary.keylog], c, [...connections.values()], notes);
  const client = hostPort(stream.client);
  const server = hostPort(stream.server);
  const versions = [stream.client.version, stream.server.version].map((v) => (v === undefined ? '(no identification line)' : printable(v)));
  const description = [
    `Observed in a ${summary.format} capture, packets ${stream.firstPacket}–${stream.lastPacket} (tcp.stream ${stream.tcpStream}).`,
    `Client ${client}: ${versions[0]}, ${stream.client.bytes} bytes.`,
    `Server ${server}: ${versions[1]}, ${stream.server.bytes} bytes.`,
    ...notes,
  ].join(' ');
  const recording: Recording = {
    meta: {
      title: `Captured SSH connection ${client} → ${server}`.slice(0, 200),
      description: description.length > 4000 ? description.slice(0, 3999) + '…' : description,
      created: isoTime(c.firstT),
      tool: opts.tool ?? 'sshscope',
      source: 'imported-capture',
      local: { host: stream.client.host, port: stream.client.port },
      peer: { host: stream.server.host, port: stream.server.port },
    },
    peerBytes,
    ...(keylog.length ? { keylog } : {}),
    ...(notes.length ? { warnings: notes } : {}),
  };
  return { recording, stream, summary, notes };
}

function describe(c: TcpConnection, number: number): SshStream {
  const [cl, sv] = c.clientIsA ? [c.a, c.b] : [c.b, c.a];
  const [up, down] = c.clientIsA ? [c.ab, c.ba] : [c.ba, c.ab];
  const upBytes = c.chunks.filter((k) => k.fromA === c.clientIsA);
  const downBytes = c.chunks.filter((k) => k.fromA !== c.clientIsA);
  const side = (e: Endpoint, d: typeof up, chunks: typeof upBytes, isServer: boolean): SshStreamSide => {
    const { version } = versionOf(chunks, isServer);
    return {
      host: e.host,
      port: e.port,
      ...(version !== undefined ? { version } : {}),
      bytes: d.next,
      ...(d.gap ? { gap: d.gap } : {}),
      duplicateBytes: d.duplicateBytes,
      conflictingBytes: d.conflictingBytes,
      fin: d.finAt !== undefined,
      rst: d.rst,
    };
  };
  const client = side(cl, up, upBytes, false);
  const server = side(sv, down, downBytes, true);
  const warnings: string[] = [];
  for (const [label, s, d] of [
    ['client → server', client, up],
    ['server → client', server, down],
  ] as const) {
    if (s.gap) warnings.push(gapText(label, s.gap));
    if (d.conflictingBytes > 0 && d.firstConflictAt) {
      warnings.push(
        `${label}: ${d.conflictingBytes} byte${d.conflictingBytes === 1 ? '' : 's'} arrived again with different values (first at stream byte ${d.firstConflictAt.streamOffset}, packet ${d.firstConflictAt.packet}); the first copy was kept.`,
      );
    }
  }
  if (c.clientBy === 'port') warnings.push(`No SYN or SYN-ACK in the capture: the side on the higher port (${cl.port}) is taken to be the client.`);
  if (c.clientBy === 'first-packet') warnings.push('No SYN or SYN-ACK in the capture and both ports are equal: the side that sent the first packet is taken to be the client.');
  return {
    number,
    tcpStream: c.index,
    client,
    server,
    clientBy: c.clientBy,
    firstPacket: c.firstPacket,
    lastPacket: c.lastPacket,
    packets: c.packets,
    start: c.firstT,
    durationMs: c.lastT - c.firstT,
    warnings,
  };
}

function gapText(label: string, g: Gap): string {
  const where = g.nextPacket !== undefined ? ` (the data after it is in packet ${g.nextPacket}, file byte ${g.nextFileOffset})` : '';
  const after = g.lastPacket !== undefined ? ` after packet ${g.lastPacket}` : '';
  return `${label}: bytes are missing from stream byte ${g.streamOffset}${after}${where}: ${g.reason}. The recording stops this direction there rather than join bytes across the hole.`;
}

/** The first bytes of one direction (enough for banner lines, the version line and a KEXINIT cookie). */
const HEAD_BYTES = 64 * 1024;

function head(chunks: { bytes: Uint8Array }[]): Uint8Array {
  let n = 0;
  for (const k of chunks) {
    if (n >= HEAD_BYTES) break;
    n += k.bytes.length;
  }
  const out = new Uint8Array(Math.min(n, HEAD_BYTES));
  let at = 0;
  for (const k of chunks) {
    if (at >= out.length) break;
    const part = k.bytes.subarray(0, out.length - at);
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Lines a server may send before its version line (RFC 4253 §4.2); the engine's own limit too. */
const MAX_BANNER_LINES = 1024;

/** The version line, and the KEXINIT cookie from the binary packet that follows it. */
function versionOf(chunks: { bytes: Uint8Array }[], isServer: boolean): { version?: string; cookie?: Uint8Array } {
  const h = head(chunks);
  let at = 0;
  for (let line = 0; line < (isServer ? MAX_BANNER_LINES : 1) && at < h.length; line++) {
    const lf = h.indexOf(0x0a, at);
    if (lf < 0) return {};
    const isVersion = h[at] === 0x53 && h[at + 1] === 0x53 && h[at + 2] === 0x48 && h[at + 3] === 0x2d;
    if (isVersion) {
      const end = lf > at && h[lf - 1] === 0x0d ? lf - 1 : lf;
      const version = latin1(h.subarray(at, Math.min(end, at + 255)));
      // packet_length, padding_length, SSH_MSG_KEXINIT (20), cookie (RFC 4253 §6, §7.1)
      const p = lf + 1;
      const cookie = h.length >= p + 22 && h[p + 5] === 20 ? h.slice(p + 6, p + 22) : undefined;
      return { version, ...(cookie ? { cookie } : {}) };
    }
    at = lf + 1;
  }
  return {};
}

/**
 * The key log entries for this connection: those naming one of its KEXINIT cookies, and those
 * naming none we can see (a rekey's KEXINIT is encrypted, so its cookie is not visible). Entries
 * for another SSH connection in the same capture are left out: they are not this one's secrets.
 */
function pickKeylog(entries: KeylogEntry[], c: TcpConnection, all: TcpConnection[], notes: string[]): KeylogEntry[] {
  if (entries.length === 0) return [];
  const key = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  const cookiesOf = (x: TcpConnection) =>
    [versionOf(x.chunks.filter((k) => k.fromA === x.clientIsA), false).cookie, versionOf(x.chunks.filter((k) => k.fromA !== x.clientIsA), true).cookie]
      .filter((b): b is Uint8Array => b !== undefined)
      .map(key);
  const own = new Set(cookiesOf(c));
  const others = new Set(all.filter((x) => x !== c).flatMap(cookiesOf));
  const seen = new Set<string>();
  const kept: KeylogEntry[] = [];
  let foreign = 0;
  let unmatched = 0;
  for (const e of entries) {
    const k = key(e.cookie);
    const id = `${k} ${e.kind} ${key(e.secret)}`;
    if (seen.has(id)) continue;
    seen.add(id);
    if (others.has(k) && !own.has(k)) {
      foreign++;
      continue;
    }
    if (!own.has(k)) unmatched++;
    kept.push(e);
  }
  if (foreign) notes.push(`${foreign} key log entr${foreign === 1 ? 'y belongs' : 'ies belong'} to other SSH connections in this capture and ${foreign === 1 ? 'was' : 'were'} left out.`);
  if (unmatched) {
    notes.push(`${unmatched} key log entr${unmatched === 1 ? 'y names' : 'ies name'} a KEXINIT cookie not seen in clear in this connection (a rekey's, or another connection's); kept.`);
  }
  return kept;
}

function relativeMs(t: number, start: number): number {
  const d = t - start;
  // Captures may step back in time (clock changes, merged files); a recording's times are ≥ 0.
  if (!Number.isFinite(d) || d < 0) return 0;
  return Math.round(d * 1000) / 1000;
}

function isoTime(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : new Date(0).toISOString();
}

function hostPort(e: Endpoint): string {
  return e.host.includes(':') ? `[${e.host}]:${e.port}` : `${e.host}:${e.port}`;
}

function latin1(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192));
  return s;
}

/** Version lines are US-ASCII (RFC 4253 §4.2); anything else is shown as \xNN, so a title cannot carry control characters. */
function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
