import type { Socket as TcpSocket } from 'node:net';
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

/** The parts of socket.io-client's manager that a network failure touches. */
interface ManagerInternals {
  open(callback?: (error?: Error) => void): unknown;
  engine?: { transport?: { ws?: { _socket?: TcpSocket } } };
}

/**
 * Destroys the client's TCP connection, as a network failure would (the server sees a transport
 * close, not a disconnect), and holds the client's own reconnection until `networkBack()`: the test
 * decides what happens while the client is offline. The client must have been opened with reconnection.
 */
export async function dropConnection(socket: LiveClient): Promise<{ networkBack: () => void }> {
  const manager = socket.io as unknown as ManagerInternals;
  const tcp = manager.engine?.transport?.ws?._socket;
  if (!tcp) throw new Error('no websocket TCP connection to destroy');
  let networkBack!: () => void;
  const back = new Promise<void>((resolve) => (networkBack = resolve));
  const open = manager.open.bind(manager);
  manager.open = (callback) => {
    void back.then(() => {
      manager.open = open;
      open(callback);
    });
    return manager;
  };
  const disconnected = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
  tcp.destroy();
  await disconnected;
  return { networkBack };
}

/** Resolves with the next successful (re)connection of a socket. */
export const nextConnect = (socket: LiveClient) => new Promise<void>((resolve) => socket.once('connect', () => resolve()));

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
