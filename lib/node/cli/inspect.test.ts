// inspect reads a recording the way the viewer does (openRecording): same replay, same checks,
// same errors; its JSON summary names the session id and the host key for either endpoint.

import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRecording } from '../../session/open';
import { RecordingInconsistentError } from '../../session/recording';
import { describeError } from '../../viewer/errors';
import { main } from './main';

let tmp: string;
let simulated: string;
beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'sshscope-inspect-'));
  simulated = join(tmp, 'sim.json');
  expect((await cli(['simulate', '--kex', 'curve25519-sha256', '--hostkey', 'ssh-ed25519', '--out', simulated])).code).toBe(0);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function cli(argv: string[]): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const code = await main(argv, (s) => lines.push(s));
  return { code, output: lines.join('\n') };
}

function write(name: string, json: unknown): string {
  const file = join(tmp, name);
  writeFileSync(file, JSON.stringify(json));
  return file;
}

describe('inspect refuses what the viewer refuses', () => {
  it('one byte changed in a bytesReceived event: refused with the viewer\'s error, in the table and in --json', async () => {
    const json = JSON.parse(readFileSync(simulated, 'utf8'));
    // The server's first bytes from the client: flip a byte of the client's KEXINIT (after its version line).
    const events = json.server.events as { type: string; bytes?: string }[];
    const at = events.findIndex((e) => e.type === 'bytesReceived' && e.bytes!.length > 200);
    const bytes = events[at].bytes!;
    const i = 2 * 60;
    events[at].bytes = bytes.slice(0, i) + (parseInt(bytes.slice(i, i + 2), 16) ^ 0x01).toString(16).padStart(2, '0') + bytes.slice(i + 2);
    const file = write('flipped.json', json);

    // The viewer's error, as openRecording throws it and the error panel lists it.
    let viewer: unknown;
    try {
      openRecording(readFileSync(file, 'utf8'));
    } catch (e) {
      viewer = e;
    }
    expect(viewer).toBeInstanceOf(RecordingInconsistentError);
    const problems = describeError(viewer);

    for (const flags of [[], ['--json']]) {
      const r = await cli(['inspect', file, ...flags]);
      expect(r.code).toBe(1);
      expect(r.output).toContain((viewer as Error).message);
      for (const p of problems) expect(r.output).toContain(`${p.where}): ${p.problem}`);
      expect(r.output).not.toMatch(/handshake complete|DISCONNECT/);
    }
  });

  it('an intact recording opens: its outcome is the replay\'s, not the stored text', async () => {
    const json = JSON.parse(readFileSync(simulated, 'utf8'));
    json.meta.outcome = 'stored outcome that replay does not back';
    const r = await cli(['inspect', write('intact.json', json)]);
    expect(r.code).toBe(0);
    expect(r.output).toContain(`Outcome: ${openRecording(json).summary.outcome}`);
    expect(r.output).not.toContain('stored outcome');
    // Each packet once, though both endpoints logged it (sent by one, received by the other).
    expect(r.output.match(/SSH_MSG_KEXINIT/g)).toHaveLength(2);
  });
});

