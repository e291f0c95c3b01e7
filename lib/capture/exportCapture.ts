// A recording → what Wireshark reads: the session's bytes as one synthesized TCP connection over
// 127.0.0.1 in a pcapng, and the SSH key log that decrypts it. The recording is opened exactly as
// the viewer opens it (openParsedRecording: same replay, same consistency checks, same errors);
// then the endpoint whose view is exported is replayed once more for its effects per event, which
// give each byte its time and the order of the two directions (a reply never precedes what it
// answers), and K of every key exchange.

import { openParsedRecording, type OpenedSession } from '../session/open';
import { replayEndpoint } from '../session/endpointReplay';
import { keyringSigner } from '../ssh/algorithms/hostkey/signer';
import { formatKeylog, type KeylogEntry } from '../session/keylog';
import { keylogOfEffects } from '../session/keylogTap';
import type { Recording } from '../session/recording';
import { LINKTYPE_RAW, SECRETS_TYPE_SSH, writePcapng } from './pcapngWriter';
import { synthesizeTcp, type Flow, type StreamChunk, type TcpEndpoints } from './tcpSynthesis';

/** Ports where a recording does not know them: an ephemeral client port and SSH's own. */
export const DEFAULT_CLIENT_PORT = 49152;
export const DEFAULT_SERVER_PORT = 22;
const LOOPBACK: [number, number, number, number] = [127, 0, 0, 1];

export interface CaptureExport {
  pcapng: Uint8Array;
  /** One SHARED_SECRET line per key exchange (and any the recording carried). */
  keylog: KeylogEntry[];
  endpoints: TcpEndpoints;
  /** Whose bytes and times the capture shows. */
  view: 'client' | 'server' | 'observer';
  /** Payload bytes per direction. */
  bytes: Record<Flow, number>;
  packets: number;
  /** The session as the viewer opened it (absent for an observer's recording, which is not replayed). */
  session?: OpenedSession;
  /** Whether the exported endpoint ended with strict kex on (Wireshark 4.4 does not implement it). */
  strictKex: boolean;
}

export interface ExportOptions {
  /** Put the key log into the pcapng as a Decryption Secrets Block (Wireshark 4.4 reads it: test/interop/export-wireshark.test.ts). */
  dsb?: boolean;
  /** shb_userappl, e.g. "sshscope 0.1.0". */
  application?: string;
}

/** Which ports the recording knows: `record` and `serve` note both ends, from their own side. */
export function endpointsOf(recording: Recording): TcpEndpoints {
  const { source, local, peer } = recording.meta;
  const client = source === 'recorded-client' ? local : source === 'recorded-server' ? peer : undefined;
  const server = source === 'recorded-client' ? peer : source === 'recorded-server' ? local : undefined;
  return {
    client: { ip: LOOPBACK, port: client?.port || DEFAULT_CLIENT_PORT },
    server: { ip: LOOPBACK, port: server?.port || DEFAULT_SERVER_PORT },
  };
}

/** Milliseconds of the recording's clock → microseconds since the epoch, from meta.created. */
function clock(recording: Recording): (t: number) => bigint {
  const base = Date.parse(recording.meta.created);
  const origin = Number.isFinite(base) && base >= 0 ? base : 0;
  return (t) => BigInt(Math.round((origin + t) * 1000));
}

function sameEntry(a: KeylogEntry, b: KeylogEntry): boolean {
  return a.kind === b.kind && formatKeylog([a]) === formatKeylog([b]);
}

/** Where the identification line ends (just past its LF) in a direction's bytes so far, or -1. */
function versionLineEnd(stream: number[]): number {
  let start = 0;
  for (let i = 0; i < stream.length; i++) {
    if (stream[i] !== 0x0a) continue;
    // A server may send other lines first (RFC 4253 §4.2); the identification line starts "SSH-".
    if (stream[start] === 0x53 && stream[start + 1] === 0x53 && stream[start + 2] === 0x48 && stream[start + 3] === 0x2d) return i + 1;
    start = i + 1;
  }
  return -1;
}

/**
 * The server's bytes after its identification line, held until the client's identification line
 * is in the capture. Wireshark 4.4 learns the protocol version from the client's line and reads a
 * server KEXINIT that comes before it as an encrypted packet (and the rest of the key exchange
 * wrongly after it); sshscope serve sends its KEXINIT without waiting for the client's line, so
 * its own log has that order. Each direction keeps its bytes in order; only how the two directions
 * interleave changes, to an order a capture elsewhere on the path could have seen.
 */
