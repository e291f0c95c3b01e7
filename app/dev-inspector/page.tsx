'use client';
// SCRATCH (V2): not to be committed.
import { useEffect, useState } from 'react';
import { openRecording } from '@/lib/session/open';
import type { Session } from '@/lib/session/session';
import { PacketInspector } from '@/components/inspector/PacketInspector';
import { StateInspector } from '@/components/state/StateInspector';
import { Explanation } from '@/components/explain/Explanation';

export default function Page() {
  const [s, setS] = useState<Session | null>(null);
  const [i, setI] = useState(0);
  const [err, setErr] = useState('');
  useEffect(() => {
    const q = new URLSearchParams(location.search);
    setI(Number(q.get('step') ?? 0));
    fetch(q.get('file') ?? '/recordings/real/openssh-curve25519-ed25519-chacha20.json')
      .then((r) => r.text())
      .then((t) => setS(openRecording(t)))
      .catch((e) => setErr(String(e)));
  }, []);
  if (err) return <p>{err}</p>;
  if (!s) return <p>loading</p>;
  const step = s.steps[i];
  return (
    <div style={{ padding: '1rem', display: 'grid', gap: '1rem' }}>
      <p id="nav">
        <button onClick={() => setI(Math.max(0, i - 1))}>prev</button> {i} / {s.steps.length} {step.title} ({step.kind})
        <button onClick={() => setI(Math.min(s.steps.length - 1, i + 1))}>next</button>
      </p>
      <Explanation step={step} />
      {step.kind === 'message' && <PacketInspector key={i} step={step} />}
      <StateInspector state={s.stateAt(i)} step={step} />
    </div>
  );
}
