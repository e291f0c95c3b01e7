// Today's peers (Debian 13: OpenSSH 10.0, Dropbear 2025.89, PuTTY 0.83) against sshscope, the
// post-quantum interop matrix of issue 10, in both roles:
//   sshscope record → OpenSSH 10 sshd, Dropbear 2025 dropbear;
//   OpenSSH 10 ssh, Dropbear 2025 dbclient, PuTTY 0.83 plink → sshscope serve.
// For each peer: with default options on both sides the handshake is post-quantum (the method the
// peer's own preference picks), and every post-quantum method the peer has that sshscope has too
// completes with strict kex on and off. The peers cannot switch strict kex off (they always offer
// kex-strict-*), so "off" is sshscope's --no-strict; the peer then really runs without it:
// sequence numbers enter every MAC/AEAD nonce after NEWKEYS, so the encrypted SERVICE_ACCEPT or
// DISCONNECT only verifies if both sides agreed on whether to reset them, and where the peer logs
// its choice (sshd and ssh at DEBUG3, plink -v) the log says so too.
// One server per peer (sshd, dropbear) serves all its cases; serve instances are shared by
// configuration. The table of results per peer is printed at the end.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRecording } from '../../lib/session/open';
import { parseRecording, stringifyRecording, type Recording } from '../../lib/session/recording';
import type { ComputationStep } from '../../lib/session/session';
import { traceOf } from '../../lib/session/trace';
import { kexAlgorithms } from '../../lib/ssh/algorithms/kex';
import { DEFAULT_KEX } from '../../lib/ssh/transport/config';
import { startDropbear, type Dropbear } from './dropbear';
import { recordAgainst } from './recordkit';
import { startServe, type Served } from './servekit';
import { startSshd, type Sshd } from './sshd';
import { runInTrixie, TRIXIE, trixieAvailable } from './trixie';

/**
 * Each peer's post-quantum key exchange methods, in the order of its default KEXINIT: OpenSSH from
 * `ssh -Q kex`; Dropbear 2025.89 and PuTTY 0.83 (no runtime list) from the names in their
 * binaries and their KEXINITs. The default-options case of each peer checks its KEXINIT against this.
 */
const PEER_PQ = {
  openssh: ['mlkem768x25519-sha256', 'sntrup761x25519-sha512', 'sntrup761x25519-sha512@openssh.com'],
  dropbear: ['sntrup761x25519-sha512', 'sntrup761x25519-sha512@openssh.com', 'mlkem768x25519-sha256'],
  putty: ['sntrup761x25519-sha512', 'sntrup761x25519-sha512@openssh.com', 'mlkem768x25519-sha256', 'mlkem1024nistp384-sha384', 'mlkem768nistp256-sha256'],
};
const isPostQuantumName = (n: string) => /mlkem|sntrup|kyber|ntru/i.test(n);

/** The methods of a peer's list that sshscope implements: the matrix runs each with strict kex on and off. */
const shared = (peer: string[]) => peer.filter((n) => kexAlgorithms[n]);

/** RFC 4253 §7.1: the first method on the client's list that the server also has. */
const firstCommon = (client: string[], server: string[]) => client.find((n) => server.includes(n));

/** The part of K and H a test can check without our code: lengths the drafts fix, string encoding. */
const MLKEM_SIZES: Record<string, { K: number; K_PQ: number; K_CL: number }> = {
  'mlkem768x25519-sha256': { K: 32, K_PQ: 32, K_CL: 32 },
  'mlkem768nistp256-sha256': { K: 32, K_PQ: 32, K_CL: 32 },
  'mlkem1024nistp384-sha384': { K: 48, K_PQ: 32, K_CL: 48 },
};

/** The recording opens; its K is a string (not an mpint), for the mlkem methods made of K_PQ and K_CL, and H hashes it as a string. */
function expectHybridK(rec: Recording, by: 'client' | 'server', kex: string) {
  const session = openRecording(stringifyRecording(rec));
  expect(session.summary.kex).toBe(kex);
  const step = session.steps.find((s): s is ComputationStep => s.kind === 'computation' && s.by === by && s.action === 'compute K');
  const K = step?.computations[0];
  if (!K || K.name !== 'K') throw new Error(`no K computed by the ${by}`);
  expect(K.encoding).toBe('string');
  const H = session.steps.find((s): s is ComputationStep => s.kind === 'computation' && s.by === by && s.action === 'compute H')?.computations[0];
  if (!H || H.name !== 'H') throw new Error(`no H computed by the ${by}`);
  expect(H.inputs.at(-1)).toMatchObject({ name: 'K', type: 'string' });
  const sizes = MLKEM_SIZES[kex];
  if (!sizes) return;
  expect(K.value.length).toBe(4 + sizes.K);
  expect(K.parts?.map((p) => [p.name, p.value.length])).toEqual([
    ['K_PQ', sizes.K_PQ],
    ['K_CL', sizes.K_CL],
  ]);
  expect(H.inputs.map((i) => `${i.name}:${i.type}`).slice(5)).toEqual(['C_INIT:string', 'S_REPLY:string', 'K:string']);
}

