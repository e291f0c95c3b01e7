// session.warnings (for instance: this file still carries a private host key) render as a plain
// status box above the viewer's panes, as text, in order; a session without warnings has no box.

import { readFileSync } from 'node:fs';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Viewer } from '@/components/viewer/Viewer';
import { openRecording } from '@/lib/session/open';
import type { Session } from '@/lib/session/session';

const opened = openRecording(readFileSync('public/recordings/basics/curve25519-ed25519-chacha20.json', 'utf8'));
const render = (session: Session) => renderToStaticMarkup(createElement(Viewer, { session }));

describe('session warnings', () => {
  it('show above the panes, in a status box, as text', () => {
    const warnings = ['This file carries the server’s private host key: do not share it.', 'Second <img src=x onerror=alert(1)> warning'];
    const html = render({ ...opened, warnings });
    const box = /<section class="session-warnings" role="status" aria-label="Warnings about this recording">(.*?)<\/section>/s.exec(html);
    expect(box, 'the warnings box').not.toBeNull();
    expect([...box![1].matchAll(/<li>(.*?)<\/li>/g)].map((m) => m[1])).toEqual([
      'This file carries the server’s private host key: do not share it.',
      'Second &lt;img src=x onerror=alert(1)&gt; warning',
    ]);
    expect(html).not.toContain('<img');
    // Between the header bar and the panes.
    expect(html.indexOf('class="viewer-bar"')).toBeLessThan(box!.index);
    expect(box!.index).toBeLessThan(html.indexOf('class="viewer-body"'));
    expect(html).toMatch(/<div class="viewer has-warnings">/);
  });

  it('are absent when there are none', () => {
    for (const session of [opened, { ...opened, warnings: [] }]) {
      const html = render(session);
      expect(html).not.toContain('session-warnings');
      expect(html).toMatch(/<div class="viewer">/);
    }
  });
});
