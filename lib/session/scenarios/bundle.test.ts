// The committed bundle is exactly what `npm run sessions` makes now, every file is small, the
// manifest satisfies the viewer's schema, and every recording replays to the bytes that crossed
// the wire (through the attacker's hands where there was one).

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../viewer/manifest';
import type { Effect } from '../../ssh/transport/events';
import { concat, toHex } from '../../ssh/wire/bytes';
import { openRecording } from '../open';
import { parseRecording, stringifyRecording, type RecordedEndpoint } from '../recording';
import { replay, type Endpoint } from '../simulate';
import { buildBundle, MANIFEST_PATH } from './bundle';
import { GROUP_DIRS } from './scenario';

const PUBLIC = 'public';
const REAL = 'recordings/real';
const realFiles = readdirSync(join(PUBLIC, REAL))
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ path: `${REAL}/${f}`, text: readFileSync(join(PUBLIC, REAL, f), 'utf8') }));
const bundle = buildBundle(realFiles);

const sentChunks = (e: RecordedEndpoint): Uint8Array[] =>
  replay(e.config, e.events).effects.flatMap((list) => list.flatMap((x: Effect) => (x.type === 'send' ? [x.bytes] : [])));
const receivedChunks = (e: RecordedEndpoint): Uint8Array[] =>
  e.events.flatMap(({ event }) => (event.type === 'bytesReceived' ? [event.bytes] : []));
const hexes = (chunks: Uint8Array[]) => chunks.map(toHex);

describe('bundled recordings', () => {
  it('the committed files are byte-identical to what the generator makes now', () => {
    for (const [path, text] of bundle.files) {
      expect(readFileSync(join(PUBLIC, path), 'utf8'), `${path} is not what \`npm run sessions\` makes now: run it`).toBe(text);
    }
  });

  it('the scenario directories hold nothing else', () => {
    for (const dir of Object.values(GROUP_DIRS).filter((d) => d !== 'real')) {
      for (const f of readdirSync(join(PUBLIC, 'recordings', dir))) {
        expect(bundle.files.has(`recordings/${dir}/${f}`), `${dir}/${f}`).toBe(true);
      }
    }
  });

  it('a second generation gives the same bytes (no clock, no Math.random)', () => {
    const again = buildBundle(realFiles);
    expect([...again.files.keys()]).toEqual([...bundle.files.keys()]);
    for (const [path, text] of again.files) expect(text, path).toBe(bundle.files.get(path));
  });

  it('every recording is under 64 KB and opens as a valid recording', () => {
    for (const [path, text] of bundle.files) {
      if (path === MANIFEST_PATH) continue;
      expect(new TextEncoder().encode(text).length, path).toBeLessThan(64 * 1024);
      const rec = parseRecording(text);
      // Canonical: what loading and saving it again would write.
      expect(stringifyRecording(rec), path).toBe(text);
      expect(rec.meta.source).toBe('simulated');
      // Written with what each event really sent, so opening checks the replay against it.
      expect(rec.client!.sent!.length).toBeGreaterThan(0);
      expect(rec.server!.sent!.length).toBeGreaterThan(0);
    }
  });
});

describe('manifest', () => {
  const manifest = parseManifest(JSON.parse(bundle.files.get(MANIFEST_PATH)!));

  it('passes the viewer\'s schema and lists every scenario and every real recording', () => {
    expect(manifest.recordings).toHaveLength(bundle.runs.length + realFiles.length);
    const real = manifest.recordings.filter((e) => e.group === 'Real servers');
    expect(real.map((e) => e.file).sort()).toEqual(realFiles.map((f) => '/' + f.path).sort());
  });

  it('each entry points at its file, with its true size and what the replay says', () => {
    for (const e of manifest.recordings) {
      const text = readFileSync(join(PUBLIC, e.file), 'utf8');
      expect(e.bytes, e.slug).toBe(Buffer.byteLength(text));
      expect(e.file).toBe(`/recordings/${GROUP_DIRS[e.group]}/${e.slug}.json`);
      const rec = parseRecording(text);
      const n = (rec.client ? replay(rec.client.config, rec.client.events) : replay(rec.server!.config, rec.server!.events)).state.negotiated;
      if (n) expect(e.algorithms).toMatchObject({ kex: n.kex, hostKey: n.hostKey, cipher: n.cipherC2S });
      else expect(e.algorithms).toEqual({});
      // The count the viewer will show: the steps of the opened session.
      const session = openRecording(text);
      expect(e.steps, e.slug).toBe(session.steps.length);
      // The viewer draws an attacker exactly where a scenario had one.
      const run = bundle.runs.find((r) => r.scenario.slug === e.slug);
      expect(session.attacker, e.slug).toBe(Boolean(run?.scenario.attack));
      if (run) expect(rec.meta.attacker).toBe(Boolean(run.scenario.attack));
    }
  });
});

describe('replay determinism', () => {
  for (const run of bundle.runs) {
    it(run.scenario.slug, () => {
      const path = `recordings/${GROUP_DIRS[run.scenario.group]}/${run.scenario.slug}.json`;
      const rec = parseRecording(readFileSync(join(PUBLIC, path), 'utf8'));
      for (const from of ['client', 'server'] as const) {
        const to: Endpoint = from === 'client' ? 'server' : 'client';
        const sent = sentChunks(rec[from]!);
        const received = receivedChunks(rec[to]!);
        if (!run.attacker) {
          // One chunk per send: the receiver got exactly what the sender's replay produces.
          expect(hexes(received)).toEqual(hexes(sent));
          continue;
        }
        // Through the attacker: it saw exactly the replayed chunks, and delivered exactly what was received.
        const log = run.attacker.log.filter((l) => l.from === from);
        expect(hexes(log.map((l) => l.sent))).toEqual(hexes(sent));
        expect(hexes(log.flatMap((l) => l.delivered))).toEqual(hexes(received));
        for (const l of log) if (!l.tampered) expect(toHex(l.delivered[0])).toBe(toHex(l.sent));
        if (!log.some((l) => l.tampered)) expect(toHex(concat(...received))).toBe(toHex(concat(...sent)));
      }
    });
  }

  for (const f of realFiles) {
    it(`${f.path}: replaying twice gives the same bytes`, () => {
      const rec = parseRecording(f.text);
      expect(hexes(sentChunks(rec.client!))).toEqual(hexes(sentChunks(rec.client!)));
      expect(sentChunks(rec.client!).length).toBeGreaterThan(3);
    });
  }
});
