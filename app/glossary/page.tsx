// The glossary: one entry per term the explanations use without explaining, each with its source.
// Explanations link a term's first use to its anchor here (/glossary/#aead).

import type { Metadata } from 'next';
import { GLOSSARY } from '@/lib/content/glossary';

export const metadata: Metadata = { title: 'Glossary — sshscope' };

export default function Glossary() {
  return (
    <main className="gallery glossary">
      <header className="gallery-head">
        <div>
          <h1>Glossary</h1>
          <p className="lead">The terms the explanations use, each with the standard that defines it.</p>
          <p className="sub">
            <a href="/">Back to the sessions</a>
          </p>
        </div>
      </header>
      <dl className="glossary-list">
        {GLOSSARY.map((g) => (
          <div key={g.id} id={g.id} className="glossary-entry">
            <dt>{g.term}</dt>
            <dd>
              {g.definition}{' '}
              <a href={g.cite.href} target="_blank" rel="noopener noreferrer">
                {g.cite.label}
                <span className="sr-only"> (opens in a new tab)</span>
              </a>
            </dd>
          </div>
        ))}
      </dl>
    </main>
  );
}
