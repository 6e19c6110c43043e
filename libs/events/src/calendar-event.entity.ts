import { Entity, Index, ManyToOne, Property } from '@mikro-orm/core';
import { BaseEntity, EnumOf } from '@agora/platform';
import { City } from '@agora/network';
import { User } from '@agora/identity';
import { Forum, WorkingGroup } from '@agora/forums';

export const EVENT_KINDS = ['annual-conference', 'agm', 'executive-committee', 'forum-meeting', 'working-group-meeting'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** Kinds that concern the whole network: everyone is invited (and they are in every feed). */
export const NETWORK_KINDS: EventKind[] = ['annual-conference', 'agm', 'executive-committee'];

/**
 * A meeting of the network. Times are instants (UTC); `timeZone` is where it happens, for
 * display and the calendar feed. The AGM sits inside its annual conference (`parent`).
 */
@Entity({ tableName: 'calendar_event' })
@Index({ properties: ['startsAt'] })
export class CalendarEvent extends BaseEntity {
  @EnumOf(EVENT_KINDS)
  kind: EventKind;

  @Property({ length: 200 })
  title: string;

  @Property({ type: 'text' })
  description: string = '';

  @Property({ type: 'timestamptz' })
  startsAt: Date;

  @Property({ type: 'timestamptz' })
  endsAt: Date;

  /** IANA time zone of the venue, e.g. Europe/Prague. */
  @Property({ length: 64 })
  timeZone: string;

  @Property({ length: 300, nullable: true })
  place: string | null = null;

  @ManyToOne(() => City, { nullable: true, deleteRule: 'set null' })
  hostCity: City | null = null;

  @Property({ length: 500, nullable: true })
  onlineUrl: string | null = null;

  @ManyToOne(() => Forum, { nullable: true, deleteRule: 'cascade' })
  forum: Forum | null = null;

  @ManyToOne(() => WorkingGroup, { nullable: true, deleteRule: 'cascade' })
  workingGroup: WorkingGroup | null = null;

  @ManyToOne(() => CalendarEvent, { nullable: true, deleteRule: 'cascade' })
  parent: CalendarEvent | null = null;

  /** Most people who may RSVP "going"; null: no limit. */
  @Property({ type: 'integer', nullable: true })
  capacity: number | null = null;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  createdBy: User | null = null;

  /** Raised with every change, so calendar apps pick the change up (iCal SEQUENCE). */
  @Property({ type: 'integer' })
  sequence: number = 0;

  constructor(kind: EventKind, title: string, startsAt: Date, endsAt: Date, timeZone: string) {
    super();
    this.kind = kind;
    this.title = title;
    this.startsAt = startsAt;
    this.endsAt = endsAt;
    this.timeZone = timeZone;
  }
}
