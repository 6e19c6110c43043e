import { sql, Sql } from '@agora/platform';

/** The SQL of the events context that is not an entity's: RSVP under the event's lock, counts, the digest's feed. */

/** The event's capacity, its row locked until the transaction ends. */
export const lockEventCapacity = (eventId: string): Sql => sql`select capacity from calendar_event where id = ${eventId} for update`;

/** People going to the event, `userId` left out. */
export const goingCountExcept = (eventId: string, userId: string): Sql =>
  sql`select count(*) as count from event_rsvp where event_id = ${eventId} and status = 'going' and user_id <> ${userId}`;

export const upsertRsvp = (eventId: string, userId: string, status: string): Sql =>
  sql`insert into event_rsvp (id, created_at, event_id, user_id, status, updated_at) values (gen_random_uuid(), now(), ${eventId}, ${userId}, ${status}, now())
         on conflict (event_id, user_id) do update set status = excluded.status, updated_at = now()`;

/** Stores the hash of the user's feed token, replacing the one before. */
export const upsertFeedToken = (userId: string, tokenHash: string): Sql =>
  sql`insert into calendar_feed_token (id, created_at, user_id, token_hash) values (gen_random_uuid(), now(), ${userId}, ${tokenHash})
       on conflict (user_id) do update set token_hash = excluded.token_hash, created_at = now()`;

/** People going, per event (events nobody goes to have no row). */
export const goingCounts = (eventIds: string[]): Sql =>
  sql`select event_id as id, count(*) as count from event_rsvp where status = 'going' and event_id = any(${eventIds}::uuid[]) group by event_id`;

/** Events in [from, to) that are network-wide (no forum) or of these forums or groups. */
export const upcomingEvents = (forumIds: string[], groupIds: string[], from: Date, to: Date): Sql =>
  sql`select e.id, e.title, e.kind, e.starts_at as "startsAt", e.place, e.forum_id as "forumId", e.working_group_id as "workingGroupId"
         from calendar_event e
        where e.starts_at >= ${from} and e.starts_at < ${to}
          and ((e.forum_id is null and e.working_group_id is null) or (e.working_group_id is null and e.forum_id = any(${forumIds}::uuid[])) or e.working_group_id = any(${groupIds}::uuid[]))
        order by e.starts_at`;

/**
 * These users' "going" and "maybe" answers for events in [from, to). An answer outlives a
 * membership, so the meeting of a private group the user is no longer in is left out here, as
 * everywhere else (the rule of WorkingGroupsService.hiddenGroups, per user).
 */
export const rsvpReminders = (userIds: string[], from: Date, to: Date): Sql =>
  sql`select r.user_id as "userId", e.id as "eventId", e.title, e.starts_at as "startsAt", r.status
         from event_rsvp r join calendar_event e on e.id = r.event_id
         left join working_group g on g.id = e.working_group_id
        where r.user_id = any(${userIds}::uuid[]) and r.status in ('going', 'maybe') and e.starts_at >= ${from} and e.starts_at < ${to}
          and (g.id is null or g.visibility <> 'private' or exists (
                select 1 from working_group_membership m where m.working_group_id = g.id and m.user_id = r.user_id and m.status = 'active'))
        order by e.starts_at`;
