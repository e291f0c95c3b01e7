'use client';

// Copies a value (hex, a formula) to the clipboard and says so; works without the async
// Clipboard API (plain http, older browsers) through a hidden textarea.

import { useEffect, useState } from 'react';
import './inspector.css';

async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the textarea route
  }
  try {
    const ta = document.createElement('textarea');
    ta.value = text;
    ta.setAttribute('readonly', '');
    ta.style.position = 'fixed';
    ta.style.opacity = '0';
    document.body.appendChild(ta);
    ta.select();
    const ok = document.execCommand('copy');
    ta.remove();
    return ok;
  } catch {
    return false;
  }
}

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (status === 'idle') return;
    const t = setTimeout(() => setStatus('idle'), 1500);
    return () => clearTimeout(t);
  }, [status]);
  return (
    <button
      type="button"
      className="copy-btn"
      aria-label={label}
      title={label}
      onClick={async () => setStatus((await copyText(text)) ? 'copied' : 'failed')}
    >
      <span aria-hidden="true">{status === 'copied' ? '✓ Copied' : status === 'failed' ? '✖ Failed' : 'Copy'}</span>
      <span className="sr-only" role="status">
        {status === 'copied' ? 'Copied' : status === 'failed' ? 'Copy failed' : ''}
      </span>
    </button>
  );
}
