// Every scenario's expected outcome, checked against the replay of the recording it writes (parsed
// back from its file text), and the catalog against what the issue asks it to cover.

import { describe, expect, it } from 'vitest';
import { DISCONNECT } from '../../ssh/messages/numbers';
import type { Effect } from '../../ssh/transport/events';
import { parseRecording, stringifyRecording, type RecordedEndpoint } from '../recording';
import { replay } from '../simulate';
import { traceOf } from '../trace';
import { SCENARIOS } from './catalog';
import { runScenario as run0, SCENARIO_CREATED, SCENARIO_TOOL, type Scenario, type ScenarioRun } from './scenario';

const runs = new Map<string, ScenarioRun>();
function runScenario(s: Scenario): ScenarioRun {
  if (!runs.has(s.slug)) runs.set(s.slug, run0(s));
  return runs.get(s.slug)!;
}

type Disconnect = Extract<Effect, { type: 'disconnect' }>;

/** Each endpoint's disconnect with the virtual time of the event that caused it. */
function disconnectOf(e: RecordedEndpoint): (Disconnect & { t: number }) | undefined {
  const { effects } = replay(e.config, e.events);
  for (let i = 0; i < effects.length; i++) {
    const d = effects[i].find((x): x is Disconnect => x.type === 'disconnect');
    if (d) return { ...d, t: e.events[i].t };
  }
  return undefined;
}

describe('scenario outcomes (from the replayed recording)', () => {
  for (const s of SCENARIOS) {
    it(`${s.group} / ${s.slug}`, () => {
      const run = runScenario(s);
      const rec = parseRecording(stringifyRecording(run.recording));
      expect(rec.meta).toMatchObject({ source: 'simulated', seed: s.seed, title: s.title, description: s.description, created: SCENARIO_CREATED, tool: SCENARIO_TOOL });
      expect(rec.meta.outcome).toBe(run.outcome.sentence);
      const client = traceOf(rec.client!);
      const server = traceOf(rec.server!);
      const ends = { client: disconnectOf(rec.client!), server: disconnectOf(rec.server!) };
      const x = s.expect;

      // ok: the service was accepted and the only local decision to close is the client's goodbye.
      const locals = (['client', 'server'] as const).filter((w) => ends[w]?.by === 'local');
      const politeOnly = locals.every((w) => w === 'client' && ends.client!.reason === DISCONNECT.BY_APPLICATION);
      expect(client.state.service.accepted === 'ssh-userauth' && politeOnly).toBe(x.ok);
      expect(run.outcome.ok).toBe(x.ok);

      if (x.disconnect) {
        const mine = ends[x.disconnect.by]!;
        const other = ends[x.disconnect.by === 'client' ? 'server' : 'client'];
        expect(mine).toMatchObject({ by: 'local', reason: x.disconnect.reason });
        expect(mine.description).toContain(x.disconnect.mentions);
        // It was the first to decide: the other side either heard about it or decided later.
        if (other?.by === 'local') expect(other.t).toBeGreaterThan(mine.t);
        expect(run.outcome.sentence).toContain(mine.reasonName);
      }
      if (x.negotiated) {
        const n = client.state.negotiated!;
        const seen = { kex: n.kex, hostKey: n.hostKey, cipher: n.cipherC2S, mac: n.macC2S };
        for (const [k, v] of Object.entries(x.negotiated)) expect(seen[k as keyof typeof seen], k).toBe(v);
      }
      if (x.kexCount !== undefined) {
        expect(client.state.kexCount).toBe(x.kexCount);
        expect(server.state.kexCount).toBe(x.kexCount);
        // A rekey makes a new H but keeps the session id (RFC 4253 §7.2).
        const hs = client.computations.filter((c) => c.computation.name === 'H');
        expect(hs).toHaveLength(x.kexCount);
        expect(client.state.sessionId).toEqual((hs[0].computation as { value: Uint8Array }).value);
      }
      if (x.clientExtensions) {
        for (const e of x.clientExtensions.has ?? []) expect(client.state.extensions).toHaveProperty(e);
        for (const e of x.clientExtensions.lacks ?? []) expect(client.state.extensions).not.toHaveProperty(e);
      }
      if (x.guessRight !== undefined) {
        const g = server.computations.find((c) => c.computation.name === 'guess')?.computation;
        expect(g).toMatchObject({ name: 'guess', right: x.guessRight });
        const ignored = server.messages.filter((m) => m.ignored?.includes('guessed'));
        expect(ignored).toHaveLength(x.guessRight ? 0 : 1);
      }
      if (x.signatureVerifies !== undefined) {
        const v = client.computations.find((c) => c.computation.name === 'signature')?.computation;
        expect(v).toMatchObject({ action: 'verify', ok: x.signatureVerifies });
      }
      if (x.hostKeyKnown !== undefined) {
        const h = client.computations.find((c) => c.computation.name === 'host key')?.computation;
        expect(h).toMatchObject({ name: 'host key', known: x.hostKeyKnown });
        // Unknown key: refused before any key is derived.
        if (x.hostKeyKnown === false) expect(client.computations.some((c) => c.computation.name === 'key')).toBe(false);
      }
      // Attacks are visible as such: the scenario's rules fired, and nothing else was touched.
      if (s.attack) {
        const touched = run.attacker!.log.filter((l) => l.tampered);
        expect(touched.length).toBeGreaterThan(0);
        expect(touched.length).toBeLessThanOrEqual(s.attack.length);
      }
    });
  }
});

