// Runs one engine over a real socket: the only place where bytes, time and randomness come from
// the outside world. Everything the engine is given is logged, so the run can be replayed.

import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import type { LoggedEvent } from '../session/simulate';
import type { Signer } from '../ssh/algorithms/hostkey/signer';
import { DISCONNECT } from '../ssh/messages/numbers';
import type { EndpointConfig } from '../ssh/transport/config';
import { step } from '../ssh/transport/engine';
import type { Effect, EngineEvent, Request } from '../ssh/transport/events';
import { initialState, waitingFor, type EngineState } from '../ssh/transport/state';

export interface RunOptions {
  /** Called after each step; may return requests to make next (e.g. disconnect after SERVICE_ACCEPT). */
  next?: (state: EngineState) => Request[];
  /** Called for every effect with the index (in `events`) of the event that produced it. */
  onEffect?: (e: Effect, eventIndex: number) => void;
  timeoutMs?: number;
  /** Server: signs H when the engine asks (needSignature). The private keys stay here, never in the log. */
  sign?: Signer;
}

export interface RunResult {
  config: EndpointConfig;
  events: LoggedEvent[];
  effects: Effect[];
  state: EngineState;
  /** Set when the run ended for a reason outside the protocol (timeout, socket error). */
  error?: string;
}

export function runOnSocket(socket: Socket, config: EndpointConfig, opts: RunOptions = {}): Promise<RunResult> {
  const t0 = Date.now();
  const events: LoggedEvent[] = [];
  const effects: Effect[] = [];
  let state = initialState(config);
  let error: string | undefined;
  let finished = false;

  return new Promise((resolve) => {
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ config, events, effects, state, error });
    };

    const feed = (event: EngineEvent) => {
      const eventIndex = events.push({ t: Date.now() - t0, event }) - 1;
      const r = step(state, event);
      state = r.state;
      for (const e of r.effects) {
        effects.push(e);
        opts.onEffect?.(e, eventIndex);
        if (e.type === 'send' && !socket.destroyed) socket.write(e.bytes);
        else if (e.type === 'needEntropy') feed({ type: 'entropy', purpose: e.purpose, bytes: new Uint8Array(randomBytes(e.n)) });
        else if (e.type === 'needSignature') {
          let signature: Uint8Array | undefined;
          try {
            if (!opts.sign) throw new Error('this endpoint has no signer');
            signature = opts.sign(e);
          } catch (err) {
            // Said locally only: the reason may name a key file, which the peer has no need to see.
            error ??= `could not sign H with the ${e.algorithm} host key: ${(err as Error).message}`;
          }
          if (signature) feed({ type: 'signature', algorithm: e.algorithm, signature });
          else feed({ type: 'request', request: { kind: 'disconnect', reason: DISCONNECT.KEY_EXCHANGE_FAILED, description: 'the server could not sign the exchange hash' } });
        }
      }
      if (!state.closed) for (const request of opts.next?.(state) ?? []) feed({ type: 'request', request });
      if (state.closed) socket.end(finish);
    };

    const timer = setTimeout(() => {
      error = `timed out after ${opts.timeoutMs ?? 10_000} ms while waiting for ${waitingFor(state)}`;
      if (!state.closed) feed({ type: 'close' });
      finish();
    }, opts.timeoutMs ?? 10_000);

    // SSH sends several small packets back to back (NEWKEYS then SERVICE_REQUEST); with Nagle's
    // algorithm the second waits for the peer's delayed ACK, some 40 ms a time. OpenSSH sets
    // TCP_NODELAY too.
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      if (!finished && !state.closed) feed({ type: 'bytesReceived', bytes: new Uint8Array(chunk) });
    });
    socket.on('error', (e) => {
      error ??= e.message;
    });
    socket.on('close', () => {
      if (!finished && !state.closed) feed({ type: 'close' });
      finish();
    });
    // A client's socket may still be connecting: nothing is on the wire until it is, so the
    // engine starts then (a refused connection leaves an empty log, not unsent messages).
    if (socket.connecting) socket.once('connect', () => !finished && feed({ type: 'start' }));
    else feed({ type: 'start' });
  });
}
