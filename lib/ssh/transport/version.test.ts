// The identification line's field tree names each part as RFC 4253 §4.2 writes it:
// "SSH-" protoversion "-" softwareversion [SP comments] CR LF, with protoversion = "2.0".

import { describe, expect, it } from 'vitest';
import { readLine } from './version';

const line = (s: string) => new TextEncoder().encode(s);

describe('readLine: identification string fields', () => {
  it('protoversion is "2.0", not "SSH-2.0-"; every byte is annotated once', () => {
    const r = readLine(line('SSH-2.0-OpenSSH_9.9 Debian-1\r\n'), 0, false);
    expect(r.kind).toBe('version');
    if (r.kind !== 'version') return;
    expect(r.fields.map((f) => [f.name, f.value])).toEqual([
      ['SSH-', 'SSH-'],
      ['protoversion', '2.0'],
      ['-', '-'],
      ['softwareversion', 'OpenSSH_9.9'],
      ['comments', 'Debian-1'],
      ['CR LF', r.fields[5].value],
    ]);
    // The fields tile the line: no gap, no overlap.
    let at = 0;
    for (const f of r.fields) {
      expect(f.offset, f.name).toBe(at);
      at += f.length;
    }
    expect(at).toBe(r.bytes.length);
  });
  it('a 1.99 server line keeps its protoversion', () => {
    const r = readLine(line('SSH-1.99-old\r\n'), 0, false);
    expect(r.kind === 'version' && r.fields.find((f) => f.name === 'protoversion')?.value).toBe('1.99');
  });
});
