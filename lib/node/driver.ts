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
  /** The whole run's deadline, from the start (default 10 s). */
  timeoutMs?: number;
  /** Server: signs H when the engine asks (needSignature). The private keys stay here, never in the log. */
  sign?: Signer;
  /** Deadline for the peer's identification line, from the start (like OpenSSH's LoginGraceTime). */
  versionTimeoutMs?: number;
  /**
   * Most bytes taken from the peer. What goes beyond is neither given to the engine nor logged:
   * the run ends there with a DISCONNECT, so neither memory nor the recording grow with a flood.
   */
  maxBytesReceived?: number;
}

export interface RunResult {
  config: EndpointConfig;
  events: LoggedEvent[];
  effects: Effect[];
  state: EngineState;
  /** Set when the run ended for a reason outside the protocol (timeout, byte limit, socket error). */
  error?: string;
}

export function runOnSocket(socket: Socket, config: EndpointConfig, opts: RunOptions = {}): Promise<RunResult> {
  const t0 = Date.now();
  const events: LoggedEvent[] = [];
  const effects: Effect[] = [];
  let state = initialState(config);
  let error: string | undefined;
  let finished = false;
  /** Set while a limit of ours is ending the run: the DISCONNECT it feeds must not be refused. */
  let stopping = false;
  let received = 0;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const deadline = t0 + timeoutMs;
  const versionDeadline = opts.versionTimeoutMs === undefined ? Infinity : t0 + opts.versionTimeoutMs;

  return new Promise((resolve) => {
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ config, events, effects, state, error });
    };

    const feed = (event: EngineEvent) => {
      // A step can compute for longer than the deadline (the timer cannot fire meanwhile): nothing
      // more is fed once it has passed, so a slow step ends the run instead of going on with it.
      if (finished || (!stopping && event.type !== 'close' && overdue())) return;
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

    /** Ends the run for a limit of ours: the peer is told why (a DISCONNECT, once versions are exchanged). */
    const stop = (why: string) => {
      if (finished || stopping) return;
      stopping = true;
      error ??= why;
      if (!state.closed) feed({ type: 'request', request: { kind: 'disconnect', reason: DISCONNECT.BY_APPLICATION, description: `sshscope: ${why}` } });
      finish();
    };

    /** Whether a deadline has passed; if so the run is stopped. Checked by the timer and after every step. */
    const overdue = (): boolean => {
      if (finished || stopping) return true;
      const now = Date.now();
      if (!state.peerVersion && !state.closed && now >= versionDeadline) {
        stop(`timed out after ${opts.versionTimeoutMs} ms while waiting for ${waitingFor(state)}`);
      } else if (now >= deadline) {
        stop(`timed out after ${timeoutMs} ms while waiting for ${waitingFor(state)}`);
      }
      return finished;
    };

    let timer: NodeJS.Timeout;
    const arm = () => {
      const next = !state.peerVersion && versionDeadline < deadline ? versionDeadline : deadline;
      timer = setTimeout(() => {
        if (!overdue()) arm();
      }, Math.max(0, next - Date.now()));
    };
    arm();

    // SSH sends several small packets back to back (NEWKEYS then SERVICE_REQUEST); with Nagle's
    // algorithm the second waits for the peer's delayed ACK, some 40 ms a time. OpenSSH sets
    // TCP_NODELAY too.
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      if (finished || state.closed || overdue()) return;
      const max = opts.maxBytesReceived ?? Infinity;
      const room = max - received;
      // The part that fits is still given to the engine: the recording ends exactly at the limit.
      const bytes = chunk.length > room ? chunk.subarray(0, room) : chunk;
      received += bytes.length;
      if (bytes.length) feed({ type: 'bytesReceived', bytes: new Uint8Array(bytes) });
      if (chunk.length > room) stop(`received more than ${max} bytes, the most one connection may send`);
      else if (!finished) overdue();
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
