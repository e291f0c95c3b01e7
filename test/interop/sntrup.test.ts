// sntrup761x25519-sha512 (both names) against independent implementations, both roles, strict kex
// on and off: our sntrup761 is checked byte for byte by peers that decapsulate our ciphertexts and
// encapsulate to our public keys. A handshake that completes proves it: the host key signature
// over H verifies and both sides derive the same keys only if K_PQ agrees.
//   OpenSSH 9.2 (Debian 12) and 10.0 (Debian 13 chroot): record → sshd with only that method, ssh → serve.
//   Dropbear 2025.89 (chroot): record → dropbear, dbclient → serve. Debian 12's Dropbear 2022.83
//   is built without sntrup (checked below), so it has no case.
//   PuTTY 0.83 plink (chroot) → serve.

import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRecording } from '../../lib/session/open';
import { parseRecording, stringifyRecording, type Recording } from '../../lib/session/recording';
import type { ComputationStep } from '../../lib/session/session';
import { traceOf, type EndpointTrace } from '../../lib/session/trace';
import { dropbearAvailable, startDropbear, type Dropbear } from './dropbear';
import { recordAgainst, serverOffer } from './recordkit';
import { startServe, type Served } from './servekit';
import { sshdAvailable, startSshd, type Sshd } from './sshd';
import { runInTrixie, TRIXIE, trixieAvailable } from './trixie';

const NAMES = ['sntrup761x25519-sha512', 'sntrup761x25519-sha512@openssh.com'] as const;
const STRICT = [true, false] as const;
const strictLabel = (strict: boolean) => `strict kex ${strict ? 'on' : 'off'}`;

/** The handshake was the sntrup hybrid: C_INIT 1158 + 32, S_REPLY 1039 + 32, K = SHA-512(…) as a string. */
function expectSntrup(rec: Recording, by: 'client' | 'server', kex: string) {
  const session = openRecording(stringifyRecording(rec));
  expect(session.summary.kex).toBe(kex);
  const computed = (action: string) => session.steps.find((s): s is ComputationStep => s.kind === 'computation' && s.by === by && s.action === action)?.computations[0];
  const K = computed('compute K');
  if (!K || K.name !== 'K') throw new Error(`no K computed by the ${by}`);
  expect(K.encoding).toBe('string');
  expect(K.value.length).toBe(4 + 64);
  expect(K.parts?.map((p) => [p.name, p.value.length])).toEqual([
    ['K_PQ', 32],
    ['K_CL', 32],
  ]);
  const H = computed('compute H');
  if (!H || H.name !== 'H') throw new Error(`no H computed by the ${by}`);
  const inputs = Object.fromEntries(H.inputs.map((i) => [i.name, i]));
  expect(inputs.C_INIT.type).toBe('string');
  expect(inputs.C_INIT.bytes.length).toBe(4 + 1158 + 32);
  expect(inputs.S_REPLY.bytes.length).toBe(4 + 1039 + 32);
  expect(inputs.K.type).toBe('string');
}

function expectHandshake(t: EndpointTrace, kex: string, strict: boolean, peer: RegExp) {
  expect(t.state.peerVersion).toMatch(peer);
  expect(t.state.negotiated).toMatchObject({ kex });
  expect(t.state.strict).toBe(strict);
  expect(t.state.service.accepted).toBe('ssh-userauth');
}

/** The recording serve wrote for the connection after log line `from`. */
async function served(s: Served, from: number): Promise<Recording> {
  const path = (await s.log.waitFor(/recorded to (\S+\.sshscope\.json)$/, from))[1];
  return parseRecording(readFileSync(path, 'utf8'));
}

