// Keeps a locally opened recording for /view across reloads of the tab: sessionStorage when it
// fits, IndexedDB when it is too big for it. Nothing leaves the browser.

const KEY = 'sshscope:local-recording';
const DB = 'sshscope';
const STORE = 'local';
/** sessionStorage holds about 5 M UTF-16 units per origin; leave room for everything else. */
const SESSION_LIMIT = 2_000_000;

export interface LocalRecording {
  name: string;
  text: string;
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

export async function saveLocalRecording(rec: LocalRecording): Promise<void> {
  const small = rec.text.length <= SESSION_LIMIT;
  if (small) {
    try {
      sessionStorage.setItem(KEY, JSON.stringify({ where: 'session', ...rec }));
      return;
    } catch {
      // Over quota: fall through to IndexedDB.
    }
  }
  await idbRequest('readwrite', (s) => s.put(rec, KEY));
  sessionStorage.setItem(KEY, JSON.stringify({ where: 'idb', name: rec.name }));
}

export async function loadLocalRecording(): Promise<LocalRecording | null> {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return null;
  let marker: { where?: string; name?: unknown; text?: unknown };
  try {
    marker = JSON.parse(raw);
  } catch {
    return null;
  }
  if (marker.where === 'session' && typeof marker.text === 'string') {
    return { name: String(marker.name ?? 'recording'), text: marker.text };
  }
  if (marker.where === 'idb') {
    const rec = await idbRequest<LocalRecording | undefined>('readonly', (s) => s.get(KEY));
    return rec && typeof rec.text === 'string' ? rec : null;
  }
  return null;
}
