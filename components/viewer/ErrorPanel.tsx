// What is wrong with a recording, as plain text (React escapes it: hostile strings stay inert),
// with a way back. Never a blank page. It is the whole page when it shows, so its title is the h1.

import Link from 'next/link';
import type { Problem } from '@/lib/viewer/errors';

interface Props {
  title?: string;
  /** The file or recording name, if known. */
  source?: string;
  problems: Problem[];
}

export function ErrorPanel({ title = 'This recording cannot be opened', source, problems }: Props) {
  return (
    <section className="error-panel" role="alert" aria-labelledby="error-title">
      <h1 id="error-title">
        <span aria-hidden="true">⚠ </span>
        {title}
      </h1>
      {source && (
        <p className="error-source">
          File: <code>{source}</code>
        </p>
      )}
      <ul className="problems">
        {problems.map((p, i) => (
          <li key={i}>
            {p.where && <code className="where">{p.where}</code>} <span>{p.problem}</span>
          </li>
        ))}
      </ul>
      <p>
        <Link href="/">← Back to the gallery</Link> to open another recording.
      </p>
    </section>
  );
}
