import { io, type Socket } from 'socket.io-client';
import { LIVE_NAMESPACE, type ClientToServerEvents, type ServerToClientEvents } from '@agora/contract';
import { currentAccessToken, refreshAccessToken, whenSignedOut } from '../api/session';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A token this close to its expiry is refreshed before a handshake rather than refused by it. */
const EXPIRY_MARGIN_MS = 10_000;
/** After a refused handshake, the next try waits this long (doubling up to a minute). */
const RETRY_BASE_MS = 1_000;

let socket: LiveSocket | null = null;

/** The access token's expiry (ms), read from its payload; 0 when it cannot be read. */
function expiresAt(token: string): number {
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : 0;
  } catch {
    return 0;
  }
}

/** The token for a handshake: the current one, or a new one when it is missing or about to expire. */
export async function freshToken(): Promise<string> {
  const token = currentAccessToken();
  if (token && expiresAt(token) - EXPIRY_MARGIN_MS > Date.now()) return token;
  return (await refreshAccessToken()) ?? '';
}

/**
 * socket.io reconnects by itself after a network failure, but not when the server closed the
 * socket (it does when the access token expires) nor when the handshake was refused (an
 * expired token): both are retried here, the token refreshed first.
 */
function keepConnected(live: LiveSocket): void {
  let failures = 0;
  const retry = () => {
    const delay = Math.min(60_000, RETRY_BASE_MS * 2 ** Math.min(failures, 6));
    failures += 1;
    setTimeout(() => {
      if (socket === live && !live.connected && !live.active) live.connect();
    }, delay);
  };
  live.on('connect', () => {
    failures = 0;
  });
  live.on('disconnect', (reason) => {
    if (reason === 'io server disconnect') retry();
  });
  live.on('connect_error', () => {
    if (!live.active) retry();
  });
}

/**
 * One socket per tab, opened on first use. `auth` is a callback so every (re)connection carries
 * a current access token, refreshed first when there is none or it is about to expire.
 */
export function liveSocket(): LiveSocket {
  if (socket) return socket;
  const live: LiveSocket = io(LIVE_NAMESPACE, {
    path: '/socket.io',
    transports: ['websocket'],
    auth: (send) => void freshToken().then((token) => send({ token })),
  });
  keepConnected(live);
  socket = live;
  return live;
}

// The socket goes with the session (imported only by pages that use it, so socket.io stays out of the entry).
whenSignedOut(closeLiveSocket);

/** On sign-out the socket goes with the session. */
export function closeLiveSocket(): void {
  socket?.disconnect();
  socket = null;
}
