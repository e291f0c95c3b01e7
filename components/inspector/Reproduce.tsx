'use client';

// A "Reproduce" disclosure beside a computed value: the command that recomputes it with standard
// tools from the session's own inputs (lib/inspector/reproduce.ts), in a block that wraps, with a
// copy button. Closed by default: the commands are long, and most readers want them one at a time.

import { useId, useState } from 'react';
import type { Reproduction } from '@/lib/inspector/reproduce';
import { CopyButton } from './CopyButton';
import './reproduce.css';

/** `whose`: "client", "server" — which column's value, so the names of the buttons stay unique. */
export function Reproduce({ rep, whose }: { rep: Reproduction; whose?: string }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const name = `Reproduce ${rep.label}${whose ? ` (${whose})` : ''}`;
  return (
    <div className="repro">
      <button type="button" className="repro-btn" aria-expanded={open} aria-controls={id} aria-label={name} title={name} onClick={() => setOpen((o) => !o)}>
        {/* A drawn chevron, not a character: the visible text stays exactly the start of the name. */}
        <svg className="repro-chevron" viewBox="0 0 10 10" aria-hidden="true" focusable="false">
          <path d="M3 1.5 7 5 3 8.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
        </svg>
        Reproduce {rep.label}
      </button>
      <div id={id} className="repro-panel" hidden={!open}>
        {open &&
          (rep.tool === 'none' ? (
            <p className="repro-note">{rep.note}</p>
          ) : (
            <>
              <p className="repro-note">
                Paste into a shell: it {rep.note}, which should equal the value shown here.
              </p>
              <div className="repro-cmdline">
                {/* Focusable, as it may scroll: keyboard readers reach the end of a long command. */}
                <pre className="repro-cmd" data-testid="reproduce-command" tabIndex={0} role="region" aria-label={`Command that reproduces ${rep.label}`}>
                  <code>{rep.command}</code>
                </pre>
                <CopyButton text={rep.command} label={`Copy the command that reproduces ${rep.label}${whose ? ` (${whose})` : ''}`} />
              </div>
            </>
          ))}
      </div>
    </div>
  );
}
