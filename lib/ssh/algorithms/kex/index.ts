// The kex registry, keyed by IANA name.

import type { KexAlgorithm } from '../types';
import { dhMethods, gexMethod } from './dh';
import { ecdhMethods } from './ecdh';

export { chooseGexGroup, gexGroups, groupBits, groups } from './dh';

export const kexAlgorithms: Record<string, KexAlgorithm> = Object.fromEntries(
  [...ecdhMethods, gexMethod, ...dhMethods].map((k) => [k.name, k]),
);
