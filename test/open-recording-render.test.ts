// The file panel ("Open a recording", on the gallery and on /view) says what a recording contains
// on purpose (the ephemeral private keys) and what it never contains.

import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { OpenRecording } from '@/components/gallery/OpenRecording';

describe('the file panel', () => {
  it('says what a recording contains and what it never contains', () => {
    const text = renderToStaticMarkup(createElement(OpenRecording))
      .replace(/<[^>]*>/g, ' ')
      .replace(/&#x27;/g, "'")
      .replace(/\s+/g, ' ');
    expect(text).toContain("A recording contains the session's ephemeral private keys (its random bytes), on purpose: anyone with the file can decrypt that one session.");
    expect(text).toContain("A recording sshscope makes never contains a host's or a user's private key");
    expect(text).toContain('masked until you choose to show it');
  });
});
