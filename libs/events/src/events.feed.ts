import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { pgArray } from '@agora/platform';

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
    const rows = await this.em.execute<(Omit<UpcomingEvent, 'startsAt'> & { startsAt: string })[]>(
      `select e.id, e.title, e.kind, e.starts_at as "startsAt", e.place, e.forum_id as "forumId", e.working_group_id as "workingGroupId"
         from calendar_event e
        where e.starts_at >= ? and e.starts_at < ?
          and ((e.forum_id is null and e.working_group_id is null) or (e.working_group_id is null and e.forum_id = any(?::uuid[])) or e.working_group_id = any(?::uuid[]))
        order by e.starts_at`,
      [from, to, pgArray(forumIds), pgArray(groupIds)],
    );
    return rows.map((row) => ({ ...row, startsAt: new Date(row.startsAt) }));
  }

  /**
   * These users' "going" and "maybe" answers for events in [from, to): the reminders. An answer
   * outlives a membership, so the meeting of a private group the user is no longer in is left out
   * here, as everywhere else (the rule of WorkingGroupsService.hiddenGroupsQuery, per user).
   */
  async rsvps(userIds: string[], from: Date, to: Date): Promise<RsvpReminder[]> {
    if (!userIds.length) return [];
    const rows = await this.em.execute<(Omit<RsvpReminder, 'startsAt'> & { startsAt: string })[]>(
      `select r.user_id as "userId", e.id as "eventId", e.title, e.starts_at as "startsAt", r.status
         from event_rsvp r join calendar_event e on e.id = r.event_id
         left join working_group g on g.id = e.working_group_id
        where r.user_id = any(?::uuid[]) and r.status in ('going', 'maybe') and e.starts_at >= ? and e.starts_at < ?
          and (g.id is null or g.visibility <> 'private' or exists (
                select 1 from working_group_membership m where m.working_group_id = g.id and m.user_id = r.user_id and m.status = 'active'))
        order by e.starts_at`,
      [pgArray(userIds), from, to],
    );
    return rows.map((row) => ({ ...row, startsAt: new Date(row.startsAt) }));
  }
}
