// An observer's recording (peerBytes, optionally a keylog) opened into the Session the viewer
// walks: the passive decode's anchors labelled exactly as a replay's, and both parties' state
// folded from them. Both lifelines are reconstructed from what crossed the wire, so both count as
// present; Session.observer and the outcome say that this is an observer's view.

import type { OpenedSession, OpenOptions } from '../open';
import type { Recording } from '../recording';
import type { Session, SessionSummary, Step } from '../session';
import { buildStateIndex } from '../sessionState';
import { Labeller } from '../steps';
import { decodeObserved, type ObservedDecode } from './decode';

export function openObserved(recording: Recording, options: OpenOptions = {}): OpenedSession {
  const decoded = decodeObserved(recording.peerBytes ?? [], recording.keylog);
  options.observer?.replayed?.();
  const label = new Labeller({ client: true, server: true });
  const steps: Step[] = decoded.anchors.map((a, i) => label.step(a, i));
  const parties: Session['parties'] = {
    client: { present: true, ...(decoded.versions.client !== undefined ? { version: decoded.versions.client } : {}) },
    server: { present: true, ...(decoded.versions.server !== undefined ? { version: decoded.versions.server } : {}) },
  };
  const index = buildStateIndex(steps, parties, options.snapshotEverySteps);
  return {
    meta: recording.meta,
    ...(recording.warnings ? { warnings: recording.warnings } : {}),
    observer: { keylog: decoded.keylog, sealed: decoded.sealed },
    parties,
    attacker: false,
    steps,
    summary: observedSummary(decoded, steps),
    stateAt: index.stateAt,
    stateAtFromScratch: index.stateAtFromScratch,
    recording,
  };
}

function observedSummary(d: ObservedDecode, steps: Step[]): SessionSummary {
  const n = d.negotiated;
  const failure = steps.find((s) => s.phase === 'failure');
  const how =
    d.keylog === 'used'
      ? "observer's view, decrypted with the key log"
      : d.keylog === 'not used'
        ? "observer's view; the key log did not open every key exchange"
        : "observer's view, no key log";
  const what = failure
    ? `failed: ${failure.error}`
    : d.serviceAccepted
      ? `handshake complete, service ${d.serviceAccepted} accepted`
      : d.kexCount > 0
        ? 'handshake complete'
        : steps.length
          ? 'incomplete: the bytes end before the first key exchange completed'
          : 'empty: no bytes in either direction';
  const sealed = d.sealed ? '; the encrypted packets stay unread (a key log would decrypt them)' : '';
  return {
    ...(n
      ? { kex: n.kex, hostKey: n.hostKey, cipherC2S: n.cipherC2S, cipherS2C: n.cipherS2C, macC2S: n.macC2S, macS2C: n.macS2C }
      : {}),
    ...(d.hostKeyFingerprint ? { hostKeyFingerprint: d.hostKeyFingerprint } : {}),
    outcome: `${how}: ${what}${sealed}`,
    ok: !failure && d.kexCount > 0,
  };
}
