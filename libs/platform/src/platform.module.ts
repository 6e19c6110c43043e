import { DynamicModule, Module } from '@nestjs/common';
import { AuthPrimitivesModule } from './auth/auth-primitives.module';
import { Clock } from './clock/clock';
import { AgoraConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DomainEventBus } from './events/domain-events';
import { HealthModule } from './health/health.module';
import { LoggingModule } from './logging/logging.module';
import { RedisModule } from './redis/redis.module';

/** What every Agora process needs: validated config, logs, PostgreSQL, Redis, token checks, /health. */
@Module({})
export class PlatformModule {
  static forRoot(): DynamicModule {
    return {
      module: PlatformModule,
      global: true,
      imports: [AgoraConfigModule.forRoot(), LoggingModule, DatabaseModule, RedisModule, AuthPrimitivesModule, HealthModule],
      providers: [Clock, DomainEventBus],
      exports: [Clock, DomainEventBus, DatabaseModule],
    };
  }
}
