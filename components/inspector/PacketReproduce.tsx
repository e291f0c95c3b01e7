'use client';

// The commands that reproduce an encrypted packet's MAC or tag and its decryption from the
// session's keys (lib/inspector/reproducePacket.ts). Rendered by the packet inspector when it is
// given the session's steps.

import { useMemo } from 'react';
import { packetReproductions } from '@/lib/inspector/reproducePacket';
import type { MessageStep, Step } from '@/lib/session/session';
import { Reproduce } from './Reproduce';

export function PacketReproduce({ steps, step }: { steps: readonly Step[]; step: MessageStep }) {
  const r = useMemo(() => packetReproductions(steps, step), [steps, step]);
  if (!r.mac && !r.decryption) return null;
  const copy = step.sent ? 'as its sender sealed it' : 'as its receiver opened it';
  return (
    <section className="pi-repro" aria-label="Reproduce this packet's cryptography">
      <p className="pi-facts">
        Check this packet yourself, {copy}, with the session&apos;s keys and standard tools:
      </p>
      {r.mac && <Reproduce rep={r.mac} />}
      {r.decryption && <Reproduce rep={r.decryption} />}
    </section>
  );
}