/** The kex_algorithms of the KEXINIT that went `flow`. */
function kexinitKex(rec: Recording, by: 'client' | 'server', flow: 'c2s' | 's2c'): string[] {
  const m = traceOf(rec[by]!).messages.find((x) => x.flow === flow && x.name === 'SSH_MSG_KEXINIT');
  if (!m) throw new Error(`no ${flow} KEXINIT`);
  return (m.values as { kex_algorithms: string[] }).kex_algorithms;
}

/**
 * What every case checks in the recording of the endpoint sshscope ran: the peer, the method, strict
 * kex as asked, the signature of H verified, and the service exchange decrypted (which needs both
 * sides to agree on the sequence numbers, and so on strict kex).
 */
function expectHandshake(rec: Recording, by: 'client' | 'server', want: { peer: RegExp; kex: string; strict: boolean }) {
  const t = traceOf(rec[by]!);
  expect(t.state.peerVersion).toMatch(want.peer);
  expect(t.state.negotiated).toMatchObject({ kex: want.kex });
  expect(t.state.strict).toBe(want.strict);
  expect(t.state.service.accepted).toBe('ssh-userauth');
  if (by === 'client') {
    const sig = t.computations.find((c) => c.computation.name === 'signature')?.computation;
    expect(sig).toMatchObject({ action: 'verify', ok: true });
    expect(t.messages.find((m) => m.name === 'SSH_MSG_SERVICE_ACCEPT')).toMatchObject({ encrypted: true, values: { service_name: 'ssh-userauth' } });
  } else {
    // The client asked for the service after NEWKEYS: its encrypted request decrypted and verified.
    expect(t.messages.find((m) => m.flow === 'c2s' && m.name === 'SSH_MSG_SERVICE_REQUEST')).toMatchObject({ encrypted: true, values: { service_name: 'ssh-userauth' } });
  }
  expectHybridK(rec, by, want.kex);
}

/** Passed/total per peer, for the closing note. */
const matrix = new Map<string, { passed: number; total: number }>();
/** A matrix case: counted for `peer`, passed only if `body` finishes. */
function matrixCase(peer: string, name: string, body: () => Promise<void>) {
  const r = matrix.get(peer) ?? { passed: 0, total: 0 };
  matrix.set(peer, r);
  r.total++;
  it(name, async () => {
    await body();
    r.passed++;
  });
}

const strictLabel = (strict: boolean) => `strict kex ${strict ? 'on' : 'off'}`;

/** serve instances by their arguments, shared by every case that needs the same configuration. */
const serves = new Map<string, Promise<Served>>();
function serveWith(args: string[]): Promise<Served> {
  const key = args.join(' ');
  let s = serves.get(key);
  if (!s) serves.set(key, (s = startServe(args)));
  return s;
}

/** A serve's recording of the connection made after its log line `from`. */
async function servedRecording(s: Served, from: number): Promise<Recording> {
  const path = (await s.log.waitFor(/recorded to (\S+\.sshscope\.json)$/, from))[1];
  return parseRecording(readFileSync(path, 'utf8'));
}

const available = trixieAvailable();

afterAll(async () => {
  await Promise.all([...serves.values()].map(async (s) => (await s).stop()));
  if (!available || matrix.size === 0) return;
  const rows = [...matrix].map(([peer, r]) => `  | ${peer.padEnd(34)} | ${`${r.passed}/${r.total}`.padStart(6)} |`);
  console.log(`post-quantum interop matrix with Debian 13 peers (passed/total):\n${rows.join('\n')}`);
});

