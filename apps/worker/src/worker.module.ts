import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { BullModule } from '@nestjs/bullmq';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { AgoraConfig, PlatformModule } from '@agora/platform';

/**
 * The worker hosts BullMQ processors and job schedulers (digests, mail); its only HTTP route is
 * /health. Processors register their queues in the contexts that own them.
 */
@Module({
  imports: [
    PlatformModule.forRoot(),
    EventEmitterModule.forRoot(),
    BullModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: AgoraConfig) => ({
        connection: { url: config.get<string>('REDIS_URL'), maxRetriesPerRequest: null },
        prefix: `${config.get('REDIS_PREFIX', { infer: true })}-bull`,
      }),
    }),
  ],
})
export class WorkerModule {}
