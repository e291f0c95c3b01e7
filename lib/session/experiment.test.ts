import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultExperiment, experimentParams, parseExperiment, simulateArgs, withExperiment, type Catalog, type Experiment } from './experiment';
import { implementedAlgorithms, runExperiment } from './experimentRun';
import type { AttackSpec, Direction } from './attack';

const catalog: Catalog = implementedAlgorithms();
const parse = (search: string, ignore?: Set<string>) => parseExperiment(new URLSearchParams(search), catalog, ignore);

/** A preference list: distinct names from `pool` in any order, `min` or more of them. */
const listOf = (pool: readonly string[], min = 1) => fc.shuffledSubarray([...pool], { minLength: min }).chain((xs) => fc.shuffledSubarray(xs, { minLength: xs.length, maxLength: xs.length }));

const arbExperiment: fc.Arbitrary<Experiment> = fc.record({
  client: fc.record({
    kex: listOf(catalog.kex),
    hostKey: listOf(catalog.hostKey),
    cipher: listOf(catalog.cipher),
    mac: listOf(catalog.mac),
    strictKex: fc.boolean(),
    extInfo: fc.boolean(),
    guessKex: fc.boolean(),
  }),
  server: fc.record({
    kex: listOf(catalog.kex),
    hostKey: listOf(catalog.hostKey),
    cipher: listOf(catalog.cipher),
    mac: listOf(catalog.mac),
    strictKex: fc.boolean(),
    extInfo: fc.boolean(),
    keyTypes: listOf(catalog.keyTypes, 0),
  }),
  seed: fc.nat(),
  attack: fc.option(
    fc.oneof(
      fc.constantFrom<AttackSpec>({ kind: 'terrapin' }, { kind: 'mitm-hostkey' }),
      fc.record({ kind: fc.constant('downgrade' as const), dir: fc.constantFrom<Direction>('c2s', 's2c') }),
      fc.record({ kind: fc.constantFrom('drop' as const, 'flip' as const, 'reorder' as const), dir: fc.constantFrom<Direction>('c2s', 's2c'), n: fc.integer({ min: 1, max: 1000 }) }),
    ),
    { nil: null },
  ),
});

