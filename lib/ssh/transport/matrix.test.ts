// The algorithm matrix: both roles of the engine against each other in memory, finishing with
// SERVICE_REQUEST "ssh-userauth" / SERVICE_ACCEPT and a polite DISCONNECT.

import { afterAll, describe, expect, it } from 'vitest';
import { ciphers } from '../algorithms/cipher';
import { hostKeyAlgorithms } from '../algorithms/hostkey';
import { kexAlgorithms } from '../algorithms/kex';
import { macs } from '../algorithms/mac';
import { DISCONNECT } from '../messages/numbers';
import { disconnects, entries, run } from '../../session/testkit';

const kexNames = Object.keys(kexAlgorithms);
const signers = Object.values(hostKeyAlgorithms)
  .filter((a) => !a.verifyOnly)
  .map((a) => a.name);
const ctrCiphers = Object.values(ciphers)
  .filter((c) => !c.aead)
  .map((c) => c.name);
const aeadCiphers = Object.values(ciphers)
  .filter((c) => c.aead)
  .map((c) => c.name);
const macNames = Object.keys(macs);

// The cipher × MAC half rotates through the cheap kex methods: DH is covered above.
const fastKex = ['curve25519-sha256', 'ecdh-sha2-nistp256', 'curve25519-sha256@libssh.org', 'ecdh-sha2-nistp384'];

const ran: string[] = [];

function expectComplete(r: ReturnType<typeof run>, label: string) {
  expect(r.outcome.ok, `${label}: ${r.outcome.description}`).toBe(true);
  const clientSeen = entries(r, 'client', 'received').map((e) => e.name);
  expect(clientSeen).toContain('SSH_MSG_SERVICE_ACCEPT');
  const serverSeen = entries(r, 'server', 'received').map((e) => e.name);
  expect(serverSeen).toContain('SSH_MSG_SERVICE_REQUEST');
  // The connection ends with the client's polite disconnect, seen by the server.
  const d = disconnects(r, 'server');
  expect(d).toHaveLength(1);
  expect(d[0]).toMatchObject({ by: 'peer', reason: DISCONNECT.BY_APPLICATION });
  ran.push(label);
}

describe('kex × host key', () => {
  kexNames.forEach((kex, i) => {
    signers.forEach((hostKey, j) => {
      // Alternating so every kex and every host key runs with strict kex both on and off.
      const strict = (i + j) % 2 === 0;
      const cipher = [...aeadCiphers, ...ctrCiphers][(i + j) % (aeadCiphers.length + ctrCiphers.length)];
      const label = `${kex} × ${hostKey} (${cipher}, strict ${strict ? 'on' : 'off'})`;
      it(label, () => {
        const r = run(
          { kex: [kex], hostKey: [hostKey], cipher: [cipher], strictKex: strict },
          { strictKex: strict, kex: kexNames },
          { seed: label },
        );
        expectComplete(r, label);
        expect(r.client.state.negotiated).toMatchObject({ kex, hostKey, cipherC2S: cipher });
        expect(r.client.state.strict).toBe(strict);
        expect(r.server.state.strict).toBe(strict);
      });
    });
  });
});

describe('cipher × MAC', () => {
  ctrCiphers.forEach((cipher, i) => {
    macNames.forEach((mac, j) => {
      for (const strict of [true, false]) {
        const label = `${cipher} × ${mac} (strict ${strict ? 'on' : 'off'})`;
        it(label, () => {
          const r = run(
            { kex: [fastKex[(i + j) % fastKex.length]], cipher: [cipher], mac: [mac], strictKex: strict },
            { strictKex: strict },
            { seed: label },
          );
          expectComplete(r, label);
          expect(r.client.state.negotiated).toMatchObject({ cipherC2S: cipher, cipherS2C: cipher, macC2S: mac, macS2C: mac });
          // After NEWKEYS every packet is protected and carries a MAC of the right length.
          const enc = entries(r, 'client', 'sent').filter((e) => e.encrypted);
          expect(enc.length).toBeGreaterThan(0);
          for (const e of enc) expect(e.layout?.mac?.length).toBe(macs[mac].macLength);
        });
      }
    });
  });
  aeadCiphers.forEach((cipher) => {
    for (const strict of [true, false]) {
      const label = `${cipher} (AEAD, strict ${strict ? 'on' : 'off'})`;
      it(label, () => {
        const r = run({ cipher: [cipher], strictKex: strict }, { strictKex: strict }, { seed: label });
        expectComplete(r, label);
        expect(r.client.state.negotiated).toMatchObject({ cipherC2S: cipher, macC2S: '<implicit>' });
      });
    }
  });
});

afterAll(() => {
  console.log(`algorithm matrix: ${ran.length} combinations completed\n  ${ran.join('\n  ')}`);
});
