import { Entity, Index, Property } from '@mikro-orm/core';
import { BaseEntity } from '../database/base.entity';
import { OutboxPayload, OutboxTopic } from './queues';

/**
 * A fact that must reach a queue, written in the same transaction as the fact itself (the
 * transactional outbox): if the commit happens, the row exists, whatever becomes of Redis or of
 * the process afterwards. The worker's OutboxRelay hands it on and deletes it. The payload
 * carries ids only, like job data. `T` only types the constructor: a topic takes its own payload.
 */
@Entity({ tableName: 'outbox' })
@Index({ properties: ['availableAt'] })
export class OutboxEntry<T extends OutboxTopic = OutboxTopic> extends BaseEntity {
  @Property({ length: 100 })
  topic: string;

  @Property({ type: 'json' })
  payload: object;

  /** Relay attempts that failed (Redis down): each one pushes availableAt further out. */
  @Property({ default: 0 })
  attempts: number = 0;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  availableAt: Date = new Date();

  constructor(topic: T, payload: OutboxPayload<T>) {
    super();
    this.topic = topic;
    this.payload = payload;
  }
}
