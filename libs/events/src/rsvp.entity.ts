import { Entity, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { BaseEntity, EnumOf } from '@agora/platform';
import { User } from '@agora/identity';
import { CalendarEvent } from './calendar-event.entity';

export const RSVP_STATUSES = ['going', 'maybe', 'not-going'] as const;
export type RsvpStatus = (typeof RSVP_STATUSES)[number];

@Entity({ tableName: 'event_rsvp' })
@Unique({ properties: ['event', 'user'] })
export class Rsvp extends BaseEntity {
  @ManyToOne(() => CalendarEvent, { deleteRule: 'cascade' })
  event: CalendarEvent;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user: User;

  @EnumOf(RSVP_STATUSES)
  status: RsvpStatus;

  @Property({ type: 'timestamptz' })
  updatedAt: Date = new Date();

  constructor(event: CalendarEvent, user: User, status: RsvpStatus) {
    super();
    this.event = event;
    this.user = user;
    this.status = status;
  }
}
