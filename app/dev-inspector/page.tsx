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
  if (typeof location !== 'undefined' && location.search.includes('big=1')) {
    const n = 40000;
    const wire = new Uint8Array(n).map((_, k) => (k * 7) & 255);
    const big = {
      index: 0, phase: 'encrypted service', title: 'SSH_MSG_IGNORE', who: 'client → server', t: 0, explain: 'messages/ignore',
      kind: 'message', flow: 'c2s', from: 'client', to: 'server', number: 2, size: n, encrypted: false,
      entry: { kind: 'packet', direction: 'sent', name: 'SSH_MSG_IGNORE', wire, packet: wire, encrypted: false, streamOffset: 0,
        fields: [
          { name: 'packet_length', type: 'uint32', offset: 0, length: 4, value: n - 4 },
          { name: 'padding_length', type: 'byte', offset: 4, length: 1, value: 4 },
          { name: 'payload', type: 'group', offset: 5, length: n - 9, value: 'SSH_MSG_IGNORE', children: [
            { name: 'message_number', type: 'byte', offset: 5, length: 1, value: 2 },
            { name: 'data', type: 'string', offset: 6, length: n - 10, value: wire.subarray(10, n - 4) } ] },
          { name: 'random padding', type: 'bytes', offset: n - 4, length: 4, value: wire.subarray(n - 4) } ] },
    } as unknown as import('@/lib/session/session').MessageStep;
    return <PacketInspector step={big} />;
  }
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
