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

/**
 * The receiver's bytesReceived stream must be a prefix of what the sender's replay sent (it may
 * stop early: the connection can end with bytes in flight).
 */
export function checkStream(sender: Party, s: EndpointReplay, receiver: Party, r: EndpointReplay): void {
  const sent: Uint8Array[] = [];
  for (const effects of s.effects) for (const e of effects) if (e.type === 'send') sent.push(e.bytes);
  let chunk = 0;
  let pos = 0;
  let offset = 0;
  r.events.forEach(({ event }, index) => {
    if (event.type !== 'bytesReceived') return;
    const b = event.bytes;
    for (let i = 0; i < b.length; i++, offset++) {
      while (chunk < sent.length && pos >= sent[chunk].length) {
        chunk++;
        pos = 0;
      }
      if (chunk >= sent.length) {
        throw new RecordingInconsistentError(receiver, index, `the ${receiver} received byte ${offset} of the stream, but the ${sender} sent only ${offset} bytes`);
      }
      const expected = sent[chunk][pos++];
      if (b[i] !== expected) {
        throw new RecordingInconsistentError(
          receiver,
          index,
          `the ${receiver} received 0x${toHex(b.subarray(i, i + 1))} at stream offset ${offset}, but the ${sender} sent 0x${toHex(Uint8Array.of(expected))}`,
        );
      }
    }
  });
}
