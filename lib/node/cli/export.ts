// sshscope export: a recording as a pcapng capture and a Wireshark SSH key log, so Wireshark
// (or tshark) shows and decrypts the session sshscope recorded.

import { readFileSync } from 'node:fs';
import { exportCapture, type CaptureExport } from '../../capture/exportCapture';
import { formatKeylog } from '../../session/keylog';
import { parseRecording, RecordingError, type Recording } from '../../session/recording';
import { writeNewFile } from '../recordingFile';
import { parseArgs, UsageError } from './args';
import { safeText } from './safeText';
import { TOOL } from './version';

export const exportHelp = `Usage: sshscope export REC [--pcapng FILE] [--keylog FILE] [--dsb]

Writes a recording's session as Wireshark reads it: a pcapng capture with the session's bytes in
one synthesized TCP connection over 127.0.0.1 (the recording's own ports where it knows them,
else 49152 → 22; times from the recording), and Wireshark's SSH key log, one line per key
exchange, which decrypts it. The recording is replayed and checked first, as the viewer does:
a file that does not replay is refused.

Options:
  --pcapng FILE   where to write the capture
  --keylog FILE   where to write the key log ("<cookie> SHARED_SECRET <K>", or PRIVATE_KEY
                  where a line would be too long for Wireshark: finite-field DH)
  --dsb           put the key log inside the pcapng too (a Decryption Secrets Block): the
                  capture alone then decrypts; share it as you would the recording
Without --pcapng and --keylog, both are written beside REC (REC.pcapng, REC.keylog).
Each file is new and readable by you only: an existing FILE is an error.

The key log holds the session's ephemeral secrets (as the recording does): it decrypts this one
session and nothing else. Open it in Wireshark under Preferences › Protocols › SSH › Key log
filename, or: tshark -r FILE.pcapng -o ssh.keylog_file:FILE.keylog -Y ssh

Wireshark 4.4 decrypts curve25519 and finite-field DH key exchanges with chacha20-poly1305,
AES-GCM, or AES-CTR/CBC with hmac-sha2-256; it does not reset sequence numbers under strict kex,
so of such a session it decrypts only AES-GCM; and it does not follow a rekey.

Examples:
  sshscope export handshake.json
  sshscope export handshake.json --pcapng handshake.pcapng --dsb`;

/** REC's name without its extension (".sshscope.json" counts as one). */
function stem(file: string): string {
  return file.replace(/(\.sshscope)?\.json$/, '');
}

/** Said after writing: what in this session Wireshark 4.4 cannot decrypt, from the algorithms it has. */
export function wiresharkNotes(e: CaptureExport): string[] {
  const s = e.session;
  if (!s) return e.keylog.length ? [] : ['the recording carries no key log: Wireshark will show the encrypted packets undecrypted'];
  const notes: string[] = [];
  const { kex, cipherC2S, cipherS2C, macC2S, macS2C } = s.summary;
  if (kex && !/^(curve25519-sha256(@libssh\.org)?|diffie-hellman-group(1|14|16|18)-sha(1|256|512)|diffie-hellman-group-exchange-sha(1|256))$/.test(kex)) {
    notes.push(`Wireshark 4.4 cannot decrypt a ${kex} key exchange (it has curve25519 and finite-field DH only)`);
  }
  for (const [cipher, mac] of [[cipherC2S, macC2S], [cipherS2C, macS2C]]) {
    if (!cipher || /^(chacha20-poly1305@openssh\.com|aes(128|256)-gcm(@openssh\.com)?)$/.test(cipher)) continue;
    if (!/^aes(128|192|256)-(ctr|cbc)$/.test(cipher)) notes.push(`Wireshark 4.4 cannot decrypt ${cipher}`);
    else if (mac !== 'hmac-sha2-256') notes.push(`Wireshark 4.4 decrypts ${cipher} only with hmac-sha2-256, not ${mac}`);
  }
  if (e.strictKex && [cipherC2S, cipherS2C].some((c) => c && !/-gcm/.test(c))) {
    notes.push('strict kex was on: Wireshark 4.4 does not reset sequence numbers at NEWKEYS, so it cannot decrypt this session (only AES-GCM does not depend on them)');
  }
  if (e.keylog.length > 1) {
    notes.push(`${e.keylog.length} key exchanges: Wireshark 4.4 does not follow a rekey, so it decrypts the packets up to the second NEWKEYS only`);
  }
  return [...new Set(notes)];
}

export function exportCommand(argv: string[], out: (s: string) => void): number {
  const a = parseArgs(argv, { pcapng: { value: true }, keylog: { value: true }, dsb: { value: false } });
  if (a.positionals.length !== 1) throw new UsageError('export needs exactly one recording file');
  const file = a.positionals[0];
  const both = a.flags.pcapng === undefined && a.flags.keylog === undefined;
  const pcapngFile = (a.flags.pcapng as string | undefined) ?? (both ? `${stem(file)}.pcapng` : undefined);
  const keylogFile = (a.flags.keylog as string | undefined) ?? (both ? `${stem(file)}.keylog` : undefined);
  if (a.flags.dsb && !pcapngFile) throw new UsageError('--dsb puts the key log into the pcapng: give --pcapng FILE too');

  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${safeText(file)}: ${safeText((e as Error).message)}`);
  }
  let rec: Recording;
  let result: CaptureExport;
  try {
    rec = parseRecording(text);
    result = exportCapture(rec, { dsb: Boolean(a.flags.dsb), application: TOOL });
  } catch (e) {
    if (e instanceof RecordingError) {
      out(`sshscope export: ${safeText(file)} cannot be exported: ${safeText(e.message, 2000)}`);
      return 1;
    }
    throw e;
  }

  const written: string[] = [];
  const write = (path: string, data: string | Uint8Array, what: string): boolean => {
    try {
      writeNewFile(path, data);
      written.push(path);
      out(`${what} written to ${safeText(path)}`);
      return true;
    } catch (e) {
      out(`sshscope export: could not write ${safeText(path)}: ${safeText((e as Error).message)}`);
      return false;
    }
  };
  const { client, server } = result.endpoints;
  if (pcapngFile) {
    const dsb = a.flags.dsb && result.keylog.length ? ', with the key log inside' : '';
    const what = `Capture (${result.packets} packets, 127.0.0.1:${client.port} → 127.0.0.1:${server.port}, ${result.bytes.c2s} bytes c→s, ${result.bytes.s2c} bytes s→c${dsb})`;
    if (!write(pcapngFile, result.pcapng, what)) return 1;
  }
  if (keylogFile) {
    const n = result.keylog.length;
    if (!write(keylogFile, formatKeylog(result.keylog), `Key log (${n} key exchange${n === 1 ? '' : 's'})`)) return 1;
  }
  for (const note of wiresharkNotes(result)) out(`note: ${safeText(note, 400)}`);
  return 0;
}
