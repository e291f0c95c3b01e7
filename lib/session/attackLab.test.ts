// The attack lab gives each attack the outcome of its bundled scenario: the playground/CLI setup
// with the scenario's settings makes the same event logs, and the same side notices at the same
// step with the same disconnect reason (the scenario's claims say where, independently of the lab).

import { describe, expect, it } from 'vitest';
import { ATTACK_CASES } from './attackCases';
import { DISCONNECT } from '../ssh/messages/numbers';
import { explanationKeyFor } from '../content/explanations';
import { attackFindings, type AttackFindings } from '../viewer/attackFindings';
import { readFileSync } from 'node:fs';
import { ATTACKS, parseAttack } from './attack';
import { attackRules } from './attackRules';
import { parseExperiment } from './experiment';
import { implementedAlgorithms, runExperiment } from './experimentRun';
import { openParsedRecording, openRecording } from './open';
import { SCENARIOS } from './scenarios/catalog';
import { GROUP_DIRS, runScenario, type Scenario } from './scenarios/scenario';

const catalog = implementedAlgorithms();
const bySlug = (slug: string): Scenario => SCENARIOS.find((s) => s.slug === slug)!;

function lab(query: string) {
  const { experiment, problems } = parseExperiment(new URLSearchParams(query), catalog);
  expect(problems).toEqual([]);
  return runExperiment(experiment, catalog);
}

/** Who noticed, at which step title, with which reason; and what the attacker did. */
function gist(f: AttackFindings) {
  return {
    noticed: f.noticed.map((n) => ({ by: n.by, at: n.atTitle, reason: n.reason })),
    tampered: f.tampered.map((t) => ({ kind: t.kind, what: t.what })),
    cost: f.cost,
  };
}

const CASES = ATTACK_CASES;

