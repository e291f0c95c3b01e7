import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadLocalRecording, saveLocalRecording } from './localRecording';

/** A Storage with a quota, like the browser's (QuotaExceededError past it). */
function fakeStorage(quota = Infinity): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => {
      if (v.length > quota) throw new DOMException('quota', 'QuotaExceededError');
      m.set(k, v);
    },
  };
}

afterEach(() => vi.unstubAllGlobals());

describe('local recording store', () => {
  it('keeps a file in sessionStorage and reads the same text and name back (what a reload sees)', async () => {
    vi.stubGlobal('sessionStorage', fakeStorage());
    const text = JSON.stringify({ format: 'sshscope-recording', meta: { title: 'é <b>x</b> \u2028' } });
    await saveLocalRecording({ name: 'mine.json', text });
    expect(await loadLocalRecording()).toEqual({ name: 'mine.json', text });
  });

  it('keeps a capture (every byte value), its key log and the connection picked, and reads them back', async () => {
    vi.stubGlobal('sessionStorage', fakeStorage());
    const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7) & 0xff);
    const capture = { kind: 'capture' as const, name: 'lab.pcapng', bytes, keylog: { name: 'keys.log', text: 'ab SHARED_SECRET 01\n' }, stream: 2 };
    await saveLocalRecording(capture);
    expect(await loadLocalRecording()).toEqual(capture);
    await saveLocalRecording({ kind: 'capture', name: 'b.pcap', bytes: new Uint8Array([0xd4, 0xc3]) });
    expect(await loadLocalRecording()).toEqual({ kind: 'capture', name: 'b.pcap', bytes: new Uint8Array([0xd4, 0xc3]) });
  });

  it('reads nothing from an empty or corrupted tab store instead of throwing', async () => {
    const s = fakeStorage();
    vi.stubGlobal('sessionStorage', s);
    expect(await loadLocalRecording()).toBeNull();
    s.setItem('sshscope:local-recording', '{not json');
    expect(await loadLocalRecording()).toBeNull();
    s.setItem('sshscope:local-recording', JSON.stringify({ where: 'session', text: 42 }));
    expect(await loadLocalRecording()).toBeNull();
    s.setItem('sshscope:local-recording', JSON.stringify({ where: 'session', kind: 'capture', bytes: '%%% not base64' }));
    expect(await loadLocalRecording()).toBeNull();
  });

  it('goes to IndexedDB when sessionStorage is full (and fails loudly without it)', async () => {
    vi.stubGlobal('sessionStorage', fakeStorage(100));
    // No IndexedDB in Node: the fallback is attempted, so the error surfaces to the caller.
    await expect(saveLocalRecording({ name: 'big.json', text: 'x'.repeat(1000) })).rejects.toThrow();
  });
});
