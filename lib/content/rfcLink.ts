// Turns the `ref` strings the engine attaches to fields ("RFC 4253 §7.1", "OpenSSH PROTOCOL §1.5")
// into links, so every field in the tree points at the text that defines it.

export interface RefLink {
  /** The reference as written, e.g. "RFC 4253 §7.1". */
  label: string;
  href: string;
}

// OpenSSH's protocol notes are plain text files in its portable repository; they have no anchors,
// so a section number can only take the reader to the file. Pinned to a release tag, never a
// branch: PROTOCOL.chacha20poly1305 was deleted from master in 2025, and PROTOCOL's section
// numbers move between releases (strict kex is §1.10 in 9.9). OPENSSH_TAG is the release whose
// numbering the engine's refs ("OpenSSH PROTOCOL §1.5") follow.
export const OPENSSH_TAG = 'V_9_9_P1';
const OPENSSH_BASE = `https://github.com/openssh/openssh-portable/blob/${OPENSSH_TAG}/`;

// Internet-Drafts change from version to version: only a versioned name ("…-04") is linked, to
// that version's page on the IETF datatracker.
const DRAFT = /^(draft-[a-z0-9]+(?:-[a-z0-9]+)*-\d{2})(?:\s*§\s*([0-9]+(?:\.[0-9]+)*|[A-Z](?:\.[0-9]+)*))?$/;

const RFC = /^RFC\s*(\d{1,5})(?:\s*§\s*([0-9]+(?:\.[0-9]+)*|[A-Z](?:\.[0-9]+)*))?\.?$/i;
const OPENSSH = /^OpenSSH\s+(PROTOCOL(?:\.[A-Za-z0-9_-]+)?)(?:\s*§\s*([0-9]+(?:\.[0-9]+)*))?$/;

/**
 * The link for one reference, or null when it is not a form we know (the UI then shows plain text).
 * "RFC 4253 §7.1" → https://www.rfc-editor.org/rfc/rfc4253#section-7.1; appendix sections
 * ("RFC 4253 §A.1") use the rfc-editor's "appendix-" anchors. "draft-miller-sshm-strict-kex-01 §3"
 * → that draft version on datatracker; "OpenSSH PROTOCOL §1.5" → the file at OPENSSH_TAG.
 */
export function refToLink(ref: string): RefLink | null {
  const label = ref.trim().replace(/\s+/g, ' ');
  const rfc = RFC.exec(label);
  if (rfc) {
    const n = Number(rfc[1]);
    if (n < 1) return null;
    const section = rfc[2];
    const anchor = section ? (/^[A-Z]/i.test(section) ? `#appendix-${section.toUpperCase()}` : `#section-${section}`) : '';
    return { label, href: `https://www.rfc-editor.org/rfc/rfc${n}${anchor}` };
  }
  const draft = DRAFT.exec(label);
  if (draft) return { label, href: `https://datatracker.ietf.org/doc/html/${draft[1]}${draft[2] ? `#section-${draft[2]}` : ''}` };
  const ossh = OPENSSH.exec(label);
  if (ossh) return { label, href: OPENSSH_BASE + ossh[1] };
  return null;
}

/**
 * A field's `ref` may name more than one source ("RFC 4253 §6; RFC 5647 §7.3") and the engine
 * sometimes appends words ("OpenSSH PROTOCOL.chacha20poly1305 encrypted with its own key" is a
 * ref followed by a note). Splits on ";" and "," and keeps the longest leading reference in each
 * part; the rest is returned as `text` so nothing written is lost.
 */
export function refsToLinks(ref: string | undefined): { links: RefLink[]; text: string } {
  if (!ref) return { links: [], text: '' };
  const links: RefLink[] = [];
  const rest: string[] = [];
  for (const part of ref.split(/[;,]/)) {
    const words = part.trim().split(/\s+/).filter(Boolean);
    let found = false;
    for (let n = Math.min(words.length, 4); n >= 1; n--) {
      const link = refToLink(words.slice(0, n).join(' '));
      if (link) {
        links.push(link);
        if (n < words.length) rest.push(words.slice(n).join(' '));
        found = true;
        break;
      }
    }
    if (!found && words.length) rest.push(words.join(' '));
  }
  return { links, text: rest.join('; ') };
}
