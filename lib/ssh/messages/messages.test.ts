// Every layout round-trips, decoders throw only DecodeError, and the field tree covers every byte.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KexFamily } from '../algorithms/types';
import { DecodeError } from '../wire/errors';
import type { Field } from '../wire/field';
import { decodeMessage, encodeMessage } from './codec';
import type { FieldSpec, MessageSpec, NestedDecoders } from './layout';
import { allSpecs, kexSpecs, KEXINIT } from './specs';

// Blob decoding is the host key registry's job; here blobs stay leaves.
const leaves: NestedDecoders = {
  publicKeyFields: () => {
    throw new DecodeError('blob', 0, 'not decoded in this test');
  },
  signatureFields: () => {
    throw new DecodeError('blob', 0, 'not decoded in this test');
  },
};

const name = fc.stringMatching(/^[\x21-\x2b\x2d-\x7e]{1,20}$/);
function arb(f: FieldSpec): fc.Arbitrary<unknown> {
  switch (f.type) {
    case 'byte':
      return fc.integer({ min: 0, max: 255 });
    case 'boolean':
      return fc.boolean();
    case 'uint32':
      return fc.nat({ max: 0xffffffff });
    case 'string':
    case 'host-key':
    case 'signature':
    case 'hybrid-init':
    case 'hybrid-reply':
      return fc.uint8Array({ maxLength: 64 });
    case 'text':
      return fc.string({ maxLength: 40 });
    case 'mpint':
      return fc.bigInt({ min: -(1n << 300n), max: 1n << 300n });
    case 'name-list':
      return fc.array(name, { maxLength: 5 });
    case 'cookie':
      return fc.uint8Array({ minLength: 16, maxLength: 16 });
    case 'extensions':
      return fc.array(fc.record({ name: fc.string({ maxLength: 20 }), value: fc.uint8Array({ maxLength: 30 }) }), { maxLength: 4 });
  }
}
const arbValues = (spec: MessageSpec) => fc.record(Object.fromEntries(spec.fields.map((f) => [f.name, arb(f)])));

function family(spec: MessageSpec) {
  return (Object.entries(kexSpecs).find(([, specs]) => specs.includes(spec))?.[0] ?? undefined) as KexFamily | undefined;
}

/** Children tile their parent; top-level fields tile [0, total). */
function expectTiling(fields: Field[], start: number, end: number, path = ''): void {
  let at = start;
  for (const f of fields) {
    expect(f.offset, `${path}${f.name} starts where the previous field ended`).toBe(at);
    if (f.children) expectTiling(f.children, f.offset, f.offset + f.length, `${path}${f.name}/`);
    at = f.offset + f.length;
  }
  expect(at, `${path} fields end at the end of their parent`).toBe(end);
}

describe('message codecs', () => {
  for (const spec of allSpecs) {
    it(`${spec.name}: decode(encode(v)) = v and every byte is annotated`, () => {
      fc.assert(
        fc.property(arbValues(spec), (values) => {
          const bytes = encodeMessage(spec, values);
          const m = decodeMessage(bytes, 0, leaves, family(spec));
          expect(m.name).toBe(spec.name);
          for (const f of spec.fields) {
            if (f.type === 'extensions') {
              const got = m.values[f.name] as { name: string; value: Uint8Array }[];
              const want = values[f.name] as { name: string; value: Uint8Array }[];
              expect(got.map((e) => e.name)).toEqual(want.map((e) => e.name));
            } else {
              expect(m.values[f.name]).toEqual(values[f.name]);
            }
          }
          expectTiling(m.fields, 0, bytes.length);
        }),
        { numRuns: 60 },
      );
    });
  }

  it('decoders throw only DecodeError on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 200 }), fc.constantFrom<KexFamily | undefined>(undefined, 'ecdh', 'dh', 'dh-gex', 'hybrid'), (bytes, fam) => {
        try {
          const m = decodeMessage(bytes, 0, leaves, fam);
          expectTiling(m.fields, 0, bytes.length);
        } catch (e) {
          expect(e).toBeInstanceOf(DecodeError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('a KEXINIT with a stray comma names the field and byte offset', () => {
    const good = encodeMessage(KEXINIT, {
      cookie: new Uint8Array(16),
      kex_algorithms: ['curve25519-sha256'],
      server_host_key_algorithms: [],
      encryption_algorithms_client_to_server: [],
      encryption_algorithms_server_to_client: [],
      mac_algorithms_client_to_server: [],
      mac_algorithms_server_to_client: [],
      compression_algorithms_client_to_server: [],
      compression_algorithms_server_to_client: [],
      languages_client_to_server: [],
      languages_server_to_client: [],
      first_kex_packet_follows: false,
      reserved: 0,
    });
    const bad = good.slice();
    // kex_algorithms' text starts at 1 + 16 + 4 = 21; make its 10th character a comma.
    bad[21 + 9] = 0x2c;
    bad[21 + 10] = 0x2c;
    expect(() => decodeMessage(bad, 0, leaves)).toThrow('kex_algorithms at byte 31: name-list has an empty name (stray comma)');
    expect(() => decodeMessage(good.subarray(0, 40), 0, leaves)).toThrow(DecodeError);
    expect(() => decodeMessage(new Uint8Array([...good, 0]), 0, leaves)).toThrow('1 unexpected trailing bytes');
  });
});
