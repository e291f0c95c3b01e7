// openRecording over the real OpenSSH recordings: steps cover every wire byte exactly once in
// stream order, phases and explanations are what the RFC sequence says, stateAt is consistent.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { concat, equalBytes } from '../ssh/wire/bytes';
import { EXPLAIN_KEYS } from './explain';
import { openRecording } from './open';
import type { MessageStep } from './session';
import { replay } from './simulate';

const dir = 'public/recordings/real';
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('openRecording: real OpenSSH recordings', () => {
  it('there are at least four', () => expect(files.length).toBeGreaterThanOrEqual(4));

  for (const f of files) {
    describe(f, () => {
      const rec = JSON.parse(readFileSync(join(dir, f), 'utf8'));
      const s = openRecording(rec);

      it('has the parties, summary and a complete handshake', () => {
        expect(s.parties.client).toEqual({ version: rec.client.config.version, present: true });
        expect(s.parties.server.present).toBe(false);
        expect(s.parties.server.version).toMatch(/^SSH-2\.0-OpenSSH_(9\.2|10\.0)/);
        expect(s.attacker).toBe(false);
        expect(s.summary.ok).toBe(true);
        expect(s.summary.outcome).toBe('handshake complete, service ssh-userauth accepted');
        // The negotiated kex is the one the client was configured to offer first.
        expect(s.summary.kex).toBe(rec.client.config.kex[0]);
        expect(s.summary.hostKeyFingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
      });

      it('every wire byte of each direction is in exactly one message step, in stream order', () => {
        // The independent truth for s2c: the concatenation of every bytesReceived event in the log.
        const received = concat(...rec.client.events.filter((e: { type: string }) => e.type === 'bytesReceived').map((e: { bytes: string }) => Uint8Array.from(Buffer.from(e.bytes, 'hex'))));
        // c2s: what the client's replay handed to the socket (its send effects, not its trace).
        const sentBytes = concat(...replay(s.recording.client!.config, s.recording.client!.events).effects.flat().flatMap((e) => (e.type === 'send' ? [e.bytes] : [])));
        const msgs = s.steps.filter((x): x is MessageStep => x.kind === 'message');
        for (const flow of ['c2s', 's2c'] as const) {
          const list = msgs.filter((m) => m.flow === flow);
          let offset = 0;
          for (const m of list) {
            expect(m.entry.streamOffset).toBe(offset);
            expect(m.size).toBe(m.entry.wire.length);
            offset += m.size;
          }
          const stream = concat(...list.map((m) => m.entry.wire));
          if (flow === 's2c') expect(equalBytes(stream, received)).toBe(true);
          else expect(equalBytes(stream, sentBytes)).toBe(true);
        }
        // One endpoint: sent entries for c2s, received entries for s2c, never both.
        for (const m of msgs) {
          expect(Boolean(m.sent)).toBe(m.flow === 'c2s');
          expect(Boolean(m.received)).toBe(m.flow === 's2c');
          expect(m.from).toBe(m.flow === 'c2s' ? 'client' : 'server');
        }
      });

      it('follows the RFC 4253 sequence of phases', () => {
        const order = ['version exchange', 'algorithm negotiation', 'key exchange', 'new keys', 'encrypted service'];
        const byTitle = (t: string) => s.steps.find((x) => x.title === t)!;
        expect(byTitle('identification string').phase).toBe('version exchange');
        expect(byTitle('SSH_MSG_KEXINIT').phase).toBe('algorithm negotiation');
        expect(byTitle('SSH_MSG_NEWKEYS').phase).toBe('new keys');
        expect(byTitle('SSH_MSG_SERVICE_ACCEPT').phase).toBe('encrypted service');
        expect(byTitle('derive keys').phase).toBe('key exchange');
        expect(s.steps.some((x) => x.phase === 'failure')).toBe(false);
        // The first step of each phase comes in RFC order.
        const firsts = order.map((p) => s.steps.findIndex((x) => x.phase === p));
        expect(firsts.every((v) => v >= 0)).toBe(true);
        expect([...firsts].sort((a, b) => a - b)).toEqual(firsts);
        for (const x of s.steps) expect(EXPLAIN_KEYS).toContain(x.explain);
        const keys = s.steps.find((x) => x.kind === 'computation' && x.action === 'derive keys');
        expect(keys?.kind === 'computation' && keys.computations.map((c) => (c.name === 'key' ? c.letter : '')).join('')).toBe('ABCDEF');
      });

      it('stateAt: before anything, after the kex, at the end; equal to the from-scratch path', () => {
        const before = s.stateAt(-1);
        expect(before.client.phase).toBe('version exchange');
        expect(before.client.waitingFor).toBe('start');
        expect(before.server.present).toBe(false);
        expect(before.server.inferred).toBe(true);
        const nk = s.steps.findIndex((x) => x.title === 'SSH_MSG_NEWKEYS' && x.kind === 'message' && x.flow === 's2c');
        const mid = s.stateAt(nk);
        expect(mid.client.kexCount).toBe(1);
        expect(mid.client.known.K).toBeDefined();
        expect(Object.keys(mid.client.known.keys).sort().join('')).toBe('ABCDEF');
        expect(mid.client.known.sessionId?.value).toEqual(mid.client.known.H?.value);
        const end = s.stateAt(s.steps.length - 1);
        // A polite close (reason 11) ends the encrypted service; it is no failure.
        expect(end.client.phase).toBe('encrypted service');
        expect(end.client.waitingFor).toBe('nothing (closed)');
        expect(end.client.closed?.reason).toBe(11);
        // The real server's counters are read off the client's log: they mirror the client's.
        expect(end.server.seq).toEqual({ send: end.client.seq.recv, recv: end.client.seq.send });
        expect(end.server.packets).toEqual({ sent: end.client.packets.received, received: end.client.packets.sent });
        for (let i = -1; i < s.steps.length; i++) expect(s.stateAt(i)).toEqual(s.stateAtFromScratch(i));
      });
    });
  }
});

describe('openRecording: one copy of the bytes both sides hold', () => {
  const open = (path: string) => openRecording(JSON.parse(readFileSync(path, 'utf8')));

  it('a packet that crossed unchanged shares its wire and plaintext bytes; the bytes are the sender\'s sends', () => {
    const s = open('public/recordings/basics/curve25519-ed25519-chacha20.json');
    const pairs = s.steps.filter((x): x is MessageStep => x.kind === 'message' && !!x.sent && !!x.received && x.entry.kind === 'packet');
    expect(pairs.length).toBeGreaterThan(8);
    // Independent truth: the client's replayed send effects, in order.
    const c = s.recording.client!;
    const sends = replay(c.config, c.events).effects.flat().flatMap((e) => (e.type === 'send' ? [e.bytes] : []));
    const c2s = pairs.filter((x) => x.flow === 'c2s');
    for (const x of pairs) {
      expect(x.sent!.wire).toBe(x.received!.wire);
      expect(x.received!.packet).toBe(x.sent!.packet);
    }
    for (const x of c2s) expect(sends.some((b) => equalBytes(b, x.sent!.wire))).toBe(true);
    // Trees built after sharing still describe the bytes: the payload's first byte is the number.
    for (const x of pairs) expect(x.received!.fields[2].children![0].value).toBe(x.sent!.packet![5]);
  });

  it('a packet modified in transit keeps both versions', () => {
    const s = open('public/recordings/attacks/downgrade-kexinit.json');
    const modified = s.steps.filter((x): x is MessageStep => x.kind === 'message' && x.tampered === 'modified');
    expect(modified.length).toBeGreaterThan(0);
    for (const x of modified) expect(equalBytes(x.sent!.wire, x.received!.wire)).toBe(false);
  });
});

describe('openRecording: the outcome sentence of every simulated scenario', () => {
  // Two derivations that share no code: the summary (from the paired steps) and the scenario
  // generator's outcomeOf (from each endpoint's own trace), written into meta.outcome.
  const items = (s: string) => {
    const [head, tail] = s.split('; unnoticed by either side: ');
    return { head, unnoticed: (tail ?? '').split(', the ').filter(Boolean).map((x) => x.replace(/^the /, '')).sort() };
  };
  for (const group of ['basics', 'algorithms', 'failures', 'attacks']) {
    for (const f of readdirSync(join('public/recordings', group)).filter((x) => x.endsWith('.json'))) {
      it(`${group}/${f}`, () => {
        const text = readFileSync(join('public/recordings', group, f), 'utf8');
        const meta = JSON.parse(text).meta;
        const s = openRecording(text);
        expect(items(s.summary.outcome)).toEqual(items(meta.outcome.replace(/, \d+ key exchanges/, '')));
      });
    }
  }
});
