// What to tell a user whose server hung up before it sent its identification line. OpenSSH 9.8
// and later refuse an address for a while once its connections keep ending without an
// authentication attempt (PerSourcePenalties, noauth), which is what every `sshscope record`
// does; the refused connection gets "Not allowed at this time" and is closed at once. The
// numbers are sshd_config(5)'s defaults: enforced from 15 s of accrued penalty, at most 10 min.

/** OpenSSH's line before it closes a connection it will not serve (penalty or MaxStartups). */
export const OPENSSH_REFUSAL = 'Not allowed at this time';

export interface EarlyClose {
  /** The server's identification line, if one arrived. */
  peerVersion?: string;
  /** Lines the server sent before it (RFC 4253 §4.2). */
  bannerLines: string[];
  /** The connection ended from the other side (closed or reset), not by us, a timeout or a refusal of the TCP connect. */
  endedByPeer: boolean;
}

export function refusedHint(c: EarlyClose): string | undefined {
  if (c.peerVersion || !c.endedByPeer) return undefined;
  const wait =
    'OpenSSH 9.8 and later refuse an address for a while once its connections keep ending without authenticating, ' +
    'as every sshscope record does (PerSourcePenalties; by default from 15 s up to 10 minutes). ' +
    'Wait and try again; the server\'s administrator can exempt an address with PerSourcePenaltyExemptList.';
  if (c.bannerLines.some((l) => l.trim() === OPENSSH_REFUSAL)) {
    return `the server said "${OPENSSH_REFUSAL}" and closed the connection: OpenSSH's sshd says this when it refuses an address (PerSourcePenalties) or has too many unauthenticated connections (MaxStartups). ${wait}`;
  }
  return `the server closed the connection before it sent its identification line. If it is OpenSSH, this may be a penalty for this address: ${wait}`;
}
