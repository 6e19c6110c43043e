import { joinSql, sql, Sql } from '@agora/platform';
import type { NewDigest } from './digest.records';

/**
 * The SQL of the digests context that is not an entity's: the planner's and the sender's
 * set-based statements over many digests at once, and the preference upsert.
 */

interface DigestKey {
  userId: string;
  periodKey: string;
}

interface Lease {
  id: string;
  token: string;
}

/** The recorded digests of these users in these periods, with their status. */
export const recordedDigests = (userIds: string[], periodKeys: string[]): Sql =>
  sql`select user_id as "userId", period_key as "periodKey", status from digest where user_id = any(${userIds}::uuid[]) and period_key = any(${periodKeys}::text[])`;

/** Where each of these users' last daily and weekly digest ended (`until`). */
export const previousUntil = (userIds: string[]): Sql =>
  sql`select user_id as "userId", kind, max(until) as until from digest
        where user_id = any(${userIds}::uuid[]) and kind in ('daily', 'weekly') and status in ('sent', 'empty', 'ready', 'sending')
        group by user_id, kind`;

/**
 * One multi-row INSERT; a row that exists already (another tick, a retried job) is left alone.
 * Returns the keys written. The rendered mails travel as bind parameters, never in the text.
 */
export function insertDigests(digests: NewDigest[]): Sql {
  const tuples = digests.map(
    (d) => sql`(gen_random_uuid(), now(), ${d.userId}, ${d.recipient}, ${d.kind}, ${d.periodKey}, ${d.since}, ${d.until},
      ${d.rendered ? 'ready' : 'empty'}, ${d.rendered?.subject ?? null}, ${d.rendered?.html ?? null}, ${d.rendered?.text ?? null}, 0)`,
  );
  return sql`insert into digest (id, created_at, user_id, recipient, kind, period_key, since, until, status, subject, html, text, attempts)
         values ${joinSql(tuples, ', ')}
         on conflict (user_id, period_key) do nothing
         returning user_id as "userId", period_key as "periodKey"`;
}

/** Claims the ready digests, and those whose lease expired, for `leaseMs` under each key's token. */
export const claimDigests = (keys: (DigestKey & { token: string })[], leaseMs: number): Sql =>
  sql`update digest d set status = 'sending', attempts = d.attempts + 1, lease_token = k.token, lease_until = now() + ${leaseMs} * interval '1 millisecond'
         from unnest(${keys.map((k) => k.userId)}::uuid[], ${keys.map((k) => k.periodKey)}::text[], ${keys.map((k) => k.token)}::uuid[]) as k(user_id, period_key, token)
        where d.user_id = k.user_id and d.period_key = k.period_key
          and (d.status = 'ready' or (d.status = 'sending' and (d.lease_until is null or d.lease_until < now())))
        returning d.id, d.user_id as "userId", d.recipient, d.period_key as "periodKey", d.subject, d.html, d.text`;

/** Of these digests, those being sent (under a lease), with its end. */
export const leasedDigests = (keys: DigestKey[]): Sql =>
  sql`select d.user_id as "userId", d.period_key as "periodKey", d.lease_until as "leaseUntil"
         from digest d join unnest(${keys.map((k) => k.userId)}::uuid[], ${keys.map((k) => k.periodKey)}::text[]) as k(user_id, period_key)
           on d.user_id = k.user_id and d.period_key = k.period_key
        where d.status = 'sending'`;

/** Extends the leases still held by these tokens by `leaseMs`: the ids of those extended. */
export const renewLeases = (leases: Lease[], leaseMs: number): Sql =>
  sql`update digest d set lease_until = now() + ${leaseMs} * interval '1 millisecond'
         from unnest(${leases.map((l) => l.id)}::uuid[], ${leases.map((l) => l.token)}::uuid[]) as k(id, token)
        where d.id = k.id and d.lease_token = k.token and d.status = 'sending'
        returning d.id`;

/** Records the sent mails whose lease is still held. */
export const markSent = (sent: (Lease & { messageId: string })[]): Sql =>
  sql`update digest d set status = 'sent', sent_at = now(), message_id = k.message_id, last_error = null
         from unnest(${sent.map((s) => s.id)}::uuid[], ${sent.map((s) => s.token)}::uuid[], ${sent.map((s) => s.messageId)}::text[]) as k(id, token, message_id)
        where d.id = k.id and d.lease_token = k.token and d.status = 'sending'`;

/** Records a failed attempt, if the lease is still held: `ready` to be tried again, or `failed` for good. */
export const recordFailure = (lease: Lease, status: 'ready' | 'failed', error: string): Sql =>
  sql`update digest set status = ${status}, last_error = ${error} where id = ${lease.id} and lease_token = ${lease.token} and status = 'sending'`;

export const upsertSubscription = (userId: string, scopeKind: string, scopeId: string, level: string): Sql =>
  sql`insert into digest_subscription (user_id, scope_kind, scope_id, level) values (${userId}, ${scopeKind}, ${scopeId}, ${level})
       on conflict (user_id, scope_kind, scope_id) do update set level = excluded.level`;
