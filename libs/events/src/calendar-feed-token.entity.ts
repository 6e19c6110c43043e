import { Entity, OneToOne, Property } from '@mikro-orm/core';
import { BaseEntity } from '@agora/platform';
import { User } from '@agora/identity';

/**
 * The secret in a user's calendar-feed URL (calendar apps cannot send a bearer token). Stored
 * as a SHA-256 hash; issuing a new one replaces the old, which stops working at once.
 */
@Entity({ tableName: 'calendar_feed_token' })
export class CalendarFeedToken extends BaseEntity {
  @OneToOne(() => User, { owner: true, unique: true, deleteRule: 'cascade' })
  user: User;

  @Property({ length: 64, unique: true })
  tokenHash: string;

  constructor(user: User, tokenHash: string) {
    super();
    this.user = user;
    this.tokenHash = tokenHash;
  }
}
