// Group exchange limits (RFC 4419, RFC 8270): a server's group is sized, checked for parity, range
// of g and primality before the client computes with it; a client's request is clamped or refused
// as OpenSSH does; our own configured sizes are bounded.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRecording } from '../../session/recording';
import { traceOf } from '../../session/trace';
import { rsaDemoKey } from '../algorithms/hostkey/rsa';
import { gexGroupProblem, groupBits, groups } from '../algorithms/kex';
import { isProbablePrime } from '../algorithms/kex/primality';
import { encodeLayout } from '../messages/layout';
import { DISCONNECT } from '../messages/numbers';
import * as S from '../messages/specs';
import { Reader } from '../wire/reader';
import { DEFAULT_GEX, type EndpointConfig } from './config';
import { buildPacket } from './packet';
import { disconnects, entries, run } from '../../session/testkit';

const GEX = 'diffie-hellman-group-exchange-sha256';

function plainPacket(payload: Uint8Array): Uint8Array {
  let pad = 8 - ((5 + payload.length) % 8);
  if (pad < 4) pad += 8;
  return buildPacket(payload, new Uint8Array(pad));
}

/** Runs a GEX handshake in which the first plaintext message `number` from `from` is replaced. */
function forged(from: 'client' | 'server', number: number, payload: Uint8Array, client: Partial<EndpointConfig> = {}) {
  let replaced = false;
  const r = run({ kex: [GEX], ...client }, { kex: [GEX] }, {
    network: (chunk) => {
      if (!replaced && chunk.from === from && chunk.bytes.length > 5 && chunk.bytes[5] === number) {
        replaced = true;
        return [plainPacket(payload)];
      }
      return [chunk.bytes];
    },
  });
  expect(replaced, `no message ${number} from the ${from} to replace`).toBe(true);
  return r;
}

const serverGroup = (p: bigint, g = 2n) => forged('server', 31, encodeLayout(S.KEX_DH_GEX_GROUP, { p, g }));
const oddOfBits = (bits: number) => (1n << BigInt(bits - 1)) | 0xabcdefn | 1n;

function clientRefusal(r: ReturnType<typeof run>): string {
  const d = disconnects(r, 'client')[0];
  expect(d).toMatchObject({ reason: DISCONNECT.KEY_EXCHANGE_FAILED, by: 'local' });
  // Refused on arrival: the client never sent its e.
  expect(entries(r, 'client', 'sent').some((e) => e.name === 'SSH_MSG_KEX_DH_GEX_INIT')).toBe(false);
  return d.description;
}