describe('the catalog', () => {
  it('slugs are unique and kebab-case; every text field is filled', () => {
    const slugs = SCENARIOS.map((s) => s.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const s of SCENARIOS) {
      expect(s.slug).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(s.title.length).toBeGreaterThan(10);
      expect(s.summary.length).toBeGreaterThan(20);
      expect(s.summary).not.toContain('\n');
      expect(s.description.length).toBeGreaterThan(s.summary.length);
      expect(s.description.length).toBeLessThanOrEqual(4000);
    }
    const seeds = SCENARIOS.map((s) => s.seed);
    expect(new Set(seeds).size).toBe(seeds.length);
  });

  it('Basics holds a few friendly handshakes: the modern default first (what OpenSSH 10 makes), the classical flagship still there', () => {
    const basics = SCENARIOS.filter((s) => s.group === 'Basics');
    expect(basics.length).toBeLessThanOrEqual(3);
    expect(basics[0].slug).toBe('mlkem768x25519-ed25519-chacha20');
    expect(basics[0].expect.negotiated).toEqual({ kex: 'mlkem768x25519-sha256', hostKey: 'ssh-ed25519', cipher: 'chacha20-poly1305@openssh.com' });
    // The first scenario in the catalog is the first card of the gallery (Basics is the first group).
    expect(SCENARIOS[0].slug).toBe(basics[0].slug);
    expect(basics.map((s) => s.slug)).toContain('curve25519-ed25519-chacha20');
  });

  it('successful handshakes cover every kex family, host key and cipher family the issue names', () => {
    const negotiated = SCENARIOS.filter((s) => s.expect.ok).map((s) => traceOf(runScenario(s).recording.client!).state.negotiated!);
    const got = (f: (n: (typeof negotiated)[number]) => string) => new Set(negotiated.map(f));
    const kex = got((n) => n.kex);
    for (const k of [
      // Every post-quantum hybrid sshscope implements (issue 10: a scenario for each PQ method).
      'mlkem768x25519-sha256',
      'mlkem768nistp256-sha256',
      'mlkem1024nistp384-sha384',
      'curve25519-sha256',
      'ecdh-sha2-nistp256',
      'ecdh-sha2-nistp384',
      'ecdh-sha2-nistp521',
      'diffie-hellman-group14-sha256',
      'diffie-hellman-group16-sha512',
      'diffie-hellman-group18-sha512',
      'diffie-hellman-group-exchange-sha256',
    ]) expect(kex, k).toContain(k);
    const hostKey = got((n) => n.hostKey);
    for (const h of ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-256', 'rsa-sha2-512']) {
      expect(hostKey, h).toContain(h);
    }
    const cipher = got((n) => n.cipherC2S);
    for (const c of ['chacha20-poly1305@openssh.com', 'aes128-gcm@openssh.com', 'aes256-gcm@openssh.com', 'aes128-ctr']) expect(cipher, c).toContain(c);
    const macs = [...got((n) => n.macC2S)];
    expect(macs.some((m) => m.startsWith('hmac-') && m.endsWith('-etm@openssh.com'))).toBe(true);
    expect(macs.some((m) => m.startsWith('hmac-') && !m.includes('etm'))).toBe(true);
    expect(macs.some((m) => m.startsWith('umac-'))).toBe(true);
  });
});

describe('scenario texts are true of their sessions', () => {
  it('forged-signature: as sent and as received differ in exactly one bit, the last bit of the signature', () => {
    const s = SCENARIOS.find((x) => x.slug === 'forged-signature')!;
    expect(s.description).toContain('flips one bit');
    const touched = runScenario(s).attacker!.log.filter((l) => l.tampered);
    expect(touched).toHaveLength(1);
    const [sent, got] = [touched[0].sent, touched[0].delivered[0]];
    expect(got.length).toBe(sent.length);
    const differing = [...sent].flatMap((b, i) => (b !== got[i] ? [{ i, bits: b ^ got[i] }] : []));
    expect(differing).toHaveLength(1);
    expect(differing[0].bits).toBe(1);
    // The byte is the signature's last: the payload's last byte, just before the padding.
    const packetLength = new DataView(sent.buffer, sent.byteOffset).getUint32(0);
    expect(differing[0].i).toBe(4 + packetLength - sent[4] - 1);
  });
});
