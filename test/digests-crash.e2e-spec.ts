import { ChildProcess } from 'node:child_process';
import { ApiClient } from './support/api-client';
import { mailsByReader, runWeeklyDigests, seedDigestReaders, sentDigests } from './support/digest-readers';
import { eventually } from './support/live-client';
import { SmtpSink } from './support/smtp-sink';
import { TestEnv } from './support/test-env';
import { exited, spawnWorker } from './support/worker-process';

/** 5,000 by default; CRASH_DIGESTS scales it (a slow machine, a quick local run). */
const USERS = Number(process.env.CRASH_DIGESTS) || 5000;
const KILLS = 3;
const POOL = 10;
const DOMAIN = 'crash.test';

/**
 * The worker is SIGKILLed three times during a run of 5,000 digests, each time at a quarter more
 * of the way, and a fresh worker takes over: every user still gets exactly one digest (one
 * Message-ID) and nobody is left out. The only mails that may arrive twice are the few the server
 * took when the worker died, before `sent` was written (about one per SMTP connection per kill),
 * and those carry the same Message-ID.
 */
describe('digests survive a worker SIGKILLed three times', () => {
  const sink = new SmtpSink();
  let env: TestEnv;
  let api: ApiClient;
  const workers: ChildProcess[] = [];

  const startWorker = () => {
    const child = spawnWorker();
    workers.push(child);
    return child;
  };
  const reached = () => mailsByReader(sink, DOMAIN).size;

  beforeAll(async () => {
    const smtpUrl = await sink.start();
    env = await TestEnv.create({
      SMTP_URL: smtpUrl,
      // A short lock so that each new worker takes the dead one's jobs over quickly.
      JOB_LOCK_MS: '2000',
      SMTP_POOL_SIZE: String(POOL),
      MAIL_RATE_PER_SECOND: '1000',
      DIGEST_CONCURRENCY: '50',
      DIGEST_TICK_SECONDS: '3600',
    });
    api = await env.startApi();
    await seedDigestReaders(env, api, USERS, DOMAIN);
  }, 120_000); // a new database, migrated and seeded, and the processes: slow on a loaded machine

  afterAll(async () => {
    for (const child of workers) {
      child.kill('SIGKILL');
      await exited(child);
    }
    await env.close();
    await sink.stop();
  });

  it('every user receives exactly one digest', async () => {
    await runWeeklyDigests(env);
    for (let kill = 1; kill <= KILLS; kill++) {
      const worker = startWorker();
      const target = Math.floor((USERS * kill) / (KILLS + 1));
      await eventually(() => reached() >= target, 120_000, `worker ${kill} to reach ${target} users`);
      worker.kill('SIGKILL');
      await exited(worker);
    }
    expect(reached()).toBeLessThan(USERS);

    startWorker();
    await eventually(async () => (await sentDigests(env, DOMAIN)) === USERS, 120_000, 'every digest to be sent');

    const byReader = mailsByReader(sink, DOMAIN);
    expect(byReader.size).toBe(USERS);
    const withTwoIds = [...byReader].filter(([, mails]) => new Set(mails.map((mail) => mail.messageId)).size !== 1);
    expect(withTwoIds).toEqual([]);
    const resent = [...byReader.values()].reduce((sum, mails) => sum + mails.length - 1, 0);
    // A mail is in doubt from the moment its DATA is sent until `sent` is written: at most one per
    // SMTP connection, plus those accepted while the batched `sent` write waited.
    expect(resent).toBeLessThanOrEqual(KILLS * POOL * 2);
  }, 400_000);
});