describe('each attack gives its scenario’s outcome', () => {
  it.each(CASES)('$query is $slug', ({ slug, query }) => {
    const s = bySlug(slug);
    const scenario = runScenario(s);
    const run = lab(query);
    // The same endpoints given the same events: the same run, byte for byte.
    expect(run.recording.client!.events).toEqual(scenario.recording.client!.events);
    expect(run.recording.server!.events).toEqual(scenario.recording.server!.events);
    expect(run.recording.meta.outcome).toBe(scenario.recording.meta.outcome);
    const mine = attackFindings(openParsedRecording(run.recording));
    const theirs = attackFindings(openParsedRecording(scenario.recording));
    expect(gist(mine)).toEqual(gist(theirs));
    // Where the scenario says the attack is caught (its claims, written from the RFCs, not from the lab).
    const d = s.claims.disconnect;
    if (d) {
      expect(mine.noticed[0]).toMatchObject({ by: d.by, reason: d.reason, atTitle: d.detectedAt });
    } else {
      expect(mine.noticed).toEqual([]);
    }
  });

  it('reorder:c2s:2 is the reordered-packets scenario’s move (its IGNORE and DEBUG after the service are not a playground setting)', () => {
    const s = bySlug('reordered-packets');
    const { experiment } = parseExperiment(new URLSearchParams('attack=reorder:c2s:2'), catalog);
    const withLab = runScenario({ ...s, attack: attackRules(experiment.attack!, experiment) });
    const original = runScenario(s);
    expect(withLab.recording).toEqual(original.recording);
    const f = attackFindings(openParsedRecording(withLab.recording));
    expect(f.noticed[0]).toMatchObject({ by: 'server', reason: DISCONNECT.MAC_ERROR, atTitle: s.claims.disconnect!.detectedAt });
  });

  it('holding back the client’s only request stalls the run: nobody closes, and every outcome says what the client still waits for', () => {
    // The client sends its next packet only after SERVICE_ACCEPT, so there is no "next" for the
    // held-back SERVICE_REQUEST to follow: it is never delivered, and no check fires.
    const run = lab('server-keys=ssh-ed25519&seed=35&attack=reorder:c2s:1');
    const waits = "incomplete: the client was still waiting for the server's SSH_MSG_SERVICE_ACCEPT";
    const lost = "unnoticed by either side: the client's SSH_MSG_SERVICE_REQUEST never arrived";
    expect(run.outcome).toEqual({ ok: false, description: waits });
    // Three derivations: the run's own state (above), each endpoint's trace (meta.outcome), the paired steps (summary).
    expect(run.recording.meta.outcome).toBe(`${waits}; ${lost}`);
    const session = openParsedRecording(run.recording);
    expect(session.summary).toMatchObject({ outcome: `${waits}; ${lost}`, ok: false });
    expect(session.steps.some((x) => x.kind === 'closed')).toBe(false);
    const f = attackFindings(session);
    expect(f.noticed).toEqual([]);
    expect(f.stalled).toBe("the connection stalled: the client waits for the server's SSH_MSG_SERVICE_ACCEPT, the server for the client's next request");
  });

  it('a tampered goodbye is caught after the service was accepted: every outcome says the server noticed, none says unnoticed', () => {
    // flip:c2s:2 flips the client's SSH_MSG_DISCONNECT (its second encrypted packet): the client has
    // already closed, the server finds the MAC wrong and closes with SSH_DISCONNECT_MAC_ERROR.
    const run = lab('seed=5&attack=flip:c2s:2');
    const session = openParsedRecording(run.recording);
    const f = attackFindings(session);
    expect(f.noticed).toEqual([expect.objectContaining({ by: 'server', reason: DISCONNECT.MAC_ERROR, atTitle: 'SSH_MSG_DISCONNECT' })]);
    // The key exchange and the service did succeed (the run's own state) ...
    expect(run.outcome.ok).toBe(true);
    // ... but the recording's outcome (each endpoint's trace) and the summary (the paired steps) both name the detection.
    expect(run.replayed).toMatchObject({ ok: false, sentence: `server disconnects: SSH_DISCONNECT_MAC_ERROR (5): ${f.noticed[0].description}` });
    expect(run.recording.meta.outcome).toBe(run.replayed!.sentence);
    expect(session.summary).toMatchObject({ outcome: run.replayed!.sentence, ok: false });
  });

  it('Terrapin without strict kex: nobody notices, and the cost is the client’s EXT_INFO', () => {
    const f = attackFindings(openParsedRecording(lab(CASES[0].query).recording));
    expect(f.noticed).toEqual([]);
    expect(f.tampered.map((t) => t.kind)).toEqual(['injected', 'dropped']);
    expect(f.cost.join(' ')).toMatch(/the server's SSH_MSG_EXT_INFO never arrived.*server-sig-algs/);
  });

  it('drop:s2c:4 deletes the server’s fourth packet, EXT_INFO; with chacha20-poly1305 the client’s next sequence number is off, so SERVICE_ACCEPT’s packet_length decrypts to garbage', () => {
    // Server packets (RFC 4253 §7, RFC 8308 §2.4): KEXINIT, KEX_ECDH_REPLY, NEWKEYS, EXT_INFO, SERVICE_ACCEPT.
    const f = attackFindings(openParsedRecording(lab('kex=curve25519-sha256&cipher=chacha20-poly1305@openssh.com&attack=drop:s2c:4').recording));
    expect(f.tampered).toEqual([expect.objectContaining({ kind: 'dropped', what: "the server's SSH_MSG_EXT_INFO" })]);
    // chacha20-poly1305 decrypts packet_length with a key from the sequence number (draft-ietf-sshm-chacha20-poly1305 §3).
    expect(f.noticed[0]).toMatchObject({ by: 'client', reason: DISCONNECT.PROTOCOL_ERROR, atTitle: 'SSH_MSG_SERVICE_ACCEPT' });
    expect(f.noticed[0].description).toMatch(/packet_length .* exceeds the maximum/);
  });

  it('downgrade (the client’s KEXINIT) is caught like the server’s: the signature of H does not verify', () => {
    const f = attackFindings(openParsedRecording(lab('attack=downgrade').recording));
    expect(f.tampered).toEqual([expect.objectContaining({ kind: 'modified', what: "the client's SSH_MSG_KEXINIT" })]);
    expect(f.noticed[0]).toMatchObject({ by: 'client', reason: DISCONNECT.HOST_KEY_NOT_VERIFIABLE, atTitle: 'verify signature' });
  });

  it('mitm-hostkey with a group exchange is refused with a reason, not a crash', () => {
    const { experiment } = parseExperiment(new URLSearchParams('kex=diffie-hellman-group-exchange-sha256&attack=mitm-hostkey'), catalog);
    expect(() => runExperiment(experiment, catalog)).toThrow(/mitm-hostkey: the attacker does not forge a group exchange.*negotiates diffie-hellman-group-exchange-sha256/);
  });

  it('mitm-hostkey with the default post-quantum kex: the KEM does not stop it, known_hosts does', () => {
    const run = lab('server-keys=ssh-ed25519&seed=32&attack=mitm-hostkey');
    const f = attackFindings(openParsedRecording(run.recording));
    expect(f.tampered).toEqual([expect.objectContaining({ kind: 'modified', what: "the server's SSH_MSG_KEX_HYBRID_REPLY" })]);
    // The same detection as with curve25519 (the mitm-different-host-key scenario's claim).
    const d = bySlug('mitm-different-host-key').claims.disconnect!;
    expect(f.noticed[0]).toMatchObject({ by: d.by, reason: d.reason, atTitle: d.detectedAt });
  });
});

describe('every attack in a grid: the recording’s outcome and the session’s summary agree', () => {
  // Two derivations that share no code: outcomeOf replays each endpoint's own events (meta.outcome,
  // the CLI), the summary reads the paired steps (the viewer). A grid of attacks, packet numbers and
  // setups finds the ends neither bundled scenario reaches: a held-back request, a lost goodbye, a
  // SERVICE_ACCEPT the server sent and the client never got.
  const attacks = ['terrapin', 'downgrade', 'downgrade:s2c', 'mitm-hostkey'];
  for (const kind of ['drop', 'flip', 'reorder']) for (const dir of ['c2s', 's2c']) for (let n = 1; n <= 7; n++) attacks.push(`${kind}:${dir}:${n}`);
  const setups = ['', 'cipher=aes128-ctr&mac=hmac-sha2-256-etm@openssh.com&strict=0', 'kex=curve25519-sha256&guess=1&ext-info=0'];
  const items = (x: string) => {
    const [head, tail] = x.replace(/, \d+ key exchanges/, '').split('; unnoticed by either side: ');
    return { head, unnoticed: (tail ?? '').split(', the ').filter(Boolean).map((y) => y.replace(/^the /, '')).sort() };
  };
  it.each(setups)('setup "%s"', (setup) => {
    for (const attack of attacks) {
      const run = lab(`${setup}&seed=9&attack=${attack}`);
      const summary = openParsedRecording(run.recording).summary;
      expect(items(summary.outcome), attack).toEqual(items(run.recording.meta.outcome!));
      expect(summary.ok, attack).toBe(run.replayed!.ok);
    }
  });
});

describe('the attack parameter', () => {
  // The report opens the same page the viewer shows at the linked step (explanationKeyFor makes a
  // step's key more specific: a modified KEXINIT is a downgrade, a failed host key check says why).
  it.each(ATTACKS)('$kind links to a step of $session that shows concepts/$concept', (a) => {
    const s = bySlug(a.session);
    const session = openRecording(readFileSync(`public/recordings/${GROUP_DIRS[s.group]}/${s.slug}.json`, 'utf8'));
    expect(explanationKeyFor(session.steps[a.step - 1])).toBe(`concepts/${a.concept}`);
  });

  it.each([
    ['drop:c2s:3', { kind: 'drop', dir: 'c2s', n: 3 }],
    ['terrapin', { kind: 'terrapin' }],
    ['downgrade', { kind: 'downgrade', dir: 'c2s' }],
    ['downgrade:s2c', { kind: 'downgrade', dir: 's2c' }],
    ['mitm-hostkey', { kind: 'mitm-hostkey' }],
    ['flip:s2c:2', { kind: 'flip', dir: 's2c', n: 2 }],
    ['reorder:c2s:2', { kind: 'reorder', dir: 'c2s', n: 2 }],
  ])('%s', (raw, spec) => {
    expect(parseAttack(raw)).toEqual({ attack: spec });
  });

  it.each([
    ['nuke', /unknown attack "nuke" \(known: drop:DIR:N/],
    ['drop:c2s', /expected drop:DIR:N with DIR c2s or s2c/],
    ['drop:up:1', /expected drop:DIR:N/],
    ['flip:s2c:0', /must be a whole number from 1 to 1000/],
    ['flip:s2c:-1', /must be a whole number from 1 to 1000/],
    ['reorder:c2s:x', /must be a whole number/],
    ['terrapin:1', /terrapin takes no arguments/],
    ['downgrade:both', /expected downgrade or downgrade:c2s or downgrade:s2c/],
  ])('%s is a problem that says why', (raw, why) => {
    const { experiment, problems } = parseExperiment(new URLSearchParams({ attack: raw }), catalog);
    expect(problems).toEqual([{ param: 'attack', problem: expect.stringMatching(why) }]);
    expect(experiment.attack).toBeNull();
  });
});
