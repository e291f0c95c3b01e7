// The gallery: the bundled recordings (read from the manifest at build time) and a way to open
// your own.

import Link from 'next/link';
import { Gallery } from '@/components/gallery/Gallery';
import { OpenRecording } from '@/components/gallery/OpenRecording';
import { ThemeToggle } from '@/components/viewer/ThemeToggle';
import { bundledRecordings } from './_data/manifest';

export default function Home() {
  return (
    <main className="gallery">
      <header className="gallery-head">
        <div>
          <h1>sshscope</h1>
          <p className="lead">
            Watch an SSH connection being set up, one message at a time: every byte of every packet, what each side
            knows, and the real cryptography behind the lock.
          </p>
          <p className="sub">
            Pick a session below and step through it with the arrow keys. Everything runs in your browser.
          </p>
          <p className="sub">
            Or set up both sides yourself and run a handshake in the <Link href="/playground/">playground</Link>.
            Teaching or learning? Follow a guided <Link href="/lessons/">lesson</Link>, or open any session with <em>Quiz</em> to
            guess each next message.
          </p>
          <p className="sub">
            To see what changes between two sessions, put them side by side, aligned message by message: <Link href="/compare/">Compare two sessions</Link>.
          </p>
        </div>
        <ThemeToggle />
      </header>
      <OpenRecording />
      <Gallery entries={bundledRecordings()} />
    </main>
  );
}
