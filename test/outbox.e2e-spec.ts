import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import { FixedClock, OutboxRelay } from '@agora/platform';
import { ApiClient, SEEDED } from './support/api-client';
import { eventually } from './support/live-client';
import { REDIS_URL } from './support/services';
import { SmtpSink } from './support/smtp-sink';
import { newThread } from './support/factories';
import { TestEnv } from './support/test-env';

/**
 * Issue 11, hole 6: invitation and mention mails were enqueued after the commit, from the api
 * process; with Redis down (or the process dying) in between they were lost for good. Here the
 * api cannot reach Redis at all (a port nothing listens on); the worker, started later with a
 * working Redis, relays what the api committed to its outbox.
 */
describe('outbox: a mail that was promised is sent', () => {
  const sink = new SmtpSink();
  let env: TestEnv;
  let api: ApiClient;
  let worker: INestApplicationContext;
  let bologna: string;
  let leipzig: string;
  let secretariat: string;
  /** The thread of the first test's mention, relayed again in the second. */
  let mentionThread: string;

  const outboxTopics = async () => (await env.sql<{ topic: string }>('select topic from outbox order by topic')).map((row) => row.topic);
  const mention = async (thread: string, text: string) =>
    expect((await api.post(`/api/threads/${thread}/messages`, { body: text, clientMsgId: randomUUID() }, bologna)).status).toBe(201);

  beforeAll(async () => {
    const smtpUrl = await sink.start();
    env = await TestEnv.create({
      SMTP_URL: smtpUrl,
      REDIS_URL: 'redis://127.0.0.1:1',
      MENTION_WINDOW_SECONDS: '1',
      DIGEST_TICK_SECONDS: '3600',
    });
    api = await env.startApi();
    [bologna, leipzig, secretariat] = await Promise.all(
      [SEEDED.bologna, SEEDED.leipzig, SEEDED.secretariat].map((email) => api.tokenFor(email)),
    );
    await api.put('/api/forums/culture/follow', undefined, leipzig);
    await api.put('/api/me/digest-preferences/forums/culture', { level: 'every-update' }, leipzig);
  });
  afterAll(async () => {
    await env.close();
    await sink.stop();
  });

  it('an invitation and a mention committed while Redis is unreachable are mailed once a worker runs', async () => {
    const invited = await api.post('/api/invitations', { email: 'offline@malmo.example', citySlug: 'malmo', role: 'member' }, secretariat);
    expect(invited.status).toBe(201);
    mentionThread = await newThread(api, bologna, { forum: 'culture' }, { title: 'Library nights', body: 'Who opens late?' });
    await mention(mentionThread, 'What does @**Jonas Weber** say?');
    expect(await outboxTopics()).toEqual(['discussions.mentions-created', 'identity.invitation-created']);
    expect(sink.mails).toHaveLength(0);

    process.env.REDIS_URL = REDIS_URL;
    // A Monday before anyone's digest hour: the worker's tick sends no digest to mix with the mails here.
    worker = await env.startWorker(new FixedClock(new Date('2026-11-30T05:00:00Z')));
    await eventually(() => sink.to('offline@malmo.example').length === 1 && sink.to(SEEDED.leipzig).length === 1, 20_000, 'both mails');
    expect(sink.to('offline@malmo.example')[0].parsed.text).toContain(invited.body.link);
    expect(sink.to(SEEDED.leipzig)[0].parsed.subject).toBe('You were mentioned on Agora: 1 mention');
    await eventually(async () => (await outboxTopics()).length === 0, 10_000, 'the outbox to empty');
  });

  it('an entry relayed twice, even after its job left Redis, sends one mail', async () => {
    const relay = worker.get(OutboxRelay);
    const queues = ['mail', 'digests'].map(
      (name) => new Queue(name, { connection: { url: REDIS_URL }, prefix: `${env.redisPrefix}-bull` }),
    );
    const busy = async () => {
      const counts = await Promise.all(queues.map((queue) => queue.getJobCounts('active', 'waiting', 'prioritized')));
      return counts.flatMap((count) => Object.values(count)).reduce((sum, n) => sum + n, 0);
    };
    const invited = await api.post('/api/invitations', { email: 'twice@malmo.example', citySlug: 'malmo', role: 'member' }, secretariat);
    await eventually(() => sink.to('twice@malmo.example').length === 1, 20_000, 'the invitation mail');
    const mentionsBefore = sink.to(SEEDED.leipzig).length;
    const [message] = await env.sql<{ id: string; createdAt: Date; userId: string }>(
      `select m.id, m.created_at as "createdAt", n.user_id as "userId" from message m join mention n on n.message_id = m.id where m.thread_id = $1`,
      [mentionThread],
    );
    const entries = [
      ['identity.invitation-created', { invitationId: invited.body.id }],
      ['discussions.mentions-created', { messageId: message.id, createdAt: message.createdAt.toISOString(), userIds: [message.userId] }],
    ] as const;

    // As if a relay had added the jobs and died before deleting its entries; then the same once
    // more after the completed jobs have left Redis (removeOnComplete), so BullMQ's jobId is no help.
    for (const jobsLeftRedis of [false, true]) {
      if (jobsLeftRedis) for (const queue of queues) await queue.clean(0, 1000, 'completed');
      for (const [topic, payload] of entries) {
        await env.sql(
          'insert into outbox (id, created_at, available_at, topic, payload) values (gen_random_uuid(), now(), now(), $1, $2)',
          [topic, payload],
        );
      }
      await relay.relayOnce();
      await eventually(async () => (await outboxTopics()).length === 0, 10_000, 'the outbox to empty');
      await eventually(async () => (await busy()) === 0, 20_000, 'the relayed jobs to finish');
    }
    expect(sink.to('twice@malmo.example')).toHaveLength(1);
    expect(sink.to(SEEDED.leipzig)).toHaveLength(mentionsBefore);
    await Promise.all(queues.map((queue) => queue.close()));
  });
});
