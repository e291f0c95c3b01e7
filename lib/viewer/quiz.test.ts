import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openRecording } from '../session/open';
import type { Step } from '../session/session';
import { allSpecs } from '../ssh/messages/specs';
import { IDENTIFICATION, nextQuestion, quizQuestion, quizReason, scoreText } from './quiz';

const open = (f: string) => openRecording(readFileSync(`public/recordings/${f}.json`, 'utf8'));
const SESSIONS = ['basics/curve25519-ed25519-chacha20', 'attacks/terrapin-chacha20-no-strict-kex', 'algorithms/gex-rsa-sha2-512-aes128ctr-umac-64', 'algorithms/guess-wrong'].map(open);

/** A message step with an arbitrary name from the catalogue (or any string): the generator must not care. */
const NAMES = [IDENTIFICATION, ...allSpecs.map((s) => s.name)];
const messageStep = (index: number, title: string): Step =>
  ({ kind: 'message', index, title, who: 'client → server', from: 'client', to: 'server', flow: 'c2s', phase: 'key exchange', t: 0, explain: '', size: 0, encrypted: false, entry: {} }) as unknown as Step;
const computationStep = (index: number): Step =>
  ({ kind: 'computation', index, title: 'compute K', who: 'client', by: 'client', action: 'compute K', computations: [], ok: true, phase: 'key exchange', t: 0, explain: '' }) as unknown as Step;
const arbSteps = fc
  .array(fc.oneof(fc.constantFrom(...NAMES), fc.string(), fc.constant(null)), { minLength: 1, maxLength: 40 })
  .map((xs) => xs.map((t, i) => (t === null ? computationStep(i) : messageStep(i, t))));

describe('quizQuestion', () => {
  it('property: the real message is among 3–4 distinct choices, at `answer`', () => {
    fc.assert(
      fc.property(arbSteps, fc.nat(), fc.string(), (steps, k, salt) => {
        const i = k % steps.length;
        const q = quizQuestion(steps, i, salt);
        if (steps[i].kind !== 'message') {
          expect(q).toBeNull();
          return;
        }
        expect(q).not.toBeNull();
        expect(q!.choices.length).toBeGreaterThanOrEqual(3);
        expect(q!.choices.length).toBeLessThanOrEqual(4);
        expect(new Set(q!.choices).size).toBe(q!.choices.length);
        expect(q!.choices[q!.answer]).toBe(steps[i].title);
        expect(q!.choices.filter((c) => c === steps[i].title)).toHaveLength(1);
      }),
      { numRuns: 500 },
    );
  });

  it('is deterministic per session and step (a class sees the same question)', () => {
    for (const s of SESSIONS)
      for (const st of s.steps) expect(quizQuestion(s.steps, st.index)).toEqual(quizQuestion([...s.steps], st.index));
  });

  it('moves the right answer around over a session', () => {
    for (const s of SESSIONS) {
      const positions = new Set(s.steps.map((st) => quizQuestion(s.steps, st.index)?.answer).filter((a) => a !== undefined));
      expect(positions.size, s.meta.title).toBeGreaterThanOrEqual(3);
    }
  });

  it('asks about the negotiated family: the curve25519 session offers ECDH messages, not the hybrid ones, near KEX_ECDH_INIT', () => {
    const s = SESSIONS[0];
    const i = s.steps.findIndex((st) => st.title === 'SSH_MSG_KEX_ECDH_INIT');
    const q = quizQuestion(s.steps, i)!;
    expect(q.choices).toContain('SSH_MSG_KEX_ECDH_INIT');
    expect(q.choices.some((c) => c.startsWith('SSH_MSG_KEX_HYBRID'))).toBe(false);
  });

  it('computations are not asked about', () => {
    const s = SESSIONS[0];
    for (const st of s.steps) if (st.kind !== 'message') expect(quizQuestion(s.steps, st.index)).toBeNull();
  });
});

describe('quizReason', () => {
  it('cites a section for every message of the bundled sessions, in one line', () => {
    for (const s of SESSIONS)
      for (const st of s.steps) {
        if (st.kind !== 'message') continue;
        const r = quizReason(s.steps, st.index);
        expect(r, `${s.meta.title} step ${st.index + 1}`).toMatch(/§\d|Injected/);
        expect(r).not.toContain('\n');
      }
  });
  it('says why per context: KEXINIT (§7.1), the kex start after KEXINITs, NEWKEYS (§7.3), an injected IGNORE, a wrong guess', () => {
    const [basic, terrapin, , guess] = SESSIONS;
    const at = (s: (typeof SESSIONS)[number], title: string, nth = 0) => s.steps.filter((x) => x.title === title)[nth].index;
    expect(quizReason(basic.steps, at(basic, 'SSH_MSG_KEXINIT'))).toMatch(/^§7\.1: key exchange begins/);
    expect(quizReason(basic.steps, at(basic, 'SSH_MSG_KEX_ECDH_INIT'))).toMatch(/^§7\.1, RFC 5656 §4: after both KEXINITs the client starts/);
    expect(quizReason(basic.steps, at(basic, 'SSH_MSG_NEWKEYS'))).toMatch(/^§7\.3/);
    expect(quizReason(terrapin.steps, at(terrapin, 'SSH_MSG_IGNORE'))).toMatch(/^Injected/);
    expect(quizReason(guess.steps, at(guess, 'SSH_MSG_KEX_ECDH_INIT', 1))).toMatch(/^§7\.1: the guess was wrong, so the guessed kex packet is ignored and the client sends SSH_MSG_KEX_ECDH_INIT again/);
  });
});

describe('scoring and gating', () => {
  it('scoreText counts right answers of those asked', () => {
    expect(scoreText(new Map([[1, true], [4, false], [6, true]]))).toBe('2 of 3');
    expect(scoreText(new Map())).toBe('0 of 0');
  });
  it('nextQuestion stops a forward move at the first unanswered message', () => {
    const s = SESSIONS[0].steps;
    // From step 4 (KEXINIT, index 3) to the end: computations 5–7 pass, KEX_ECDH_INIT (index 7) asks.
    expect(nextQuestion(s, 3, s.length - 1, new Set())).toBe(7);
    expect(nextQuestion(s, 3, s.length - 1, new Set([7]))).toBe(15);
    expect(nextQuestion(s, 3, 6, new Set())).toBe(-1);
  });
});
