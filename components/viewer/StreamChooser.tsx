// A capture with several SSH connections: each one described (addresses, software, bytes each way,
// warnings) with a button to open it. Plain text throughout: React escapes whatever a capture holds.

import Link from 'next/link';
import type { ReactNode } from 'react';
import type { CaptureChoice } from '@/lib/viewer/openProtocol';
import { streamRow } from '@/lib/viewer/streamList';

interface Props {
  name: string;
  keylogName?: string;
  choice: CaptureChoice;
  onPick: (stream: number) => void;
  children?: ReactNode;
}

export function StreamChooser({ name, keylogName, choice, onPick, children }: Props) {
  const rows = choice.streams.map(streamRow);
  return (
    <main className="page-narrow capture-chooser">
      <h1>Choose an SSH connection</h1>
      <p>
        <code>{name}</code> ({choice.format}, {choice.packets.toLocaleString('en')} packets, {choice.tcpConnections.toLocaleString('en')} TCP connections) holds{' '}
        {rows.length} SSH connections. Open one to see its steps.
        {keylogName ? (
          <>
            {' '}
            The key log <code>{keylogName}</code> goes with it.
          </>
        ) : null}
        {choice.keylogEntries > 0 ? ` The capture carries ${choice.keylogEntries} key log secret${choice.keylogEntries === 1 ? '' : 's'} of its own.` : ''}
      </p>
      {choice.warnings.length > 0 && (
        <ul className="stream-warnings" aria-label="Warnings about the capture">
          {choice.warnings.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ul>
      )}
      <ul className="stream-list">
        {rows.map((r) => (
          <li key={r.number} className="stream-card">
            <h2 id={`stream-${r.number}`}>{r.title}</h2>
            <dl>
              <dt>Client</dt>
              <dd>{r.client}</dd>
              <dt>Server</dt>
              <dd>{r.server}</dd>
              <dt>Bytes</dt>
              <dd>{r.bytes}</dd>
              <dt>Packets</dt>
              <dd>{r.packets}</dd>
            </dl>
            {r.warnings.length > 0 && (
              <ul className="stream-warnings" aria-label={`Warnings about connection ${r.number}`}>
                {r.warnings.map((w, i) => (
                  <li key={i}>⚠ {w}</li>
                ))}
              </ul>
            )}
            <button type="button" onClick={() => onPick(r.number)} aria-describedby={`stream-${r.number}`}>
              Open connection {r.number}
            </button>
          </li>
        ))}
      </ul>
      {children}
      <p>
        <Link href="/">← Back to the gallery</Link>
      </p>
    </main>
  );
}
