// Quiz mode ("what comes next?"): before a message step is revealed, the viewer asks which
// message it is. Pure: the choices are a function of the session's steps and the step index only
// (a seeded shuffle, no Math.random), so a whole class sees the same question on its screens.
//
// The wrong choices are plausible on purpose: messages of the same key exchange family and of the
// transport layer (RFC 4253 §12's numbers, the kex family's 30–49), preferring the ones the session
// itself uses near this step, so "NEWKEYS or KEX_ECDH_REPLY?" is a real question.

import { allSpecs, kexSpecs } from '../ssh/messages/specs';
import type { MessageStep, Step } from '../session/session';

export const IDENTIFICATION = 'identification string';

export interface QuizQuestion {
  /** The step asked about (0-based). */
  step: number;
  /** 3 or 4 distinct message names. */
  choices: string[];
  /** Index into `choices` of the real message. */
  answer: number;
  /** One line: why this message comes next, with its section. */
  reason: string;
}

/** Steps that are asked about: every message. Computations and closes are revealed without a question. */
export function isQuizStep(s: Step | undefined): s is MessageStep {
  return s?.kind === 'message';
}

/** FNV-1a over a string: a small, stable seed. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a tiny seeded generator in [0, 1). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(xs: T[], r: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** The kex family messages the session uses (by their names), else every family's. */
function familyNames(steps: readonly Step[]): string[] {
  const used = new Set(steps.filter(isQuizStep).map((s) => s.title));
  for (const specs of Object.values(kexSpecs)) if (specs.some((s) => used.has(s.name))) return specs.map((s) => s.name);
  return Object.values(kexSpecs).flatMap((specs) => specs.map((s) => s.name));
}

/** The catalogue of the protocol's messages a distractor may come from, most plausible first. */
const CORE = ['SSH_MSG_KEXINIT', 'SSH_MSG_NEWKEYS', 'SSH_MSG_SERVICE_REQUEST', 'SSH_MSG_SERVICE_ACCEPT', 'SSH_MSG_EXT_INFO', 'SSH_MSG_DISCONNECT', 'SSH_MSG_IGNORE'];

/**
 * The question for step `index`, or null when that step is not a message. The real message is
 * always among the choices; the choices are distinct; there are 3 or 4 of them.
 */
export function quizQuestion(steps: readonly Step[], index: number, salt = ''): QuizQuestion | null {
  const step = steps[index];
  if (!isQuizStep(step)) return null;
  const r = rng(hash(`${salt}|${index}|${steps.map((s) => s.title).join(',')}`));
  const real = step.title;
  // Nearby messages of this session first (what a student has just seen or will see), then the
  // kex family and the transport catalogue.
  const near = steps
    .filter(isQuizStep)
    .filter((s) => Math.abs(s.index - index) <= 8)
    .map((s) => s.title);
  const pool = [...new Set([...shuffle(near, r), ...shuffle(familyNames(steps), r), ...shuffle(CORE, r), IDENTIFICATION, ...allSpecs.map((s) => s.name)])].filter(
    (n) => n !== real,
  );
  const wrong = Math.min(pool.length, r() < 0.5 ? 2 : 3);
  // Not simply the first few: take from the plausible head of the pool, in a shuffled order.
  const picked = shuffle(pool.slice(0, Math.max(wrong, 5)), r).slice(0, wrong);
  const answer = Math.floor(r() * (picked.length + 1));
  const choices = [...picked.slice(0, answer), real, ...picked.slice(answer)];
  return { step: index, choices, answer, reason: quizReason(steps, index) };
}

const lastBefore = (steps: readonly Step[], index: number, title: string) => steps.slice(0, index).some((s) => isQuizStep(s) && s.title === title);