describe.skipIf(!available)('sshscope record → OpenSSH 10.0 sshd (Debian 13)', () => {
  const peer = 'record → OpenSSH 10.0 sshd';
  const version = /^SSH-2\.0-OpenSSH_10\.0/;
  let sshd: Sshd;
  beforeAll(async () => {
    // OpenSSH ≥ 9.8 penalises addresses whose connections end before authentication: every
    // record does exactly that, so the test server switches the penalties off.
    sshd = await startSshd({ root: TRIXIE, hostKeyTypes: ['ed25519', 'ecdsa'], config: { PerSourcePenalties: 'no' } });
  });
  afterAll(async () => sshd?.stop());

  /** Records with `flags`, and returns the recording and what sshd logged about that connection. */
  async function recordOnce(flags: string[]) {
    const from = sshd.logs().length;
    const r = await recordAgainst(sshd.port, flags);
    expect(r.code, `${r.output}\n${sshd.logs().slice(from)}`).toBe(0);
    const port = (await sshd.waitForLog(/Received disconnect from 127\.0\.0\.1 port (\d+):11: sshscope: handshake recorded/, 10_000, from))[1];
    const log = sshd.logs().slice(from);
    return { r, rec: r.recording!, log: log.slice(log.indexOf(`Connection from 127.0.0.1 port ${port} `)) };
  }

  it('`ssh -Q kex` lists the post-quantum methods of the table (in its own order)', async () => {
    const { output } = await runInTrixie('/usr/bin/ssh', ['-Q', 'kex']);
    expect(output.split('\n').filter(isPostQuantumName).sort()).toEqual([...PEER_PQ.openssh].sort());
  });

  matrixCase(peer, 'defaults on both sides: a post-quantum method (strict kex on)', async () => {
    const { rec, log } = await recordOnce([]);
    const server = kexinitKex(rec, 'client', 's2c');
    expect(server.filter(isPostQuantumName)).toEqual(PEER_PQ.openssh);
    const kex = firstCommon(kexinitKex(rec, 'client', 'c2s'), server)!;
    expect(PEER_PQ.openssh).toContain(kex);
    expect(log).toContain(`kex: algorithm: ${kex}`);
    expectHandshake(rec, 'client', { peer: version, kex, strict: true });
  });

  for (const kex of shared(PEER_PQ.openssh)) {
    for (const strict of [true, false]) {
      matrixCase(peer, `${kex} (${strictLabel(strict)})`, async () => {
        const { r, rec, log } = await recordOnce(['--kex', kex, strict ? '--strict' : '--no-strict']);
        if (MLKEM_SIZES[kex]) expect(r.output).toContain('SSH_MSG_KEX_HYBRID_REPLY');
        // sshd's own account: the method, and strict kex only when both sides offered it.
        expect(log).toContain(`kex: algorithm: ${kex}`);
        expect(log.includes('will use strict KEX ordering')).toBe(strict);
        expect(/resetting send seqnr/.test(log)).toBe(strict);
        expectHandshake(rec, 'client', { peer: version, kex, strict });
      });
    }
  }
});

describe.skipIf(!available)('sshscope record → Dropbear 2025.89 dropbear (Debian 13)', () => {
  const peer = 'record → Dropbear 2025.89 dropbear';
  const version = /^SSH-2\.0-dropbear_2025\.89/;
  let dropbear: Dropbear;
  beforeAll(async () => {
    dropbear = await startDropbear(['ed25519', 'ecdsa256'], { root: TRIXIE });
  });
  afterAll(async () => dropbear?.stop());

  async function recordOnce(flags: string[]) {
    const r = await recordAgainst(dropbear.port, flags);
    expect(r.code, `${r.output}\n${dropbear.logs()}`).toBe(0);
    return r.recording!;
  }

  matrixCase(peer, 'defaults on both sides: a post-quantum method (strict kex on)', async () => {
    const rec = await recordOnce([]);
    const server = kexinitKex(rec, 'client', 's2c');
    expect(server.filter(isPostQuantumName)).toEqual(PEER_PQ.dropbear);
    const kex = firstCommon(kexinitKex(rec, 'client', 'c2s'), server)!;
    expect(PEER_PQ.dropbear).toContain(kex);
    expectHandshake(rec, 'client', { peer: version, kex, strict: true });
  });

  for (const kex of shared(PEER_PQ.dropbear)) {
    for (const strict of [true, false]) {
      matrixCase(peer, `${kex} (${strictLabel(strict)})`, async () => {
        const rec = await recordOnce(['--kex', kex, strict ? '--strict' : '--no-strict']);
        expectHandshake(rec, 'client', { peer: version, kex, strict });
      });
    }
  }
});