describe("the client checks the server's group before using it", () => {
  it('a 1024-bit group is refused even when the request allowed 1024 bits (RFC 8270)', () => {
    let replaced = false;
    const r = run({ kex: [GEX], gex: { min: 1024, n: 1024, max: 2048 } }, { kex: [GEX] }, {
      network: (chunk) => {
        if (!replaced && chunk.from === 'server' && chunk.bytes[5] === 31) {
          replaced = true;
          return [plainPacket(encodeLayout(S.KEX_DH_GEX_GROUP, { p: groups.oakley2.p, g: 2n }))];
        }
        return [chunk.bytes];
      },
    });
    expect(clientRefusal(r)).toBe(
      "the server's group p has 1024 bits, outside the 2048–2048 accepted (requested 1024–2048; RFC 8270 allows 2048–8192)",
    );
  });

  it('an 8200-bit group is refused (above 8192 bits)', () => {
    expect(clientRefusal(serverGroup(oddOfBits(8200)))).toMatch(/^the server's group p has 8200 bits, outside the 2048–8192 accepted/);
  });

  it('an even p is refused', () => {
    expect(clientRefusal(serverGroup(groups.modp2048.p + 1n))).toBe("the server's group p is even, so it is not a prime");
  });

  it('g of 1 and of p − 1 is refused', () => {
    const p = groups.modp2048.p;
    for (const g of [1n, p - 1n, p]) {
      expect(clientRefusal(serverGroup(p, g))).toBe("the server's generator g is out of range (it must be between 2 and p-2)");
    }
  });

  it('a composite odd p (the product of two 1024-bit primes) is refused', () => {
    const blob = new Reader(rsaDemoKey(new TextEncoder().encode('gex composite')).publicBlob);
    blob.text('type');
    blob.mpint('e');
    const n = blob.mpint('n');
    expect(n.toString(2).length).toBe(2048);
    expect(clientRefusal(serverGroup(n))).toBe("the server's group p is not a prime (it fails a Miller–Rabin test)");
  });

  it('an 8192-bit composite (the square of the 4096-bit MODP prime) is refused by the one-round test used at that size', () => {
    const p = groups.modp4096.p * groups.modp4096.p;
    expect(p.toString(2).length).toBe(8192);
    expect(clientRefusal(serverGroup(p))).toBe("the server's group p is not a prime (it fails a Miller–Rabin test)");
  });

  it('a 3072-bit safe prime from a real OpenSSH server (not an RFC 3526 group) passes', () => {
    const rec = parseRecording(readFileSync('public/recordings/real/openssh-gex-rsa512-aes128ctr-umac.json', 'utf8'));
    const group = traceOf(rec.client!).messages.find((m) => m.name === 'SSH_MSG_KEX_DH_GEX_GROUP')!;
    const p = group.values!.p as bigint;
    expect(Object.values(groups).some((g) => g.p === p)).toBe(false);
    expect(gexGroupProblem(p, group.values!.g as bigint, DEFAULT_GEX)).toBeNull();
    expect(gexGroupProblem(p + 2n, 2n, DEFAULT_GEX)).not.toBeNull();
  });

  it('the probable-prime test: small cases, trial division, and a strong pseudoprime to base 2 that base 3 catches', () => {
    const bases = [2n, 3n];
    expect([2n, 3n, 5n, 2749n, 2753n, groups.modp2048.p].map((n) => isProbablePrime(n, bases))).toEqual([true, true, true, true, true, true]);
    // 561 is a Carmichael number; 3277 = 29 · 113 fools base 2 but not trial division.
    expect([0n, 1n, 4n, 561n, 2749n * 2753n].map((n) => isProbablePrime(n, bases))).toEqual([false, false, false, false, false]);
    expect(isProbablePrime(3277n, [2n])).toBe(false);
    // 23464033 = 2797 · 8389: no factor small enough for trial division, and base 2 alone is fooled.
    expect(isProbablePrime(23464033n, [2n])).toBe(true);
    expect(isProbablePrime(23464033n, bases)).toBe(false);
  });
});

describe('the server reads a GEX request as OpenSSH does', () => {
  const request = (min: number, n: number, max: number) => encodeLayout(S.KEX_DH_GEX_REQUEST, { min, n, max });
  const sentGroupBits = (r: ReturnType<typeof run>) => {
    const g = entries(r, 'server', 'sent').find((e) => e.name === 'SSH_MSG_KEX_DH_GEX_GROUP');
    return g ? (g.values!.p as bigint).toString(2).length : null;
  };

  it('a max below 2048 bits is refused', () => {
    const r = forged('client', 34, request(1024, 1024, 1536));
    expect(disconnects(r, 'server')[0]).toMatchObject({ reason: DISCONNECT.KEY_EXCHANGE_FAILED, by: 'local' });
    expect(disconnects(r, 'server')[0].description).toBe("the client's max of 1536 bits is below the 2048-bit minimum group size (RFC 8270)");
    expect(sentGroupBits(r)).toBeNull();
  });

  it('n and max far above 8192 are clamped: the group has 8192 bits', () => {
    const r = forged('client', 34, request(0, 100_000, 0xffffffff));
    expect(sentGroupBits(r)).toBe(8192);
  });

  it('n below 2048 is raised to 2048', () => {
    const r = forged('client', 34, request(1024, 1024, 8192));
    expect(sentGroupBits(r)).toBe(2048);
  });

  it('min above 8192: no group', () => {
    const r = forged('client', 34, request(9000, 9000, 10000));
    expect(disconnects(r, 'server')[0].description).toBe('no group between 9000 and 10000 bits');
  });

  it('sizes out of order are a protocol error', () => {
    const r = forged('client', 34, request(4096, 2048, 8192));
    expect(disconnects(r, 'server')[0]).toMatchObject({ reason: DISCONNECT.PROTOCOL_ERROR });
    expect(disconnects(r, 'server')[0].description).toContain('sizes are out of order: min 4096, n 2048, max 8192');
  });
});

describe('DH public values in group exchange must lie in [2, p−2]', () => {
  const p = groups.modp3072.p; // what the server picks for the default request (n = 3072)
  it('the server refuses e = 1, p − 1 and p', () => {
    expect(groupBits(groups.modp3072)).toBe(DEFAULT_GEX.n);
    for (const [e, why] of [
      [1n, 'public value 1 is not greater than 1'],
      [p - 1n, 'public value is not less than p-1'],
      [p, 'public value is not less than p-1'],
    ] as const) {
      const r = forged('client', 32, encodeLayout(S.KEX_DH_GEX_INIT, { e }));
      expect(disconnects(r, 'server')[0]).toMatchObject({ reason: DISCONNECT.KEY_EXCHANGE_FAILED, by: 'local' });
      expect(disconnects(r, 'server')[0].description).toBe(`the client's public value is unusable: ${why}`);
    }
  });

  it('the client refuses f = p − 1', () => {
    let replaced = false;
    const r = run({ kex: [GEX] }, { kex: [GEX] }, {
      network: (chunk) => {
        if (!replaced && chunk.from === 'server' && chunk.bytes[5] === 33) {
          replaced = true;
          const real = entries(r0, 'server', 'sent').find((e) => e.name === 'SSH_MSG_KEX_DH_GEX_REPLY')!.values!;
          return [plainPacket(encodeLayout(S.KEX_DH_GEX_REPLY, { ...real, f: p - 1n }))];
        }
        return [chunk.bytes];
      },
    });
    expect(replaced).toBe(true);
    expect(disconnects(r, 'client')[0].description).toBe("the server's public value is unusable: public value is not less than p-1");
  });
});

// The same handshake unmodified: its server reply supplies K_S and the signature for the forgery above.
const r0 = run({ kex: [GEX] }, { kex: [GEX] });

describe('our own configured sizes are bounded', () => {
  it('sizes outside 1024–8192 or out of order are refused before anything is sent', () => {
    for (const [gex, problem] of [
      [{ min: 512, n: 2048, max: 4096 }, 'min 512 is not a whole number of bits from 1024 to 8192'],
      [{ min: 2048, n: 3072, max: 100_000 }, 'max 100000 is not a whole number of bits from 1024 to 8192'],
      [{ min: 2048, n: 2048.5, max: 4096 }, 'n 2048.5 is not a whole number of bits from 1024 to 8192'],
      [{ min: 4096, n: 2048, max: 8192 }, 'sizes are out of order: min 4096, n 2048, max 8192'],
    ] as const) {
      const r = run({ kex: [GEX], gex }, { kex: [GEX] });
      const d = disconnects(r, 'client')[0];
      expect(d).toMatchObject({ reason: DISCONNECT.KEY_EXCHANGE_FAILED, by: 'local' });
      expect(d.description).toBe(`our configured group exchange sizes are unusable: ${problem}`);
      expect(entries(r, 'client', 'sent').some((e) => e.name === 'SSH_MSG_KEX_DH_GEX_REQUEST')).toBe(false);
    }
  });

  it('the bounds themselves are accepted', () => {
    const r = run({ kex: [GEX], gex: { min: 1024, n: 2048, max: 8192 } }, { kex: [GEX] });
    expect(r.outcome.ok).toBe(true);
  });
});
