// Shared helpers for engine tests that run both roles through the simulator: configs with demo
// keys, and trace queries. It lives here, not beside the engine, because it needs the simulator
// and the demo keys: lib/ssh imports nothing from the layers above it (lib/ssh/layers.test.ts).

import { demoHostKeys } from './demoKeys';
import { simulate, type SimulateOptions, type SimulationResult } from './simulate';
import { defaultConfig, type EndpointConfig } from '../ssh/transport/config';
import type { Effect, TraceEntry } from '../ssh/transport/events';

export function pair(
  client: Partial<EndpointConfig> = {},
  server: Partial<EndpointConfig> = {},
): { client: EndpointConfig; server: EndpointConfig } {
  return {
    client: defaultConfig('client', client),
    server: defaultConfig('server', { hostKeys: demoHostKeys(), ...server }),
  };
}

export function run(
  client: Partial<EndpointConfig> = {},
  server: Partial<EndpointConfig> = {},
  extra: Partial<SimulateOptions> = {},
): SimulationResult {
  return simulate({ ...pair(client, server), seed: 1, ...extra });
}

export function entries(r: SimulationResult, endpoint: 'client' | 'server', direction?: 'sent' | 'received'): TraceEntry[] {
  return r.effects
    .filter((e) => e.endpoint === endpoint && e.effect.type === 'message')
    .map((e) => (e.effect as Extract<Effect, { type: 'message' }>).entry)
    .filter((e) => !direction || e.direction === direction);
}

export function disconnects(r: SimulationResult, endpoint: 'client' | 'server') {
  return r.effects
    .filter((e) => e.endpoint === endpoint && e.effect.type === 'disconnect')
    .map((e) => e.effect as Extract<Effect, { type: 'disconnect' }>);
}

export function sentBytes(r: SimulationResult, endpoint: 'client' | 'server'): Uint8Array[] {
  return r.effects
    .filter((e) => e.endpoint === endpoint && e.effect.type === 'send')
    .map((e) => (e.effect as Extract<Effect, { type: 'send' }>).bytes);
}
