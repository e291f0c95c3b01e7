import { describe, expect, it } from 'vitest';
import { valueNote } from './valueNote';

describe('valueNote', () => {
  it('names disconnect reason codes as RFC 4250 §4.2.2 does', () => {
    expect(valueNote({ name: 'reason_code', value: 11 })).toBe('SSH_DISCONNECT_BY_APPLICATION');
    expect(valueNote({ name: 'reason_code', value: 5 })).toBe('SSH_DISCONNECT_MAC_ERROR');
    expect(valueNote({ name: 'reason_code', value: 9 })).toBe('SSH_DISCONNECT_HOST_KEY_NOT_VERIFIABLE');
    expect(valueNote({ name: 'reason_code', value: 99 })).toBe('unknown reason 99');
  });
  it('explains framing numbers (RFC 4253 §6)', () => {
    expect(valueNote({ name: 'packet_length', value: 12 })).toMatch(/^12 bytes follow/);
    expect(valueNote({ name: 'padding_length', value: 10 })).toMatch(/^10 bytes of random padding/);
  });
  it('keeps the engine’s own note', () => {
    expect(valueNote({ name: 'message_number', value: 20, note: 'SSH_MSG_KEXINIT' })).toBe('SSH_MSG_KEXINIT');
  });
  it('says nothing about values of the wrong type or unknown names', () => {
    expect(valueNote({ name: 'reason_code', value: 'x' })).toBeUndefined();
    expect(valueNote({ name: 'cookie', value: new Uint8Array(16) })).toBeUndefined();
  });
});
