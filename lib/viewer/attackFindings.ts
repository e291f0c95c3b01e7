// What an attack run amounts to, read off the opened session's steps (never off what the attack
// meant to do): what the attacker did to which packet, which side noticed it, at which step and
// with which disconnect reason, or that nobody noticed and what that cost.

import { DISCONNECT } from '../ssh/messages/numbers';
import type { ClosedStep, ComputationStep, MessageStep, Party, Session, Step } from '../session/session';

export interface Tampering {
  step: number;
  kind: 'injected' | 'dropped' | 'modified';
  /** "the server's SSH_MSG_EXT_INFO" */
  what: string;
}

export interface Noticed {
  by: Party;
  /** The step where it noticed: the failed check, or the last packet it read before it closed. */
  at: number;
  /** That step's title: "SSH_MSG_IGNORE", "verify signature". */
  atTitle: string;
  /** The step where it closed the connection. */
  closed: number;
  reason: number;
  reasonName: string;
  description: string;
}

export interface AttackFindings {
  tampered: Tampering[];
  /** The sides that ended the connection of their own accord because of something they saw, first first. */
  noticed: Noticed[];
  /** Nobody noticed: what the attack cost, one sentence each (empty if it cost nothing visible). */
  cost: string[];
  /** Nobody noticed, and the connection did not finish: what each side was still waiting for. */
  stalled?: string;
}

const isMessage = (s: Step): s is MessageStep => s.kind === 'message';

function packetName(s: MessageStep): string {
  return s.entry.name;
}

function noticedBy(steps: Step[], closed: ClosedStep): Noticed {
  // The step the engine marked as the failure on this side (a failed check, a packet it could
  // not accept), else the last packet it read before it closed.
  const mine = (s: Step) => (s.kind === 'message' ? s.to === closed.by : s.kind === 'computation' && s.by === closed.by);
  const before = steps.slice(0, closed.index).reverse();
  const lastRead = before.find((s) => isMessage(s) && s.to === closed.by && s.received);
  // A packet it could not even frame (a garbled packet_length) has no copy as received: the first
  // packet delivered to it after the last one it read.
  const unread = steps.slice((lastRead?.index ?? -1) + 1, closed.index).find((s) => isMessage(s) && s.to === closed.by && !s.received);
  const at: Step =
    before.find((s) => mine(s) && (s.error !== undefined || (s.kind === 'computation' && !(s as ComputationStep).ok))) ?? unread ?? lastRead ?? closed;
  return {
    by: closed.by,
    at: at.index,
    atTitle: at.title,
    closed: closed.index,
    reason: closed.reason,
    reasonName: closed.reasonName,
    description: closed.description,
  };
}

export function attackFindings(session: Session): AttackFindings {
  const { steps } = session;
  const tampered: Tampering[] = steps.filter(isMessage).flatMap((s) =>
    s.tampered
      ? [{ step: s.index, kind: s.tampered, what: s.tampered === 'injected' ? `a forged ${packetName(s)}` : `the ${s.from}'s ${packetName(s)}` }]
      : [],
  );
  // A side's own decision to close is a detection, except the client's goodbye after a finished handshake.
  const noticed = steps
    .filter((s): s is ClosedStep => s.kind === 'closed' && s.cause === 'local' && s.reason !== DISCONNECT.BY_APPLICATION)
    .map((c) => noticedBy(steps, c));
  const cost: string[] = [];
  let stalled: string | undefined;
  if (noticed.length === 0) {
    for (const t of tampered) {
      const s = steps[t.step] as MessageStep;
      if (t.kind === 'dropped') cost.push(`${t.what} never arrived${s.entry.name === 'SSH_MSG_EXT_INFO' ? ': the client never learned the server\'s extensions (server-sig-algs, RFC 8308 §3.1)' : ''}`);
      else if (t.kind === 'injected') cost.push(`the ${s.to} read ${t.what}`);
      else cost.push(`the ${s.to} read ${t.what} as the attacker rewrote it`);
    }
    const last = session.stateAt(steps.length - 1);
    if (!steps.some((s) => s.kind === 'closed')) {
      stalled = `the connection stalled: the client waits for ${last.client.waitingFor}, the server for ${last.server.waitingFor}`;
    }
  }
  return { tampered, noticed, cost, ...(stalled ? { stalled } : {}) };
}