function run(bin: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(bin, args, { timeout: 20_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

const sshArgs = (kex: string, port: number) => [
  '-o', 'BatchMode=yes',
  '-o', 'StrictHostKeyChecking=no',
  '-o', 'UserKnownHostsFile=/dev/null',
  '-o', 'LogLevel=ERROR',
  '-o', `KexAlgorithms=${kex}`,
  '-p', String(port),
  '127.0.0.1',
  'true',
];

const openssh = [
  { label: 'OpenSSH 9.2 (Debian 12)', available: () => sshdAvailable(), root: undefined, version: /^SSH-2\.0-OpenSSH_9\.2/ },
  { label: 'OpenSSH 10.0 (Debian 13)', available: () => trixieAvailable(), root: TRIXIE, version: /^SSH-2\.0-OpenSSH_10\./ },
];

for (const peer of openssh) {
  describe.skipIf(!peer.available())(`sshscope record → ${peer.label} sshd offering only sntrup`, () => {
    const servers: Partial<Record<string, Sshd>> = {};
    beforeAll(async () => {
      for (const kex of NAMES) {
        servers[kex] = await startSshd({
          root: peer.root,
          hostKeyTypes: ['ed25519'],
          // OpenSSH ≥ 9.8 penalises connections that leave before authenticating, as record does.
          config: { KexAlgorithms: kex, ...(peer.root ? { PerSourcePenalties: 'no' } : {}) },
        });
      }
    });
    afterAll(async () => {
      await Promise.all(Object.values(servers).map((s) => s?.stop()));
    });

    for (const kex of NAMES) {
      for (const strict of STRICT) {
        it(`${kex}, default lists on our side (${strictLabel(strict)})`, async () => {
          const sshd = servers[kex]!;
          const r = await recordAgainst(sshd.port, strict ? [] : ['--no-strict']);
          expect(r.code, `${r.output}\n${sshd.logs().slice(-2000)}`).toBe(0);
          expectHandshake(r.trace!, kex, strict, peer.version);
          expect(r.output).toContain('SSH_MSG_KEX_HYBRID_REPLY');
          expectSntrup(r.recording!, 'client', kex);
        });
      }
    }
  });

  describe.skipIf(!peer.available())(`${peer.label} ssh → sshscope serve`, () => {
    const servers: Partial<Record<string, Served>> = {};
    beforeAll(async () => {
      for (const strict of STRICT) servers[String(strict)] = await startServe(strict ? [] : ['--no-strict']);
    });
    afterAll(async () => {
      await Promise.all(Object.values(servers).map((s) => s?.stop()));
    });

    for (const kex of NAMES) {
      for (const strict of STRICT) {
        it(`ssh -o KexAlgorithms=${kex} (${strictLabel(strict)})`, async () => {
          const s = servers[String(strict)]!;
          const from = s.log.lines.length;
          const { output } = peer.root ? await runInTrixie('/usr/bin/ssh', sshArgs(kex, s.port)) : await run('/usr/bin/ssh', sshArgs(kex, s.port));
          // Our DISCONNECT arrived decrypted: ssh verified our signature of H and derived the same keys.
          expect(output).toMatch(new RegExp(`Received disconnect from 127\\.0\\.0\\.1 port ${s.port}:11: sshscope: handshake recorded\\r?$`, 'm'));
          const rec = await served(s, from);
          expectHandshake(traceOf(rec.server!), kex, strict, peer.version);
          expectSntrup(rec, 'server', kex);
        });
      }
    }
  });
}

describe.skipIf(!trixieAvailable())('sshscope record → Dropbear 2025.89 server (Debian 13)', () => {
  let db: Dropbear;
  beforeAll(async () => {
    db = await startDropbear(['ed25519'], { root: TRIXIE });
  });
  afterAll(async () => db?.stop());

  it('Dropbear 2025.89 offers both names', async () => {
    const offer = serverOffer(await recordAgainst(db.port));
    for (const kex of NAMES) expect(offer.kex_algorithms).toContain(kex);
  });

  for (const kex of NAMES) {
    for (const strict of STRICT) {
      it(`record --kex ${kex} (${strictLabel(strict)})`, async () => {
        const r = await recordAgainst(db.port, ['--kex', kex, ...(strict ? [] : ['--no-strict'])]);
        expect(r.code, `${r.output}\n${db.logs().slice(-2000)}`).toBe(0);
        expectHandshake(r.trace!, kex, strict, /^SSH-2\.0-dropbear_2025\.89/);
        expectSntrup(r.recording!, 'client', kex);
      });
    }
  }
});

describe.skipIf(!trixieAvailable())('Dropbear 2025.89 dbclient (Debian 13) → sshscope serve', () => {
  // dbclient has no option for kex methods: a server that offers one decides it.
  for (const kex of NAMES) {
    for (const strict of STRICT) {
      it(`serve --kex ${kex} (${strictLabel(strict)})`, async () => {
        const s = await startServe(['--kex', kex, ...(strict ? [] : ['--no-strict'])]);
        try {
          const { output } = await runInTrixie('/usr/bin/dbclient', ['-y', '-y', '-p', String(s.port), '127.0.0.1', 'true']);
          // dbclient does not print the description; it says the server disconnected.
          expect(output).toMatch(/Disconnect received/);
          const rec = await served(s, 0);
          expectHandshake(traceOf(rec.server!), kex, strict, /^SSH-2\.0-dropbear_2025\.89/);
          expectSntrup(rec, 'server', kex);
        } finally {
          await s.stop();
        }
      });
    }
  }
});

describe.skipIf(!trixieAvailable())('PuTTY 0.83 plink (Debian 13) → sshscope serve', () => {
  // plink takes its algorithm order from saved settings; a server that offers one method decides it.
  for (const kex of NAMES) {
    for (const strict of STRICT) {
      it(`serve --kex ${kex} (${strictLabel(strict)})`, async () => {
        const s = await startServe(['--kex', kex, ...(strict ? [] : ['--no-strict'])]);
        try {
          const fp = (await s.log.waitFor(/^Host key: \S+ (SHA256:\S+)/))[1];
          const { output } = await runInTrixie('/usr/bin/plink', ['-batch', '-ssh', '-P', String(s.port), '-hostkey', fp, '-l', 'test', '127.0.0.1', 'true']);
          expect(output).toMatch(/disconnect message\s+type 11 \(by application\):\s+"sshscope: handshake recorded"/);
          const rec = await served(s, 0);
          expectHandshake(traceOf(rec.server!), kex, strict, /^SSH-2\.0-PuTTY_Release_0\.83/);
          expectSntrup(rec, 'server', kex);
        } finally {
          await s.stop();
        }
      });
    }
  }
});

describe.skipIf(!dropbearAvailable())('Debian 12\'s Dropbear 2022.83', () => {
  it('is built without sntrup761x25519 (why it has no case here)', async () => {
    const db = await startDropbear(['ed25519']);
    try {
      const offer = serverOffer(await recordAgainst(db.port));
      expect(offer.kex_algorithms.some((k) => k.startsWith('sntrup'))).toBe(false);
      expect(existsSync('/usr/bin/dbclient')).toBe(true);
    } finally {
      await db.stop();
    }
  });
});
