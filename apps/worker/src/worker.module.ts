import { Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { DigestsWorkerModule } from '@agora/digests';
import { PlatformModule, QueuesModule } from '@agora/platform';

/**
 * The worker hosts BullMQ processors and the digest job scheduler; its only HTTP route is
 * /health (the contexts' HTTP modules are not imported here). Any number of workers may run.
 */
@Module({
  imports: [PlatformModule.forRoot(), EventEmitterModule.forRoot(), QueuesModule, DigestsWorkerModule],
})
export class WorkerModule {}
