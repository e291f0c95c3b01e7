// The "Reproduce" commands, run for real: Debian's python3 with python3-cryptography and openssl
// recompute K, H, the session id, keys A–F, the signature check and each encrypted packet's MAC or
// tag and decryption for every bundled recording (every kex, host key and cipher family, and the
// real OpenSSH handshakes), and each output must equal the engine's value.
//
// The python scripts of one recording run in one python3 process (each in a fresh namespace, as
// `python3 -` would run it), which keeps the suite fast; openssl commands, and every command of the
// flagship session, run whole through bash, exactly as a reader would paste them.
// Skipped locally without the tools; in CI a missing tool is an error (.ci/run installs them).

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kexReproductions, type Reproduction } from '../lib/inspector/reproduce';
import { packetReproductions } from '../lib/inspector/reproducePacket';
import { toHex } from '../lib/inspector/format';
import { openRecording } from '../lib/session/open';
import type { Party } from '../lib/session/session';

const PYTHON = '/usr/bin/python3';
// A clean environment: Debian's tools first, nothing from the developer's shell (pyenv, BASH_ENV…).
const ENV: NodeJS.ProcessEnv = { PATH: '/usr/bin:/bin', LC_ALL: 'C', NODE_ENV: process.env.NODE_ENV };

function toolsAvailable(): boolean {
  const py = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import cryptography'], { env: ENV }).status === 0;
  const ok = py && spawnSync('openssl', ['version'], { env: ENV }).status === 0 && spawnSync('xxd', ['-v'], { env: ENV }).status === 0;
  if (!ok && process.env.CI) throw new Error('python3-cryptography, openssl or xxd is missing: .ci/run installs them');
  return ok;
}
const available = toolsAvailable();

function recordings(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return recordings(p);
    return f.endsWith('.json') && f !== 'index.json' ? [p] : [];
  });
}
const FILES = recordings('public/recordings').sort();
const FLAGSHIP = 'public/recordings/basics/curve25519-ed25519-chacha20.json';

interface Case {
  what: string;
  rep: Reproduction;
  /** The engine's value: lower-case hex, or OK/FAIL for the signature check. */
  expected: string;
  /** What the family coverage check counts this case under ("kex curve25519-sha256", "cipher aes128-ctr"…). */
  family: string;
}

/** Every value the viewer offers a command for, at the step where the state inspector first shows it. */
function casesOf(file: string): { cases: Case[]; missing: string[] } {
  const s = openRecording(JSON.parse(readFileSync(file, 'utf8')));
  const cases: Case[] = [];
  const missing: string[] = [];
  const add = (what: string, rep: Reproduction | undefined, expected: string, family: string) => {
    if (rep) cases.push({ what, rep, expected, family });
    else missing.push(what);
  };
  for (const step of s.steps) {
    if (step.kind === 'computation') {
      const party: Party = step.by;
      const known = s.stateAt(step.index)[party].known;
      const r = kexReproductions(s.steps, party, step.index);
      const at = `${party} at step ${step.index + 1}`;
      const kex = s.stateAt(step.index)[party].negotiated?.kex ?? '?';
      for (const c of step.computations) {
        if (c.name === 'K') add(`K, ${at}`, r.K, toHex(known.K!.value), `kex ${kex}`);
        if (c.name === 'H') add(`H, ${at}`, r.H, toHex(known.H!.value), `hash ${kex}`);
        if (c.name === 'session_id') add(`session id, ${at}`, r.sessionId, toHex(known.sessionId!.value), 'session id');
        if (c.name === 'signature') add(`signature, ${at}`, r.signature, known.signature!.ok ? 'OK' : 'FAIL', `signature ${c.algorithm} ${c.ok ? 'OK' : 'FAIL'}`);
        if (c.name === 'key' && c.value.length > 0) add(`key ${c.letter}, ${at}`, r.keys[c.letter], toHex(c.value), 'keys');
      }
    } else if (step.kind === 'message' && step.entry.encrypted && step.tampered !== 'injected') {
      const e = step.sent ?? step.received!;
      const r = packetReproductions(s.steps, step);
      const tag = e.wire.subarray(e.wire.length - (e.layout?.mac?.length ?? 0));
      const at = `${e.name} at step ${step.index + 1}`;
      const etm = e.mac?.endsWith('-etm@openssh.com') ? 'EtM' : e.mac === '<implicit>' ? 'AEAD' : 'E&M';
      if (!e.mac?.startsWith('umac-')) add(`MAC/tag of ${at}`, r.mac, toHex(tag), `mac ${e.cipher} ${e.mac} ${etm}`);
      if (e.packet) add(`decryption of ${at}`, r.decryption, toHex(e.packet), `cipher ${e.cipher} ${etm} ${r.decryption?.tool}`);
    }
  }
  return { cases, missing };
}

