import { Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit, SetMetadata } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService, MetadataScanner } from '@nestjs/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { runSql } from '../database/run-sql';
import { FoundHandler, findHandlers, oneHandlerEach } from './handlers';
import { claimDueEntries, deleteEntries, postponeEntries } from './outbox.queries';
import { OutboxPayload, OutboxTopic } from './queues';

/** How often each worker looks for new entries: the delay a mail may gain over a direct enqueue. */
export const OUTBOX_POLL_MS = 1000;
/** Entries one pass claims; the rest wait for the next pass or another worker (SKIP LOCKED). */
const BATCH = 100;
/**
 * How long a pass waits for its handlers. BullMQ's connection waits out a Redis outage rather
 * than failing, so without a bound a pass would hold its row locks for the whole outage.
 */
const HANDLER_TIMEOUT_MS = 5000;
/** Backoff of an entry whose handler failed: 2^attempts seconds, at most a minute. */
const MAX_BACKOFF_S = 60;

/** An entry as its handler gets it. */
export interface OutboxRecord<T extends OutboxTopic = OutboxTopic> {
  id: string;
  topic: T;
  payload: OutboxPayload<T>;
  createdAt: Date;
}

type OutboxHandler = (record: OutboxRecord) => Promise<void>;

const ON_OUTBOX = 'agora:on-outbox';

/**
 * Marks the one method that hands entries of this topic on (in practice: adds a job with a
 * deterministic jobId, so doing it twice is harmless). The compiler holds the method to the
 * topic's payload; the relay stops the start-up when a topic has no handler or two.
 */
export function OnOutbox<T extends OutboxTopic>(topic: T) {
  return <M extends (record: OutboxRecord<T>) => Promise<void>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<M>,
  ): void => {
    SetMetadata(ON_OUTBOX, topic)(target, key, descriptor);
  };
}

/**
 * Relays the outbox (OutboxEntry) to the queues, in the worker. Each pass claims a batch with
 * `FOR UPDATE SKIP LOCKED`, so several workers share the work without handing an entry on twice
 * at once; an entry is deleted in the same transaction once its handler succeeded, and retried
 * with backoff otherwise. A worker that dies mid-pass leaves its entries to the next pass:
 * delivery is at least once, and the handlers' jobIds make it once.
 */
@Injectable()
export class OutboxRelay implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private handlers = new Map<string, FoundHandler<OutboxHandler>>();
  private timer?: NodeJS.Timeout;
  private pass?: Promise<unknown>;
  private stopped = false;

  constructor(
    private readonly em: EntityManager,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  onModuleInit(): void {
    const found = findHandlers<OutboxHandler>(this.discovery, this.scanner, ON_OUTBOX);
    this.handlers = oneHandlerEach(found, Object.values(OutboxTopic), 'outbox topic', 'OnOutbox');
  }

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.pass;
  }

  /** One pass over what is due; returns how many entries were handed on. */
  relayOnce(): Promise<number> {
    return this.em.fork().transactional((em) => this.relayBatch(em));
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.pass = this.relayOnce()
        .catch((error: Error) => this.logger.warn(`outbox pass failed: ${error.message}`))
        .finally(() => this.schedule());
    }, OUTBOX_POLL_MS);
  }

  private async relayBatch(em: EntityManager): Promise<number> {
    const rows = await runSql<OutboxRecord>(em, claimDueEntries(BATCH));
    const outcomes = await Promise.allSettled(rows.map((row) => this.dispatch(row)));
    const done = rows.filter((_, i) => outcomes[i].status === 'fulfilled').map((row) => row.id);
    const failed = rows.filter((_, i) => outcomes[i].status === 'rejected').map((row) => row.id);
    if (done.length) await runSql(em, deleteEntries(done));
    if (failed.length) {
      const reason = (outcomes.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult).reason as Error;
      this.logger.warn(`outbox: ${failed.length} entries not handed on, retried later: ${reason.message}`);
      await runSql(em, postponeEntries(failed, MAX_BACKOFF_S));
    }
    return done.length;
  }

  private dispatch(record: OutboxRecord): Promise<void> {
    const handler = this.handlers.get(record.topic)?.run;
    if (!handler) return Promise.reject(new Error(`no handler for outbox topic ${record.topic}`));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${record.topic} not handed on within ${HANDLER_TIMEOUT_MS} ms`)), HANDLER_TIMEOUT_MS);
    });
    return Promise.race([handler(record), timeout]).finally(() => clearTimeout(timer));
  }
}

/** The relay, for the worker: import it beside the handlers (`@OnOutbox`). */
@Module({ imports: [DiscoveryModule], providers: [OutboxRelay], exports: [OutboxRelay] })
export class OutboxModule {}
