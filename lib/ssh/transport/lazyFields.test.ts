// Packet entries build their field trees and values on first read. Checked here: the trees agree
// with the bytes (read independently) and with the other side's entry for the same packet, and a
// deferred entry behaves like a plain object for everything consumers do with one.

import { describe, expect, it } from 'vitest';
import type { Field } from '../wire/field';
import type { TraceEntry } from './events';
import { entries, run } from '../../session/testkit';

const u32 = (b: Uint8Array, o: number) => ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;

/** Every byte of [offset, offset + length) covered once by `fields`, recursively. */
function expectTiles(fields: Field[], offset: number, length: number): void {
  let at = offset;
  for (const f of fields) {
    expect(f.offset).toBe(at);
    if (f.children?.length) expectTiles(f.children, f.offset, f.length);
    at += f.length;
  }
  expect(at).toBe(offset + length);
}

const ciphers = [
  { cipher: ['aes128-ctr'], mac: ['hmac-sha2-256'] },
  { cipher: ['aes256-ctr'], mac: ['hmac-sha2-512-etm@openssh.com'] },
  { cipher: ['chacha20-poly1305@openssh.com'] },
  { cipher: ['aes128-gcm@openssh.com'] },
];

describe('deferred packet fields', () => {
  for (const algs of ciphers) {
    it(`trees match the bytes and both sides agree (${algs.cipher[0]}${algs.mac ? ` × ${algs.mac[0]}` : ''})`, () => {
      const data = Uint8Array.of(1, 2, 3, 4, 5);
      const r = run(algs, {}, { afterService: [{ type: 'request', request: { kind: 'ignore', data } }] });
      expect(r.outcome.ok).toBe(true);
      for (const [sender, receiver] of [['client', 'server'], ['server', 'client']] as const) {
        const sent = entries(r, sender, 'sent').filter((e) => e.kind === 'packet');
        const received = entries(r, receiver, 'received').filter((e) => e.kind === 'packet');
        expect(received.length).toBe(sent.length);
        expect(sent.length).toBeGreaterThan(3);
        sent.forEach((s, k) => {
          const got = received[k];
          const packet = s.packet!;
          const [length, padding, payload, pad] = s.fields;
          expect(length.value).toBe(u32(packet, 0));
          expect(padding.value).toBe(packet[4]);
          expect(payload.children![0].value).toBe(packet[5]);
          expect(payload.children![0].value).toBe(s.number);
          expect(pad.length).toBe(packet[4]);
          expectTiles(s.fields, 0, packet.length);
          expectTiles(s.wireFields!, 0, s.wire.length);
          // The receiver decrypted its own copy of the bytes: same trees, same values.
          expect(got.fields).toEqual(s.fields);
          expect(got.wireFields).toEqual(s.wireFields);
          expect(got.values).toEqual(s.values);
          if (!s.encrypted) expect(s.wireFields).toBe(s.fields);
        });
        if (sender === 'client') expect(sent.find((e) => e.name === 'SSH_MSG_IGNORE')!.values).toEqual({ data });
      }
    });
  }

  it('behaves as a plain object: key order, spread, JSON, structuredClone, caching, assignment', () => {
    const r = run({ cipher: ['aes128-ctr'], mac: ['hmac-sha2-256-etm@openssh.com'] });
    const [kexinit, later] = [entries(r, 'client', 'sent')[1], entries(r, 'server', 'received').at(-1)!];
    expect(kexinit.name).toBe('SSH_MSG_KEXINIT');
    expect(Object.keys(kexinit)).toEqual([
      'kind', 'direction', 'seq', 'number', 'name', 'wire', 'packet', 'fields', 'wireFields', 'encrypted', 'layout', 'cipher', 'mac', 'values', 'streamOffset',
    ]);
    const spread: TraceEntry = { ...kexinit };
    expect(Object.getOwnPropertyDescriptor(spread, 'fields')!.value).toBe(kexinit.fields);
    expect(kexinit.fields).toBe(kexinit.fields);
    expect((kexinit.values as { cookie: Uint8Array }).cookie).toEqual(kexinit.packet!.subarray(6, 22));
    const json = JSON.parse(JSON.stringify(kexinit)) as { fields: { name: string }[]; values: Record<string, unknown> };
    expect(json.fields.map((f) => f.name)).toEqual(['packet_length', 'padding_length', 'payload', 'random padding']);
    expect(Object.keys(json.values)).toContain('kex_algorithms');
    expect(structuredClone(later).wireFields!.map((f) => f.name)).toEqual(['packet_length', 'ciphertext', 'mac']);
    // Values first, then the trees (one decode serves both); then a plain write.
    const v = later.values;
    expect(later.fields[2].value).toBe(later.name);
    expect(later.values).toBe(v);
    const replaced: Field[] = [];
    later.fields = replaced;
    expect(later.fields).toBe(replaced);
    expect(Object.getOwnPropertyDescriptor(later, 'fields')!.writable).toBe(true);
  });

  it('a frozen entry still reads its trees, the same objects each time', () => {
    const r = run();
    const e = Object.freeze(entries(r, 'server', 'received').find((x) => x.name === 'SSH_MSG_KEXINIT')!);
    expect(e.fields).toBe(e.fields);
    expect(e.wireFields).toBe(e.fields);
    expect(e.values).toBe(e.values);
    expect((e.values as { kex_algorithms: string[] }).kex_algorithms.length).toBeGreaterThan(0);
  });
});