export function serverWaitsForClientVersion(chunks: StreamChunk[]): StreamChunk[] {
  const out: StreamChunk[] = [];
  const held: StreamChunk[] = [];
  const c2s: number[] = [];
  const s2c: number[] = [];
  let clientDone = false;
  let serverLineEnd = -1;
  for (const c of chunks) {
    if (c.flow === 'c2s') {
      out.push(c);
      if (!clientDone) {
        c2s.push(...c.bytes.subarray(0, 4096));
        clientDone = versionLineEnd(c2s) >= 0 || c2s.length >= 4096;
        if (clientDone) for (const h of held.splice(0)) out.push({ ...h, timestampUs: c.timestampUs > h.timestampUs ? c.timestampUs : h.timestampUs });
      }
      continue;
    }
    if (clientDone) {
      out.push(c);
      continue;
    }
    let keep = 0;
    if (serverLineEnd < 0) {
      const before = s2c.length;
      s2c.push(...c.bytes.subarray(0, 8192));
      serverLineEnd = versionLineEnd(s2c);
      keep = serverLineEnd < 0 ? c.bytes.length : Math.min(c.bytes.length, serverLineEnd - before);
    }
    if (keep) out.push({ ...c, bytes: c.bytes.subarray(0, keep) });
    if (keep < c.bytes.length) held.push({ ...c, bytes: c.bytes.subarray(keep) });
  }
  return [...out, ...held];
}

/** Throws RecordingError / RecordingInconsistentError exactly where the viewer would refuse the file. */
export function exportCapture(recording: Recording, options: ExportOptions = {}): CaptureExport {
  const at = clock(recording);
  const chunks: StreamChunk[] = [];
  let keylog: KeylogEntry[] = [];
  let view: CaptureExport['view'];
  let session: OpenedSession | undefined;
  let strictKex = false;

  const party = recording.client ? 'client' : recording.server ? 'server' : undefined;
  if (party) {
    session = openParsedRecording(recording);
    const e = recording[party]!;
    // The client's view when both ran: with a man in the middle, that is the client's wire.
    const replay = replayEndpoint(e.config, e.events, Number.MAX_SAFE_INTEGER, e.legacyHostKeys ? keyringSigner(e.legacyHostKeys) : undefined);
    const own: Flow = party === 'client' ? 'c2s' : 's2c';
    const theirs: Flow = own === 'c2s' ? 's2c' : 'c2s';
    e.events.forEach(({ t, event }, i) => {
      // What arrived comes before what the endpoint sent in answer to it.
      if (event.type === 'bytesReceived' && event.bytes.length) chunks.push({ timestampUs: at(t), flow: theirs, bytes: event.bytes });
      // One segment per write, as a socket with TCP_NODELAY sends them (the driver sets it): a
      // version line written apart from the KEXINIT stays apart, as Wireshark expects it.
      for (const x of replay.effects[i]) if (x.type === 'send' && x.bytes.length) chunks.push({ timestampUs: at(t), flow: own, bytes: x.bytes });
    });
    keylog = keylogOfEffects(replay.effects.flat());
    strictKex = replay.final.strict === true;
    view = party;
  } else {
    // An observer's recording: both directions' bytes as they were captured.
    for (const p of recording.peerBytes ?? []) if (p.bytes.length) chunks.push({ timestampUs: at(p.t), flow: p.direction, bytes: p.bytes });
    view = 'observer';
  }
  for (const k of recording.keylog ?? []) if (!keylog.some((x) => sameEntry(x, k))) keylog.push(k);

  const endpoints = endpointsOf(recording);
  const packets = synthesizeTcp(endpoints, serverWaitsForClientVersion(chunks));
  const keylogText = new TextEncoder().encode(formatKeylog(keylog));
  const pcapng = writePcapng({
    linkType: LINKTYPE_RAW,
    interfaceName: 'sshscope',
    ...(options.application ? { application: options.application } : {}),
    ...(options.dsb && keylog.length ? { secrets: [{ type: SECRETS_TYPE_SSH, data: keylogText }] } : {}),
    packets: packets.map((p) => ({ timestampUs: p.timestampUs, data: p.data })),
  });
  const bytes = { c2s: 0, s2c: 0 };
  for (const c of chunks) bytes[c.flow] += c.bytes.length;
  return { pcapng, keylog, endpoints, view, bytes, packets: packets.length, strictKex, ...(session ? { session } : {}) };
}
