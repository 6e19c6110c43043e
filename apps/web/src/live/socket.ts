import { io, type Socket } from 'socket.io-client';
import { LIVE_NAMESPACE, type ClientToServerEvents, type ServerToClientEvents } from '@agora/contract';
import { currentAccessToken, refreshAccessToken, whenSignedOut } from '../api/session';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: LiveSocket | null = null;

/**
 * One socket per tab, opened on first use. `auth` is a callback so every (re)connection carries
 * the current access token, refreshed first when there is none; the server drops a socket whose
 * token expires, and the reconnection then signs in with a fresh one.
 */
export function liveSocket(): LiveSocket {
  socket ??= io(LIVE_NAMESPACE, {
    path: '/socket.io',
    transports: ['websocket'],
    auth: (send) => {
      const token = currentAccessToken();
      if (token) send({ token });
      else void refreshAccessToken().then((fresh) => send({ token: fresh ?? '' }));
    },
  });
  return socket;
}

// The socket goes with the session (imported only by pages that use it, so socket.io stays out of the entry).
whenSignedOut(closeLiveSocket);

/** On sign-out the socket goes with the session. */
export function closeLiveSocket(): void {
  socket?.disconnect();
  socket = null;
}
