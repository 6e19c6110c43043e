import { PrimaryKey, Property } from '@mikro-orm/core';
import { v7 } from 'uuid';

/** UUIDv7 ids: unique across instances, and time-ordered so indexes stay compact. */
export abstract class BaseEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string = v7();

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
