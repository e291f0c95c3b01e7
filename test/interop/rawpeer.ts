// A hand-driven SSH peer for hostile tests: plaintext packets built byte by byte, and a raw TCP
// connection whose close and received bytes tests can wait for.

import { connect, type Socket } from 'node:net';

/** uint32 length + bytes (RFC 4251 §5 "string"). */
export function sshString(s: string | Uint8Array): Buffer {
  const b = typeof s === 'string' ? Buffer.from(s, 'utf8') : Buffer.from(s);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(b.length);
  return Buffer.concat([len, b]);
}

/** An unencrypted binary packet (RFC 4253 §6): block size 8, at least 4 bytes of padding. */
export function plainPacket(payload: Uint8Array): Buffer {
  let padding = 8 - ((5 + payload.length) % 8);
  if (padding < 4) padding += 8;
  const head = Buffer.alloc(5);
  head.writeUInt32BE(1 + payload.length + padding);
  head[4] = padding;
  return Buffer.concat([head, Buffer.from(payload), Buffer.alloc(padding)]);
}

/** SSH_MSG_IGNORE (2) with `n` bytes of data. */
export function ignorePacket(n: number): Buffer {
  return plainPacket(Buffer.concat([Buffer.from([2]), sshString(new Uint8Array(n).fill(0x61))]));
}

/** SSH_MSG_DISCONNECT (1). */
export function disconnectPacket(reason: number, description: string): Buffer {
  const r = Buffer.alloc(4);
  r.writeUInt32BE(reason);
  return plainPacket(Buffer.concat([Buffer.from([1]), r, sshString(description), sshString('')]));
}

export interface RawConnection {
  socket: Socket;
  /** Everything received so far. */
  received: () => Buffer;
  /** Resolves when the connection has closed (by either side, or with an error). */
  closed: Promise<void>;
}

export function rawConnect(port: number, localAddress?: string): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', ...(localAddress ? { localAddress } : {}) });
    const chunks: Buffer[] = [];
    socket.on('data', (d) => chunks.push(d));
    // A reset from the server is one way of being closed; it must not fail the test process.
    socket.on('error', () => {});
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    socket.once('connect', () => resolve({ socket, received: () => Buffer.concat(chunks), closed }));
    socket.once('error', reject);
  });
}

/** Resolves when `conn` has received bytes that include `text`. */
export function receivedText(conn: RawConnection, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (conn.received().includes(text)) {
        conn.socket.off('data', onData);
        resolve();
        return true;
      }
      return false;
    };
    const onData = () => void check();
    if (check()) return;
    conn.socket.on('data', onData);
    conn.closed.then(() => (check() ? undefined : reject(new Error(`closed without sending "${text}"; got ${JSON.stringify(conn.received().toString('latin1'))}`))));
  });
}
