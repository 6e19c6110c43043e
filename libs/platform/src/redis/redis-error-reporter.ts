import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { WorkerHost } from '@nestjs/bullmq';
import { Queue, Worker } from 'bullmq';
import type { EventEmitter } from 'node:events';

/** While Redis is down, each connection's error is reported at most this often. */
const REPORT_EVERY_MS = 30_000;

/**
 * BullMQ queues and workers emit an error for every failed reconnection attempt; with no listener
 * BullMQ prints each one with its stack on stderr, several a second per process while Redis is
 * down. This gives every queue and worker of the application a listener that logs one line per
 * connection every REPORT_EVERY_MS, with the number of errors in between. The connections keep
 * retrying on their own.
 */
@Injectable()
export class RedisErrorReporter implements OnApplicationBootstrap {
  private readonly logger = new Logger('Redis');

  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    for (const { instance } of this.discovery.getProviders()) {
      if (instance instanceof Queue) this.watch(instance, `queue ${instance.name}`);
      else if (instance instanceof WorkerHost) {
        const { worker } = instance as WorkerHost<Worker>;
        this.watch(worker, `worker of ${worker.name}`);
      }
    }
  }

  private watch(emitter: Pick<EventEmitter, 'on'>, what: string): void {
    let reportedAt = 0;
    let since = 0;
    emitter.on('error', (error: Error) => {
      since++;
      if (Date.now() - reportedAt < REPORT_EVERY_MS) return;
      this.logger.warn(`${what}: ${error.message}${since > 1 ? ` (${since} errors since the last report)` : ''}`);
      reportedAt = Date.now();
      since = 0;
    });
  }
}