describe('inspect --json summary', () => {
  const summaryOf = async (file: string) => {
    const r = await cli(['inspect', file, '--json']);
    expect(r.code, r.output).toBe(0);
    return JSON.parse(r.output) as { summary: Record<string, unknown>; messages: { name: string; direction: string }[] };
  };
  /** RFC 4716 §4 style fingerprint, computed here with node:crypto: SHA256:base64 without padding. */
  const fingerprint = (blobHex: string) => 'SHA256:' + createHash('sha256').update(Buffer.from(blobHex, 'hex')).digest('base64').replace(/=+$/, '');

  it('sessionId is the exchange hash of the first key exchange (hex); hostKeyFingerprint is the server key\'s', async () => {
    const json = JSON.parse(readFileSync(simulated, 'utf8'));
    const s = (await summaryOf(simulated)).summary;
    const H = openRecording(json).steps.find((x) => x.kind === 'computation' && x.computations[0].name === 'H');
    const h = H?.kind === 'computation' && H.computations[0].name === 'H' ? Buffer.from(H.computations[0].value).toString('hex') : undefined;
    expect(s.sessionId).toMatch(/^[0-9a-f]{64}$/);
    expect(s.sessionId).toBe(h);
    const key = (json.server.config.hostKeys as { keyType: string; publicBlob: string }[]).find((k) => k.keyType === 'ssh-ed25519')!;
    expect(s.hostKeyFingerprint).toBe(fingerprint(key.publicBlob));
  });

  it('a server-only recording (as serve writes): the host key fingerprint and session id are filled too', async () => {
    const json = JSON.parse(readFileSync(simulated, 'utf8'));
    delete json.client;
    json.meta.source = 'recorded-server';
    delete json.meta.attacker;
    const both = await summaryOf(simulated);
    const server = await summaryOf(write('server-only.json', json));
    const key = (json.server.config.hostKeys as { keyType: string; publicBlob: string }[]).find((k) => k.keyType === 'ssh-ed25519')!;
    expect(server.summary.hostKeyFingerprint).toBe(fingerprint(key.publicBlob));
    expect(server.summary.sessionId).toBe(both.summary.sessionId);
    expect(server.messages.map((m) => `${m.direction} ${m.name}`)).toEqual(both.messages.map((m) => `${m.direction} ${m.name}`));
  });

  it('sessionId is null when no key exchange completed', async () => {
    // A bundled scenario: the two sides have no cipher in common, so the negotiation fails.
    const file = join(import.meta.dirname, '../../../public/recordings/failures/no-common-cipher.json');
    const s = (await summaryOf(file)).summary;
    expect(s.sessionId).toBeNull();
    expect(s.ok).toBe(false);
  });

  it('prints no secret: neither K, the keys, nor a key log the file carries', async () => {
    const json = JSON.parse(readFileSync(simulated, 'utf8'));
    const secret = 'ab'.repeat(32);
    json.keylog = [{ cookie: '00'.repeat(16), kind: 'SHARED_SECRET', secret }];
    const file = write('with-keylog.json', json);
    const session = openRecording(json);
    const K = session.steps.flatMap((x) => (x.kind === 'computation' ? x.computations : [])).find((c) => c.name === 'K');
    const kHex = K && K.name === 'K' ? Buffer.from(K.value).toString('hex') : '';
    expect(kHex.length).toBeGreaterThan(0);
    for (const flags of [[], ['--json']]) {
      const r = await cli(['inspect', file, ...flags]);
      expect(r.code).toBe(0);
      expect(r.output).not.toContain(secret);
      expect(r.output).not.toContain(kHex.slice(8, 40));
    }
    expect((await summaryOf(file)).summary.keylogEntries).toBe(1);
  });
});

describe('inspect --json names the post-quantum method', () => {
  // The real OpenSSH 10.0 recording (scripts/record-fixtures.ts) and the hybrid scenarios.
  const bundled = (rel: string) => join(import.meta.dirname, '../../../public/recordings', rel);
  it.each([
    ['real/openssh10-mlkem768x25519-ed25519-chacha20.json', 'mlkem768x25519-sha256'],
    ['algorithms/sntrup761x25519-ed25519-chacha20.json', 'sntrup761x25519-sha512'],
    ['algorithms/mlkem768nistp256-ecdsa-p256-aes128gcm.json', 'mlkem768nistp256-sha256'],
    ['algorithms/mlkem1024nistp384-ecdsa-p384-aes256gcm.json', 'mlkem1024nistp384-sha384'],
  ])('%s: summary.kex is %s', async (rel, kex) => {
    const r = await cli(['inspect', bundled(rel), '--json']);
    expect(r.code, r.output).toBe(0);
    const j = JSON.parse(r.output) as { summary: { kex: string; outcome: string }; messages: { name: string }[] };
    expect(j.summary.kex).toBe(kex);
    expect(j.messages.map((m) => m.name)).toContain('SSH_MSG_KEX_HYBRID_REPLY');
  });
});
