import { describe, expect, it } from 'vitest';
import { refusedHint } from './refusedHint';

describe('refusedHint', () => {
  it('names PerSourcePenalties and how long to wait when OpenSSH says "Not allowed at this time"', () => {
    const h = refusedHint({ bannerLines: ['Not allowed at this time'], endedByPeer: true });
    expect(h).toMatch(/PerSourcePenalties/);
    expect(h).toMatch(/15 s up to 10 minutes/);
    expect(h).toMatch(/MaxStartups/);
  });
  it('says it may be a penalty when the server closed without a word', () => {
    expect(refusedHint({ bannerLines: [], endedByPeer: true })).toMatch(/before it sent its identification line.*may be a penalty/);
  });
  it('says nothing once the server sent its version, or when the connection did not end from its side', () => {
    expect(refusedHint({ peerVersion: 'SSH-2.0-OpenSSH_10.0', bannerLines: [], endedByPeer: true })).toBeUndefined();
    expect(refusedHint({ bannerLines: [], endedByPeer: false })).toBeUndefined();
  });
});
