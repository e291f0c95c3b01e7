// The bundled recordings as cards, grouped. A server component: plain links, no client JS.

import Link from 'next/link';
import { algorithmLine, groupEntries, type ManifestEntry } from '@/lib/viewer/manifest';

const GROUP_BLURB: Record<string, string> = {
  Basics: 'Start here: complete handshakes, one message at a time.',
  Algorithms: 'The same conversation with different key exchanges, host keys and ciphers.',
  Failures: 'What happens when the two sides cannot agree, or something breaks.',
  Attacks: 'A man in the middle injects, drops or changes packets — and how SSH notices.',
  'Real servers': 'Recorded against a real OpenSSH server.',
};

function Card({ e }: { e: ManifestEntry }) {
  const algos = algorithmLine(e.algorithms);
  return (
    <li className="card">
      <Link href={`/sessions/${e.slug}/`} className="card-link">
        <h3>{e.title}</h3>
      </Link>
      <p className="card-desc">{e.description}</p>
      {algos && <p className="card-algos">{algos}</p>}
      <p className={`card-outcome ${e.ok ? 'ok' : 'failed'}`}>
        <span className="outcome-icon" aria-hidden="true">
          {e.ok ? '✓' : '✕'}
        </span>
        <span>
          <strong>{e.ok ? 'Succeeds' : 'Fails'}:</strong> {e.outcome}
        </span>
      </p>
      {e.steps > 0 && (
        <p className="card-meta">
          {e.steps} steps · {(e.bytes / 1024).toFixed(1)} KB
        </p>
      )}
    </li>
  );
}

export function Gallery({ entries }: { entries: ManifestEntry[] }) {
  const groups = groupEntries(entries);
  if (groups.length === 0) return <p>No recordings are bundled yet. Open one of your own above.</p>;
  return (
    <>
      {groups.map((g) => (
        <section key={g.group} className="group" aria-labelledby={`group-${g.group.replace(/\s+/g, '-')}`}>
          <h2 id={`group-${g.group.replace(/\s+/g, '-')}`}>{g.group}</h2>
          <p className="group-blurb">{GROUP_BLURB[g.group]}</p>
          <ul className="cards">
            {g.entries.map((e) => (
              <Card key={e.slug} e={e} />
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
