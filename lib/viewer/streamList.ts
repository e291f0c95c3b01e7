// A capture's SSH connections as the chooser lists them: who talked to whom, which software, how
// many bytes each way, and what is missing or doubtful. Pure: strings from the capture summary.

import type { SshStream, SshStreamSide } from '../capture/streams';

export interface StreamRow {
  number: number;
  /** "Connection 2: 192.0.2.1:40000 → 192.0.2.2:22" */
  title: string;
  client: string;
  server: string;
  /** "1,234 bytes client → server, 5,678 bytes server → client" */
  bytes: string;
  /** "packets 12–40 (29 packets), 1.5 s" */
  packets: string;
  warnings: string[];
}

const n = (x: number) => x.toLocaleString('en');

export function hostPort(e: { host: string; port: number }): string {
  return e.host.includes(':') ? `[${e.host}]:${e.port}` : `${e.host}:${e.port}`;
}

/** The identification line as sent, control and non-ASCII characters as \xNN (a capture is anyone's bytes). */
export function versionText(side: SshStreamSide): string {
  if (side.version === undefined) return 'no identification line';
  return side.version.replace(/[^\x20-\x7e]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toLocaleString('en', { maximumFractionDigits: 1 })} s`;
}

export function streamRow(s: SshStream): StreamRow {
  const d = duration(s.durationMs);
  return {
    number: s.number,
    title: `Connection ${s.number}: ${hostPort(s.client)} → ${hostPort(s.server)}`,
    client: `${hostPort(s.client)}, ${versionText(s.client)}`,
    server: `${hostPort(s.server)}, ${versionText(s.server)}`,
    bytes: `${n(s.client.bytes)} bytes client → server, ${n(s.server.bytes)} bytes server → client`,
    packets: `packets ${n(s.firstPacket)}–${n(s.lastPacket)} (${n(s.packets)} packet${s.packets === 1 ? '' : 's'})${d ? `, ${d}` : ''}`,
    warnings: s.warnings,
  };
}
