import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openRecording } from '../session/open';
import { STEP_PHASES, type Party, type StepPhase } from '../session/session';
import { PARTIES, phaseTracks, segmentAt, trackChangeRows, type PhaseTracks, type TrackStep } from './phaseTracks';

type MessageRow = Extract<TrackStep, { kind: 'message' }>;
const msg = (from: MessageRow['from'], phase: StepPhase, extra: Partial<MessageRow> = {}): TrackStep => ({
  kind: 'message',
  phase,
  from,
  to: from === 'client' ? 'server' : 'client',
  encrypted: false,
  entry: { kind: 'packet' },
  ...extra,
});
const note = (by: Party, phase: StepPhase): TrackStep => ({ kind: 'computation', phase, by });

function shape(t: PhaseTracks) {
  return { client: t.client.map((s) => [s.phase, s.start, s.end]), server: t.server.map((s) => [s.phase, s.start, s.end]) };
}

const recording = (path: string) =>
  openRecording(readFileSync(new URL(`../../public/recordings/${path}`, import.meta.url), 'utf8'));

describe('phaseTracks', () => {
  it('moves each party only at its own steps (hand-built: the server runs ahead of the client)', () => {
    const steps: TrackStep[] = [
      msg('server', 'version exchange', { entry: { kind: 'line' } }), // 0
      msg('client', 'version exchange', { entry: { kind: 'line' } }), // 1
      msg('server', 'algorithm negotiation', { number: 20 }), // 2
      msg('client', 'algorithm negotiation', { number: 20 }), // 3
      note('server', 'key exchange'), // 4
      msg('server', 'new keys', { number: 21 }), // 5
      msg('server', 'encrypted service', { number: 7, encrypted: true }), // 6: EXT_INFO
      note('client', 'key exchange'), // 7: the client is still checking the server's key
      msg('client', 'new keys', { number: 21 }), // 8
      msg('attacker', 'key exchange'), // 9: an injected packet moves nobody
    ];
    expect(shape(phaseTracks(steps))).toEqual({
      client: [
        ['version exchange', 0, 3],
        ['algorithm negotiation', 3, 7],
        ['key exchange', 7, 8],
        ['new keys', 8, 10],
      ],
      server: [
        ['version exchange', 0, 2],
        ['algorithm negotiation', 2, 4],
        ['key exchange', 4, 5],
        ['new keys', 5, 6],
        ['encrypted service', 6, 10],
      ],
    });
    expect([...trackChangeRows(phaseTracks(steps))].sort((a, b) => a - b)).toEqual([0, 2, 3, 4, 5, 6, 7, 8]);
  });

  it("gives a failure the receiver found (bad MAC) to the receiver, not to the packet's sender", () => {
    const steps: TrackStep[] = [
      msg('client', 'new keys', { number: 21 }),
      msg('client', 'failure', { number: 5, encrypted: true, received: { error: 'MAC mismatch' } }),
      { kind: 'closed', phase: 'failure', by: 'server' },
    ];
    expect(shape(phaseTracks(steps))).toEqual({
      client: [
        ['new keys', 0, 1],
        ['encrypted service', 1, 3],
      ],
      server: [
        ['version exchange', 0, 1],
        ['failure', 1, 3],
      ],
    });
    // The sender's own failure (it sent a DISCONNECT over a failed check) stays the sender's.
    const own = phaseTracks([msg('client', 'failure', { number: 1 })]);
    expect(shape(own)).toEqual({ client: [['failure', 0, 1]], server: [['version exchange', 0, 1]] });
  });

  it('tiles every row per party, changes only at own steps, and matches a look-back at each row', () => {
    const actor = fc.constantFrom<'client' | 'server' | 'attacker'>('client', 'server', 'attacker');
    const phase = fc.constantFrom(...STEP_PHASES.filter((p) => p !== 'failure'));
    const step: fc.Arbitrary<TrackStep> = fc.oneof(
      fc.record({ from: actor, phase }).map(({ from, phase }) => msg(from, phase)),
      fc.record({ by: fc.constantFrom<Party>('client', 'server'), phase }).map(({ by, phase }) => note(by, phase)),
    );
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 200 }), (steps) => {
        const t = phaseTracks(steps);
        for (const p of PARTIES) {
          const segs = t[p];
          expect(segs[0].start).toBe(0);
          expect(segs[segs.length - 1].end).toBe(steps.length);
          for (let k = 1; k < segs.length; k++) {
            expect(segs[k].start).toBe(segs[k - 1].end);
            expect(segs[k].phase).not.toBe(segs[k - 1].phase);
          }
          for (let row = 0; row < steps.length; row++) {
            // Independent oracle: the phase of the party's last own step at or before this row.
            let expected: StepPhase = 'version exchange';
            for (let j = row; j >= 0; j--) {
              const s = steps[j];
              const mine = s.kind === 'message' ? s.from === p : s.by === p;
              if (mine) {
                expected = s.phase;
                break;
              }
            }
            expect(segmentAt(segs, row)?.phase).toBe(expected);
          }
        }
      }),
    );
  });

  it('is empty for no steps', () => {
    expect(phaseTracks([])).toEqual({ client: [], server: [] });
    expect(segmentAt([], 3)).toBeUndefined();
  });
});

describe('phaseTracks on bundled recordings', () => {
  // RFC 4253 §7: without a rekey each side goes through the phases in order and never back.
  const order = (p: StepPhase) => STEP_PHASES.indexOf(p);

  it('a successful handshake: each side only moves forward and ends in the encrypted service', () => {
    const s = recording('basics/curve25519-ed25519-chacha20.json');
    const t = phaseTracks(s.steps);
    for (const p of PARTIES) {
      const phases = t[p].map((x) => x.phase);
      expect(phases, p).toEqual(['version exchange', 'algorithm negotiation', 'key exchange', 'new keys', 'encrypted service']);
      for (let k = 1; k < t[p].length; k++) expect(order(t[p][k].phase)).toBeGreaterThan(order(t[p][k - 1].phase));
    }
    // The point of the tracks: the server sends EXT_INFO encrypted while the client is still in its key
    // exchange (it has not checked the host key yet).
    const extInfo = s.steps.findIndex((x) => x.title === 'SSH_MSG_EXT_INFO');
    expect(segmentAt(t.server, extInfo)?.phase).toBe('encrypted service');
    expect(segmentAt(t.client, extInfo)?.phase).toBe('key exchange');
  });

  it('a flipped byte: the server fails at the packet whose MAC does not verify; the client does not', () => {
    const s = recording('failures/flipped-byte-mac-error.json');
    const t = phaseTracks(s.steps);
    const bad = s.steps.findIndex((x) => x.kind === 'message' && x.tampered === 'modified');
    expect(bad).toBeGreaterThan(0);
    expect(segmentAt(t.server, bad)?.phase).toBe('failure');
    expect(segmentAt(t.server, bad - 1)?.phase).not.toBe('failure');
    expect(segmentAt(t.client, bad)?.phase).toBe('encrypted service');
    expect(t.server[t.server.length - 1].phase).toBe('failure');
    expect(t.client[t.client.length - 1].phase).toBe('failure'); // it closes on the server's DISCONNECT
  });
});
