import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseExperiment, simulateArgs } from '../../session/experiment';
import { implementedAlgorithms, runExperiment } from '../../session/experimentRun';
import { stringifyRecording } from '../../session/recording';
import { UsageError } from './args';
import { simulateCommand, simulateHelp } from './simulate';

const dir = mkdtempSync(join(tmpdir(), 'sshscope-simulate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const catalog = implementedAlgorithms();
let n = 0;

function cli(args: string[]): { code: number; text: string } {
  const file = join(dir, `run-${n++}.json`);
  const code = simulateCommand([...args, '--out', file], () => {});
  return { code, text: readFileSync(file, 'utf8') };
}

describe('sshscope simulate takes the playground’s parameters', () => {
  it.each([
    'server-cipher=aes128-ctr,aes256-ctr&server-mac=hmac-sha2-256&cipher=aes256-ctr&mac=hmac-sha2-256,hmac-sha1&seed=7',
    'server-kex=ecdh-sha2-nistp384,curve25519-sha256&kex=curve25519-sha256,ecdh-sha2-nistp384&guess=1&client-ext-info=0&server-ext-info=1',
    'server-keys=ssh-ed25519&server-hostkey=ssh-ed25519&client-strict=0&server-strict=1&seed=3',
    'cipher=aes128-ctr&server-cipher=chacha20-poly1305@openssh.com',
    'cipher=chacha20-poly1305@openssh.com&strict=0&seed=41&attack=terrapin',
    'attack=flip:s2c:2',
    'server-keys=ssh-ed25519&seed=35&attack=reorder:c2s:1',
    'seed=5&attack=flip:c2s:2',
  ])('%s: the same file as the setup run directly', (query) => {
    const { experiment, problems } = parseExperiment(new URLSearchParams(query), catalog);
    expect(problems).toEqual([]);
    const { code, text } = cli(simulateArgs(experiment, catalog));
    const direct = runExperiment(experiment, catalog);
    expect(code).toBe((direct.replayed ?? direct.outcome).ok ? 0 : 1);
    expect(text).toBe(stringifyRecording(direct.recording));
  });

  it('--no-strict is --strict 0', () => {
    expect(cli(['--no-strict', '--seed', '2']).text).toBe(cli(['--strict', '0', '--seed', '2']).text);
    expect(() => cli(['--no-strict', '--strict', '1'])).toThrow(UsageError);
  });

  it('a name sshscope does not implement is a usage error naming the flag and the name', () => {
    expect(() => cli(['--server-cipher', 'aes128-ctr,rot13'])).toThrow(/--server-cipher: sshscope does not implement "rot13"/);
    expect(() => cli(['--server-keys', 'ssh-dss'])).toThrow(/--server-keys: sshscope does not implement "ssh-dss"/);
  });

  it('--attack takes the URL’s attack syntax; a setup the attack cannot use is a usage error', () => {
    expect(() => cli(['--attack', 'flip:sideways:2'])).toThrow(/--attack: expected flip:DIR:N/);
    expect(() => cli(['--attack', 'mitm-hostkey', '--kex', 'diffie-hellman-group-exchange-sha256'])).toThrow(/--attack: attack mitm-hostkey: the attacker does not forge a group exchange/);
    const lines: string[] = [];
    simulateCommand(['--attack', 'terrapin', '--strict', '0', '--out', join(dir, 'terrapin.json')], (s) => lines.push(s));
    expect(lines).toContain("Attacker (injected): injects an SSH_MSG_IGNORE into the server's stream before its SSH_MSG_NEWKEYS");
    expect(lines.at(-1)).toMatch(/^Outcome: handshake complete.*unnoticed by either side: the server's SSH_MSG_EXT_INFO never arrived/);
    // A stall is not a success: the exit status says so, and the outcome says what the client waits for.
    lines.length = 0;
    expect(simulateCommand(['--attack', 'reorder:c2s:1', '--out', join(dir, 'stalled.json')], (s) => lines.push(s))).toBe(1);
    expect(lines.at(-1)).toBe(
      "Outcome: incomplete: the client was still waiting for the server's SSH_MSG_SERVICE_ACCEPT; unnoticed by either side: the client's SSH_MSG_SERVICE_REQUEST never arrived",
    );
    expect(simulateHelp).toMatch(/--attack ATTACK +a man in the middle: drop:DIR:N, terrapin, downgrade\[:DIR\], mitm-hostkey, flip:DIR:N, reorder:DIR:N/);
  });

  it('the help lists every server option', () => {
    for (const flag of ['--server-kex', '--server-hostkey', '--server-cipher', '--server-mac', '--server-keys', '--guess', '--seed']) expect(simulateHelp).toContain(flag);
  });
});
