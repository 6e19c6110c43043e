import { Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { pgArray } from '../database/sql';

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

export interface OutboxRecord<T = unknown> {
  id: string;
  topic: string;
  payload: T;
  createdAt: Date;
}

/** Hands one entry on (in practice: adds a job with a deterministic jobId, so doing it twice is harmless). */
export type OutboxHandler = (record: OutboxRecord) => Promise<void>;

/**
 * Relays the outbox (OutboxEntry) to the queues, in the worker. Each pass claims a batch with
 * `FOR UPDATE SKIP LOCKED`, so several workers share the work without handing an entry on twice
 * at once; an entry is deleted in the same transaction once its handler succeeded, and retried
 * with backoff otherwise. A worker that dies mid-pass leaves its entries to the next pass:
 * delivery is at least once, and the handlers' jobIds make it once.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly handlers = new Map<string, OutboxHandler>();
  private timer?: NodeJS.Timeout;
  private pass?: Promise<unknown>;
  private stopped = false;

  constructor(private readonly em: EntityManager) {}

  /** Registers the handler of a topic (one per topic). */
  handle<T>(topic: string, handler: (record: OutboxRecord<T>) => Promise<void>): void {
    this.handlers.set(topic, handler as OutboxHandler);
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
    const rows = await em.execute<{ id: string; topic: string; payload: unknown; createdAt: string }[]>(
      `select id, topic, payload, created_at as "createdAt" from outbox
        where available_at <= now() order by available_at, id limit ? for update skip locked`,
      [BATCH],
    );
    const outcomes = await Promise.allSettled(rows.map((row) => this.dispatch({ ...row, createdAt: new Date(row.createdAt) })));
    const done = rows.filter((_, i) => outcomes[i].status === 'fulfilled').map((row) => row.id);
    const failed = rows.filter((_, i) => outcomes[i].status === 'rejected').map((row) => row.id);
    if (done.length) await em.execute('delete from outbox where id = any(?::uuid[])', [pgArray(done)]);
    if (failed.length) {
      const reason = (outcomes.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult).reason as Error;
      this.logger.warn(`outbox: ${failed.length} entries not handed on, retried later: ${reason.message}`);
      await em.execute(
        `update outbox set attempts = attempts + 1, available_at = now() + least(power(2, attempts), ?) * interval '1 second'
          where id = any(?::uuid[])`,
        [MAX_BACKOFF_S, pgArray(failed)],
      );
    }
    return done.length;
  }

  private dispatch(record: OutboxRecord): Promise<void> {
    const handler = this.handlers.get(record.topic);
    if (!handler) return Promise.reject(new Error(`no handler for outbox topic ${record.topic}`));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${record.topic} not handed on within ${HANDLER_TIMEOUT_MS} ms`)), HANDLER_TIMEOUT_MS);
    });
    return Promise.race([handler(record), timeout]).finally(() => clearTimeout(timer));
  }
}

/** The relay, for the worker: import it where the handlers are registered. */
@Module({ providers: [OutboxRelay], exports: [OutboxRelay] })
export class OutboxModule {}