/** Why this message comes here, in one line with its section (RFC 4253 unless said otherwise). */
export function quizReason(steps: readonly Step[], index: number): string {
  const s = steps[index];
  if (!isQuizStep(s)) return '';
  const from = s.from === 'client' ? 'the client' : s.from === 'server' ? 'the server' : 'the attacker';
  if (s.tampered === 'injected') return `Injected by the man in the middle: ${s.title} was never sent by either endpoint (this session's attack).`;
  const name = s.title;
  if (name === IDENTIFICATION) return '§4.2: each side first sends its identification string, "SSH-2.0-" and its software version.';
  if (name === 'SSH_MSG_KEXINIT') {
    if (lastBefore(steps, index, 'SSH_MSG_NEWKEYS')) return '§9: either side may start a new key exchange (a rekey) by sending SSH_MSG_KEXINIT.';
    return '§7.1: key exchange begins by each side sending SSH_MSG_KEXINIT with its algorithm lists.';
  }
  if (name === 'SSH_MSG_NEWKEYS') return `§7.3: key exchange ends with SSH_MSG_NEWKEYS; ${from} sends it, and its next packets use the new keys.`;
  if (name === 'SSH_MSG_EXT_INFO') return 'RFC 8308 §2.4: a server that saw ext-info-c may send SSH_MSG_EXT_INFO as its next packet after its first NEWKEYS.';
  if (name === 'SSH_MSG_SERVICE_REQUEST') return '§10: after key exchange the client requests a service, usually ssh-userauth.';
  if (name === 'SSH_MSG_SERVICE_ACCEPT') return '§10: the server accepts the service it was asked for with SSH_MSG_SERVICE_ACCEPT.';
  if (name === 'SSH_MSG_DISCONNECT') return `§11.1: ${from} ends the connection with SSH_MSG_DISCONNECT and a reason code.`;
  if (name === 'SSH_MSG_IGNORE') return '§11.2: SSH_MSG_IGNORE may be sent at any time; the receiver must ignore it.';
  const kexRef = KEX_REF[name];
  if (kexRef) {
    if (/_REPLY$/.test(name)) return `${kexRef}: the server replies with its host key K_S, its public value and its signature of the exchange hash H.`;
    if (/_GROUP$/.test(name)) return `${kexRef}: the server answers the client's group request with the prime p and generator g.`;
    if (lastBefore(steps, index, name)) return `§7.1: the guess was wrong, so the guessed kex packet is ignored and ${from} sends ${name} again.`;
    return `§7.1, ${kexRef}: after both KEXINITs ${from} starts the negotiated key exchange with ${name}.`;
  }
  return `${from} sends ${name} (RFC 4250 §4.1 lists the message numbers).`;
}

/** Where each key exchange family's messages are defined. */
const KEX_REF: Record<string, string> = {
  SSH_MSG_KEX_ECDH_INIT: 'RFC 5656 §4',
  SSH_MSG_KEX_ECDH_REPLY: 'RFC 5656 §4',
  SSH_MSG_KEXDH_INIT: '§8',
  SSH_MSG_KEXDH_REPLY: '§8',
  SSH_MSG_KEX_DH_GEX_REQUEST: 'RFC 4419 §3',
  SSH_MSG_KEX_DH_GEX_GROUP: 'RFC 4419 §3',
  SSH_MSG_KEX_DH_GEX_INIT: 'RFC 4419 §3',
  SSH_MSG_KEX_DH_GEX_REPLY: 'RFC 4419 §3',
  SSH_MSG_KEX_HYBRID_INIT: 'draft-ietf-sshm-mlkem-hybrid-kex-10 §2.1',
  SSH_MSG_KEX_HYBRID_REPLY: 'draft-ietf-sshm-mlkem-hybrid-kex-10 §2.4',
};

/** "7 of 12": how many answers were right out of how many were asked. */
export function scoreText(answers: ReadonlyMap<number, boolean>): string {
  let right = 0;
  for (const ok of answers.values()) if (ok) right++;
  return `${right} of ${answers.size}`;
}

/** The first message step in (from, to] not answered yet, or -1: where a forward move must stop and ask. */
export function nextQuestion(steps: readonly Step[], from: number, to: number, answered: ReadonlySet<number>): number {
  for (let i = from + 1; i <= to && i < steps.length; i++) if (isQuizStep(steps[i]) && !answered.has(i)) return i;
  return -1;
}
