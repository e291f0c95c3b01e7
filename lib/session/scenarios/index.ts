// The scenario library: scripted sessions between two sshscope engines, with an optional man in
// the middle, and the bundle of recordings `npm run sessions` writes from them.

export { createAttacker, matches, type AttackContext, type AttackRule, type Attacker, type Interception, type Match, type Tamper } from './attacker';
export { buildBundle, MANIFEST_PATH, scenarioPath, type Bundle, type Manifest, type ManifestEntry } from './bundle';
export { SCENARIOS } from './catalog';
export { corruptEcdhSignature, editKexinit, flipBit, forgeIgnore, impersonateReply, plainPacket } from './forge';
export { createObserver, plaintextPayload, type SeenChunk, type Transcript } from './observe';
export { outcomeOf, type Outcome } from './outcome';
export { GROUP_DIRS, runScenario, scenarioConfigs, type Expectation, type Group, type Scenario, type ScenarioRun } from './scenario';