describe.skipIf(!available)('OpenSSH 10.0 ssh (Debian 13) → sshscope serve', () => {
  const peer = 'OpenSSH 10.0 ssh → serve';
  const version = /^SSH-2\.0-OpenSSH_10\.0/;

  /** ssh with `options` against a serve with `serveArgs`; ssh logs at DEBUG3 to say what it did. */
  async function sshOnce(serveArgs: string[], options: string[]) {
    const s = await serveWith(serveArgs);
    const from = s.log.lines.length;
    const { output } = await runInTrixie('/usr/bin/ssh', [
      '-o', 'BatchMode=yes',
      '-o', 'StrictHostKeyChecking=no',
      '-o', 'UserKnownHostsFile=/dev/null',
      '-o', 'LogLevel=DEBUG3',
      ...options,
      '-p', String(s.port),
      '127.0.0.1',
      'true',
    ]);
    // Our DISCONNECT arrived decrypted: ssh verified the signature of H and derived the same keys.
    expect(output).toMatch(new RegExp(`Received disconnect from 127\\.0\\.0\\.1 port ${s.port}:11: sshscope: handshake recorded\\r?$`, 'm'));
    return { output, rec: await servedRecording(s, from) };
  }

  matrixCase(peer, 'defaults on both sides: a post-quantum method (strict kex on)', async () => {
    const { output, rec } = await sshOnce([], []);
    const client = kexinitKex(rec, 'server', 'c2s');
    expect(client.filter(isPostQuantumName)).toEqual(PEER_PQ.openssh);
    const kex = firstCommon(client, kexinitKex(rec, 'server', 's2c'))!;
    expect(PEER_PQ.openssh).toContain(kex);
    expect(output).toContain(`kex: algorithm: ${kex}`);
    expectHandshake(rec, 'server', { peer: version, kex, strict: true });
  });

  // ssh picks the method (KexAlgorithms); serve keeps its default lists.
  for (const kex of shared(PEER_PQ.openssh)) {
    for (const strict of [true, false]) {
      matrixCase(peer, `${kex} (${strictLabel(strict)})`, async () => {
        const { output, rec } = await sshOnce(strict ? [] : ['--no-strict'], ['-o', `KexAlgorithms=${kex}`]);
        expect(output).toContain(`kex: algorithm: ${kex}`);
        expect(output.includes('will use strict KEX ordering')).toBe(strict);
        expect(/resetting send seqnr/.test(output)).toBe(strict);
        expectHandshake(rec, 'server', { peer: version, kex, strict });
      });
    }
  }
});

describe.skipIf(!available)('Dropbear 2025.89 dbclient (Debian 13) → sshscope serve', () => {
  const peer = 'Dropbear 2025.89 dbclient → serve';
  const version = /^SSH-2\.0-dropbear_2025\.89/;

  async function dbclientOnce(serveArgs: string[]) {
    const s = await serveWith(serveArgs);
    const from = s.log.lines.length;
    const { output } = await runInTrixie('/usr/bin/dbclient', ['-y', '-y', '-p', String(s.port), '127.0.0.1', 'true']);
    // dbclient does not print the description; it says the server disconnected (a decrypted DISCONNECT).
    expect(output).toMatch(/exited: Disconnect received/);
    return servedRecording(s, from);
  }

  matrixCase(peer, 'defaults on both sides: a post-quantum method (strict kex on)', async () => {
    const rec = await dbclientOnce([]);
    const client = kexinitKex(rec, 'server', 'c2s');
    expect(client.filter(isPostQuantumName)).toEqual(PEER_PQ.dropbear);
    const kex = firstCommon(client, kexinitKex(rec, 'server', 's2c'))!;
    expect(PEER_PQ.dropbear).toContain(kex);
    expectHandshake(rec, 'server', { peer: version, kex, strict: true });
  });

  // dbclient has no option for kex methods: a serve that offers one decides it.
  for (const kex of shared(PEER_PQ.dropbear)) {
    for (const strict of [true, false]) {
      matrixCase(peer, `${kex} (${strictLabel(strict)})`, async () => {
        const rec = await dbclientOnce(['--kex', kex, ...(strict ? [] : ['--no-strict'])]);
        expectHandshake(rec, 'server', { peer: version, kex, strict });
      });
    }
  }
});

