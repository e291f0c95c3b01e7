// Every layout round-trips, decoders throw only DecodeError, and the field tree covers every byte.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KexFamily } from '../algorithms/types';
import { DecodeError } from '../wire/errors';
import type { Field } from '../wire/field';
import { decodeMessage, encodeMessage } from './codec';
import { Writer } from '../wire/writer';
import type { FieldSpec, Layout, MessageSpec, MessageValues, NestedDecoders } from './layout';
import { allSpecs, kexSpecs, KEXINIT, methodSpecs, type DecodeContext } from './specs';

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

/** Encoded terminal modes (RFC 4254 §8): well-formed ones, one stopped by an undefined opcode, and noise. */
const terminalModes: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc
    .tuple(fc.array(fc.tuple(fc.integer({ min: 1, max: 159 }), fc.nat({ max: 0xffffffff })), { maxLength: 6 }), fc.constantFrom('end', 'stop', 'none'))
    .map(([pairs, ending]) => {
      const w = new Writer();
      for (const [op, arg] of pairs) w.byte(op).uint32(arg);
      if (ending === 'end') w.byte(0);
      if (ending === 'stop') w.byte(200).raw(Uint8Array.of(1, 2, 3));
      return w.bytes();
    }),
  fc.uint8Array({ maxLength: 40 }),
);

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
    case 'rest':
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
    case 'list':
      return fc.array(fc.record(Object.fromEntries((f.item ?? []).map((g) => [g.name, arb(g)]))), { maxLength: 4 });
    case 'terminal-modes':
      return terminalModes;
  }
}

/** Values for a layout: its fields, and for a tail every case (and other values) in turn. */
function arbLayout(layout: Layout): fc.Arbitrary<MessageValues> {
  const own = fc.record(Object.fromEntries(layout.fields.map((f) => [f.name, arb(f)]))) as fc.Arbitrary<MessageValues>;
  const tail = layout.tail;
  if (!tail) return own;
  const on = layout.fields.find((f) => f.name === tail.on)!;
  const pick = (key: string) => (on.type === 'boolean' ? key === 'true' : key);
  const branches: fc.Arbitrary<MessageValues>[] = Object.entries(tail.cases).map(([key, next]) =>
    fc.tuple(own, arbLayout(next)).map(([a, b]) => ({ ...a, ...b, [tail.on]: pick(key) })),
  );
  if (tail.otherwise) {
    const other = (arb(on) as fc.Arbitrary<unknown>).filter((v) => !Object.hasOwn(tail.cases, String(v)));
    branches.push(fc.tuple(own, other, arbLayout(tail.otherwise)).map(([a, v, b]) => ({ ...a, ...b, [tail.on]: v })));
  }
  return fc.oneof(...branches);
}

function family(spec: MessageSpec) {
  return (Object.entries(kexSpecs).find(([, specs]) => specs.includes(spec))?.[0] ?? undefined) as KexFamily | undefined;
}

/** The decode context that gives a method-specific number (60–79) this spec's meaning. */
function context(spec: MessageSpec): DecodeContext | undefined {
  const method = Object.entries(methodSpecs).find(([, specs]) => specs.includes(spec))?.[0];
  return method ? { authMethod: method } : undefined;
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
        fc.property(arbLayout(spec), (values) => {
          const bytes = encodeMessage(spec, values);
          const m = decodeMessage(bytes, 0, leaves, family(spec), context(spec));
          expect(m.name).toBe(spec.name);
          for (const [k, want] of Object.entries(values)) {
            if (spec.fields.find((f) => f.name === k)?.type === 'extensions') {
              const got = m.values[k] as { name: string; value: Uint8Array }[];
              expect(got.map((e) => e.name)).toEqual((want as { name: string }[]).map((e) => e.name));
            } else {
              expect(m.values[k], k).toEqual(want);
            }
          }
          expect(Object.keys(m.values).sort()).toEqual(Object.keys(values).sort());
          expectTiling(m.fields, 0, bytes.length);
          expect(encodeMessage(spec, m.values)).toEqual(bytes);
        }),
        { numRuns: spec.tail ? 300 : 60 },
      );
    });
  }

  it('decoders throw only DecodeError on arbitrary bytes', () => {
    const contexts = [undefined, ...Object.keys(methodSpecs).map((authMethod) => ({ authMethod }))];
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 200 }), fc.constantFrom<KexFamily | undefined>(undefined, 'ecdh', 'dh', 'dh-gex', 'hybrid'), fc.constantFrom(...contexts), (bytes, fam, ctx) => {
        try {
          const m = decodeMessage(bytes, 0, leaves, fam, ctx);
          expectTiling(m.fields, 0, bytes.length);
        } catch (e) {
          expect(e).toBeInstanceOf(DecodeError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('decoders throw only DecodeError on valid messages cut short or with a byte changed', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...allSpecs).chain((spec) => fc.tuple(fc.constant(spec), arbLayout(spec))),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        fc.boolean(),
        ([spec, values], at, b, cut) => {
          const good = encodeMessage(spec, values);
          const bad = cut ? good.subarray(0, at % good.length) : good.slice();
          if (!cut) bad[at % good.length] = b;
          try {
            const m = decodeMessage(bad, 0, leaves, family(spec), context(spec));
            expectTiling(m.fields, 0, bad.length);
          } catch (e) {
            expect(e).toBeInstanceOf(DecodeError);
          }
        },
      ),
      { numRuns: 3000 },
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
