// Keeps a locally opened recording, or a capture (with its key log and the SSH connection picked),
// for /view across reloads of the tab: sessionStorage when it fits, IndexedDB when it is too big
// for it. Nothing leaves the browser.

const KEY = 'sshscope:local-recording';
const DB = 'sshscope';
const STORE = 'local';
/** sessionStorage holds about 5 M UTF-16 units per origin; leave room for everything else. */
const SESSION_LIMIT = 2_000_000;

export interface LocalRecording {
  name: string;
  text: string;
}

/** A pcap/pcapng opened here: imported in the worker each time /view shows it. */
export interface LocalCapture {
  kind: 'capture';
  name: string;
  bytes: Uint8Array;
  keylog?: { name: string; text: string };
  /** The SSH connection picked (SshStream.number) when the capture holds several. */
  stream?: number;
}

export type LocalFile = LocalRecording | LocalCapture;

export function isCapture(f: LocalFile): f is LocalCapture {
  return (f as LocalCapture).kind === 'capture';
}

function toBase64(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192));
  return btoa(s);
}

function fromBase64(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function idb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB is unavailable'));
  });
}

async function idbRequest<T>(mode: IDBTransactionMode, run: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await idb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const req = run(db.transaction(STORE, mode).objectStore(STORE));
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
    });
  } finally {
    db.close();
  }
}

export async function saveLocalRecording(rec: LocalFile): Promise<void> {
  // A capture's bytes go into sessionStorage as base64 (4 characters per 3 bytes).
  const small = isCapture(rec) ? (rec.bytes.length * 4) / 3 + (rec.keylog?.text.length ?? 0) <= SESSION_LIMIT : rec.text.length <= SESSION_LIMIT;
  if (small) {
    try {
      const stored = isCapture(rec) ? { ...rec, bytes: toBase64(rec.bytes) } : rec;
      sessionStorage.setItem(KEY, JSON.stringify({ where: 'session', ...stored }));
      return;
    } catch {
      // Over quota: fall through to IndexedDB.
    }
  }
  await idbRequest('readwrite', (s) => s.put(rec, KEY));
  sessionStorage.setItem(KEY, JSON.stringify({ where: 'idb', name: rec.name }));
}

export async function loadLocalRecording(): Promise<LocalFile | null> {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return null;
  let marker: { where?: string; name?: unknown; text?: unknown; kind?: unknown; bytes?: unknown; keylog?: unknown; stream?: unknown };
  try {
    marker = JSON.parse(raw);
  } catch {
    return null;
  }
  if (marker.where === 'session' && marker.kind === 'capture' && typeof marker.bytes === 'string') {
    let bytes: Uint8Array;
    try {
      bytes = fromBase64(marker.bytes);
    } catch {
      return null;
    }
    return captureOf({ ...marker, bytes });
  }
  if (marker.where === 'session' && typeof marker.text === 'string') {
    return { name: String(marker.name ?? 'recording'), text: marker.text };
  }
  if (marker.where === 'idb') {
    const rec = await idbRequest<(LocalRecording & { kind?: unknown; bytes?: unknown }) | undefined>('readonly', (s) => s.get(KEY));
    if (rec?.kind === 'capture') return captureOf(rec);
    return rec && typeof rec.text === 'string' ? rec : null;
  }
  return null;
}

/** A stored capture checked field by field (the store is the page's own, but a tab may hold an older shape). */
function captureOf(o: { name?: unknown; bytes?: unknown; keylog?: unknown; stream?: unknown }): LocalCapture | null {
  if (!(o.bytes instanceof Uint8Array)) return null;
  const k = o.keylog as { name?: unknown; text?: unknown } | undefined;
  const keylog = k && typeof k.text === 'string' ? { name: String(k.name ?? 'key log'), text: k.text } : undefined;
  const stream = typeof o.stream === 'number' && Number.isInteger(o.stream) && o.stream >= 1 ? o.stream : undefined;
  return { kind: 'capture', name: String(o.name ?? 'capture'), bytes: o.bytes, ...(keylog ? { keylog } : {}), ...(stream ? { stream } : {}) };
}
