import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { runSql } from '@agora/platform';
import { rsvpReminders, upcomingEvents } from './events.queries';

export interface UpcomingEvent {
  id: string;
  title: string;
  kind: string;
  startsAt: Date;
  place: string | null;
  forumId: string | null;
  workingGroupId: string | null;
}

export interface RsvpReminder {
  userId: string;
  eventId: string;
  title: string;
  startsAt: Date;
  status: string;
}

/** What is coming up, for many readers at once (the digest): events of their scopes, and their own RSVPs. */
@Injectable()
export class EventsFeed {
  constructor(private readonly em: EntityManager) {}

  /** Events in [from, to) that are network-wide (no forum) or of these forums or groups. */
  async upcoming(forumIds: string[], groupIds: string[], from: Date, to: Date): Promise<UpcomingEvent[]> {
    return runSql<UpcomingEvent>(this.em, upcomingEvents(forumIds, groupIds, from, to));
  }

  /** These users' "going" and "maybe" answers for events in [from, to): the reminders (events.queries.ts). */
  async rsvps(userIds: string[], from: Date, to: Date): Promise<RsvpReminder[]> {
    if (!userIds.length) return [];
    return runSql<RsvpReminder>(this.em, rsvpReminders(userIds, from, to));
  }
}
