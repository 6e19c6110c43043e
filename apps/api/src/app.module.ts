import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ConfigService } from '@nestjs/config';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type { ExecutionContext } from '@nestjs/common';
import Redis from 'ioredis';
import { AgoraConfig, AUTH_THROTTLED, FailOpenThrottlerStorage, JwtAuthGuard, PlatformModule, QueuesModule, REDIS } from '@agora/platform';
import { DigestsHttpModule } from '@agora/digests';
import { DiscussionsHttpModule } from '@agora/discussions';
import { EventsHttpModule } from '@agora/events';
import { ExchangesHttpModule } from '@agora/exchanges';
import { ForumsHttpModule } from '@agora/forums';
import { IdentityHttpModule } from '@agora/identity';
import { KnowledgeHttpModule } from '@agora/knowledge';
import { NetworkHttpModule } from '@agora/network';
import { SearchModule } from '@agora/search';

const MINUTE_MS = 60_000;

const isAuthRoute = (context: ExecutionContext): boolean => Reflect.getMetadata(AUTH_THROTTLED, context.getHandler()) === true;

/**
 * The throttler's own key names the route, which made RATE_LIMIT_PER_MINUTE a limit per route:
 * a client spreading requests over the API got it many times over. The general limit is per
 * client (request.ip, see TRUST_PROXY) across all routes; the credential limit stays per route,
 * so refreshing tokens does not use up the sign-ins of an office behind one address.
 */
const throttlerKey = (context: ExecutionContext, client: string, throttler: string): string =>
  throttler === 'auth' ? `${throttler}:${context.getClass().name}.${context.getHandler().name}:${client}` : `${throttler}:${client}`;

@Module({
  imports: [
    PlatformModule.forRoot(),
    EventEmitterModule.forRoot(),
    // Counters live in Redis so the limits hold across every api instance.
    ThrottlerModule.forRootAsync({
      inject: [ConfigService, REDIS],
      useFactory: (config: AgoraConfig, redis: Redis) => ({
        throttlers: [
          { name: 'default', ttl: MINUTE_MS, limit: config.get('RATE_LIMIT_PER_MINUTE', { infer: true }) },
          {
            name: 'auth',
            ttl: MINUTE_MS,
            limit: config.get('AUTH_RATE_LIMIT_PER_MINUTE', { infer: true }),
            skipIf: (context) => !isAuthRoute(context),
          },
        ],
        generateKey: throttlerKey,
        storage: new FailOpenThrottlerStorage(new ThrottlerStorageRedisService(redis)),
      }),
    }),
    NetworkHttpModule,
    IdentityHttpModule,
    ForumsHttpModule,
    DiscussionsHttpModule,
    KnowledgeHttpModule,
    ExchangesHttpModule,
    EventsHttpModule,
    SearchModule,
    QueuesModule,
    DigestsHttpModule,
  ],
  providers: [
    { provide: APP_GUARD, useClass: ThrottlerGuard },
    { provide: APP_GUARD, useExisting: JwtAuthGuard },
  ],
})
export class AppModule {}
