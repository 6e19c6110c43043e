import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigService } from '@nestjs/config';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import {
  AgoraConfig,
  corsOrigins,
  createValidationPipe,
  echoRequestId,
  problemFrameworkErrors,
  refuseUnsafeInput,
  ProblemFilter,
  RedisStreamsIoAdapter,
  registerSecurityHeaders,
  requestIdOptions,
  trustedProxies,
} from '@agora/platform';
import { AppModule } from './app.module';
import { mountQueueDashboard } from './queue-dashboard';
import { mountWebClient } from './web-client';

/** Request bodies above this are refused with 413; the largest legitimate body is a long post. */
const BODY_LIMIT_BYTES = 1024 * 1024;

/** Builds the configured api application (not yet listening); shared by main.ts and the e2e tests. */
export async function createApiApp(): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule,
    // request.ip is the client's only behind the proxies TRUST_PROXY lists; otherwise the socket's peer.
    new FastifyAdapter({
      bodyLimit: BODY_LIMIT_BYTES,
      trustProxy: trustedProxies(process.env),
      ...requestIdOptions,
      ...problemFrameworkErrors,
    }),
    {
      bufferLogs: true,
    },
  );
  app.useLogger(app.get(Logger));
  const config = app.get<AgoraConfig>(ConfigService);

  app.setGlobalPrefix('api', { exclude: ['health'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter());
  app.enableCors({ origin: corsOrigins(config), credentials: false });
  app.enableShutdownHooks();
  app.useWebSocketAdapter(
    new RedisStreamsIoAdapter(app, {
      redisUrl: config.get('REDIS_URL', { infer: true }),
      redisPrefix: config.get('REDIS_PREFIX', { infer: true }),
      origins: corsOrigins(config),
    }),
  );
  echoRequestId(app.getHttpAdapter().getInstance());
  registerSecurityHeaders(app.getHttpAdapter().getInstance());
  refuseUnsafeInput(app.getHttpAdapter().getInstance());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Agora API')
      .setDescription('The collaboration platform of a network of cities. Errors are application/problem+json (RFC 9457).')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  await mountQueueDashboard(app);
  await mountWebClient(app);
  return app;
}
