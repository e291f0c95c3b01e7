// Human-readable summaries shared by record, serve, simulate and inspect. Everything here may
// come from a peer (live) or from a file (inspect), so it goes out through safeText.

import type { TraceEntry } from '../../ssh/transport/events';
import type { Negotiated } from '../../ssh/transport/negotiate';
import { toHex } from '../../ssh/wire/bytes';
import { safeText } from './safeText';
import { MASK } from '../../inspector/secrets';

/** Width of the fields column's text: a banner line or a DISCONNECT description may be huge. */
const FIELDS_MAX = 200;

export function negotiatedLine(n: Negotiated | undefined, strict: boolean | null): string {
  if (!n) return 'Negotiated: nothing (the key exchange did not get that far)';
  const name = (a: string) => safeText(a, 80);
  const both = (a: string, b: string) => (a === b ? name(a) : `${name(a)} (c→s), ${name(b)} (s→c)`);
  return (
    `Negotiated: kex ${name(n.kex)}, host key ${name(n.hostKey)}, cipher ${both(n.cipherC2S, n.cipherS2C)}, ` +
    `MAC ${both(n.macC2S, n.macS2C)}, strict kex ${strict ? 'on' : 'off'}`
  );
}

/** One row of a message table: a message as logged, its direction on the wire, and (for a
 *  session with a man in the middle) what happened to it in transit. */
export type TableMessage = TraceEntry & { flow: 'c2s' | 's2c'; tampered?: 'injected' | 'dropped' | 'modified' };

/**
 * A short rendering of the fields worth a glance in a one-line summary, safe to print. Passwords
 * and keyboard-interactive responses read as •••••••• unless `showPasswords`.
 */
export function keyFields(m: TraceEntry, showPasswords = false): string {
  return safeText(rawKeyFields(m, showPasswords), FIELDS_MAX);
}

function rawKeyFields(m: TraceEntry, showPasswords: boolean): string {
  const v = m.values ?? {};
  const secret = (s: unknown) => (showPasswords ? JSON.stringify(String(s)) : MASK);
  const short = (b: unknown) => (b instanceof Uint8Array ? (b.length > 8 ? `${toHex(b.subarray(0, 8))}…(${b.length})` : toHex(b)) : String(b));
  switch (m.name) {
    case 'identification string':
    case 'banner line':
      return new TextDecoder().decode(m.wire).trimEnd();
    case 'SSH_MSG_KEXINIT':
      return `kex: ${(v.kex_algorithms as string[]).slice(0, 3).join(',')}${(v.kex_algorithms as string[]).length > 3 ? ',…' : ''}`;
    case 'SSH_MSG_KEX_ECDH_INIT':
      return `Q_C ${short(v.Q_C)}`;
    case 'SSH_MSG_KEX_ECDH_REPLY':
      return `Q_S ${short(v.Q_S)}`;
    case 'SSH_MSG_SERVICE_REQUEST':
    case 'SSH_MSG_SERVICE_ACCEPT':
      return String(v.service_name);
    case 'SSH_MSG_DISCONNECT':
      return `reason ${v.reason_code}: ${v.description}`;
    case 'SSH_MSG_EXT_INFO':
      return (v.extensions as { name: string }[]).map((e) => e.name).join(', ');
    case 'SSH_MSG_KEX_DH_GEX_REQUEST':
      return `min ${v.min} n ${v.n} max ${v.max}`;
    case 'SSH_MSG_USERAUTH_REQUEST': {
      const head = `${String(v.user_name)} ${String(v.method_name)}`;
      if (v.method_name === 'password') return v.change_password ? `${head} change ${secret(v.old_password)} → ${secret(v.new_password)}` : `${head} ${secret(v.password)}`;
      if (v.method_name === 'publickey') return `${head} ${String(v.public_key_algorithm)}${v.has_signature ? ' signed' : ' (query)'}`;
      return head;
    }
    case 'SSH_MSG_USERAUTH_INFO_RESPONSE':
      return (v.responses as { response: string }[]).map((r) => secret(r.response)).join(', ');
    case 'SSH_MSG_USERAUTH_FAILURE':
      return `${(v.authentications_that_can_continue as string[]).join(',')}${v.partial_success ? ' (partial success)' : ''}`;
    case 'SSH_MSG_GLOBAL_REQUEST':
      return String(v.request_name);
    case 'SSH_MSG_CHANNEL_OPEN':
      return `${String(v.channel_type)} ${String(v.sender_channel)}`;
    case 'SSH_MSG_CHANNEL_REQUEST':
      return `${String(v.recipient_channel)} ${String(v.request_type)}${v.request_type === 'exec' ? ` ${JSON.stringify(String(v.command))}` : v.request_type === 'exit-status' ? ` ${String(v.exit_status)}` : ''}`;
    default:
      return m.ignored ? 'ignored' : m.error ? `error: ${m.error}` : '';
  }
}

export function messageTable(messages: readonly TableMessage[], showPasswords = false): string {
  const rows = messages.map((m, i) => [
    String(i),
    m.flow === 'c2s' ? 'C→S' : 'S→C',
    m.seq === undefined ? '' : String(m.seq),
    safeText(m.name, 60),
    String(m.wire.length),
    m.encrypted ? 'yes' : '',
    (m.tampered ? `[${m.tampered} in transit] ` : '') + keyFields(m, showPasswords),
  ]);
  const head = ['#', 'dir', 'seq', 'message', 'bytes', 'enc', 'fields'];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => (c === 6 ? 0 : r[c].length))));
  const fmt = (r: string[]) => r.map((cell, c) => (c === 6 ? cell : c === 4 || c === 2 || c === 0 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ');
  return [fmt(head), ...rows.map(fmt)].join('\n');
}
