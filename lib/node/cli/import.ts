// sshscope import: a pcap/pcapng capture's SSH connection as an observer's recording.

import { lstatSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { CaptureError, openCapture, type CaptureFile, type SshStream, type SshStreamSide } from '../../capture';
import { KeylogError, parseKeylog, type KeylogEntry } from '../../session/keylog';
import { stringifyRecording } from '../../session/recording';
import { writeNewFile, writeUniqueFile } from '../recordingFile';
import { CliError, int, parseArgs, UsageError } from './args';
import { safeText } from './safeText';
import { TOOL } from './version';

export const importHelp = `Usage: sshscope import CAPTURE [--keylog FILE] [--stream N] [--out FILE]

Reads a pcap or pcapng capture (tcpdump, Wireshark, dumpcap), puts each TCP connection back
together and finds the SSH ones by their version line ("SSH-…"), on any port. Prints each SSH
connection: addresses, ports, version lines, bytes each way, and any bytes the capture is
missing. Writes one connection as a recording of what an observer saw: both directions' bytes,
neither endpoint run by sshscope.

Link types: Ethernet (with 802.1Q tags), Linux cooked (SLL, SLL2: tcpdump -i any), raw IP,
BSD/macOS loopback (NULL, LOOP); IPv4 and IPv6. IP fragments are reported, not reassembled.
Where bytes are missing (a lost packet, a snap length cut), that direction of the recording
stops at the first missing byte: bytes on either side of a hole are never joined.

Options:
  --stream N      which SSH connection to write (the number in the list); needed when the
                  capture holds more than one
  --keylog FILE   a Wireshark SSH key log ("<cookie> PRIVATE_KEY|SHARED_SECRET <hex>" lines) to
                  keep with the recording, so the encrypted part can be decrypted; entries of
                  other SSH connections in the capture are left out. A pcapng's own Decryption
                  Secrets Block is read too.
  --out FILE      where to write the recording (default: CAPTURE's name with .sshscope.json, in
                  the current directory, numbered if taken); a new file, readable by you only:
                  an existing FILE is an error

The recording holds exactly the bytes of the capture (and the key log's ephemeral secrets, when
given): nothing more is learnt about either endpoint.

Examples:
  tcpdump -i lo -w ssh.pcap 'tcp port 22'      (then: ssh localhost, then Ctrl-C)
  sshscope import ssh.pcap
  sshscope import office.pcapng --stream 2 --keylog ssh-keys.log --out office-2.sshscope.json`;

/** Larger files are refused before reading: the recording could not hold them anyway. */
export const MAX_CAPTURE_BYTES = 1024 * 1024 * 1024;

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function hostPort(e: { host: string; port: number }): string {
  return e.host.includes(':') ? `[${e.host}]:${e.port}` : `${e.host}:${e.port}`;
}

function sideLine(role: string, s: SshStreamSide): string {
  const version = s.version === undefined ? '(no version line)' : safeText(s.version, 255);
  const end = s.rst ? ', RST' : s.fin ? ', FIN' : '';
  return `       ${role}  ${hostPort(s).padEnd(22)} ${version}  ${s.bytes} bytes${end}`;
}

function streamLines(s: SshStream): string[] {
  const seconds = (s.durationMs / 1000).toFixed(3);
  return [
    `  ${String(s.number).padStart(2)}  ${hostPort(s.client)} → ${hostPort(s.server)}   packets ${s.firstPacket}–${s.lastPacket} (${s.packets}), ${seconds} s, tcp.stream ${s.tcpStream}`,
    sideLine('client', s.client),
    sideLine('server', s.server),
    ...s.warnings.map((w) => `       warning: ${safeText(w)}`),
  ];
}

export function importCommand(argv: string[], out: (s: string) => void): number {
  const a = parseArgs(argv, { keylog: { value: true }, stream: { value: true }, out: { value: true } });
  if (a.positionals.length !== 1) throw new UsageError('import needs exactly one CAPTURE file');
  const file = a.positionals[0];
  const stream = int(a.flags.stream, '--stream', 1);
  const outFlag = a.flags.out as string | undefined;
  if (outFlag && exists(outFlag)) throw new UsageError(`--out ${safeText(outFlag)} already exists: sshscope never overwrites a file (nor follows a symlink there)`);

  let bytes: Uint8Array;
  try {
    const size = statSync(file).size;
    if (size > MAX_CAPTURE_BYTES) throw new CliError(`${safeText(file)} is ${size} bytes, more than the ${MAX_CAPTURE_BYTES} sshscope reads`);
    bytes = readFileSync(file);
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new UsageError(`cannot read ${safeText(file)}: ${safeText((e as Error).message)}`);
  }
  let keylog: KeylogEntry[] | undefined;
  const keylogFile = a.flags.keylog as string | undefined;
  if (keylogFile) {
    let text: string;
    try {
      text = readFileSync(keylogFile, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read --keylog ${safeText(keylogFile)}: ${safeText((e as Error).message)}`);
    }
    try {
      keylog = parseKeylog(text);
    } catch (e) {
      if (e instanceof KeylogError) throw new CliError(`--keylog ${safeText(keylogFile)}: ${safeText(e.message)}`);
      throw e;
    }
  }

  let capture: CaptureFile;
  try {
    capture = openCapture(bytes);
  } catch (e) {
    if (e instanceof CaptureError) throw new CliError(`${safeText(file)} cannot be read: ${safeText(e.message)}`);
    throw e;
  }
  const { summary } = capture;
  const n = summary.tcpConnections;
  out(`Capture ${safeText(file)}: ${summary.format}, ${summary.packets} packets, ${n} TCP connection${n === 1 ? '' : 's'}`);
  for (const w of summary.warnings) out(`warning: ${safeText(w)}`);
  if (summary.keylog.length) out(`Key log in the capture's Decryption Secrets Blocks: ${summary.keylog.length} entr${summary.keylog.length === 1 ? 'y' : 'ies'}`);
  if (summary.streams.length === 0) {
    const skipped = summary.skipped;
    throw new CliError(
      `no SSH connection in ${safeText(file)}: none of its ${n} TCP connections starts with an SSH version line` +
        (skipped.notIp + skipped.notTcp ? ` (${skipped.notIp} frames were not IP, ${skipped.notTcp} not TCP)` : ''),
    );
  }
  out(`SSH connection${summary.streams.length === 1 ? '' : 's'}:`);
  for (const s of summary.streams) for (const line of streamLines(s)) out(line);
  if (stream === undefined && summary.streams.length > 1) {
    throw new UsageError(`${summary.streams.length} SSH connections: pick one with --stream N (1 to ${summary.streams.length})`);
  }
  if (stream !== undefined && stream > summary.streams.length) {
    throw new UsageError(`--stream ${stream}: the capture has ${summary.streams.length} SSH connection${summary.streams.length === 1 ? '' : 's'}`);
  }
  const imported = capture.toRecording({ stream, keylog, tool: TOOL });
  for (const note of imported.notes.filter((x) => !imported.stream.warnings.includes(x))) out(`note: ${safeText(note)}`);
  if (imported.recording.keylog) out(`Key log: ${imported.recording.keylog.length} entr${imported.recording.keylog.length === 1 ? 'y' : 'ies'} kept with the recording`);

  const text = stringifyRecording(imported.recording);
  let written: string;
  try {
    if (outFlag) {
      writeNewFile(outFlag, text);
      written = outFlag;
    } else {
      const stem = basename(file).replace(/\.(pcapng|pcap|cap|dmp)$/i, '').replace(/[^A-Za-z0-9._-]/g, '_') || 'capture';
      const several = summary.streams.length > 1 ? `-stream${imported.stream.number}` : '';
      written = writeUniqueFile(`${stem}${several}.sshscope.json`, text);
    }
  } catch (e) {
    out(`sshscope import: could not write the recording: ${safeText((e as Error).message)}`);
    return 1;
  }
  out(`Recording of SSH connection ${imported.stream.number} written to ${safeText(written)}`);
  out(`Open it with: sshscope inspect ${safeText(written)}   or in the viewer: Open file`);
  return 0;
}
