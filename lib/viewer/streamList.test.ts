import { describe, expect, it } from 'vitest';
import type { SshStream } from '../capture/streams';
import { streamRow } from './streamList';

const side = (host: string, port: number, bytes: number, version?: string) => ({ host, port, bytes, duplicateBytes: 0, conflictingBytes: 0, fin: true, rst: false, ...(version ? { version } : {}) });

describe('streamRow', () => {
  it('names both ends (IPv6 in brackets), the software, bytes each way and the packets', () => {
    const s: SshStream = {
      number: 2,
      tcpStream: 5,
      client: side('2001:db8::a', 40000, 1234, 'SSH-2.0-OpenSSH_9.2p1 Debian-2'),
      server: side('192.0.2.2', 22, 56789),
      clientBy: 'syn',
      firstPacket: 10,
      lastPacket: 1200,
      packets: 1191,
      start: 0,
      durationMs: 1530,
      warnings: ['client → server: bytes are missing'],
    };
    expect(streamRow(s)).toEqual({
      number: 2,
      title: 'Connection 2: [2001:db8::a]:40000 → 192.0.2.2:22',
      client: '[2001:db8::a]:40000, SSH-2.0-OpenSSH_9.2p1 Debian-2',
      server: '192.0.2.2:22, no identification line',
      bytes: '1,234 bytes client → server, 56,789 bytes server → client',
      packets: 'packets 10–1,200 (1,191 packets), 1.5 s',
      warnings: ['client → server: bytes are missing'],
    });
  });

  it('shows control characters of a version line as \\xNN', () => {
    const s = { number: 1, tcpStream: 0, client: side('10.0.0.1', 1, 0, 'SSH-2.0-x\u001b[31m\u00e9'), server: side('10.0.0.2', 22, 0), clientBy: 'syn', firstPacket: 1, lastPacket: 1, packets: 1, start: 0, durationMs: 0, warnings: [] } as SshStream;
    expect(streamRow(s).client).toBe('10.0.0.1:1, SSH-2.0-x\\x1b[31m\\xe9');
    expect(streamRow(s).packets).toBe('packets 1–1 (1 packet), 0 ms');
  });
});
