'use client';
// The four sequence counters (RFC 4253 §6.4) after the current step, in one line: what each side
// will number its next packet sent and next packet read. Each direction's pair should match (the
// sender's next send, the receiver's next read); Terrapin is visible here as a pair that does not.

import type { Party, SessionState } from '@/lib/session/session';

const NAME: Record<Party, string> = { client: 'Client', server: 'Server' };

export function CounterStrip({ state, before }: { state: SessionState; before?: SessionState }) {
  const moved = (p: Party, k: 'send' | 'recv') => before !== undefined && before[p].seq[k] !== state[p].seq[k];
  // A direction whose counters disagree: a packet was injected or removed, or is not read yet.
  const apart = {
    c2s: state.client.seq.send !== state.server.seq.recv,
    s2c: state.server.seq.send !== state.client.seq.recv,
  };
  const cell = (p: Party, k: 'send' | 'recv') => {
    const off = k === 'send' ? apart[p === 'client' ? 'c2s' : 's2c'] : apart[p === 'client' ? 's2c' : 'c2s'];
    return (
      <span className={`cs-cell${moved(p, k) ? ' cs-moved' : ''}${off ? ' cs-apart' : ''}`} data-testid={`seq-${p}-${k}`}>
        {k === 'send' ? 'send' : 'receive'} <b>#{state[p].seq[k]}</b>
      </span>
    );
  };
  return (
    <div className="counter-strip" role="group" aria-label="Next sequence numbers after this step" data-testid="counter-strip">
      <span className="cs-title" title="The sequence number each side gives its next packet sent and next packet read (RFC 4253 §6.4)">
        next seq
      </span>
      {(['client', 'server'] as const).map((p) => (
        <span key={p} className={`cs-party cs-${p}`}>
          <strong>{NAME[p]}</strong> {cell(p, 'send')} {cell(p, 'recv')}
          {state[p].inferred && (
            <em className="cs-inferred" title="Not run by sshscope: its counters are read off the other side's packets">
              inferred
            </em>
          )}
        </span>
      ))}
      {(apart.c2s || apart.s2c) && (
        <span className="cs-note">
          ≠ {[apart.c2s && 'client→server', apart.s2c && 'server→client'].filter(Boolean).join(', ')} counters differ
        </span>
      )}
    </div>
  );
}
