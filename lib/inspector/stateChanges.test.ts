import { describe, expect, it } from 'vitest';
import type { ComputationStep, MessageStep, Step } from '../session/session';
import type { TraceEntry } from '../ssh/transport/events';
import { changedSections } from './stateChanges';

const base = { index: 3, phase: 'key exchange' as const, title: 't', who: 'client', t: 0, explain: 'x' };
const entry = { kind: 'packet', direction: 'sent', name: 'SSH_MSG_KEXINIT', wire: new Uint8Array(), fields: [], encrypted: false, streamOffset: 0, number: 20 } as TraceEntry;
const msg = (over: Partial<MessageStep> = {}): Step => ({ ...base, kind: 'message', flow: 'c2s', from: 'client', to: 'server', entry, size: 0, encrypted: false, ...over });
const comp = (action: string, by: 'client' | 'server' = 'client'): Step => ({ ...base, kind: 'computation', by, action, computations: [], ok: true }) as ComputationStep;

describe('changedSections', () => {
  it('a packet changes both ends’ counters and phase', () => {
    expect([...changedSections(msg(), 'client')].sort()).toEqual(['packets', 'phase']);
    expect([...changedSections(msg(), 'server')].sort()).toEqual(['packets', 'phase']);
  });
  it('an attacker-injected packet does not touch the sender it pretends to be', () => {
    const s = msg({ from: 'attacker', to: 'server', tampered: 'injected' });
    expect(changedSections(s, 'client').size).toBe(0);
    expect(changedSections(s, 'server').has('packets')).toBe(true);
  });
  it('a version line has no sequence number', () => {
    const s = msg({ entry: { ...entry, kind: 'version', number: undefined } });
    expect([...changedSections(s, 'client')]).toEqual(['phase']);
  });
  it('computations change only their own endpoint', () => {
    expect([...changedSections(comp('derive keys'), 'client')]).toEqual(['keys']);
    expect(changedSections(comp('derive keys'), 'server').size).toBe(0);
    expect([...changedSections(comp('compute H', 'server'), 'server')]).toEqual(['kex']);
    expect(changedSections(comp('something new'), 'client').size).toBe(0);
  });
  it('nothing before the first step', () => {
    expect(changedSections(undefined, 'client').size).toBe(0);
  });
});
