// Today's peers (Debian 13: OpenSSH 10.0) with default options on both sides must make the
// post-quantum handshake `ssh` makes: mlkem768x25519-sha256, with strict kex on and off.
// sshscope record → OpenSSH 10 sshd, and OpenSSH 10 ssh → sshscope serve. PuTTY 0.83 checks the
// three hybrid methods (it has all of them) against serve.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRecording } from '../../lib/session/open';
import { parseRecording, stringifyRecording, type Recording } from '../../lib/session/recording';
import { traceOf } from '../../lib/session/trace';
import type { ComputationStep } from '../../lib/session/session';
import { recordAgainst } from './recordkit';
import { startServe, type Served } from './servekit';
import { startSshd, type Sshd } from './sshd';
import { runInTrixie, TRIXIE, trixieAvailable } from './trixie';

const PQ = 'mlkem768x25519-sha256';

/** The recording opens; its K is the hybrid one: a string made of K_PQ and K_CL, and H hashes it as a string. */
function expectHybridK(rec: Recording, by: 'client' | 'server') {
  const session = openRecording(stringifyRecording(rec));
  expect(session.summary.kex).toBe(PQ);
  const step = session.steps.find((s): s is ComputationStep => s.kind === 'computation' && s.by === by && s.action === 'compute K');
  const K = step?.computations[0];
  if (!K || K.name !== 'K') throw new Error(`no K computed by the ${by}`);
  expect(K.encoding).toBe('string');
  expect(K.value.length).toBe(4 + 32);
  expect(K.parts?.map((p) => [p.name, p.value.length])).toEqual([
    ['K_PQ', 32],
    ['K_CL', 32],
  ]);
  const H = session.steps.find((s): s is ComputationStep => s.kind === 'computation' && s.by === by && s.action === 'compute H')?.computations[0];
  if (!H || H.name !== 'H') throw new Error(`no H computed by the ${by}`);
  expect(H.inputs.map((i) => `${i.name}:${i.type}`).slice(5)).toEqual(['C_INIT:string', 'S_REPLY:string', 'K:string']);
}

describe.skipIf(!trixieAvailable())('sshscope record → OpenSSH 10.0 sshd (Debian 13)', () => {
  let sshd: Sshd;
  beforeAll(async () => {
    // OpenSSH ≥ 9.8 penalises addresses whose connections end before authentication: every
    // record does exactly that, so the test server switches the penalties off.
    sshd = await startSshd({ root: TRIXIE, hostKeyTypes: ['ed25519', 'ecdsa'], config: { PerSourcePenalties: 'no' } });
  });
  afterAll(async () => sshd?.stop());

  for (const strict of [true, false]) {
    it(`default algorithm lists on both sides negotiate ${PQ} (strict kex ${strict ? 'on' : 'off'})`, async () => {
      const r = await recordAgainst(sshd.port, strict ? [] : ['--no-strict']);
      expect(r.code, `${r.output}\n${sshd.logs().slice(-2000)}`).toBe(0);
      expect(r.trace!.state.peerVersion).toMatch(/^SSH-2\.0-OpenSSH_10\./);
      expect(r.trace!.state.negotiated).toMatchObject({ kex: PQ, hostKey: 'ssh-ed25519' });
      expect(r.trace!.state.strict).toBe(strict);
      expect(r.trace!.state.service.accepted).toBe('ssh-userauth');
      expect(r.output).toContain('SSH_MSG_KEX_HYBRID_REPLY');
      expectHybridK(r.recording!, 'client');
    });
  }
});

describe.skipIf(!trixieAvailable())('OpenSSH 10.0 ssh (Debian 13) → sshscope serve', () => {
  const servers: Served[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });
  let plain: Served;
  beforeAll(async () => {
    plain = await startServe([]);
    servers.push(plain);
  });

  for (const strict of [true, false]) {
    it(`ssh with its defaults negotiates ${PQ} (strict kex ${strict ? 'on' : 'off'})`, async () => {
      const s = strict ? plain : await startServe(['--no-strict']);
      if (!strict) servers.push(s);
      const from = s.log.lines.length;
      const { output } = await runInTrixie('/usr/bin/ssh', [
        '-o', 'BatchMode=yes',
        '-o', 'StrictHostKeyChecking=no',
        '-o', 'UserKnownHostsFile=/dev/null',
        '-o', 'LogLevel=ERROR',
        '-p', String(s.port),
        '127.0.0.1',
        'true',
      ]);
      // Our DISCONNECT arrived decrypted: ssh verified the signature of H and derived the same keys.
      expect(output).toMatch(new RegExp(`Received disconnect from 127\\.0\\.0\\.1 port ${s.port}:11: sshscope: handshake recorded\\r?$`, 'm'));
      const path = (await s.log.waitFor(/recorded to (\S+\.sshscope\.json)$/, from))[1];
      const rec = parseRecording(readFileSync(path, 'utf8'));
      const t = traceOf(rec.server!);
      expect(t.state.peerVersion).toMatch(/^SSH-2\.0-OpenSSH_10\./);
      expect(t.state.negotiated).toMatchObject({ kex: PQ });
      expect(t.state.strict).toBe(strict);
      expect(t.state.service.accepted).toBe('ssh-userauth');
      expectHybridK(rec, 'server');
    });
  }
});

describe.skipIf(!trixieAvailable())('PuTTY 0.83 plink (Debian 13) → sshscope serve, each hybrid method', () => {
  // plink takes its algorithm order from saved settings; a server that offers one method decides it.
  const cases = [
    { kex: PQ, strict: true },
    { kex: 'mlkem768nistp256-sha256', strict: false },
    { kex: 'mlkem1024nistp384-sha384', strict: true },
  ];
  for (const c of cases) {
    it(`${c.kex} (strict kex ${c.strict ? 'on' : 'off'})`, async () => {
      const s = await startServe(['--kex', c.kex, ...(c.strict ? [] : ['--no-strict'])]);
      try {
        const fp = (await s.log.waitFor(/^Host key: \S+ (SHA256:\S+)/))[1];
        const { output } = await runInTrixie('/usr/bin/plink', ['-batch', '-ssh', '-P', String(s.port), '-hostkey', fp, '-l', 'test', '127.0.0.1', 'true']);
        expect(output).toMatch(/disconnect message\s+type 11 \(by application\):\s+"sshscope: handshake recorded"/);
        const path = (await s.log.waitFor(/recorded to (\S+\.sshscope\.json)$/))[1];
        const t = traceOf(parseRecording(readFileSync(path, 'utf8')).server!);
        expect(t.state.peerVersion).toMatch(/^SSH-2\.0-PuTTY_Release_0\.83/);
        expect(t.state.negotiated).toMatchObject({ kex: c.kex });
        expect(t.state.strict).toBe(c.strict);
        expect(t.state.service.accepted).toBe('ssh-userauth');
      } finally {
        await s.stop();
      }
    });
  }
});

describe.skipIf(!trixieAvailable())('sshscope record against an OpenSSH 10.0 sshd that penalises this address', () => {
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
