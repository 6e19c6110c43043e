import { Global, Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DiscoveryModule } from '@nestjs/core';
import Redis, { RedisOptions } from 'ioredis';
import { AgoraConfig } from '../config/config.module';
import { RedisErrorReporter } from './redis-error-reporter';

/** Injection token of the shared ioredis client (keys are prefixed with REDIS_PREFIX). */
export const REDIS = Symbol('REDIS');

const READY_TIMEOUT_MS = 3000;

/** ioredis options from a redis:// URL (BullMQ takes options, not URLs). */
export function redisOptions(url: string): RedisOptions {
  const parsed = new URL(url);
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: Number(parsed.port) || 6379,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: Number(parsed.pathname.slice(1)) || 0,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
    // null is what BullMQ needs; it also lets commands wait out a Redis restart instead of failing.
    maxRetriesPerRequest: null,
  };
}

/**
 * The shared client answers fast or fails fast (rate limits, presence, health): a command never
 * waits for a Redis that is down. BullMQ keeps its own patient connections.
 */
export function redisConnection(url: string, options: { keyPrefix?: string } = {}): Redis {
  return new Redis({ ...redisOptions(url), maxRetriesPerRequest: 1, enableOfflineQueue: false, ...options });
}

@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [
    RedisErrorReporter,
    {
      provide: REDIS,
      inject: [ConfigService],
      useFactory: (config: AgoraConfig) =>
        redisConnection(config.get('REDIS_URL', { infer: true }), { keyPrefix: `${config.get('REDIS_PREFIX', { infer: true })}:` }),
    },
  ],
  exports: [REDIS],
})
export class RedisModule implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  /** Give the connection a moment to come up so the first requests do not find it still connecting. */
  async onModuleInit(): Promise<void> {
    if (this.redis.status === 'ready') return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, READY_TIMEOUT_MS);
      this.redis.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  async onApplicationShutdown(): Promise<void> {
    // quit() lets pending replies arrive; a client that is not connected has none and is cut at once.
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => this.redis.disconnect());
    else this.redis.disconnect();
  }
}
