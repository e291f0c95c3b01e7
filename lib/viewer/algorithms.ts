// The negotiated algorithms with both lists (RFC 4253 §7.1), for presenter mode: per category, what
// the client offered, what the server offered and the winner. Before negotiation the lists are the
// KEXINITs drawn so far; after it, the lists the endpoint negotiated from (what it received, which
// differs from what was sent when a man in the middle changed a KEXINIT).

import { KEXINIT_CATEGORIES, type Choice } from '../ssh/transport/negotiate';
import { ratingOf, type AlgorithmRating } from '../ssh/algorithms/ratings';
import type { EndpointState, SessionState, Step } from '../session/session';

/** Per category: the KEXINIT field and a short label (one table, lib/ssh/transport/negotiate.ts). */
export const CATEGORIES = KEXINIT_CATEGORIES;

export interface AlgorithmRow {
  category: string;
  label: string;
  /** The offers; undefined while that side's KEXINIT is not drawn yet. */
  client?: string[];
  server?: string[];
  /** The winner; null: nothing in common (the negotiation failed here); undefined: not decided. */
  chosen?: string | null;
  /** How good the winner is (lib/ssh/algorithms/ratings.ts); each offer's rating comes from the same table. */
  chosenRating?: AlgorithmRating;
}

export interface AlgorithmTable {
  /** 'decided' once an endpoint negotiated (or failed to); who did, for the caption. */
  status: 'no kexinit' | 'offers only' | 'decided' | 'failed';
  by?: 'client' | 'server';
  rows: AlgorithmRow[];
}

function names(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
}

function decidedBy(state: SessionState): { ep: EndpointState; choices: Choice[]; failed: boolean } | undefined {
  for (const ep of [state.client, state.server]) {
    if (ep.negotiationFailure) return { ep, choices: ep.negotiationFailure.choices, failed: true };
    if (ep.negotiated) return { ep, choices: ep.negotiated.choices, failed: false };
  }
  return undefined;
}

/** The table after step `index` (the state is `session.stateAt(index)`). */
export function algorithmTable(steps: readonly Step[], index: number, state: SessionState): AlgorithmTable {
  // The latest KEXINIT each side sent up to this step (a rekey starts over).
  const offers: Partial<Record<'client' | 'server', Record<string, unknown>>> = {};
  for (let i = 0; i <= index && i < steps.length; i++) {
    const s = steps[i];
    if (s.kind === 'message' && s.entry.name === 'SSH_MSG_KEXINIT' && s.entry.values) offers[s.flow === 'c2s' ? 'client' : 'server'] = s.entry.values;
  }
  const decided = decidedBy(state);
  const rows: AlgorithmRow[] = CATEGORIES.map(({ category, field, label }) => {
    const c = decided?.choices.find((x) => x.category === category);
    if (c) return { category, label, client: c.client, server: c.server, chosen: c.chosen, chosenRating: c.chosen ? ratingOf(category, c.chosen) : undefined };
    // A failed negotiation stops at the failing category: later ones show the offers only.
    return { category, label, client: names(offers.client?.[field]), server: names(offers.server?.[field]) };
  });
  if (decided) return { status: decided.failed ? 'failed' : 'decided', by: decided.ep.role, rows };
  return { status: offers.client || offers.server ? 'offers only' : 'no kexinit', rows };
}
