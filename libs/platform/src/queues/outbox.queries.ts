import { sql, Sql } from '../database/sql';

/** The SQL of the outbox relay. */

/** Up to `limit` entries that are due, locked for this pass; those other workers hold are skipped. */
export const claimDueEntries = (limit: number): Sql =>
  sql`select id, topic, payload, created_at as "createdAt" from outbox
        where available_at <= now() order by available_at, id limit ${limit} for update skip locked`;

export const deleteEntries = (ids: string[]): Sql => sql`delete from outbox where id = any(${ids}::uuid[])`;

/** Retried after 2^attempts seconds, at most `maxBackoffSeconds`. */
export const postponeEntries = (ids: string[], maxBackoffSeconds: number): Sql =>
  sql`update outbox set attempts = attempts + 1, available_at = now() + least(power(2, attempts), ${maxBackoffSeconds}) * interval '1 second'
        where id = any(${ids}::uuid[])`;
