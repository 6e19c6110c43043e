import { io, Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '../../libs/discussions/src/live/live.events';

export type LiveClient = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Opens a real socket.io-client connection to /live; resolves once connected, rejects with the server's refusal. */
export function connectLive(baseUrl: string, token: string | undefined, options: { reconnection?: boolean } = {}): Promise<LiveClient> {
  const socket: LiveClient = io(`${baseUrl}/live`, {
    path: '/socket.io',
    transports: ['websocket'],
    auth: token === undefined ? {} : { token },
    reconnection: options.reconnection ?? false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error: Error & { data?: unknown }) => {
      socket.close();
      reject(error);
    });
  });
}

/** Emits with an acknowledgement (5 s timeout). */
export function request<E extends keyof ClientToServerEvents>(
  socket: LiveClient,
  event: E,
  payload: unknown,
): Promise<Ack<Record<string, any>> & Record<string, any>> {
  return (socket.timeout(5000) as unknown as { emitWithAck: (event: string, payload: unknown) => Promise<any> }).emitWithAck(
    event,
    payload,
  );
}

/** Collects every event of one kind a socket receives. */
export function collect<E extends keyof ServerToClientEvents>(socket: LiveClient, event: E): Parameters<ServerToClientEvents[E]>[0][] {
  const seen: Parameters<ServerToClientEvents[E]>[0][] = [];
  socket.on(event, ((payload: Parameters<ServerToClientEvents[E]>[0]) => seen.push(payload)) as never);
  return seen;
}

/** Resolves when `check()` holds (it may be async), polling every 20 ms; rejects after `timeoutMs`. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