describe('experiment parameters', () => {
  it('an empty query is the default setup, and the default setup writes no parameter', () => {
    expect(parse('')).toEqual({ experiment: defaultExperiment(catalog), problems: [] });
    expect(experimentParams(defaultExperiment(catalog), catalog)).toEqual([]);
    expect(withExperiment('', defaultExperiment(catalog), catalog)).toBe('');
  });

  it('round-trips every setup through its URL query', () => {
    fc.assert(
      fc.property(arbExperiment, (e) => {
        const q = withExperiment('', e, catalog);
        expect(parse(q)).toEqual({ experiment: e, problems: [] });
        // Written again, the same query: one canonical form per setup.
        expect(withExperiment(q, parse(q).experiment, catalog)).toBe(q);
      }),
      { numRuns: 300 },
    );
  });

  it('reads the documented names', () => {
    const { experiment: e, problems } = parse(
      '?kex=curve25519-sha256,ecdh-sha2-nistp256&hostkey=ssh-ed25519&cipher=aes128-ctr&mac=hmac-sha2-256' +
        '&server-kex=ecdh-sha2-nistp256&server-hostkey=rsa-sha2-512&server-cipher=aes256-ctr,aes128-ctr&server-mac=hmac-sha1' +
        '&server-keys=ssh-rsa&strict=0&ext-info=1&server-ext-info=0&guess=1&seed=42&attack=flip:s2c:2',
    );
    expect(problems).toEqual([]);
    expect(e).toEqual({
      client: { kex: ['curve25519-sha256', 'ecdh-sha2-nistp256'], hostKey: ['ssh-ed25519'], cipher: ['aes128-ctr'], mac: ['hmac-sha2-256'], strictKex: false, extInfo: true, guessKex: true },
      server: { kex: ['ecdh-sha2-nistp256'], hostKey: ['rsa-sha2-512'], cipher: ['aes256-ctr', 'aes128-ctr'], mac: ['hmac-sha1'], strictKex: false, extInfo: false, keyTypes: ['ssh-rsa'] },
      seed: 42,
      attack: { kind: 'flip', dir: 's2c', n: 2 },
    });
  });

  it('strict sets both sides; client-strict and server-strict set one', () => {
    const sides = (q: string) => {
      const { experiment: e } = parse(q);
      return [e.client.strictKex, e.server.strictKex];
    };
    expect(sides('strict=0')).toEqual([false, false]);
    expect(sides('client-strict=0')).toEqual([false, true]);
    expect(sides('strict=0&server-strict=1')).toEqual([false, true]);
    const e = parse('client-strict=0').experiment;
    expect(experimentParams(e, catalog)).toEqual([
      ['client-strict', '0'],
      ['server-strict', '1'],
    ]);
  });

  it('names unknown algorithms and parameters, and keeps the rest of the setup', () => {
    const { experiment: e, problems } = parse('kex=curve25519-sha256,curve9999-sha1&server-cipher=rot13&cypher=aes128-ctr&step=3', new Set(['step']));
    expect(e.client.kex).toEqual(['curve25519-sha256']);
    expect(e.server.cipher).toEqual(defaultExperiment(catalog).server.cipher);
    expect(problems.map((p) => p.param)).toEqual(['cypher', 'kex', 'server-cipher']);
    expect(problems[0].problem).toMatch(/unknown parameter "cypher"/);
    expect(problems[1].problem).toMatch(/does not implement "curve9999-sha1"/);
    expect(problems[2].problem).toMatch(/does not implement "rot13"/);
  });

  it('says what is wrong with switches, seeds, empty and repeated lists', () => {
    const { experiment: e, problems } = parse('strict=yes&seed=-4&mac=,&cipher=aes128-ctr,aes128-ctr&guess=2&seed=5');
    expect(problems).toEqual([
      { param: 'seed', problem: 'given more than once; the first value counts' },
      { param: 'cipher', problem: '"aes128-ctr" is listed twice; the first place counts' },
      { param: 'mac', problem: 'the list of MACs must not be empty' },
      { param: 'strict', problem: 'must be 0 or 1, got "yes"' },
      { param: 'guess', problem: 'must be 0 or 1, got "2"' },
      { param: 'seed', problem: `must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}, got "-4"` },
    ]);
    expect(e.client.cipher).toEqual(['aes128-ctr']);
    expect(e.seed).toBe(1);
    // An empty key list is a server with no host key at all: an experiment, not a mistake.
    expect(parse('server-keys=').experiment.server.keyTypes).toEqual([]);
  });

  it('never throws, and keeps only implemented names, whatever the query', () => {
    const names = fc.constantFrom('kex', 'hostkey', 'server-mac', 'server-keys', 'strict', 'seed', 'guess', 'x', 'client-ext-info');
    const value = fc.oneof(fc.string(), fc.array(fc.constantFrom(...catalog.kex, ...catalog.cipher, ...catalog.keyTypes, 'nope', ''), { maxLength: 6 }).map((xs) => xs.join(',')));
    fc.assert(
      fc.property(fc.array(fc.tuple(names, value), { maxLength: 8 }), (pairs) => {
        const { experiment: e } = parseExperiment(pairs, catalog);
        for (const side of [e.client, e.server]) {
          for (const k of ['kex', 'hostKey', 'cipher', 'mac'] as const) {
            expect(side[k].length).toBeGreaterThan(0);
            expect(side[k].every((n) => catalog[k].includes(n))).toBe(true);
          }
        }
        expect(e.server.keyTypes.every((t) => catalog.keyTypes.includes(t))).toBe(true);
        expect(Number.isSafeInteger(e.seed) && e.seed >= 0).toBe(true);
      }),
    );
  });

  it('keeps the viewer’s own parameters and drops the ones asked', () => {
    const e = parse('server-cipher=aes128-ctr').experiment;
    expect(withExperiment('?step=4&kex=ecdh-sha2-nistp256&run=1', e, catalog, ['run'])).toBe('?step=4&server-cipher=aes128-ctr');
  });

  it('writes the same setup as sshscope simulate arguments', () => {
    const e = parse('server-cipher=aes128-ctr&strict=0&seed=9').experiment;
    expect(simulateArgs(e, catalog)).toEqual(['--server-cipher', 'aes128-ctr', '--strict', '0', '--seed', '9']);
  });
});

describe('running an experiment', () => {
  it('a setup with no common cipher fails, naming the category and both lists', () => {
    const e = parse('cipher=aes128-ctr&server-cipher=chacha20-poly1305@openssh.com').experiment;
    const { outcome } = runExperiment(e, catalog);
    expect(outcome.ok).toBe(false);
    expect(outcome.description).toBe('failed: no common cipher client→server algorithm: client offers [aes128-ctr], server offers [chacha20-poly1305@openssh.com]');
  });

  it('the server offers only the host key algorithms it holds a key for', () => {
    const e = parse('server-keys=ssh-rsa&hostkey=ssh-ed25519').experiment;
    const { outcome, recording } = runExperiment(e, catalog);
    expect(recording.server!.config.hostKeys!.map((k) => k.keyType)).toEqual(['ssh-rsa']);
    expect(outcome.description).toMatch(/^failed: no common host key algorithm: client offers \[ssh-ed25519\], server offers \[rsa-sha2-512, rsa-sha2-256\]$/);
  });

  it('the client’s guess goes into its config and its KEXINIT', () => {
    const { recording, outcome } = runExperiment(parse('guess=1&kex=ecdh-sha2-nistp256,curve25519-sha256').experiment, catalog);
    expect(recording.client!.config.guessKex).toBe(true);
    expect(outcome.ok).toBe(true);
  });
});
