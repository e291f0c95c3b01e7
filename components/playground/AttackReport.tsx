// What the attack did and who noticed it, under a playground run: each side's detection with a
// link to its step, or that nobody noticed and what that cost, and where the attack is explained.

import Link from 'next/link';
import { Related } from '@/components/explain/Explanation';
import { attackInfo, formatAttack, type AttackSpec } from '@/lib/session/attack';
import type { Session } from '@/lib/session/session';
import { attackFindings } from '@/lib/viewer/attackFindings';

interface Props {
  session: Session;
  attack: AttackSpec;
  /** Moves the viewer to step `index` (0-based). */
  onStep: (index: number) => void;
}

function StepLink({ index, onStep }: { index: number; onStep: (i: number) => void }) {
  return (
    <a
      href={`?step=${index + 1}`}
      onClick={(ev) => {
        ev.preventDefault();
        onStep(index);
      }}
    >
      step {index + 1}
    </a>
  );
}

export function AttackReport({ session, attack, onStep }: Props) {
  const f = attackFindings(session);
  const info = attackInfo(attack.kind);
  const unnoticed = f.noticed.length === 0;
  return (
    <section className={`pg-attack-report${unnoticed ? ' unnoticed' : ''}`} aria-label="What the attack did" data-testid="attack-report">
      <h3>
        Attack <code>{formatAttack(attack)}</code>: {unnoticed ? 'nobody noticed' : `the ${f.noticed.map((n) => n.by).join(' and the ')} noticed`}
      </h3>
      {f.tampered.length > 0 ? (
        <ul aria-label="What the attacker did">
          {f.tampered.map((t) => (
            <li key={t.step}>
              {/* A reordering attacker keeps a packet to send after the next one; the session shows
                  it only as missing, since it was never delivered (the receiver stopped first, or
                  no later packet came). */}
              The attacker {attack.kind === 'reorder' && t.kind === 'dropped' ? `held back ${t.what} and never delivered it` : `${t.kind} ${t.what}`} (
              <StepLink index={t.step} onStep={onStep} />
              ).
            </li>
          ))}
        </ul>
      ) : (
        <p>The attacker found nothing to tamper with: the packet it waits for was never sent.</p>
      )}
      {f.noticed.map((n) => (
        <p key={n.by} data-testid="attack-noticed">
          The {n.by} noticed at {n.atTitle} (<StepLink index={n.at} onStep={onStep} />) and closed the connection with {n.reasonName} ({n.reason}):{' '}
          {n.description} (<StepLink index={n.closed} onStep={onStep} />
          ).
        </p>
      ))}
      {unnoticed && (
        <p data-testid="attack-cost">
          {f.stalled ? `Neither side detected the tampering; ${f.stalled}.` : f.cost.length ? `Neither side noticed. What it cost: ${f.cost.join('; ')}.` : 'Neither side noticed, and it cost nothing visible here.'}
        </p>
      )}
      <div className="pg-attack-explain" data-testid="attack-explanation">
        <p>The explanation of this attack:</p>
        <Related contentKey={`concepts/${info.concept}`} />
      </div>
      <p>
        How this attack works, step by step: the bundled session <Link href={`/sessions/${info.session}/?step=${info.step}`}>{info.session}</Link>.
      </p>
    </section>
  );
}
