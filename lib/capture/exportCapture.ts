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
import { concat } from '../ssh/wire/bytes';
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
      const sent = replay.effects[i].flatMap((x) => (x.type === 'send' ? [x.bytes] : []));
      if (sent.length) chunks.push({ timestampUs: at(t), flow: own, bytes: sent.length === 1 ? sent[0] : concat(...sent) });
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
  const packets = synthesizeTcp(endpoints, chunks);
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
