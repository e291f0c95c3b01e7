// Whether a connection without strict kex is one the Terrapin attack can exploit (Bäumer,
// Brinkmann, Schwenk, "Terrapin Attack: Breaking SSH Channel Integrity By Sequence Number
// Manipulation", USENIX Security 2024). Without strict kex every connection lets a man in the
// middle shift the sequence numbers during the handshake; the shift goes unnoticed only where
// deleting the first encrypted packets leaves the next one intact. The paper shows that for
// chacha20-poly1305@openssh.com (its nonce is the sequence number and nothing else carries over
// between packets) and for CBC ciphers with an encrypt-then-MAC MAC (the MAC covers ciphertext;
// only the first block of the next packet decrypts wrongly). AES-GCM keeps its own invocation
// counter (RFC 5647 §7.1) and encrypt-and-MAC modes MAC the plaintext, so a deletion breaks them.

import type { Negotiated } from './negotiate';

const CHACHA = 'chacha20-poly1305@openssh.com';

/** A cipher/MAC pair for one direction that the paper shows exploitable. Names only: CBC needs no implementation here. */
function exploitable(cipher: string, mac: string): boolean {
  if (cipher === CHACHA) return true;
  return /-cbc(@|$)/.test(cipher) && /-etm@openssh\.com$/.test(mac);
}

/**
 * One sentence on Terrapin for a connection whose strict kex is off, from the negotiated
 * ciphers and MACs: only then is it known whether the attack applies.
 */
export function terrapinNote(n: Negotiated): string {
  const dirs = [
    { name: 'client→server', cipher: n.cipherC2S, mac: n.macC2S },
    { name: 'server→client', cipher: n.cipherS2C, mac: n.macS2C },
  ];
  const open = dirs.filter((d) => exploitable(d.cipher, d.mac));
  const pair = (d: (typeof dirs)[number]) => (d.cipher === CHACHA || d.mac === '<implicit>' ? d.cipher : `${d.cipher} with ${d.mac}`);
  if (open.length > 0) {
    const what = open.map((d) => `${pair(d)} (${d.name})`).join(' and ');
    return (
      `With ${what} this connection is open to the Terrapin attack (CVE-2023-48795): a man in the middle can ` +
      'delete the first encrypted packets of that direction, such as EXT_INFO, and neither side notices.'
    );
  }
  const used = [...new Set(dirs.map(pair))].join(' / ');
  return (
    `The negotiated ${used} is not a combination the Terrapin paper shows exploitable ` +
    '(it needs chacha20-poly1305@openssh.com, or a CBC cipher with an encrypt-then-MAC MAC).'
  );
}
