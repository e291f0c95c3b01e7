// The attack lab's rules: an experiment's `attack` (attack.ts) as the scripted attacker's rules,
// built with the same builders as the bundled scenarios (scenarios/attacks.ts, forge.ts), so a
// lab run with a scenario's settings is that scenario's attack.

import { hostKeyAlgorithms } from '../ssh/algorithms/hostkey';
import { kexAlgorithms } from '../ssh/algorithms/kex';
import type { AttackSpec, Direction } from './attack';
import type { Experiment } from './experiment';
import type { AttackRule } from './scenarios/attacker';
import { ATTACKER_KEY_SEED, downgradeRule, dropRule, flipRule, impersonateRule, reorderRule, terrapinRules } from './scenarios/attacks';
import { cachedDemoKey } from './scenarios/scenario';
import type { Endpoint } from './simulate';

/** The setup cannot carry the attack (mitm-hostkey with a group exchange). */
export class AttackSetupError extends Error {
  override name = 'AttackSetupError';
}

const sender = (d: Direction): Endpoint => (d === 'c2s' ? 'client' : 'server');

/**
 * The rules for `attack` in the setup `e`. Throws an AttackSetupError naming the attack and the reason when
 * the setup cannot carry it (mitm-hostkey impersonates every kex family but the group exchange).
 */
export function attackRules(attack: AttackSpec, e: Experiment): AttackRule[] {
  switch (attack.kind) {
    case 'terrapin':
      return terrapinRules();
    case 'downgrade':
      return [downgradeRule(sender(attack.dir))];
    case 'drop':
      return [dropRule(sender(attack.dir), attack.n)];
    case 'flip':
      return [flipRule(sender(attack.dir), attack.n - 1)];
    case 'reorder':
      return [reorderRule(sender(attack.dir), attack.n - 1)];
    case 'mitm-hostkey':
      return [mitmRule(e)];
  }
}

function mitmRule(e: Experiment): AttackRule {
  // The methods negotiation will pick (RFC 4253 §7.1: the client's first that the server lists).
  const kex = e.client.kex.find((k) => e.server.kex.includes(k));
  const hostKey = e.client.hostKey.find((h) => e.server.hostKey.includes(h) && e.server.keyTypes.includes(hostKeyAlgorithms[h]?.keyType ?? ''));
  const method = kex ? kexAlgorithms[kex] : undefined;
  const alg = hostKey ? hostKeyAlgorithms[hostKey] : undefined;
  if (!kex || !method || method.family === 'dh-gex') {
    throw new AttackSetupError(
      `attack mitm-hostkey: the attacker does not forge a group exchange (diffie-hellman-group-exchange-*, where the server picks the group); this setup negotiates ${kex ?? 'no key exchange'}: put another method first in kex (e.g. kex=curve25519-sha256)`,
    );
  }
  if (!hostKey || !alg || alg.verifyOnly) throw new AttackSetupError(`attack mitm-hostkey: this setup negotiates no host key algorithm the attacker can sign with (${hostKey ?? 'none'})`);
  return impersonateRule(kex, hostKey, cachedDemoKey(alg.keyType, ATTACKER_KEY_SEED));
}
