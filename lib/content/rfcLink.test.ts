import { describe, expect, it } from 'vitest';
import { refsToLinks, refToLink } from './rfcLink';

// Expected URLs follow the RFC Editor's published scheme (https://www.rfc-editor.org/rfc/rfcNNNN,
// anchors "section-X.Y" and "appendix-A.B" as used in its HTML renderings).
describe('refToLink', () => {
  it.each([
    ['RFC 4253 §7.1', 'https://www.rfc-editor.org/rfc/rfc4253#section-7.1'],
    ['RFC 4253 §6', 'https://www.rfc-editor.org/rfc/rfc4253#section-6'],
    ['RFC 4250 §4.1', 'https://www.rfc-editor.org/rfc/rfc4250#section-4.1'],
    ['RFC 5656 §3.1.2', 'https://www.rfc-editor.org/rfc/rfc5656#section-3.1.2'],
    ['RFC 3526', 'https://www.rfc-editor.org/rfc/rfc3526'],
    ['RFC 4253 §A.1', 'https://www.rfc-editor.org/rfc/rfc4253#appendix-A.1'],
    ['rfc 8308 § 2.3', 'https://www.rfc-editor.org/rfc/rfc8308#section-2.3'],
    ['  RFC  8731   §3 ', 'https://www.rfc-editor.org/rfc/rfc8731#section-3'],
  ])('%s', (ref, href) => {
    expect(refToLink(ref)?.href).toBe(href);
  });

  it('keeps the label as written, whitespace normalised', () => {
    expect(refToLink(' RFC  4253 §7.1')?.label).toBe('RFC 4253 §7.1');
  });

  it('links OpenSSH protocol notes to the file in openssh-portable at a release tag, never a branch', () => {
    // PROTOCOL.chacha20poly1305 no longer exists on master; at the 9.9p1 tag it does.
    expect(refToLink('OpenSSH PROTOCOL.chacha20poly1305')?.href).toBe(
      'https://github.com/openssh/openssh-portable/blob/V_9_9_P1/PROTOCOL.chacha20poly1305',
    );
    expect(refToLink('OpenSSH PROTOCOL §1.5')?.href).toBe('https://github.com/openssh/openssh-portable/blob/V_9_9_P1/PROTOCOL');
  });

  it('links a versioned Internet-Draft to that version, with its section', () => {
    expect(refToLink('draft-ietf-sshm-chacha20-poly1305-04')?.href).toBe(
      'https://datatracker.ietf.org/doc/html/draft-ietf-sshm-chacha20-poly1305-04',
    );
    expect(refToLink('draft-miller-sshm-strict-kex-01 §3')?.href).toBe('https://datatracker.ietf.org/doc/html/draft-miller-sshm-strict-kex-01#section-3');
    // An unversioned draft name moves with every new version: not linked.
    expect(refToLink('draft-miller-sshm-strict-kex')).toBeNull();
  });

  it('links a versioned Internet-Draft to that version on the datatracker, with the section anchor', () => {
    expect(refToLink('draft-ietf-sshm-mlkem-hybrid-kex-10 §2.4')?.href).toBe(
      'https://datatracker.ietf.org/doc/html/draft-ietf-sshm-mlkem-hybrid-kex-10#section-2.4',
    );
    expect(refToLink('draft-ietf-sshm-mlkem-hybrid-kex §2.4')).toBeNull();
    expect(refsToLinks('draft-ietf-sshm-mlkem-hybrid-kex-10 §2.1').links).toHaveLength(1);
  });

  it.each(['', 'RFC', 'draft-', 'draft-x §a', 'draft-ietf-"><script>', 'RFC abc', 'RFC 0', 'see RFC 4253', 'RFC 4253 §', 'javascript:alert(1)', 'RFC 4253 §7.1"><script>'])(
    'returns null for %j',
    (ref) => {
      expect(refToLink(ref)).toBeNull();
    },
  );
});

describe('refsToLinks', () => {
  it('splits several references and keeps trailing words as text', () => {
    const r = refsToLinks('RFC 4253 §6; RFC 5647 §7.3 (tag)');
    expect(r.links.map((l) => l.href)).toEqual([
      'https://www.rfc-editor.org/rfc/rfc4253#section-6',
      'https://www.rfc-editor.org/rfc/rfc5647#section-7.3',
    ]);
    expect(r.text).toBe('(tag)');
  });
  it('keeps unknown text', () => {
    expect(refsToLinks('vendor extension')).toEqual({ links: [], text: 'vendor extension' });
  });
  it('handles undefined', () => {
    expect(refsToLinks(undefined)).toEqual({ links: [], text: '' });
  });
});
