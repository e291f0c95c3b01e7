// The attack lab's controls: which man in the middle (or none), and for some attacks a direction
// and a packet number. Native select and number inputs: keyboard and screen reader work as is.

import Link from 'next/link';
import { useEffect, useId, useState } from 'react';
import { ATTACKS, attackInfo, formatAttack, type AttackKind, type AttackSpec, type Direction } from '@/lib/session/attack';

const DIRECTIONS: { value: Direction; label: string }[] = [
  { value: 'c2s', label: 'client → server (c2s)' },
  { value: 's2c', label: 'server → client (s2c)' },
];

/** A spec of `kind` that keeps what it can of `prev` (its direction, its number). */
function specOf(kind: AttackKind, prev: AttackSpec | null): AttackSpec {
  const dir: Direction = prev && 'dir' in prev ? prev.dir : kind === 'downgrade' ? 'c2s' : 's2c';
  const n = prev && 'n' in prev ? prev.n : 1;
  if (kind === 'terrapin' || kind === 'mitm-hostkey') return { kind };
  if (kind === 'downgrade') return { kind, dir };
  return { kind, dir, n };
}

const isN = (v: string) => /^\d{1,4}$/.test(v) && Number(v) >= 1 && Number(v) <= 1000;

export function AttackFieldset({ attack, onChange }: { attack: AttackSpec | null; onChange: (a: AttackSpec | null) => void }) {
  const id = useId();
  const info = attack ? attackInfo(attack.kind) : null;
  const n = attack && 'n' in attack ? attack.n : null;
  const [nText, setNText] = useState(n === null ? '1' : String(n));
  useEffect(() => {
    if (n !== null) setNText(String(n));
  }, [n]);
  const nOk = isN(nText);
  return (
    <fieldset className="pg-attack" data-testid="attack-setup">
      <legend>
        Attack <span className="pg-hint">(<code>attack</code>: a man in the middle on the wire)</span>
      </legend>
      <div className="pg-attack-row">
        <div className="pg-attack-field">
          <label className="pg-attack-label" htmlFor={`${id}-kind`}>
            Attack
          </label>
          <select id={`${id}-kind`} value={attack?.kind ?? ''} onChange={(ev) => onChange(ev.target.value ? specOf(ev.target.value as AttackKind, attack) : null)}>
            <option value="">None</option>
            {ATTACKS.map((a) => (
              <option key={a.kind} value={a.kind}>
                {a.title}
              </option>
            ))}
          </select>
        </div>
        {attack && 'dir' in attack && (
          <div className="pg-attack-field">
            <label className="pg-attack-label" htmlFor={`${id}-dir`}>
              Direction
            </label>
            <select id={`${id}-dir`} value={attack.dir} onChange={(ev) => onChange({ ...attack, dir: ev.target.value as Direction })}>
              {DIRECTIONS.map((d) => (
                <option key={d.value} value={d.value}>
                  {d.label}
                </option>
              ))}
            </select>
          </div>
        )}
        {attack && 'n' in attack && (
          <div className="pg-attack-field">
            <label className="pg-attack-label" htmlFor={`${id}-n`}>
              {info?.n === 'encrypted' ? 'Encrypted packet number' : 'Packet number'}
            </label>
            <input
              id={`${id}-n`}
              type="number"
              min={1}
              max={1000}
              inputMode="numeric"
              value={nText}
              aria-invalid={!nOk}
              aria-describedby={`${id}-n-help`}
              onChange={(ev) => {
                const v = ev.target.value.trim();
                setNText(v);
                if (isN(v)) onChange({ ...attack, n: Number(v) });
              }}
            />
          </div>
        )}
      </div>
      {attack && info && (
        <p className="pg-hint" id={`${id}-n-help`}>
          {!nOk && <span className="pg-invalid">The packet number is a whole number from 1 to 1000. </span>}
          {describe(attack)} <code>attack={formatAttack(attack)}</code>. Explained step by step in the bundled session{' '}
          <Link href={`/sessions/${info.session}/?step=${info.step}`}>{info.session}</Link>.
        </p>
      )}
    </fieldset>
  );
}

function describe(a: AttackSpec): string {
  const side = (d: Direction) => (d === 'c2s' ? "the client's" : "the server's");
  switch (a.kind) {
    case 'terrapin':
      return "Injects an SSH_MSG_IGNORE before the server's NEWKEYS and deletes the server's first encrypted packet (try strict kex off).";
    case 'mitm-hostkey':
      return "Answers the key exchange with the attacker's own host key; the client knows the server's keys. Any key exchange but the group exchange (diffie-hellman-group-exchange-*).";
    case 'downgrade':
      return `Rewrites ${side(a.dir)} KEXINIT to offer only aes128-ctr and hmac-sha1.`;
    case 'drop':
      return `Deletes ${side(a.dir)} packet ${a.n} (1: its first after the identification line).`;
    case 'flip':
      return `Flips one bit of the ciphertext of ${side(a.dir)} encrypted packet ${a.n} (1: its first after NEWKEYS).`;
    case 'reorder':
      return `Holds back ${side(a.dir)} encrypted packet ${a.n} and delivers it after the next one.`;
  }
}
