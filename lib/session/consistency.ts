// Checks that a replay reproduces the recorded truth, so a tampered or stale file is refused
// rather than shown with wrong bytes: the sends against the writer's digests, and (two endpoints,
// no man in the middle) each side's received bytes against the other side's sends.

import { toHex } from '../ssh/wire/bytes';
import { digestOf } from './digest';
import type { EndpointReplay } from './endpointReplay';
import { RecordingError, RecordingInconsistentError, type SentDigest } from './recording';
import type { Party } from './session';

/** Throws RecordingError / RecordingInconsistentError at the first event whose sends differ from the digests. */
export function checkSentDigests(party: Party, r: EndpointReplay, digests: SentDigest[]): void {
  let prev = -1;
  digests.forEach((d, k) => {
    if (d.event <= prev) throw new RecordingError([{ path: `$.${party}.sent[${k}].event`, problem: `must be greater than the previous entry's event ${prev}` }]);
    if (d.event >= r.events.length) throw new RecordingError([{ path: `$.${party}.sent[${k}].event`, problem: `event ${d.event} does not exist (the log has ${r.events.length} events)` }]);
    prev = d.event;
  });
  let k = 0;
  for (let e = 0; e < r.effects.length; e++) {
    const chunks = r.effects[e].flatMap((x) => (x.type === 'send' ? [x.bytes] : []));
    const recorded = digests[k]?.event === e ? digests[k++] : undefined;
    if (!chunks.length && !recorded) continue;
    const replayed = chunks.length ? digestOf(e, chunks) : undefined;
    if (!replayed) throw new RecordingInconsistentError(party, e, `the recording says the ${party} sent ${recorded!.length} bytes (sha256 ${recorded!.sha256}…) here; the replay sends nothing`);
    if (!recorded) throw new RecordingInconsistentError(party, e, `the replayed ${party} sends ${replayed.length} bytes (sha256 ${replayed.sha256}…) here; the recording says it sent nothing`);
    if (recorded.length !== replayed.length || recorded.sha256 !== replayed.sha256) {
      throw new RecordingInconsistentError(
        party,
        e,
        `the replayed ${party} sends ${replayed.length} bytes (sha256 ${replayed.sha256}…); the recording says ${recorded.length} bytes (sha256 ${recorded.sha256}…)`,
      );
    }
  }
}

export interface StreamDivergence {
  /** The receiver's event that brought the first byte that differs. */
  event: number;
  /** Offset of that byte in the direction's byte stream. */
  offset: number;
  problem: string;
  /** Up to 16 bytes the receiver got from that offset on (to recognise a packet that came early). */
  ahead: Uint8Array;
}

function bytesAhead(r: EndpointReplay, event: number, at: number, n: number): Uint8Array {
  const out: number[] = [];
  for (let e = event; e < r.events.length && out.length < n; e++) {
    const ev = r.events[e].event;
    if (ev.type !== 'bytesReceived') continue;
    for (let i = e === event ? at : 0; i < ev.bytes.length && out.length < n; i++) out.push(ev.bytes[i]);
  }
  return Uint8Array.from(out);
}

/**
 * Where the receiver's bytesReceived stream stops being a prefix of what the sender's replay
 * sent (it may stop early: a connection can end with bytes in flight), or null.
 */
export function streamDivergence(sender: Party, s: EndpointReplay, receiver: Party, r: EndpointReplay): StreamDivergence | null {
  const sent: Uint8Array[] = [];
  for (const effects of s.effects) for (const e of effects) if (e.type === 'send') sent.push(e.bytes);
  let chunk = 0;
  let pos = 0;
  let offset = 0;
  for (let index = 0; index < r.events.length; index++) {
    const event = r.events[index].event;
    if (event.type !== 'bytesReceived') continue;
    const b = event.bytes;
    for (let i = 0; i < b.length; i++, offset++) {
      while (chunk < sent.length && pos >= sent[chunk].length) {
        chunk++;
        pos = 0;
      }
      if (chunk >= sent.length) {
        return { event: index, offset, problem: `the ${receiver} received byte ${offset} of the stream, but the ${sender} sent only ${offset} bytes`, ahead: bytesAhead(r, index, i, 16) };
      }
      const expected = sent[chunk][pos++];
      if (b[i] !== expected) {
        return {
          event: index,
          offset,
          problem: `the ${receiver} received 0x${toHex(b.subarray(i, i + 1))} at stream offset ${offset}, but the ${sender} sent 0x${toHex(Uint8Array.of(expected))}`,
          ahead: bytesAhead(r, index, i, 16),
        };
      }
    }
  }
  return null;
}
