import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { ApiClient, SEEDED } from './support/api-client';
import { eventually } from './support/live-client';
import { REDIS_URL } from './support/services';
import { SmtpSink } from './support/smtp-sink';
import { TestEnv } from './support/test-env';

const USERS = 500;

/**
 * A worker process is killed (SIGKILL) in the middle of a run of 500 digests and another one
 * takes over: every user still gets exactly one digest (one Message-ID), nobody is left out.
 * The workers are real processes (the TypeScript sources through @swc-node/register).
 */
describe('digests survive a worker killed mid-run', () => {
  const sink = new SmtpSink();
  let env: TestEnv;
  let api: ApiClient;
  const workers: ChildProcess[] = [];

  const startWorker = () => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/worker/src/main.ts'], {
      env: { ...process.env, WORKER_PORT: '0', SWC_NODE_PROJECT: 'tsconfig.json' },
      stdio: 'ignore',
    });
    workers.push(child);
    return child;
  };
  const sentRows = async () =>
    (await env.sql<{ n: number }>("select count(*)::int as n from digest where recipient like '%@crash.test' and status = 'sent'"))[0].n;
  const crashMails = () => sink.mails.filter((mail) => mail.to.endsWith('@crash.test'));

  beforeAll(async () => {
    const smtpUrl = await sink.start();
    // Slow enough that the kill lands mid-run; a short lock so the survivor takes over quickly.
    sink.delayMs = 5;
    env = await TestEnv.create({
      SMTP_URL: smtpUrl,
      JOB_LOCK_MS: '2000',
      MAIL_RATE_PER_SECOND: '100',
      DIGEST_CONCURRENCY: '10',
      DIGEST_TICK_SECONDS: '3600',
    });
    api = await env.startApi();
    await env.sql(
      `insert into app_user (id, created_at, email, name, password_hash, role, languages, timezone)
       select gen_random_uuid(), now(), 'user' || i || '@crash.test', 'User ' || i, 'not-a-hash', 'member', '{en}', 'Europe/Brussels'
         from generate_series(1, ${USERS}) as i`,
    );
    await env.sql(
      `insert into forum_follow (id, created_at, user_id, forum_id)
       select gen_random_uuid(), now(), u.id, f.id from app_user u, forum f where u.email like '%@crash.test' and f.slug = 'mobility'`,
    );
    await api.post(
      '/api/forums/mobility/threads',
      { title: 'Winter cycling', body: 'Salt or brushes?' },
      await api.tokenFor(SEEDED.bologna),
    );
  });

  afterAll(async () => {
    workers.forEach((child) => child.kill('SIGKILL'));
    await env.close();
    await sink.stop();
  });

  it('every user receives exactly one digest', async () => {
    const queue = new Queue('digests', { connection: { url: REDIS_URL }, prefix: `${env.redisPrefix}-bull` });
    await queue.add('digest-tick', { force: 'weekly' }, { jobId: `crash-run-${randomUUID()}` });
    await queue.close();

    const first = startWorker();
    await eventually(() => crashMails().length >= 100, 60_000, 'the first worker to be sending');
    first.kill('SIGKILL');
    const atKill = crashMails().length;
    expect(atKill).toBeLessThan(USERS);

    startWorker();
    await eventually(async () => (await sentRows()) === USERS, 60_000, 'every digest to be sent');

    const idsByUser = new Map<string, Set<string>>();
    for (const mail of crashMails()) idsByUser.set(mail.to, (idsByUser.get(mail.to) ?? new Set()).add(mail.messageId));
    expect(idsByUser.size).toBe(USERS);
    expect([...idsByUser.values()].every((ids) => ids.size === 1)).toBe(true);
    // Resends can only come from the few mails in flight when the worker died (same Message-ID).
    expect(crashMails().length - USERS).toBeLessThanOrEqual(10);
  }, 150_000);
});
