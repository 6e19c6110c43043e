import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Logger, PinoLogger } from 'nestjs-pino';
import type { DestinationStream, Logger as Pino } from 'pino';
import { HttpLogger, pinoHttp } from 'pino-http';
import { AgoraConfig } from '../config/config.module';
import { redactRequest } from './redact';
import { requestStore, RequestScope } from './request-store';

const HTTP_LOGGER = Symbol('HTTP_LOGGER');

/** pino-http: the request/response lines, and each request's child logger carrying its id (see request-id.ts). */
export function httpLogger(level: string, destination?: DestinationStream): HttpLogger {
  return pinoHttp(
    {
      level,
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      // Links are capabilities: no request line may carry an invitation, feed or unsubscribe token.
      serializers: { req: redactRequest },
      // Bind only the request id to each request's logger; serializing the whole request for
      // every child logger cost ~5% of a cheap request even when nothing was logged.
      quietReqLogger: true,
      autoLogging: { ignore: (req) => req.url === '/health' },
    },
    destination,
  );
}

/** Logs the request, then runs the rest of it in its store, with its logger. */
export function requestLogging(http: HttpLogger) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void =>
    http(req, res, () => requestStore.run(new RequestScope(req.allLogs[req.allLogs.length - 1]), next));
}

/** nestjs-pino's logger, taking the request's logger from the request store (the root one outside requests). */
export class RequestPinoLogger extends PinoLogger {
  constructor(private readonly root: Pino) {
    super({ pinoHttp: { logger: root } });
  }

  override get logger(): Pino {
    return requestStore.getStore()?.logger ?? this.root;
  }
}

/**
 * Structured JSON logs; each line of a request carries its id. Nest's Logger writes through
 * nestjs-pino's `Logger`, whose per-request logger comes from the request store.
 */
@Module({
  providers: [
    {
      provide: HTTP_LOGGER,
      inject: [ConfigService],
      useFactory: (config: AgoraConfig) => httpLogger(config.get('LOG_LEVEL', { infer: true })),
    },
    { provide: Logger, inject: [HTTP_LOGGER], useFactory: (http: HttpLogger) => new Logger(new RequestPinoLogger(http.logger), {}) },
  ],
  exports: [Logger],
})
export class LoggingModule implements NestModule {
  constructor(@Inject(HTTP_LOGGER) private readonly http: HttpLogger) {}

  configure(consumer: MiddlewareConsumer): void {
    // Every route, /health included (the global /api prefix would otherwise narrow the default).
    consumer.apply(requestLogging(this.http)).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