describe.skipIf(!available)('PuTTY 0.83 plink (Debian 13) → sshscope serve', () => {
  const peer = 'PuTTY 0.83 plink → serve';
  const version = /^SSH-2\.0-PuTTY_Release_0\.83/;
  /** How plink -v names each method (its event log), so its own account can be checked. */
  const puttyText: Record<string, RegExp> = {
    'mlkem768x25519-sha256': /Doing ML-KEM-768 \/ Curve25519 hybrid key exchange/,
    'mlkem768nistp256-sha256': /Doing ML-KEM-768 \/ NIST P-?256 hybrid key exchange/i,
    'mlkem1024nistp384-sha384': /Doing ML-KEM-1024 \/ NIST P-?384 hybrid key exchange/i,
    'sntrup761x25519-sha512': /Doing NTRU Prime \/ Curve25519 hybrid key exchange/,
    'sntrup761x25519-sha512@openssh.com': /Doing NTRU Prime \/ Curve25519 hybrid key exchange/,
  };

  async function plinkOnce(serveArgs: string[]) {
    const s = await serveWith(serveArgs);
    const fp = (await s.log.waitFor(/^Host key: \S+ (SHA256:\S+)/))[1];
    const from = s.log.lines.length;
    const { output } = await runInTrixie('/usr/bin/plink', ['-v', '-batch', '-ssh', '-P', String(s.port), '-hostkey', fp, '-l', 'test', '127.0.0.1', 'true']);
    expect(output).toMatch(/disconnect message\s+type 11 \(by application\):\s+"sshscope: handshake recorded"/);
    return { output, rec: await servedRecording(s, from) };
  }

  matrixCase(peer, 'defaults on both sides: a post-quantum method (strict kex on)', async () => {
    const { output, rec } = await plinkOnce([]);
    const client = kexinitKex(rec, 'server', 'c2s');
    expect(client.filter(isPostQuantumName)).toEqual(PEER_PQ.putty);
    const kex = firstCommon(client, kexinitKex(rec, 'server', 's2c'))!;
    expect(PEER_PQ.putty).toContain(kex);
    expect(output).toMatch(puttyText[kex]);
    expectHandshake(rec, 'server', { peer: version, kex, strict: true });
  });

  // plink takes its algorithm order from saved settings; a serve that offers one method decides it.
  for (const kex of shared(PEER_PQ.putty)) {
    for (const strict of [true, false]) {
      matrixCase(peer, `${kex} (${strictLabel(strict)})`, async () => {
        const { output, rec } = await plinkOnce(['--kex', kex, ...(strict ? [] : ['--no-strict'])]);
        expect(output).toMatch(puttyText[kex]);
        expect(output.includes('Enabling strict key exchange semantics')).toBe(strict);
        expectHandshake(rec, 'server', { peer: version, kex, strict });
      });
    }
  }
});

describe.skipIf(!available)('the matrix covers what it should', () => {
  it('sshscope offers a post-quantum method first by default, and every method of the table it has is in the matrix', () => {
    expect(isPostQuantumName(DEFAULT_KEX[0])).toBe(true);
    for (const list of Object.values(PEER_PQ)) expect(shared(list).length).toBeGreaterThan(0);
    expect(shared(PEER_PQ.putty)).toEqual(expect.arrayContaining(['mlkem768x25519-sha256', 'mlkem768nistp256-sha256', 'mlkem1024nistp384-sha384']));
  });
});

describe.skipIf(!available)('sshscope record against an OpenSSH 10.0 sshd that penalises this address', () => {
  it('a refused record says it may be PerSourcePenalties and how long to wait', async () => {
    // One connection that leaves without authenticating is enough here (noauth 30 s, enforced from
    // 1 s): startSshd's own readiness probe is one, so the address is penalised before we record.
    const sshd = await startSshd({ root: TRIXIE, hostKeyTypes: ['ed25519'], config: { PerSourcePenalties: 'noauth:30s min:1s' } });
    try {
      // The listener learns of the penalty from the finished session's process: wait for it to say so.
      await sshd.waitForLog(/new 127\.0\.0\.1\/32 active penalty of 30 seconds/);
      const r = await recordAgainst(sshd.port);
      expect(r.code).toBe(1);
      await sshd.waitForLog(/drop connection .* penalty: connections without attempting authentication/);
      // sshd writes "Not allowed at this time" and closes; whether that line or the reset of our
      // KEXINIT reaches record first is the kernel's affair, and the hint covers both.
      expect(r.trace?.state.peerVersion).toBeUndefined();
      expect(r.output).toMatch(/^sshscope record: the server (said "Not allowed at this time" and )?closed the connection/m);
      expect(r.output).toMatch(/PerSourcePenalties; by default from 15 s up to 10 minutes\)\. Wait and try again/);
    } finally {
      await sshd.stop();
    }
  });
});
