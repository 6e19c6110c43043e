import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Job, Queue } from 'bullmq';
import { FixedClock } from '@agora/platform';
import { ApiClient, SEEDED } from './support/api-client';
import { eventually } from './support/live-client';
import { REDIS_URL } from './support/services';
import { SmtpSink } from './support/smtp-sink';
import { newThread } from './support/factories';
import { TestEnv } from './support/test-env';

/**
 * Issue 11, hole 2: the secretariat could become admin through the queue dashboard (the mail
 * queue held invitation links, and the board could add, retry and edit jobs), and links were
 * logged. Job data now holds ids, the board is read-only but for admins, logs carry no token.
 */
describe('mail security: no capability in job data, the board or the logs', () => {
  const sink = new SmtpSink();
  let env: TestEnv;
  let api: ApiClient;
  let admin: string;
  let secretariat: string;
  let mailQueue: Queue;

  const tokenOf = (link: string) => link.split('/').pop()!;
  const invite = async (email: string) => {
    const response = await api.post('/api/invitations', { email, citySlug: 'malmo', role: 'member' }, secretariat);
    expect(response.status).toBe(201);
    return response.body as { id: string; link: string };
  };
  const board = (method: string, path: string, token: string, body?: unknown) =>
    fetch(`${api.baseUrl}/admin/queues/api${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  /** Everything the board shows of a queue's jobs in one state (data, options, return values). */
  const boardJobs = async (queue: string, status: string, token: string) =>
    (await board('GET', `/queues?activeQueue=${queue}&status=${status}&page=1&jobsPerPage=50`, token, undefined)).text();

  beforeAll(async () => {
    const smtpUrl = await sink.start();
    env = await TestEnv.create({
      SMTP_URL: smtpUrl,
      MAIL_ATTEMPTS: '1',
      MENTION_WINDOW_SECONDS: '1',
      DIGEST_TICK_SECONDS: '3600',
      PUBLIC_URL: 'https://agora.example.org',
    });
    api = await env.startApi();
    // A Monday before anyone's digest hour: the worker's tick sends no digest to mix with the mails here.
    await env.startWorker(new FixedClock(new Date('2026-11-30T05:00:00Z')));
    [admin, secretariat] = await Promise.all([api.tokenFor(SEEDED.admin), api.tokenFor(SEEDED.secretariat)]);
    mailQueue = new Queue('mail', { connection: { url: REDIS_URL }, prefix: `${env.redisPrefix}-bull` });
  });
  afterAll(async () => {
    await mailQueue.close();
    await env.close();
    await sink.stop();
  });

  it('the invitation job carries the id only; the mail, built when it is sent, carries the link of the 201 response', async () => {
    const invited = await invite('anna@malmo.example');
    await eventually(() => sink.to('anna@malmo.example').length === 1, 15_000, 'the invitation mail');
    expect(sink.to('anna@malmo.example')[0].parsed.text).toContain(invited.link);

    await eventually(async () => (await mailQueue.getJobState(`invitation-${invited.id}`)) === 'completed', 10_000, 'the completed job');
    const job = await mailQueue.getJob(`invitation-${invited.id}`);
    expect(job?.data).toEqual({ invitationId: invited.id });
    const shown = await boardJobs('mail', 'completed', secretariat);
    expect(shown).toContain(invited.id);
    expect(shown).not.toContain(tokenOf(invited.link));
    expect(shown).not.toContain('anna@malmo.example');
    // The link still works: acceptance looks the derived token up by its hash, as before.
    const accepted = await api.post(`/api/invitations/${tokenOf(invited.link)}/accept`, { name: 'Anna', password: 'a-long-passphrase' });
    expect(accepted.status).toBe(201);
  });

  it('mention jobs carry ids and times only, no address or text', async () => {
    const [bologna, leipzig] = await Promise.all([api.tokenFor(SEEDED.bologna), api.tokenFor(SEEDED.leipzig)]);
    await api.put('/api/forums/culture/follow', undefined, leipzig);
    await api.put('/api/me/digest-preferences/forums/culture', { level: 'every-update' }, leipzig);
    const thread = await newThread(api, bologna, { forum: 'culture' }, { title: 'Night museums', body: 'Opening hours' });
    const before = sink.to(SEEDED.leipzig).length;
    await api.post(
      `/api/threads/${thread}/messages`,
      { body: 'Ask @**Jonas Weber** about the guards', clientMsgId: randomUUID() },
      bologna,
    );
    await eventually(() => sink.to(SEEDED.leipzig).length === before + 1, 15_000, 'the mention mail');
    expect(sink.to(SEEDED.leipzig).at(-1)!.parsed.subject).toBe('You were mentioned on Agora: 1 mention');

    // The mail is out before the job is marked completed: wait for the job.
    const digests = new Queue('digests', { connection: { url: REDIS_URL }, prefix: `${env.redisPrefix}-bull` });
    let jobs: Job[] = [];
    await eventually(
      async () => (jobs = await digests.getJobs(['completed'], 0, 50)).some((job) => job.name === 'mention-mail'),
      10_000,
      'the completed job',
    );
    await digests.close();
    const mention = jobs.find((job) => job.name === 'mention-mail')!;
    expect(Object.keys(mention.data as object).sort()).toEqual(['userId', 'windowEnd', 'windowKey', 'windowStart']);
    expect(JSON.stringify(jobs.map((job) => [job.data, job.returnvalue]))).not.toMatch(/@|guards/);
  });

  it('the board is read-only for the secretariat (403, nothing changes); an admin may retry', async () => {
    sink.refuse = (to) => (to === 'refused@malmo.example' ? { code: 550, message: 'mailbox unavailable' } : null);
    const invited = await invite('refused@malmo.example');
    const jobId = `invitation-${invited.id}`;
    await eventually(async () => (await mailQueue.getJobState(jobId)) === 'failed', 15_000, 'the refused mail to fail');
    sink.refuse = () => null;

    const list = (await (await board('GET', '/queues?activeQueue=mail&status=failed', secretariat)).json()) as {
      queues: { readOnlyMode: boolean; allowRetries: boolean }[];
    };
    expect(list.queues.every((queue) => queue.readOnlyMode && !queue.allowRetries)).toBe(true);
    const attempts = [
      board('PUT', `/queues/mail/${jobId}/retry`, secretariat),
      board('PATCH', `/queues/mail/${jobId}/update-data`, secretariat, {
        jobData: { invitationId: invited.id, link: 'https://evil.example' },
      }),
      board('POST', '/queues/mail/add', secretariat, { name: 'invitation-mail', data: { invitationId: invited.id } }),
      board('PUT', '/queues/mail/retry/failed', secretariat),
      board('PUT', '/queues/mail/clean/failed', secretariat),
      board('PUT', '/queues/mail/pause', secretariat),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(403);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    expect(await mailQueue.getJobState(jobId)).toBe('failed');
    expect((await mailQueue.getJob(jobId))!.data).toEqual({ invitationId: invited.id });
    // Anna's completed job and this failed one: nothing was added.
    expect(Object.values(await mailQueue.getJobCounts()).reduce((sum, n) => sum + n, 0)).toBe(2);
    expect(await mailQueue.isPaused()).toBe(false);
    expect(sink.to('refused@malmo.example')).toHaveLength(0);

    const adminList = (await (await board('GET', '/queues?activeQueue=mail&status=failed', admin)).json()) as {
      queues: { readOnlyMode: boolean; allowRetries: boolean }[];
    };
    expect(adminList.queues.every((queue) => !queue.readOnlyMode && queue.allowRetries)).toBe(true);
    expect((await board('PUT', `/queues/mail/${jobId}/retry`, admin)).status).toBe(204);
    await eventually(() => sink.to('refused@malmo.example').length === 1, 15_000, 'the retried mail');
  });

  it('a dashboard cookie carries the role: the secretariat’s is read-only too', async () => {
    const session = await api.post('/api/admin/queues/session', undefined, secretariat);
    const cookie = session.headers.get('set-cookie')!.split(';')[0];
    const pause = await fetch(`${api.baseUrl}/admin/queues/api/queues/mail/pause`, { method: 'PUT', headers: { cookie } });
    expect(pause.status).toBe(403);
    expect((await fetch(`${api.baseUrl}/admin/queues/api/queues`, { headers: { cookie } })).status).toBe(200);
    expect(await mailQueue.isPaused()).toBe(false);
  });

  describe('logs (a real api process, its standard output read)', () => {
    let child: ChildProcess;
    let output = '';
    let baseUrl: string;

    beforeAll(async () => {
      const port = await freePort();
      child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/main.ts'], {
        env: { ...process.env, PORT: String(port), LOG_LEVEL: 'info', SWC_NODE_PROJECT: 'tsconfig.json' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      baseUrl = `http://127.0.0.1:${port}`;
      await eventually(
        () =>
          fetch(`${baseUrl}/health`).then(
            () => true,
            () => false,
          ),
        90_000,
        'the api process',
      );
    }, 120_000);
    afterAll(() => child?.kill('SIGKILL'));

    it('no request line or message holds an invitation, feed or unsubscribe token', async () => {
      const logged = new ApiClient(baseUrl);
      const staff = await logged.tokenFor(SEEDED.secretariat);
      const invited = await logged.post('/api/invitations', { email: 'logged@malmo.example', citySlug: 'malmo', role: 'member' }, staff);
      expect(invited.status).toBe(201);
      const invitation = tokenOf(invited.body.link as string);
      // A browser on the invitation page names it in the Referer of its API call.
      const accepted = await fetch(`${baseUrl}/api/invitations/${invitation}/accept`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', referer: invited.body.link as string },
        body: JSON.stringify({ name: 'Logged Officer', password: 'a-long-passphrase' }),
      });
      expect(accepted.status).toBe(201);
      const feedUrl = (await logged.post('/api/events/feed', undefined, staff)).body.url as string;
      const feed = new URL(feedUrl).searchParams.get('token')!;
      expect((await fetch(`${baseUrl}/api/events.ics?token=${feed}`)).status).toBe(200);
      const unsubscribe = 'eyJhbGciOiJIUzI1NiJ9.unsubscribe-token-under-test.c2lnbmF0dXJl';
      expect((await fetch(`${baseUrl}/api/unsubscribe?token=${unsubscribe}`, { method: 'POST' })).status).toBe(400);

      await eventually(() => output.includes('/api/unsubscribe?'), 10_000, 'the last request line');
      expect(output).toContain('/api/unsubscribe?token=[REDACTED]');
      expect(output).toContain('invitation created');
      expect(output).toContain('/api/invitations/[REDACTED]/accept');
      expect(output).toContain('/api/events.ics?token=[REDACTED]');
      for (const token of [invitation, feed, unsubscribe]) expect(output).not.toContain(token);
    });
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
