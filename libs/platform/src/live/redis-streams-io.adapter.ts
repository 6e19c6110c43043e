import type { IncomingMessage } from 'node:http';
import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import Redis from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';
import { redisOptions } from '../redis/redis.module';

export interface LiveServerOptions {
  redisUrl: string;
  redisPrefix: string;
  /** Browser origins allowed to open a socket; requests without an Origin (non-browser clients) pass. */
  origins: string[];
}

/** Largest socket.io message accepted: a 10,000-character body as JSON, with room to spare. */
export const MAX_SOCKET_MESSAGE_BYTES = 64 * 1024;

/**
 * socket.io with the Redis Streams adapter: every api instance shares rooms through one Redis
 * stream, which rides out a Redis blip and supports connection state recovery. Clients that
 * use the websocket transport need no sticky sessions.
 */
export class RedisStreamsIoAdapter extends IoAdapter {
  private readonly clients: Redis[] = [];

  constructor(
    app: INestApplicationContext,
    private readonly live: LiveServerOptions,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, {
      ...options,
      path: '/socket.io',
      maxHttpBufferSize: MAX_SOCKET_MESSAGE_BYTES,
      // A client that drops for up to two minutes gets its rooms and missed packets back; the
      // database catch-up in `thread:join` remains the guarantee beyond that.
      connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: false },
      cors: { origin: this.live.origins },
      allowRequest: (request: IncomingMessage, callback: (error: string | null | undefined, success: boolean) => void) => {
        const origin = request.headers.origin;
        callback(null, origin === undefined || this.live.origins.includes(origin));
      },
    }) as Server;
    // A patient connection: it queues commands while Redis restarts.
    const redis = this.own(new Redis(redisOptions(this.live.redisUrl)));
    // The adapter duplicates this client for its blocking stream reads and pub/sub; keep hold of
    // the copies so that closing can cut a pending XREAD instead of waiting for it to time out.
    const duplicate = redis.duplicate.bind(redis);
    redis.duplicate = (...args: Parameters<Redis['duplicate']>) => this.own(duplicate(...args));
    server.adapter(
      createAdapter(redis, {
        streamName: `${this.live.redisPrefix}:socket.io`,
        sessionKeyPrefix: `${this.live.redisPrefix}:sio:session:`,
        channelPrefix: `${this.live.redisPrefix}:socket.io`,
        heartbeatInterval: 2_000,
        heartbeatTimeout: 6_000,
      }),
    );
    return server;
  }

  /**
   * The adapter fires some commands without awaiting them (SUBSCRIBE, a session's SET, FETCH_SOCKETS'
   * PUBLISH). Cutting the connection at close rejects those still queued, and an unhandled rejection
   * ends the process: mark each command's reply as handled, while callers that await it still see
   * its error.
   */
  private own(client: Redis): Redis {
    const send = client.sendCommand.bind(client);
    client.sendCommand = (command, stream) => {
      command.promise.catch(() => undefined);
      return send(command, stream);
    };
    this.clients.push(client);
    return client;
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    this.clients.forEach((client) => client.disconnect());
  }
}
