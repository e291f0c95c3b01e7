// The kex registry, keyed by IANA name.

import type { KexAlgorithm } from '../types';
import { dhMethods, gexMethod } from './dh';
import { ecdhMethods } from './ecdh';
import { hybridMethods } from './hybrid';

export { chooseGexGroup, gexGroups, groupBits, groups } from './dh';
export { GEX_MAX_BITS, GEX_MIN_BITS, GEX_REQUEST_MIN_BITS, gexGroupProblem, gexRequestProblem, serverGexSizes } from './gex';

export const kexAlgorithms: Record<string, KexAlgorithm> = Object.fromEntries(
  [...hybridMethods, ...ecdhMethods, gexMethod, ...dhMethods].map((k) => [k.name, k]),
);
