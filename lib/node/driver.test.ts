// runOnSocket's limits over a real loopback connection: a byte limit that the log ends exactly
// at, and a deadline that holds even when a step (here: the `next` hook) overruns it.

import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ignorePacket, rawConnect, type RawConnection } from '../../test/interop/rawpeer';
import { demoHostKeys } from '../session/demoKeys';
import { defaultConfig } from '../ssh/transport/config';
import { runOnSocket, type RunOptions, type RunResult } from './driver';

let server: Server | undefined;
afterEach(() => server?.close());

/** A server-role run on the first connection to a fresh port; `peer` drives the other end. */
async function serverRun(opts: RunOptions, peer: (c: RawConnection) => void): Promise<{ result: RunResult; client: RawConnection }> {
  let accepted!: (s: Socket) => void;
  const socket = new Promise<Socket>((r) => (accepted = r));
  server = createServer(accepted);
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const client = await rawConnect((server.address() as { port: number }).port);
  const result = runOnSocket(await socket, defaultConfig('server', { hostKeys: demoHostKeys(['ssh-ed25519']) }), opts);
  peer(client);
  const r = await result;
  await client.closed;
  return { result: r, client };
}

const receivedBytes = (r: RunResult) => r.events.reduce((n, e) => n + (e.event.type === 'bytesReceived' ? e.event.bytes.length : 0), 0);

describe('runOnSocket limits', () => {
  it('maxBytesReceived: the log ends at exactly the limit, and the peer is told why', async () => {
    // One write well under the loopback MSS: it arrives as one chunk, so nothing is left unread
    // when the run closes the socket (unread data would turn the close into a reset).
    const flood = Buffer.concat([Buffer.from('SSH-2.0-Flood_1.0\r\n'), ignorePacket(600), ignorePacket(600)]);
    const { result, client } = await serverRun({ maxBytesReceived: 1000 }, (c) => c.socket.write(flood));
    expect(receivedBytes(result)).toBe(1000);
    expect(result.error).toBe('received more than 1000 bytes, the most one connection may send');
    // Our DISCONNECT went out in the clear (no keys yet), after our version line and KEXINIT.
    expect(client.received().toString('latin1')).toContain('sshscope: received more than 1000 bytes');
    expect(result.state.closed).toMatchObject({ by: 'local', reason: 11 });
  });

  it('a step that overruns the deadline ends the run: nothing after it is fed', async () => {
    let slowed = false;
    const started = Date.now();
    const { result } = await serverRun(
      {
        timeoutMs: 1000,
        // Stands for a step that computes past the deadline (the timer cannot fire meanwhile),
        // and then asks for more work, which must not happen.
        next: (s) => {
          if (!s.peerVersion || slowed) return [];
          slowed = true;
          const until = started + 1100;
          while (Date.now() < until);
          return [{ kind: 'debug', message: 'after the deadline' }];
        },
      },
      (c) => c.socket.write('SSH-2.0-Slow_1.0\r\n'),
    );
    expect(slowed).toBe(true);
    expect(result.error).toMatch(/^timed out after 1000 ms while waiting for the client's SSH_MSG_KEXINIT$/);
    const requests = result.events.flatMap((e) => (e.event.type === 'request' ? [e.event.request] : []));
    expect(requests).toEqual([{ kind: 'disconnect', reason: 11, description: 'sshscope: timed out after 1000 ms while waiting for the client\'s SSH_MSG_KEXINIT' }]);
  });

  it('versionTimeoutMs: a peer that sends nothing is let go before the whole deadline', async () => {
    const t = Date.now();
    const { result } = await serverRun({ timeoutMs: 20_000, versionTimeoutMs: 100 }, () => {});
    expect(Date.now() - t).toBeLessThan(10_000);
    expect(result.error).toBe("timed out after 100 ms while waiting for the client's identification line");
    expect(result.state.peerVersion).toBeUndefined();
  });
});
