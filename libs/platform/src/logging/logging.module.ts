import { Module, RequestMethod } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import { AgoraConfig } from '../config/config.module';
import { redactRequest } from './redact';

/** Structured JSON logs; each line of a request carries its id (see request-id.ts). */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: AgoraConfig) => ({
        // Every route, /health included (the global /api prefix would otherwise narrow the default).
        forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
        pinoHttp: {
          level: config.get('LOG_LEVEL', { infer: true }),
          redact: ['req.headers.authorization', 'req.headers.cookie'],
          // Links are capabilities: no request line may carry an invitation, feed or unsubscribe token.
          serializers: { req: redactRequest },
          // Bind only the request id to each request's logger; serializing the whole request for
          // every child logger cost ~5% of a cheap request even when nothing was logged.
          quietReqLogger: true,
          autoLogging: { ignore: (req) => req.url === '/health' },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