// Runs each script as `python3 -` would (top-level code, fresh globals), capturing what it prints.
const RUNNER = `
import contextlib, io, json, sys
out = []
for src in json.load(sys.stdin):
    buf = io.StringIO()
    try:
        with contextlib.redirect_stdout(buf):
            exec(compile(src, "<stdin>", "exec"), {"__name__": "__main__"})
        out.append(buf.getvalue().strip())
    except Exception as e:
        out.append("ERROR " + type(e).__name__ + ": " + str(e))
print(json.dumps(out))
`;

function runPython(scripts: string[]): string[] {
  const r = spawnSync(PYTHON, ['-c', RUNNER], { input: JSON.stringify(scripts), env: ENV, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as string[];
}

function runShell(command: string): string {
  const r = spawnSync('bash', ['--norc', '--noprofile', '-c', command], { env: ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`command failed (${r.status}): ${r.stderr}`);
  return r.stdout.trim();
}

const families = new Set<string>();

describe.skipIf(!available)('reproduce commands, run with python3-cryptography and openssl', () => {
  for (const file of FILES) {
    it(file.replace('public/recordings/', ''), () => {
      const { cases, missing } = casesOf(file);
      // Real recordings ran only the client; every value of an endpoint sshscope ran has a command.
      expect(missing).toEqual([]);
      const python = cases.filter((c) => c.rep.tool === 'python3');
      const outputs = runPython(python.map((c) => c.rep.script!));
      const got = new Map<Case, string>(python.map((c, i) => [c, outputs[i]]));
      for (const c of cases.filter((x) => x.rep.tool === 'openssl')) got.set(c, runShell(c.rep.command));
      if (file === FLAGSHIP) for (const c of python) expect(runShell(c.rep.command), `${c.what}, run whole through bash`).toBe(got.get(c));
      const wrong = cases.filter((c) => c.rep.tool !== 'none' && got.get(c) !== c.expected).map((c) => `${c.what}: got ${got.get(c)?.slice(0, 120)}, engine ${c.expected.slice(0, 120)}`);
      expect(wrong).toEqual([]);
      for (const c of cases) if (c.rep.tool !== 'none') families.add(c.family);
      expect(cases.filter((c) => c.rep.tool === 'none').map((c) => c.what)).toEqual([]);
    });
  }

  it('the commands covered every kex, host key and cipher family', () => {
    expect(families.size, 'runs after the per-recording tests').toBeGreaterThan(0);
    const need = [
      'kex curve25519-sha256',
      'kex curve25519-sha256@libssh.org',
      'kex ecdh-sha2-nistp256',
      'kex ecdh-sha2-nistp384',
      'kex ecdh-sha2-nistp521',
      'kex diffie-hellman-group14-sha256',
      'kex diffie-hellman-group16-sha512',
      'kex diffie-hellman-group18-sha512',
      'kex diffie-hellman-group-exchange-sha256',
      'signature ssh-ed25519 OK',
      'signature ssh-ed25519 FAIL',
      'signature ecdsa-sha2-nistp256 OK',
      'signature ecdsa-sha2-nistp384 OK',
      'signature ecdsa-sha2-nistp521 OK',
      'signature rsa-sha2-256 OK',
      'signature rsa-sha2-512 OK',
      'mac chacha20-poly1305@openssh.com <implicit> AEAD',
      'mac aes128-gcm@openssh.com <implicit> AEAD',
      'mac aes256-gcm@openssh.com <implicit> AEAD',
      'mac aes128-ctr hmac-sha2-256 E&M',
      'mac aes256-ctr hmac-sha1-etm@openssh.com EtM',
      'mac aes256-ctr hmac-sha2-512-etm@openssh.com EtM',
      'cipher chacha20-poly1305@openssh.com AEAD python3',
      'cipher aes128-gcm@openssh.com AEAD python3',
      'cipher aes256-gcm@openssh.com AEAD python3',
      'cipher aes128-ctr E&M openssl',
      'cipher aes128-ctr E&M python3',
      'cipher aes256-ctr EtM openssl',
      'cipher aes256-ctr EtM python3',
      'cipher aes192-ctr EtM openssl',
    ];
    expect(need.filter((f) => !families.has(f))).toEqual([]);
    for (const f of ['H', 'session id', 'keys']) expect([...families].some((x) => x.startsWith(f === 'H' ? 'hash' : f))).toBe(true);
  });

  it('a command whose input is changed prints something else (the comparison can fail)', () => {
    const { cases } = casesOf(FLAGSHIP);
    const k = cases.find((c) => c.what.startsWith('K, client'))!;
    // Flip one hex digit of the client's ephemeral private key.
    const changed = k.rep.script!.replace(/^(d_C = bytes\.fromhex\(")(.)/m, (_, a: string, d: string) => a + (d === '0' ? '1' : '0'));
    expect(changed).not.toBe(k.rep.script);
    const [before, after] = runPython([k.rep.script!, changed]);
    expect(before).toBe(k.expected);
    expect(after).toMatch(/^[0-9a-f]+$/);
    expect(after).not.toBe(k.expected);
  });
});
