// Hostile bytes: whatever is cut, changed, shuffled or made up, openRecording returns a session
// (never throws) whose failure names a direction and a byte offset. And real peers: the bundled
// recordings of OpenSSH, seen by an observer with the client's key log, decode as the client did.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../ssh/transport/config';
import { toHex } from '../../ssh/wire/bytes';
import { demoHostKeys } from '../demoKeys';
import { openParsedRecording, openRecording, type OpenedSession } from '../open';
import { parseRecording, stringifyRecording, type Recording } from '../recording';
import type { ComputationStep, MessageStep } from '../session';
import { simulate } from '../simulate';
import { observerRecording } from './fromEndpoints';

function base(): Recording {
  const cfg = { kex: ['curve25519-sha256'], cipher: ['aes128-gcm@openssh.com', 'chacha20-poly1305@openssh.com'] };
  const r = simulate({ client: defaultConfig('client', cfg), server: defaultConfig('server', { hostKeys: demoHostKeys(), ...cfg }), seed: 'hostile' });
  return observerRecording(
    {
      meta: { title: 'sim', description: '', created: '2026-01-01T00:00:00Z', tool: 'test', source: 'simulated', attacker: false },
      client: { config: r.client.config, events: r.client.events },
      server: { config: r.server.config, events: r.server.events },
    },
    'client-private',
  );
}

function checkOpens(rec: Recording): OpenedSession {
  const s = openParsedRecording(rec);
  for (let i = -1; i < s.steps.length; i++) s.stateAt(i);
  for (const step of s.steps) {
    if (step.kind === 'message') {
      // Field trees are built on first read: reading them must not throw either.
      void step.entry.fields;
      void step.entry.wireFields;
      void step.entry.values;
    }
    if (step.error && step.kind === 'message') expect(step.error).toMatch(/client → server|server → client|SSH_MSG|message \d+|padding_length|strict|does not verify|negotiation/);
  }
  return s;
}

describe('hostile peer bytes never throw out of openRecording', () => {
  const rec = base();
  const chunks = rec.peerBytes!;

  it('the unharmed recording decodes completely', () => {
    expect(checkOpens(rec).summary.ok).toBe(true);
  });

  it('random truncation, byte changes, dropped or repeated chunks (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ op: fc.constant('flip' as const), chunk: fc.nat(), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
            fc.record({ op: fc.constant('cut' as const), chunk: fc.nat(), at: fc.nat() }),
            fc.record({ op: fc.constant('drop' as const), chunk: fc.nat() }),
            fc.record({ op: fc.constant('repeat' as const), chunk: fc.nat() }),
            fc.record({ op: fc.constant('garbage' as const), chunk: fc.nat(), bytes: fc.uint8Array({ maxLength: 64 }), c2s: fc.boolean() }),
          ),
          { minLength: 1, maxLength: 4 },
        ),
        (ops) => {
          let list = chunks.map((c) => ({ ...c }));
          for (const o of ops) {
            if (!list.length) break;
            const i = o.chunk % list.length;
            const c = list[i];
            if (o.op === 'flip' && c.bytes.length) {
              const b = c.bytes.slice();
              b[o.at % b.length] ^= o.xor;
              list[i] = { ...c, bytes: b };
            } else if (o.op === 'cut') list = [...list.slice(0, i), { ...c, bytes: c.bytes.subarray(0, o.at % (c.bytes.length + 1)) }];
            else if (o.op === 'drop') list = list.filter((_, k) => k !== i);
            else if (o.op === 'repeat') list = [...list.slice(0, i + 1), c, ...list.slice(i + 1)];
            else if (o.op === 'garbage') list = [...list.slice(0, i), { t: c.t, direction: o.c2s ? 'c2s' : 's2c', bytes: o.bytes }, ...list.slice(i)];
          }
          checkOpens({ ...rec, peerBytes: list });
        },
      ),
      { numRuns: 150, seed: 42 },
    );
  });

  it('pure garbage, empty streams and a server that never speaks', () => {
    const enc = new TextEncoder();
    const cases: Recording['peerBytes'][] = [
      [],
      [{ t: 0, direction: 'c2s', bytes: new Uint8Array(0) }],
      [{ t: 0, direction: 'c2s', bytes: enc.encode('GET / HTTP/1.1\r\n\r\n') }],
      [{ t: 0, direction: 's2c', bytes: new Uint8Array(5000).fill(0x41) }],
      [{ t: 0, direction: 'c2s', bytes: enc.encode('SSH-2.0-a\r\n\0\0\0\x0c\x04\x14\0\0\0\0\0\0\0\0\0\0') }],
      [{ t: 0, direction: 'c2s', bytes: enc.encode('SSH-2.0-a\r\n\0\0\0\x0c\x0a\x15\0\0\0\0\0\0\0\0\0\0') }],
    ];
    for (const peerBytes of cases) {
      const s = checkOpens({ ...rec, keylog: undefined, peerBytes });
      expect(s.summary.ok).toBe(false);
    }
    const http = checkOpens({ ...rec, peerBytes: cases[2] });
    expect(http.steps.at(-1)!.error).toMatch(/^client → server identification at byte 0 of that direction's stream: expected an identification line starting with "SSH-"/);
  });
});

