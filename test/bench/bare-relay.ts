import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { LIVE_NAMESPACE, threadRoom } from '../../libs/discussions/src/live/live.events';
import type { ClientToServerEvents } from '../../libs/discussions/src/live/live.events';

/**
 * The baseline of the live benchmark: a bare socket.io server on the same namespace and path as
 * the API's gateway, with no auth, no validation, no database and no adapter. `thread:join` joins
 * the room; `message:send` is acknowledged and relayed as `message:new`, payload unchanged, to
 * the room. What is left is the cost of socket.io itself. GET /health answers 200.
 *
 * Run as a child process by live.bench.ts (`node --import tsx`); PORT comes from the environment.
 */

type JoinPayload = Parameters<ClientToServerEvents['thread:join']>[0];
type SendPayload = Parameters<ClientToServerEvents['message:send']>[0];

interface BareClientEvents {
  'thread:join': (payload: JoinPayload, ack: (response: { ok: true; messages: never[]; hasMore: false }) => void) => void;
  'message:send': (payload: SendPayload, ack: (response: { ok: true; message: SendPayload }) => void) => void;
}

interface BareServerEvents {
  'message:new': (message: SendPayload) => void;
}

/** The same limit as the API's adapter (MAX_SOCKET_MESSAGE_BYTES). */
const MAX_MESSAGE_BYTES = 64 * 1024;

function main(): void {
  const port = Number(process.env.PORT);
  if (!port) throw new Error('PORT must be set');

  const http = createServer((request, response) => {
    const healthy = request.url === '/health';
    response.writeHead(healthy ? 200 : 404, { 'content-type': 'application/json' });
    response.end(healthy ? '{"status":"ok"}' : '{"status":404}');
  });
  const io = new Server<BareClientEvents, BareServerEvents>(http, { path: '/socket.io', maxHttpBufferSize: MAX_MESSAGE_BYTES });
  const live = io.of(LIVE_NAMESPACE);
  live.on('connection', (socket) => {
    socket.on('thread:join', ({ threadId }, ack) => {
      void socket.join(threadRoom(threadId));
      ack({ ok: true, messages: [], hasMore: false });
    });
    socket.on('message:send', (payload, ack) => {
      ack({ ok: true, message: payload });
      live.to(threadRoom(payload.threadId)).emit('message:new', payload);
    });
  });

  const stop = () => {
    void io.close(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  http.listen(port, '127.0.0.1');
}

main();
