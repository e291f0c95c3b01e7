// --kex/--hostkey/--cipher/--mac: comma-separated IANA names, checked against what the engine
// implements, so a typo is a usage error naming the flag rather than a confusing "no common algorithm".

import { ciphers } from '../../ssh/algorithms/cipher';
import { hostKeyAlgorithms } from '../../ssh/algorithms/hostkey';
import { kexAlgorithms } from '../../ssh/algorithms/kex';
import { macs } from '../../ssh/algorithms/mac';
import type { EndpointConfig } from '../../ssh/transport/config';
import { list, UsageError, type FlagSpec } from './args';

const flags = [
  { flag: 'kex', key: 'kex', registry: kexAlgorithms },
  { flag: 'hostkey', key: 'hostKey', registry: hostKeyAlgorithms },
  { flag: 'cipher', key: 'cipher', registry: ciphers },
  { flag: 'mac', key: 'mac', registry: macs },
] as const;

/** The flags every command that configures an endpoint takes: one spec, so they cannot drift apart. */
export const ALGORITHM_OPTIONS = {
  kex: { value: true },
  hostkey: { value: true },
  cipher: { value: true },
  mac: { value: true },
} as const satisfies Record<string, FlagSpec>;

export function algorithmFlags(values: Record<string, unknown>): Partial<Pick<EndpointConfig, 'kex' | 'hostKey' | 'cipher' | 'mac'>> {
  const out: Partial<Pick<EndpointConfig, 'kex' | 'hostKey' | 'cipher' | 'mac'>> = {};
  for (const { flag, key, registry } of flags) {
    const names = list(values[flag]);
    if (!names) continue;
    const unknown = names.filter((n) => !Object.hasOwn(registry, n));
    if (unknown.length) {
      throw new UsageError(`--${flag}: sshscope does not implement ${unknown.join(', ')} (it knows: ${Object.keys(registry).join(', ')})`);
    }
    out[key] = names;
  }
  return out;
}
