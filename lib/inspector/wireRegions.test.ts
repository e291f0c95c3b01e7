import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRecording } from '../session/recording';
import { traceOf } from '../session/trace';
import { ciphers } from '../ssh/algorithms/cipher';
import { macs } from '../ssh/algorithms/mac';
import type { TraceEntry } from '../ssh/transport/events';
import { entries, run } from '../session/testkit';
import { wireRegions } from './wireRegions';

/** The regions must tile the wire bytes and agree with the engine's own wire field tree. */
function check(e: TraceEntry, label: string) {
  const r = wireRegions(e);
  if (!e.encrypted) {
    expect(r, label).toBeUndefined();
    return;
  }
  expect(r, label).toBeDefined();
  let at = 0;
  for (const x of r!) {
    expect(x.offset, `${label}: ${x.kind} starts where the previous part ended`).toBe(at);
    at = x.offset + x.length;
  }
  expect(at, `${label}: the parts cover the wire`).toBe(e.wire.length);
  const wf = e.wireFields!;
  const mac = r!.find((x) => x.kind === 'mac');
  const tail = wf[wf.length - 1];
  // The last wire field is the MAC/tag (RFC 4253 §6: mac comes last), same span as ours.
  if (mac) expect([tail.offset, tail.length], label).toEqual([mac.offset, mac.length]);
  expect(r!.some((x) => x.kind === 'encrypted-length'), label).toBe(!!e.layout!.lengthEncrypted && e.layout!.encrypted!.offset >= 4);
}

describe('wireRegions', () => {
  it('every cipher × MAC in simulation, both directions', () => {
    const macNames = Object.keys(macs);
    let n = 0;
    Object.keys(ciphers).forEach((cipher, i) => {
      for (const mac of [macNames[i % macNames.length], macNames[(i + 3) % macNames.length]]) {
        const algs = { cipher: [cipher], mac: [mac] };
        const r = run(algs, algs);
        expect(r.outcome.ok, `${cipher} ${mac}`).toBe(true);
        for (const e of entries(r, 'client')) {
          check(e, `${cipher} ${mac} ${e.name}`);
          if (e.encrypted) n++;
        }
      }
    });
    expect(n).toBeGreaterThan(20);
  });
  it('the real OpenSSH recordings', () => {
    for (const f of readdirSync('public/recordings/real').filter((x) => x.endsWith('.json'))) {
      const t = traceOf(parseRecording(readFileSync(`public/recordings/real/${f}`, 'utf8')).client!);
      for (const e of t.messages) check(e, `${f} ${e.name}`);
    }
  });
  it('chacha20-poly1305 encrypts the length with its own key; EtM leaves it in the clear', () => {
    const chacha = { layout: { mode: 'aead', lengthEncrypted: true, encrypted: { offset: 4, length: 24 }, mac: { offset: 28, length: 16 } }, encrypted: true } as const;
    expect(wireRegions(chacha as unknown as TraceEntry)?.map((x) => x.kind)).toEqual(['encrypted-length', 'encrypted', 'mac']);
    const etm = { layout: { mode: 'encrypt-then-mac', lengthEncrypted: false, encrypted: { offset: 4, length: 32 }, mac: { offset: 36, length: 32 } }, encrypted: true };
    expect(wireRegions(etm as unknown as TraceEntry)?.map((x) => x.kind)).toEqual(['clear-length', 'encrypted', 'mac']);
    // Encrypt-and-MAC: the length is inside the first encrypted block, so no separate length part.
    const eam = { layout: { mode: 'encrypt-and-mac', lengthEncrypted: true, encrypted: { offset: 0, length: 32 }, mac: { offset: 32, length: 20 } }, encrypted: true };
    expect(wireRegions(eam as unknown as TraceEntry)?.map((x) => x.kind)).toEqual(['encrypted', 'mac']);
  });
});