describe('real OpenSSH sessions, as an observer with the client\'s key log sees them', () => {
  const dir = 'public/recordings/real';
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) {
    it(f, () => {
      const rec = parseRecording(readFileSync(join(dir, f), 'utf8'));
      const client = openParsedRecording(rec);
      const s = openRecording(stringifyRecording(observerRecording(rec, 'client-private')));
      expect(s.observer).toEqual({ keylog: 'used', sealed: false });
      expect(s.summary.outcome).toBe("observer's view, decrypted with the key log: handshake complete, service ssh-userauth accepted");
      const wire = (x: OpenedSession, flow: string) =>
        x.steps.filter((m): m is MessageStep => m.kind === 'message' && m.flow === flow).map((m) => [m.title, m.counters?.sender ?? m.counters?.receiver, toHex(m.entry.wire), m.entry.packet && toHex(m.entry.packet)]);
      for (const flow of ['c2s', 's2c']) expect(wire(s, flow)).toEqual(wire(client, flow));
      const vals = (x: OpenedSession) =>
        x.steps
          .filter((c): c is ComputationStep => c.kind === 'computation')
          .flatMap((c) => c.computations)
          .flatMap((c) => (['K', 'H', 'session_id', 'key'].includes(c.name) ? [toHex((c as { value: Uint8Array }).value)] : []));
      expect(vals(s)).toEqual(vals(client));
      expect(vals(s).length).toBeGreaterThanOrEqual(9);
      expect(s.summary.hostKeyFingerprint).toBe(client.summary.hostKeyFingerprint);
    });
  }
});

describe('bytes in many small chunks', () => {
  it('a packet that arrives one byte at a time (200,000 chunks) is read once it is complete', () => {
    const rec = base();
    const enc = new TextEncoder();
    // A clear IGNORE packet of 200,000 bytes after the version line, in 1-byte chunks.
    const len = 200_000 - 4;
    const packet = new Uint8Array(200_000);
    new DataView(packet.buffer).setUint32(0, len);
    packet[4] = 4 + ((len - 1 - 4 - 5) % 8);
    packet[5] = 2;
    const pad = packet[4];
    new DataView(packet.buffer).setUint32(6, len - 1 - pad - 5);
    const peerBytes: Recording['peerBytes'] = [{ t: 0, direction: 'c2s', bytes: enc.encode('SSH-2.0-x\r\n') }];
    for (let i = 0; i < packet.length; i++) peerBytes.push({ t: 1, direction: 'c2s', bytes: packet.subarray(i, i + 1) });
    const s = checkOpens({ ...rec, keylog: undefined, peerBytes });
    const m = s.steps.filter((x): x is MessageStep => x.kind === 'message');
    expect(m.map((x) => [x.title, x.error])).toEqual([
      ['identification string', undefined],
      ['SSH_MSG_IGNORE', undefined],
    ]);
    expect(m[1].entry.wire.length).toBe(200_000);
  });
});
