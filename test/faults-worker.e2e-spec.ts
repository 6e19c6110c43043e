import { ChildProcess } from 'node:child_process';
import { ApiClient } from './support/api-client';
import { mailsByReader, runWeeklyDigests, seedDigestReaders, sentDigests } from './support/digest-readers';
import { eventually } from './support/live-client';
import { SmtpSink } from './support/smtp-sink';
import { TestEnv } from './support/test-env';
import { exited, spawnWorker, stopWorker } from './support/worker-process';

const USERS = 300;
const DOMAIN = 'frozen.test';
const JOB_LOCK_MS = 2000;

/**
 * A worker frozen (SIGSTOP) for longer than its job lock while a second worker runs, then thawed.
 * The second worker takes the frozen one's digests over; the thawed one must not send them again.
 *
 * To freeze the first worker with digests it has claimed but not yet handed to SMTP (the case a
 * lease protects), the SMTP server holds its answers while both workers fill up: each worker
 * then has SMTP_POOL_SIZE mails at the server and the rest of its DIGEST_CONCURRENCY claimed and
 * waiting for a connection. The held mails are refused with a 451 once the worker is frozen, so
 * no mail is accepted whose sender cannot record it: that window (accepted, then frozen or killed
 * before `sent` is written) is the one no lease closes, see DigestSender.
 */
describe('a worker frozen past its job lock does not send what another worker took over', () => {
  const sink = new SmtpSink();
  let env: TestEnv;
  let api: ApiClient;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    const smtpUrl = await sink.start();
    sink.delayMs = 5;
    env = await TestEnv.create({
      SMTP_URL: smtpUrl,
      JOB_LOCK_MS: String(JOB_LOCK_MS),
      SMTP_POOL_SIZE: '2',
      DIGEST_CONCURRENCY: '10',
      MAIL_RATE_PER_SECOND: '200',
      MAIL_BACKOFF_MS: '200',
      DIGEST_TICK_SECONDS: '3600',
    });
    api = await env.startApi();
    await seedDigestReaders(env, api, USERS, DOMAIN);
  }, 120_000); // a new database, migrated and seeded, and the processes: slow on a loaded machine

  afterAll(async () => {
    for (const child of workers) {
      child.kill('SIGCONT');
      child.kill('SIGKILL');
      await exited(child);
    }
    await env.close();
    await sink.stop();
  });

  it('every user receives exactly one digest', async () => {
    const frozen = spawnWorker();
    const other = spawnWorker();
    workers.push(frozen, other);
    await runWeeklyDigests(env);
    await eventually(() => sink.mails.length >= 40, 90_000, 'both workers to be sending');

    sink.hold();
    // Both workers full: DIGEST_CONCURRENCY claimed each, SMTP_POOL_SIZE of them at the server.
    await eventually(
      async () => (await env.sql<{ n: number }>("select count(*)::int as n from digest where status = 'sending'"))[0].n >= 20,
      30_000,
      'both workers to have claimed all they can',
    );
    // Whatever the server accepted before holding is recorded, so nothing accepted is in doubt.
    await eventually(async () => (await sentDigests(env, DOMAIN)) === sink.mails.length, 10_000, 'accepted mails to be recorded');
    await eventually(() => sink.holding === 4, 10_000, 'two mails of each worker at the server');

    frozen.kill('SIGSTOP');
    sink.release({ code: 451, message: 'Try again later' });
    // The other worker finishes the run alone, the frozen one's digests included.
    await eventually(async () => (await sentDigests(env, DOMAIN)) === USERS, 60_000, 'the other worker to send every digest');

    // Thawed, the first worker goes on with the digests it had claimed; it must find its leases
    // taken over and send nothing. SIGTERM lets its running jobs finish before it exits.
    frozen.kill('SIGCONT');
    const stopped = [await stopWorker(frozen), await stopWorker(other)];

    const byReader = mailsByReader(sink, DOMAIN);
    expect(byReader.size).toBe(USERS);
    const twice = [...byReader].filter(([, mails]) => mails.length > 1).map(([to]) => to);
    expect(twice).toEqual([]);
    expect(await sentDigests(env, DOMAIN)).toBe(USERS);
    expect(stopped).toEqual([true, true]);
  }, 300_000);
});
