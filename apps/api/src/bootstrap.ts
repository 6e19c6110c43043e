import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigService } from '@nestjs/config';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import {
  AgoraConfig,
  corsOrigins,
  createOpenApiDocument,
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
import { FEED_TOKEN_SECURITY } from '@agora/events';
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

  setRoutePrefix(app);
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

  const document = apiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  await mountQueueDashboard(app);
  await mountWebClient(app);
  return app;
}

/** Every route under /api but the health check, which probes and load balancers expect at /health. */
export function setRoutePrefix(app: INestApplication): void {
  app.setGlobalPrefix('api', { exclude: ['health'] });
}

/** The OpenAPI document served at /api/docs-json (and linted by `npm run lint:openapi`). */
export function apiDocument(app: INestApplication): OpenAPIObject {
  return createOpenApiDocument(
    app,
    new DocumentBuilder()
      .setTitle('Agora API')
      .setDescription('The collaboration platform of a network of cities. Errors are application/problem+json (RFC 9457).')
      .setVersion('0.1.0')
      .setLicense('AGPL-3.0-or-later', 'https://www.gnu.org/licenses/agpl-3.0.html')
      .addServer('/', 'This Agora instance')
      .addBearerAuth()
      .addSecurity(FEED_TOKEN_SECURITY, { type: 'apiKey', in: 'query', name: 'token', description: 'The secret of a calendar feed URL' })
      .build(),
  );
}
