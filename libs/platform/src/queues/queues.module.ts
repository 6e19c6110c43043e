import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { BullModule } from '@nestjs/bullmq';
import { AgoraConfig } from '../config/config.module';

/** BullMQ's connection for every queue and worker of a process; keys live under `<REDIS_PREFIX>-bull`. */
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: AgoraConfig) => ({
        // Patient connections: commands wait out a Redis restart instead of failing.
        connection: { url: config.get<string>('REDIS_URL'), maxRetriesPerRequest: null },
        prefix: `${config.get('REDIS_PREFIX', { infer: true })}-bull`,
      }),
    }),
  ],
})
export class QueuesModule {}
