// Runs an experiment (experiment.ts): both endpoints' configs from the setup, the simulation, and
// the recording it makes. `sshscope simulate` and the playground's worker both call this, so the
// same setup and seed give the same file in the terminal and in the browser.

import { ciphers } from '../ssh/algorithms/cipher';
import { hostKeyAlgorithms } from '../ssh/algorithms/hostkey';
import { kexAlgorithms } from '../ssh/algorithms/kex';
import { macs } from '../ssh/algorithms/mac';
import { defaultConfig, type EndpointConfig } from '../ssh/transport/config';
import type { HostKeyPair } from '../ssh/algorithms/types';
import { attackRules } from './attackRules';
import { DEMO_KEY_TYPES, demoHostKeys } from './demoKeys';
import { SentDigestRecorder } from './digest';
import { experimentParams, type Catalog, type Experiment } from './experiment';
import type { Recording } from './recording';
import { createAttacker, type Attacker } from './scenarios/attacker';
import { outcomeOf, type Outcome } from './scenarios/outcome';
import { simulate, type SimulateOptions, type SimulationResult } from './simulate';
import { TOOL } from './tool';

/** What sshscope implements, read from the registries (never a list of its own). */
export function implementedAlgorithms(): Catalog {
  return {
    kex: Object.keys(kexAlgorithms),
    hostKey: Object.keys(hostKeyAlgorithms),
    cipher: Object.keys(ciphers),
    mac: Object.keys(macs),
    keyTypes: [...DEMO_KEY_TYPES],
  };
}

/**
 * Both endpoints' configs; the server holds the demo keys of its key types (private halves included, for signing).
 * With the mitm-hostkey attack the client knows the server's keys (a known_hosts file), as in the
 * mitm-different-host-key scenario: the check that catches a replaced host key needs one.
 */
export function experimentConfigs(e: Experiment): { client: EndpointConfig; server: EndpointConfig; hostKeys: HostKeyPair[] } {
  const hostKeys = demoHostKeys(e.server.keyTypes);
  const lists = (s: Experiment['client'] | Experiment['server']) => ({
    kex: [...s.kex],
    hostKey: [...s.hostKey],
    cipher: [...s.cipher],
    mac: [...s.mac],
    strictKex: s.strictKex,
    extInfo: s.extInfo,
  });
  return {
    client: defaultConfig('client', {
      ...lists(e.client),
      ...(e.client.guessKex ? { guessKex: true } : {}),
      ...(e.attack?.kind === 'mitm-hostkey' ? { knownHostKeys: hostKeys.map((k) => k.publicBlob) } : {}),
    }),
    server: defaultConfig('server', { ...lists(e.server), hostKeys }),
    hostKeys,
  };
}

export interface ExperimentRun {
  recording: Recording;
  outcome: SimulationResult['outcome'];
  result: SimulationResult;
  /** The man in the middle's log, when the experiment has an attack. */
  attacker?: Attacker;
  /** With an attack: the outcome replayed from both endpoints (who detected what), as meta.outcome says it. */
  replayed?: Outcome;
}

/** Simulates the experiment and builds its recording. `onEvent` sees each event before it is stepped (progress). */
export function runExperiment(e: Experiment, catalog: Catalog, onEvent?: SimulateOptions['onEvent']): ExperimentRun {
  const { client, server } = experimentConfigs(e);
  // Same seed as a scenario's attacker: a lab run with a scenario's settings forges the same bytes.
  const attacker = e.attack ? createAttacker(attackRules(e.attack, e), e.seed) : undefined;
  const r = simulate({ client, server, seed: e.seed, onEvent, ...(attacker ? { network: attacker.network } : {}) });
  // The digests come from the effects the run produced, not from a second replay.
  const sent = { client: new SentDigestRecorder(), server: new SentDigestRecorder() };
  for (const x of r.effects) sent[x.endpoint].add(x.eventIndex, x.effect);
  const setup = experimentParams(e, catalog)
    .filter(([k]) => k !== 'seed')
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const endpoints = {
    client: { config: r.client.config, events: r.client.events, sent: sent.client.digests() },
    server: { config: r.server.config, events: r.server.events, sent: sent.server.digests() },
  };
  const replayed = attacker ? outcomeOf(endpoints) : undefined;
  const recording: Recording = {
    meta: {
      title: 'Simulated handshake',
      // The setup is in the description when it fits (the field holds 4,000 characters).
      description: `sshscope client and server in memory, seed ${e.seed}.${setup && setup.length < 3500 ? ` Setup: ${setup}.` : ''}`,
      // No clock: the same setup gives the same file, in the terminal and in the browser.
      created: new Date(0).toISOString(),
      tool: TOOL,
      source: 'simulated',
      seed: e.seed,
      // With an attacker, the replayed outcome also names what went missing unnoticed (as a scenario's does).
      outcome: replayed ? replayed.sentence : r.outcome.description,
      // Wired directly, any difference between sent and received bytes makes the file inconsistent.
      attacker: Boolean(attacker),
    },
    ...endpoints,
  };
  return { recording, outcome: r.outcome, result: r, ...(attacker ? { attacker } : {}), ...(replayed ? { replayed } : {}) };
}
