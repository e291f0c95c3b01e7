import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: 'sshscope — see the SSH handshake',
  description: 'An educational visualizer and step-through debugger for the SSH transport layer (RFC 4253).',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

// Applies a remembered theme before first paint (no flash). A constant string, no data in it.
const THEME_SCRIPT = `try{var t=localStorage.getItem('sshscope:theme');if(t==='light'||t==='dark')document.documentElement.dataset.theme=t}catch(e){}`;

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body>{children}</body>
    </html>
  );
}
