import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { ApiClient, SEEDED } from './api-client';
import { REDIS_URL } from './services';
import type { ReceivedMail, SmtpSink } from './smtp-sink';
import type { TestEnv } from './test-env';

/**
 * Many digest readers at once, written with SQL (thousands in a second): `count` members at
 * `@<domain>` who follow Mobility, and a new thread there, so each of them has a weekly digest.
 */
export async function seedDigestReaders(env: TestEnv, api: ApiClient, count: number, domain: string): Promise<void> {
  await env.sql(
    `insert into app_user (id, created_at, email, name, password_hash, role, languages, timezone)
     select gen_random_uuid(), now(), 'user' || i || '@${domain}', 'User ' || i, 'not-a-hash', 'member', '{en}', 'Europe/Brussels'
       from generate_series(1, ${count}) as i`,
  );
  await env.sql(
    `insert into forum_follow (id, created_at, user_id, forum_id)
     select gen_random_uuid(), now(), u.id, f.id from app_user u, forum f where u.email like '%@${domain}' and f.slug = 'mobility'`,
  );
  await api.post('/api/forums/mobility/threads', { title: 'Winter cycling', body: 'Salt or brushes?' }, await api.tokenFor(SEEDED.bologna));
}

/** Runs this week's digests now (what `POST /api/admin/digests/run` does), for whichever worker takes the job. */
export async function runWeeklyDigests(env: TestEnv): Promise<void> {
  const queue = new Queue('digests', { connection: { url: REDIS_URL }, prefix: `${env.redisPrefix}-bull` });
  await queue.add('digest-tick', { force: 'weekly' }, { jobId: `forced-run-${randomUUID()}` });
  await queue.close();
}

/** How many of these readers' digests are recorded as sent. */
export async function sentDigests(env: TestEnv, domain: string): Promise<number> {
  const rows = await env.sql<{ n: number }>(`select count(*)::int as n from digest where recipient like '%@${domain}' and status = 'sent'`);
  return rows[0].n;
}

/** The mails the sink took for these readers, by recipient. */
export function mailsByReader(sink: SmtpSink, domain: string): Map<string, ReceivedMail[]> {
  const byReader = new Map<string, ReceivedMail[]>();
  for (const mail of sink.mails.filter((m) => m.to.endsWith(`@${domain}`))) byReader.set(mail.to, [...(byReader.get(mail.to) ?? []), mail]);
  return byReader;
}
