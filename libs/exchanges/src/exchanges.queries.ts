import { sql, Sql } from '@agora/platform';

/** The SQL of the exchanges context that is not an entity's: the conditional updates that hold places, the digest's feed. */

/** Takes a place while one is left: a row when it was taken. */
export const takePlace = (offerId: string): Sql =>
  sql`update exchange_offer set places_taken = places_taken + 1 where id = ${offerId} and places_taken < places returning id`;

export const freePlace = (offerId: string): Sql => sql`update exchange_offer set places_taken = places_taken - 1 where id = ${offerId}`;

/** Accepts or declines a still submitted application: a row when it was. */
export const answerApplication = (applicationId: string, status: 'accepted' | 'declined'): Sql =>
  sql`update exchange_application set status = ${status}, decided_at = now() where id = ${applicationId} and status = 'submitted' returning id`;

/** Withdraws a submitted or accepted application under its row lock: a row with the status it had, when it was. */
export const withdrawApplication = (applicationId: string): Sql =>
  sql`update exchange_application a set status = 'withdrawn', decided_at = now()
           from (select id, status as previous from exchange_application where id = ${applicationId} for update) old
          where a.id = old.id and old.previous in ('submitted', 'accepted') returning old.previous`;

/** Offers of these forums created in [since, until) that still take applications. */
export const offersOpenedBetween = (forumIds: string[], since: Date, until: Date): Sql =>
  sql`select o.id, o.topic, c.name as "hostCity", o.forum_id as "forumId", o.application_deadline::text as "applicationDeadline",
              (o.places - o.places_taken) as "placesLeft"
         from exchange_offer o join city c on c.id = o.host_city_id
        where o.created_at >= ${since} and o.created_at < ${until} and o.forum_id = any(${forumIds}::uuid[])
          and o.application_deadline >= current_date and o.places_taken < o.places
        order by o.application_deadline`;
