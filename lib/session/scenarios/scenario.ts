// A scenario: two sshscope endpoints, their configurations, a seed, an optional man in the
// middle, and what a student should see happen. Running one gives a recording; the expected
// outcome is checked against the replayed recording by the tests, never taken on trust.

import type { HostKeyPair } from '../../ssh/algorithms/types';
import { defaultConfig, type EndpointConfig } from '../../ssh/transport/config';
import type { EngineEvent } from '../../ssh/transport/events';
import { demoHostKey } from '../demoKeys';
import { SentDigestRecorder } from '../digest';
import type { Recording } from '../recording';
import { simulate, type Endpoint, type SimulationResult } from '../simulate';
import { createAttacker, type Attacker, type AttackRule } from './attacker';
import type { Claims } from './claims';
import { outcomeOf, type Outcome } from './outcome';

export type Group = 'Basics' | 'Algorithms' | 'Failures' | 'Attacks' | 'Real servers';

export const GROUP_DIRS: Record<Group, string> = {
  Basics: 'basics',
  Algorithms: 'algorithms',
  Failures: 'failures',
  Attacks: 'attacks',
  'Real servers': 'real',
};

/** What must hold after replaying the recording. */
export interface Expectation {
  /** Handshake complete, service accepted, and nobody ended the connection but the client's goodbye. */
  ok: boolean;
  /** The first endpoint to end the connection of its own accord. */
  disconnect?: { by: Endpoint; reason: number; mentions: string };
  /** Negotiated algorithms as the client saw them. */
  negotiated?: { kex?: string; hostKey?: string; cipher?: string; mac?: string };
  /** Key exchanges the client completed. */
  kexCount?: number;
  /** RFC 8308 extensions the client ended up with (present / absent). */
  clientExtensions?: { has?: string[]; lacks?: string[] };
  /** The server judged the client's first_kex_packet_follows guess right or wrong. */
  guessRight?: boolean;
  /** The client's verification of the server's signature of H. */
  signatureVerifies?: boolean;
  /** The client's host key check: true (in known_hosts), false (not), null (no known_hosts: not checked). */
  hostKeyKnown?: boolean | null;
}

export interface Scenario {
  /** kebab-case, unique: the file name and the viewer's /sessions/[slug]. */
  slug: string;
  group: Exclude<Group, 'Real servers'>;
  title: string;
  /** One line for the gallery. */
  summary: string;
  /** For a student: what happens and what to look for. Goes into meta.description. */
  description: string;
  seed: number;
  /** Overrides of defaultConfig('client'). */
  client?: Partial<EndpointConfig>;
  /** Overrides of defaultConfig('server'); host keys come from `serverKeys`. */
  server?: Partial<EndpointConfig>;
  /** Key types the server holds demo keys for. */
  serverKeys: string[];
  /** The client trusts exactly the server's demo keys (a known_hosts file). */
  clientKnowsServer?: boolean;
  /** Requests the client makes after SERVICE_ACCEPT (IGNORE, DEBUG, a rekey…). */
  afterService?: EngineEvent[];
  attack?: AttackRule[];
  expect: Expectation;
  /**
   * What the title, summary and description say happens, as data the card-vs-replay test compares
   * with the opened recording. A text states nothing about the session that is not here (or in `expect`).
   */
  claims: Claims;
}

/** Fixed meta values keep regenerated files byte-identical. */
export const SCENARIO_CREATED = '2026-01-01T00:00:00.000Z';
export const SCENARIO_TOOL = 'sshscope 0.1.0 (npm run sessions)';

const keyCache = new Map<string, HostKeyPair>();
/** Demo keys are deterministic but RSA is slow to derive: compute each once. */
export function cachedDemoKey(keyType: string, seed?: string): HostKeyPair {
  const id = `${keyType}\u0000${seed ?? ''}`;
  let k = keyCache.get(id);
  if (!k) {
    k = seed === undefined ? demoHostKey(keyType) : demoHostKey(keyType, seed);
    keyCache.set(id, k);
  }
  return k;
}

export function scenarioConfigs(s: Scenario): { client: EndpointConfig; server: EndpointConfig } {
  const hostKeys = s.serverKeys.map((t) => cachedDemoKey(t));
  const client = defaultConfig('client', {
    ...(s.clientKnowsServer ? { knownHostKeys: hostKeys.map((k) => k.publicBlob) } : {}),
    ...s.client,
  });
  const server = defaultConfig('server', { hostKeys, ...s.server });
  return { client, server };
}

export interface ScenarioRun {
  scenario: Scenario;
  result: SimulationResult;
  /** Present when the scenario has a man in the middle: what it did to every chunk. */
  attacker?: Attacker;
  recording: Recording;
  outcome: Outcome;
}

export function runScenario(s: Scenario): ScenarioRun {
  const { client, server } = scenarioConfigs(s);
  const attacker = s.attack ? createAttacker(s.attack, s.seed) : undefined;
  const result = simulate({
    client,
    server,
    seed: s.seed,
    afterService: s.afterService,
    ...(attacker ? { network: attacker.network } : {}),
  });
  // What each event really sent in this run, so opening the file can check its replay against it.
  const sent = { client: new SentDigestRecorder(), server: new SentDigestRecorder() };
  for (const e of result.effects) sent[e.endpoint].add(e.eventIndex, e.effect);
  const endpoints = {
    client: { config: result.client.config, events: result.client.events, sent: sent.client.digests() },
    server: { config: result.server.config, events: result.server.events, sent: sent.server.digests() },
  };
  const outcome = outcomeOf(endpoints);
  // Keys in the schema's order: the file is then already in the canonical form parse∘stringify gives.
  const recording: Recording = {
    meta: {
      title: s.title,
      description: s.description,
      created: SCENARIO_CREATED,
      tool: SCENARIO_TOOL,
      source: 'simulated',
      seed: s.seed,
      outcome: outcome.sentence,
      // Wired directly, any difference between sent and received bytes makes the file inconsistent.
      attacker: Boolean(s.attack),
    },
    ...endpoints,
  };
  return { scenario: s, result, attacker, recording, outcome };
}
