// Sent-bytes digests: for each event that sent bytes, their length and a short SHA-256. Written by
// whoever ran the engine live; checked at open, so a replay that no longer produces the bytes that
// really went out is caught instead of being shown as if it were the truth.

import { sha256 } from '@noble/hashes/sha2.js';
import type { Effect } from '../ssh/transport/events';
import { toHex } from '../ssh/wire/bytes';
import type { Recording, RecordedEndpoint, SentDigest } from './recording';
import { replay } from './simulate';

/** The first 16 bytes of SHA-256 over the chunks, in hex: enough to tell replays apart, short in the file. */
export function shortSha256(chunks: Uint8Array[]): string {
  // One hasher, reset from a pristine one each time: a new hasher per event (its buffers and
  // views) was a good part of checking a long session's digests.
  pristine._cloneInto(work);
  for (const c of chunks) work.update(c);
  work.digestInto(out);
  return toHex(out.subarray(0, 16));
}
const pristine = sha256.create();
const work = sha256.create();
const out = new Uint8Array(32);

/** Collects digests from live `send` effects, each tagged with the index of the event that produced it. */
export class SentDigestRecorder {
  private byEvent = new Map<number, Uint8Array[]>();

  add(eventIndex: number, effect: Effect): void {
    if (effect.type !== 'send') return;
    const list = this.byEvent.get(eventIndex);
    if (list) list.push(effect.bytes);
    else this.byEvent.set(eventIndex, [effect.bytes]);
  }

  digests(): SentDigest[] {
    return [...this.byEvent.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([event, chunks]) => digestOf(event, chunks));
  }
}

export function digestOf(event: number, chunks: Uint8Array[]): SentDigest {
  let length = 0;
  for (const c of chunks) length += c.length;
  return { event, length, sha256: shortSha256(chunks) };
}

/** Digests of one event log's effects (index i = event i); events that sent nothing are skipped. */
export function digestsOfEffects(effects: Effect[][]): SentDigest[] {
  const out: SentDigest[] = [];
  effects.forEach((list, event) => {
    const chunks = list.flatMap((e) => (e.type === 'send' ? [e.bytes] : []));
    if (chunks.length) out.push(digestOf(event, chunks));
  });
  return out;
}

/**
 * For writers that build a recording from event logs without a live run to watch (scenarios):
 * the digests computed by replaying each endpoint now.
 */
export function withSentDigests(recording: Recording): Recording {
  const add = (e: RecordedEndpoint | undefined): RecordedEndpoint | undefined =>
    e && { ...e, sent: digestsOfEffects(replay(e.config, e.events).effects) };
  return {
    ...recording,
    ...(recording.client ? { client: add(recording.client) } : {}),
    ...(recording.server ? { server: add(recording.server) } : {}),
  };
}
