// An observer's view of real sessions with Debian's OpenSSH sshd: `sshscope record` runs the client,
// so what it sent and what it read are both directions of the connection, and its ephemeral private
// key (or K) is the key log an instrumented client would have written. The observer's decode must
// equal the client's own replay: every packet (decrypted), K, H, the session id and keys A–F.

import { afterAll, describe, expect, it } from 'vitest';
import { openParsedRecording, openRecording, type OpenedSession } from '../../lib/session/open';
import { observerRecording, type KeylogChoice } from '../../lib/session/observer/fromEndpoints';
import { stringifyRecording } from '../../lib/session/recording';
import type { ComputationStep, MessageStep } from '../../lib/session/session';
import { toHex } from '../../lib/ssh/wire/bytes';
import { recordAgainst } from './recordkit';
import { sshdAvailable, startSshd } from './sshd';
import { TRIXIE, trixieAvailable } from './trixie';

const wire = (s: OpenedSession, flow: string) =>
  s.steps.filter((m): m is MessageStep => m.kind === 'message' && m.flow === flow).map((m) => [m.title, m.counters?.sender ?? m.counters?.receiver, toHex(m.entry.wire), m.entry.packet && toHex(m.entry.packet)]);
const secrets = (s: OpenedSession) =>
  s.steps
    .filter((c): c is ComputationStep => c.kind === 'computation')
    .flatMap((c) => c.computations)
    .flatMap((c) => (['K', 'H', 'session_id', 'key'].includes(c.name) ? [`${c.name}=${toHex((c as { value: Uint8Array }).value)}`] : []));

async function expectObserverSeesWhatTheClientDid(port: number, flags: string[], keylog: KeylogChoice, server: RegExp) {
  const run = await recordAgainst(port, flags);
  expect(run.code, run.output).toBe(0);
  const rec = run.recording!;
  const client = openParsedRecording(rec);
  expect(client.summary.ok, client.summary.outcome).toBe(true);
  const s = openRecording(stringifyRecording(observerRecording(rec, keylog)));
  expect(s.summary.outcome).toBe("observer's view, decrypted with the key log: handshake complete, service ssh-userauth accepted");
  expect(s.parties.server.version).toMatch(server);
  for (const flow of ['c2s', 's2c']) expect(wire(s, flow)).toEqual(wire(client, flow));
  expect(secrets(s)).toEqual(secrets(client));
  expect(secrets(s).length).toBeGreaterThanOrEqual(9);
  // The real server's signature over H checks out with the observer's H.
  const verify = s.steps.find((x): x is ComputationStep => x.kind === 'computation' && x.action === 'verify signature');
  expect(verify?.ok).toBe(true);

  // Without the key log: the same bytes, the handshake in clear, then sealed.
  const blind = openRecording(stringifyRecording(observerRecording(rec, 'none')));
  expect(blind.observer).toEqual({ keylog: 'none', sealed: true });
  expect(blind.steps.filter((x) => x.kind === 'message' && x.entry.note)).toHaveLength(1);
}

describe.skipIf(!sshdAvailable())('observer of `sshscope record` ↔ OpenSSH sshd', async () => {
  const sshd = sshdAvailable() ? await startSshd({ hostKeyTypes: ['ed25519', 'ecdsa', 'rsa'] }) : undefined;
  afterAll(() => sshd?.stop());

  const cases: [string[], KeylogChoice][] = [
    [['--kex', 'curve25519-sha256', '--cipher', 'chacha20-poly1305@openssh.com'], 'client-private'],
    [['--kex', 'ecdh-sha2-nistp256', '--cipher', 'aes128-gcm@openssh.com'], 'client-shared'],
    [['--kex', 'diffie-hellman-group-exchange-sha256', '--cipher', 'aes256-ctr', '--mac', 'hmac-sha2-256-etm@openssh.com'], 'client-private'],
    [['--kex', 'diffie-hellman-group14-sha256', '--cipher', 'aes128-ctr', '--mac', 'umac-64@openssh.com'], 'client-private'],
  ];
  for (const [flags, keylog] of cases) {
    it(`${flags.filter((f) => !f.startsWith('--')).join(' + ')}, key log ${keylog}`, async () => {
      await expectObserverSeesWhatTheClientDid(sshd!.port, flags, keylog, /^SSH-2\.0-OpenSSH_9\./);
    });
  }
});

describe.skipIf(!trixieAvailable())('observer of `sshscope record` ↔ OpenSSH 10 sshd (Debian 13): the post-quantum hybrid', async () => {
  // PerSourcePenalties off: every record ends before authentication (see trixie.test.ts).
  const sshd = trixieAvailable() ? await startSshd({ root: TRIXIE, hostKeyTypes: ['ed25519'], config: { PerSourcePenalties: 'no' } }) : undefined;
  afterAll(() => sshd?.stop());
  const cases: [string[], KeylogChoice][] = [
    [[], 'client-private'],
    [['--no-strict'], 'client-shared'],
  ];
  for (const [flags, keylog] of cases) {
    it(`mlkem768x25519-sha256 (default lists${flags.length ? ', strict kex off' : ''}), key log ${keylog}`, async () => {
      await expectObserverSeesWhatTheClientDid(sshd!.port, flags, keylog, /^SSH-2\.0-OpenSSH_10\./);
    });
  }
});
