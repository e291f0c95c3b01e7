import { describe, expect, it } from 'vitest';
import { captureFormat, fileKind, pickFiles, recordingFileName } from './droppedFiles';

const bytes = (...b: number[]) => new Uint8Array(b);
const text = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('fileKind', () => {
  // Magic numbers from draft-ietf-opsawg-pcap §4 (both byte orders, µs and ns) and pcapng's SHB type (draft-ietf-opsawg-pcapng §4.1).
  it('tells captures by their magic number, whatever the name', () => {
    expect(captureFormat(bytes(0xd4, 0xc3, 0xb2, 0xa1))).toBe('pcap');
    expect(captureFormat(bytes(0xa1, 0xb2, 0xc3, 0xd4))).toBe('pcap');
    expect(captureFormat(bytes(0x4d, 0x3c, 0xb2, 0xa1))).toBe('pcap');
    expect(captureFormat(bytes(0xa1, 0xb2, 0x3c, 0x4d))).toBe('pcap');
    expect(captureFormat(bytes(0x0a, 0x0d, 0x0d, 0x0a, 0, 0))).toBe('pcapng');
    expect(captureFormat(bytes(0x0a, 0x0d, 0x0d))).toBeNull();
    expect(fileKind('download', bytes(0x0a, 0x0d, 0x0d, 0x0a, 1, 2))).toBe('capture');
    expect(fileKind('trace.json', bytes(0xd4, 0xc3, 0xb2, 0xa1))).toBe('capture');
  });

  it('tells recordings by their JSON and key logs by their first line, then falls back to the name', () => {
    expect(fileKind('x.bin', text('  \n{"format":"sshscope-recording"'))).toBe('recording');
    const line = `${'ab'.repeat(16)} SHARED_SECRET ${'01'.repeat(32)}\n`;
    expect(fileKind('secrets', text(`# written by a test\n\n${line}`))).toBe('keylog');
    expect(fileKind('secrets', text(line.replace('SHARED_SECRET', 'private_key')))).toBe('keylog');
    expect(fileKind('secrets', text(line.replace('SHARED_SECRET', 'CLIENT_RANDOM')))).toBe('unknown');
    // A damaged capture keeps its name's promise, so the capture reader says what is wrong with it.
    expect(fileKind('cut.pcapng', text('garbage'))).toBe('capture');
    expect(fileKind('empty.keylog', text(''))).toBe('text');
    expect(fileKind('notes.TXT', text('hello'))).toBe('text');
    expect(fileKind('x.json', text('not json'))).toBe('recording');
    expect(fileKind('photo.png', bytes(0x89, 0x50, 0x4e, 0x47))).toBe('unknown');
  });
});

describe('pickFiles', () => {
  const f = (name: string, kind: Parameters<typeof pickFiles>[0][number]['kind']) => ({ file: { name }, kind });

  it('one capture with at most one key log, in any order; one recording alone', () => {
    expect(pickFiles([f('k.log', 'keylog'), f('c.pcapng', 'capture')])).toEqual({ capture: { name: 'c.pcapng' }, keylog: { name: 'k.log' } });
    expect(pickFiles([f('c.pcap', 'capture')])).toEqual({ capture: { name: 'c.pcap' } });
    expect(pickFiles([f('r.json', 'recording')])).toEqual({ recording: { name: 'r.json' } });
    // A single file of unknown kind is tried as a recording (its parse error then explains).
    expect(pickFiles([f('odd', 'unknown')])).toEqual({ recording: { name: 'odd' } });
    expect(pickFiles([f('notes.txt', 'text')])).toEqual({ recording: { name: 'notes.txt' } });
    // Beside a capture, a file named like a key log is one (a bad line is then named by the key log reader).
    expect(pickFiles([f('c.pcap', 'capture'), f('keys.txt', 'text')])).toEqual({ capture: { name: 'c.pcap' }, keylog: { name: 'keys.txt' } });
    expect(pickFiles([])).toEqual({});
  });

  it('says why other combinations are not opened, naming the files', () => {
    expect(pickFiles([f('k.log', 'keylog')]).problem).toMatch(/^k\.log is a key log: choose it together with its capture/);
    expect(pickFiles([f('a.pcap', 'capture'), f('b.pcap', 'capture')]).problem).toBe('Open one capture at a time (with its key log, if any); these are 2 captures: a.pcap, b.pcap.');
    expect(pickFiles([f('a.log', 'keylog'), f('b.log', 'keylog')]).problem).toBe('Open one capture at a time (with its key log, if any); these are key logs only: a.log, b.log.');
    expect(pickFiles([f('c.pcap', 'capture'), f('a.log', 'keylog'), f('b.log', 'keylog')]).problem).toBe('One key log at a time, please: a.log, b.log.');
    expect(pickFiles([f('c.pcap', 'capture'), f('r.json', 'recording')]).problem).toBe('A recording (r.json) opens on its own: choose it without other files.');
    expect(pickFiles([f('c.pcap', 'capture'), f('x.png', 'unknown')]).problem).toBe('Not a capture (.pcap, .pcapng), a key log nor a recording (.json): x.png.');
  });
});

describe('recordingFileName', () => {
  it('is the capture name as .json, with the connection when there were several', () => {
    expect(recordingFileName('lab.pcapng', 1, 1)).toBe('lab.json');
    expect(recordingFileName('lab.PCAP', 2, 3)).toBe('lab-ssh2.json');
    expect(recordingFileName('.pcap', 1, 1)).toBe('capture.json');
    expect(recordingFileName('dump', 1, 1)).toBe('dump.json');
  });
});
