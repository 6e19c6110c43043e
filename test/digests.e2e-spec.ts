import type { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DigestPlanner } from '@agora/digests';
import { FixedClock } from '@agora/platform';
import { ApiClient, SEEDED } from './support/api-client';
import { eventually, pause } from './support/live-client';
import { SmtpSink } from './support/smtp-sink';
import { addMember, newGroup, newThread } from './support/factories';
import { TestEnv } from './support/test-env';

/**
 * The worker's clock is set by hand to a calendar in 2054 (the weekdays of 2026's, 28 years on),
 * far from the real date: what the API writes stamps the real time, and a digest window that held
 * today would count it (the file failed on 2026-12-07, inside its first calendar).
 */
describe('digests: composed, scheduled, sent once, unsubscribed in one click', () => {
  const sink = new SmtpSink();
  /** Mention windows are aligned to the epoch, as in production: a test posts just after a boundary. */
  const MENTION_WINDOW_MS = 5_000;
  const clock = new FixedClock(new Date('2054-11-30T06:30:00Z'));
  let env: TestEnv;
  let api: ApiClient;
  let worker: INestApplicationContext;
  let bologna: string;
  let leipzig: string;
  let secretariat: string;

  const plan = (at: string) => {
    clock.set(at);
    return worker.get(DigestPlanner).plan(clock.now());
  };
  const statusOf = (periodKey: string) =>
    env.sql<{ status: string }>(
      'select d.status from digest d join app_user u on u.id = d.user_id where u.email = $1 and d.period_key = $2',
      [SEEDED.leipzig, periodKey],
    );
  const thread = async (forum: string, title: string) =>
    await newThread(api, bologna, { forum: forum }, { title, body: `${title}: opening` });
  /** Messages are stamped by the database; the test moves them to the day it is about. */
  const backdate = (threadId: string, at: string) => env.sql('update message set created_at = $2 where thread_id = $1', [threadId, at]);

  beforeAll(async () => {
    const smtpUrl = await sink.start();
    env = await TestEnv.create({
      SMTP_URL: smtpUrl,
      MAIL_ATTEMPTS: '3',
      MAIL_BACKOFF_MS: '50',
      MENTION_WINDOW_SECONDS: String(MENTION_WINDOW_MS / 1000),
      DIGEST_TICK_SECONDS: '3600',
      PUBLIC_URL: 'https://agora.example.org',
    });
    api = await env.startApi();
    worker = await env.startWorker(clock);
    [bologna, leipzig, secretariat] = await Promise.all(
      [SEEDED.bologna, SEEDED.leipzig, SEEDED.secretariat].map((email) => api.tokenFor(email)),
    );
  });
  afterAll(async () => {
    await env.close();
    await sink.stop();
  });

  it('Mobility daily and Culture weekly, on the right days in Berlin time, without a private group it is not in', async () => {
    await api.put(
      '/api/me/digest-preferences',
      { frequency: 'weekly', weekday: 1, hour: 8, timezone: 'Europe/Berlin', language: 'en' },
      leipzig,
    );
    for (const forum of ['mobility', 'culture']) await api.put(`/api/forums/${forum}/follow`, undefined, leipzig);
    expect((await api.put('/api/me/digest-preferences/forums/mobility', { level: 'daily' }, leipzig)).status).toBe(204);
    const group = await newGroup(api, secretariat, { name: 'Secret Tram Deals', visibility: 'private', leadEmail: SEEDED.bologna });
    const hidden = await newThread(api, bologna, { group }, { title: 'Hidden tender', body: 'confidential' });
    const [mobility, culture] = [await thread('mobility', 'Cargo bikes'), await thread('culture', 'Night museums')];
    for (const id of [mobility, culture, hidden]) await backdate(id, '2054-11-29T12:00:00Z');

    // Monday 07:30 in Berlin: neither digest is due yet.
    await plan('2054-11-30T06:30:00Z');
    expect(await statusOf('daily-2054-11-30')).toEqual([]);

    // Monday 08:10 in Berlin: the daily (Mobility) and the weekly (Culture).
    await plan('2054-11-30T07:10:00Z');
    await eventually(() => sink.to(SEEDED.leipzig).length === 2, 10_000, 'two digests');
    const [daily, weekly] = ['daily', 'weekly'].map((kind) => sink.to(SEEDED.leipzig).find((mail) => mail.parsed.subject?.includes(kind))!);
    expect(daily.parsed.text).toContain('Cargo bikes');
    expect(daily.parsed.text).not.toContain('Night museums');
    expect(weekly.parsed.text).toContain('Night museums');
    expect(weekly.parsed.text).not.toContain('Cargo bikes');
    for (const mail of [daily, weekly]) expect(mail.parsed.text).not.toContain('Hidden tender');

    // Later the same day nothing more; on Tuesday only the new daily.
    await plan('2054-11-30T15:00:00Z');
    await backdate(await thread('mobility', 'School streets'), '2054-11-30T20:00:00Z');
    await plan('2054-12-01T07:10:00Z');
    await eventually(() => sink.to(SEEDED.leipzig).length === 3, 10_000, 'the Tuesday daily');
    const tuesday = sink.to(SEEDED.leipzig)[2].parsed;
    expect(tuesday.subject).toBe('Your daily Agora digest: 1 active thread');
    expect(tuesday.text).toContain('School streets');
    expect(tuesday.text).not.toContain('Cargo bikes'); // told on Monday already
  });

  it('the mail: HTML and text parts, counts in the subject, links to the platform, both unsubscribe headers', () => {
    const mail = sink.to(SEEDED.leipzig)[0];
    expect(mail.parsed.subject).toMatch(/^Your (daily|weekly) Agora digest: 1 active thread$/);
    expect(mail.parsed.html).toContain('<table');
    expect(mail.parsed.html).toMatch(/href="https:\/\/agora\.example\.org\/threads\/[0-9a-f-]{36}"/);
    expect(mail.parsed.text).toMatch(/1 new message, 1 unread/);
    expect(mail.parsed.text).toContain('https://agora.example.org/settings/digest');
    expect(mail.messageId).toMatch(/^<digest-[0-9a-f-]{36}-(daily|weekly)-\d{4}-[\dW-]+@agora\.localhost>$/);
    // mailparser gathers the List-* headers under "list".
    const list = mail.parsed.headers.get('list') as unknown as { unsubscribe: { url: string; mail: string } };
    expect(list.unsubscribe.url).toMatch(/^https:\/\/agora\.example\.org\/api\/unsubscribe\?token=/);
    expect(list.unsubscribe.mail).toMatch(/^unsubscribe@agora\.localhost/);
    expect(mail.parsed.headerLines.find((header) => header.key === 'list-unsubscribe-post')?.line).toBe(
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    );
  });

  it('running the same period twice, or a duplicated job, sends nothing twice', async () => {
    const before = sink.mails.length;
    await plan('2054-12-01T07:20:00Z');
    await plan('2054-12-01T07:30:00Z');
    const rows = await env.sql<{ n: number }>("select count(*)::int as n from digest where period_key = 'daily-2054-12-01'");
    expect(rows[0].n).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sink.mails.length).toBe(before);
  });

  it('what the user already read on the platform is left out', async () => {
    const read = await thread('mobility', 'Already read');
    const unread = await thread('mobility', 'Not yet read');
    for (const id of [read, unread]) await backdate(id, '2054-12-01T20:00:00Z');
    await api.put(`/api/threads/${read}/read`, { seq: 1 }, leipzig);
    await plan('2054-12-02T07:10:00Z');
    await eventually(
      () => sink.to(SEEDED.leipzig).some((mail) => mail.parsed.text?.includes('Not yet read')),
      10_000,
      'the Wednesday daily',
    );
    expect(sink.to(SEEDED.leipzig).at(-1)!.parsed.text).not.toContain('Already read');
  });

  it('one-click unsubscribe: the POST in the header turns digests off; a forged token is a 400 and changes nothing', async () => {
    const url = (sink.to(SEEDED.leipzig)[0].parsed.headers.get('list') as unknown as { unsubscribe: { url: string } }).unsubscribe.url;
    const query = new URL(url).search;
    const page = await fetch(`${api.baseUrl}/api/unsubscribe${query}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post"');
    expect((await api.get('/api/me/digest-preferences', leipzig)).body.frequency).toBe('weekly');

    const forged = await api.post(`/api/unsubscribe?token=${query.slice('?token='.length, -3)}abc`);
    expect(forged.status).toBe(400);
    expect((await api.post('/api/unsubscribe')).status).toBe(400);
    expect((await api.get('/api/me/digest-preferences', leipzig)).body.frequency).toBe('weekly');

    const oneClick = await fetch(`${api.baseUrl}/api/unsubscribe${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    expect((await api.get('/api/me/digest-preferences', leipzig)).body.frequency).toBe('off');
    const before = sink.to(SEEDED.leipzig).length;
    await backdate(await thread('mobility', 'After unsubscribing'), '2054-12-02T20:00:00Z');
    await plan('2054-12-03T07:10:00Z');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sink.to(SEEDED.leipzig).length).toBe(before);
    await api.put(
      '/api/me/digest-preferences',
      { frequency: 'daily', weekday: 1, hour: 8, timezone: 'Europe/Berlin', language: 'en' },
      leipzig,
    );
  });

  it('SMTP refusing mail: 4xx is retried, then 5xx is recorded as failed; nothing marked sent that was not accepted', async () => {
    let attempts = 0;
    sink.refuse = (to) => {
      if (to !== SEEDED.leipzig) return null;
      attempts += 1;
      return attempts === 1 ? { code: 451, message: 'Try again later' } : { code: 550, message: 'No such mailbox' };
    };
    await backdate(await thread('mobility', 'Refused'), '2054-12-03T20:00:00Z');
    await plan('2054-12-04T07:10:00Z');
    await eventually(async () => (await statusOf('daily-2054-12-04'))[0]?.status === 'failed', 10_000, 'the failure to be recorded');
    expect(attempts).toBe(2);
    const [row] = await env.sql<{ status: string; attempts: number; last_error: string; sent_at: string | null }>(
      "select status, attempts, last_error, sent_at from digest where period_key = 'daily-2054-12-04' and recipient = $1",
      [SEEDED.leipzig],
    );
    expect(row).toMatchObject({ status: 'failed', attempts: 2, sent_at: null });
    expect(row.last_error).toContain('550');
    expect(sink.to(SEEDED.leipzig).some((mail) => mail.parsed.text?.includes('Refused'))).toBe(false);
    const failed = await api.get('/api/admin/digests?status=failed', secretariat);
    expect(failed.body.items).toContainEqual(expect.objectContaining({ periodKey: 'daily-2054-12-04', status: 'failed' }));
    expect((await api.get('/api/admin/digests', leipzig)).status).toBe(403);
    sink.refuse = () => null;
  }, 20_000);

  it('4xx until the attempts run out is recorded as failed too; a 4xx that clears is sent once', async () => {
    sink.refuse = (to) => (to === SEEDED.leipzig ? { code: 452, message: 'Mailbox full' } : null);
    await backdate(await thread('mobility', 'Always busy'), '2054-12-04T20:00:00Z');
    await plan('2054-12-05T07:10:00Z');
    await eventually(async () => (await statusOf('daily-2054-12-05'))[0]?.status === 'failed', 10_000, 'out of attempts');

    let refusals = 1;
    sink.refuse = (to) => (to === SEEDED.leipzig && refusals-- > 0 ? { code: 421, message: 'Busy' } : null);
    await backdate(await thread('mobility', 'Busy once'), '2054-12-05T20:00:00Z');
    await plan('2054-12-06T07:10:00Z');
    await eventually(async () => (await statusOf('daily-2054-12-06'))[0]?.status === 'sent', 10_000, 'sent after one retry');
    expect(sink.to(SEEDED.leipzig).filter((mail) => mail.parsed.text?.includes('Busy once'))).toHaveLength(1);
    sink.refuse = () => null;
  }, 20_000);

  it('the preview shows what the next digest would hold, without sending or recording anything', async () => {
    const before = await env.sql('select count(*)::int as n from digest');
    const { status, body } = await api.get('/api/me/digest/preview', leipzig);
    expect(status).toBe(200);
    expect(body).toEqual({
      subject: expect.any(String),
      html: expect.stringContaining('<table'),
      text: expect.stringContaining('Hello Jonas Weber'),
    });
    expect(await env.sql('select count(*)::int as n from digest')).toEqual(before);
  });

  it('preferences: validated, and readable back', async () => {
    const bad = await api.put(
      '/api/me/digest-preferences',
      { frequency: 'hourly', weekday: 8, hour: 24, timezone: 'Mars/Olympus', language: 'xx', extra: 1 },
      leipzig,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['extra', 'frequency', 'hour', 'language', 'weekday']);
    expect(
      (
        await api.put(
          '/api/me/digest-preferences',
          { frequency: 'daily', weekday: 3, hour: 7, timezone: 'Mars/Olympus', language: 'en' },
          leipzig,
        )
      ).status,
    ).toBe(400);
    const ok = await api.put(
      '/api/me/digest-preferences',
      { frequency: 'daily', weekday: 3, hour: 7, timezone: 'Europe/Rome', language: 'it' },
      leipzig,
    );
    expect(ok.body).toMatchObject({ frequency: 'daily', weekday: 3, hour: 7, timezone: 'Europe/Rome', language: 'it' });
    expect((await api.get('/api/me/digest-preferences')).status).toBe(401);
  });

  it('mentions for an "every update" subscriber arrive within minutes, several in one mail', async () => {
    await api.put('/api/forums/environment/follow', undefined, leipzig);
    await api.put('/api/me/digest-preferences/forums/environment', { level: 'every-update' }, leipzig);
    const id = await thread('environment', 'Heat wave plans');
    const before = sink.to(SEEDED.leipzig).length;
    await pause(MENTION_WINDOW_MS - (Date.now() % MENTION_WINDOW_MS) + 100);
    for (const text of ['What does @**Jonas Weber** think?', 'And @**Jonas Weber**, the budget?']) {
      await api.post(`/api/threads/${id}/messages`, { body: text, clientMsgId: randomUUID() }, bologna);
    }
    await eventually(() => sink.to(SEEDED.leipzig).length === before + 1, MENTION_WINDOW_MS + 10_000, 'one mention mail');
    const mail = sink.to(SEEDED.leipzig).at(-1)!.parsed;
    expect(mail.subject).toBe('You were mentioned on Agora: 2 mentions');
    expect(mail.text).toContain('Heat wave plans');
  });

  it('the invitation mail goes through the same pipeline', async () => {
    const invited = await api.post(
      '/api/invitations',
      { email: 'new.officer@malmo.example', citySlug: 'malmo', role: 'member' },
      secretariat,
    );
    await eventually(() => sink.to('new.officer@malmo.example').length === 1, 10_000, 'the invitation mail');
    const mail = sink.to('new.officer@malmo.example')[0];
    expect(mail.parsed.text).toContain(invited.body.link);
    expect(mail.messageId).toBe(`<invitation-${invited.body.id}@agora.localhost>`);
  });

  it('the operator run is for admin and secretariat (202), others get 403', async () => {
    expect((await api.post('/api/admin/digests/run', { frequency: 'daily' }, leipzig)).status).toBe(403);
    expect((await api.post('/api/admin/digests/run', { frequency: 'hourly' }, secretariat)).status).toBe(400);
    const run = await api.post('/api/admin/digests/run', { frequency: 'daily' }, secretariat);
    expect(run.status).toBe(202);
    expect(run.body.jobId).toMatch(/^digest-run-daily-\d{12}$/);
  });

  it('a digest also brings new best practices, staff exchanges, coming events and RSVP reminders of what the user follows', async () => {
    const post = (
      await api.post(
        '/api/posts',
        {
          title: 'Superblocks in practice',
          summary: 'Five neighbourhoods, costs and traffic counts.',
          body: 'How we did it.',
          forum: 'mobility',
          language: 'en',
        },
        bologna,
      )
    ).body.id;
    expect((await api.post(`/api/posts/${post}/publish`, undefined, secretariat)).status).toBe(200);
    const offer = await api.post(
      '/api/exchanges',
      {
        topic: 'Tram depot operations',
        department: 'Transport',
        forum: 'mobility',
        languages: ['it', 'en'],
        places: 2,
        startDate: '2099-03-01',
        endDate: '2099-03-14',
        applicationDeadline: '2099-01-31',
        description: 'Two weeks in the depot.',
      },
      bologna,
    );
    expect(offer.status).toBe(201);
    const event = await api.post(
      '/api/events',
      {
        kind: 'forum-meeting',
        forum: 'mobility',
        title: 'Mobility Forum meeting',
        startsAt: '2054-12-10T09:00:00Z',
        endsAt: '2054-12-10T17:00:00Z',
        timeZone: 'Europe/Brussels',
        place: 'Ghent',
      },
      secretariat,
    );
    expect(event.status).toBe(201);
    await api.put(`/api/events/${event.body.id}/rsvp`, { status: 'going' }, leipzig);
    await env.sql("update post set published_at = '2054-12-07T10:00:00Z' where id = $1", [post]);
    await env.sql("update exchange_offer set created_at = '2054-12-07T10:00:00Z' where id = $1", [offer.body.id]);

    await plan('2054-12-08T07:10:00Z');
    await eventually(
      () => sink.to(SEEDED.leipzig).some((mail) => mail.parsed.text?.includes('Superblocks')),
      10_000,
      'the digest with the post',
    );
    const mail = sink.to(SEEDED.leipzig).find((m) => m.parsed.text?.includes('Superblocks'))!.parsed;
    expect(mail.subject).toBe('Your daily Agora digest: 1 new best practice, 1 staff exchange');
    expect(mail.text).toContain('== New best practices ==');
    expect(mail.text).toContain('Tram depot operations');
    expect(mail.text).toMatch(/Mobility Forum meeting\n {2}2054-12-10 09:00 UTC · Ghent · you answered: going/);
    expect(mail.html).toContain(`https://agora.example.org/posts/${post}`);
  });

  it("a former member who had RSVP'd to a private group's meeting no longer finds it in digests", async () => {
    const group = await newGroup(api, secretariat, { name: 'Budget Committee', visibility: 'private', leadEmail: SEEDED.bologna });
    await addMember(api, group, leipzig, bologna);
    const meeting = await api.post(
      '/api/events',
      {
        kind: 'working-group-meeting',
        workingGroupId: group,
        title: 'Budget Committee closed session',
        startsAt: '2054-12-17T09:00:00Z',
        endsAt: '2054-12-17T12:00:00Z',
        timeZone: 'Europe/Brussels',
        place: 'Bologna',
      },
      bologna,
    );
    expect(meeting.status).toBe(201);
    for (const member of [leipzig, bologna])
      expect((await api.put(`/api/events/${meeting.body.id}/rsvp`, { status: 'going' }, member)).status).toBe(200);
    expect((await api.post(`/api/working-groups/${group}/leave`, undefined, leipzig)).status).toBe(204);
    await api.put('/api/forums/mobility/follow', undefined, leipzig);
    await backdate(await thread('mobility', 'Tram priority signals'), '2054-12-13T12:00:00Z');

    // Monday: Leipzig's daily and Bologna's weekly are composed together, so the meeting is in the
    // batch (Bologna leads the group); only Bologna may see it.
    await plan('2054-12-14T07:10:00Z');
    const bolognas = () => sink.to(SEEDED.bologna).find((mail) => mail.parsed.text?.includes('Budget Committee closed session'));
    const leipzigs = () => sink.to(SEEDED.leipzig).find((mail) => mail.parsed.text?.includes('Tram priority signals'));
    await eventually(() => !!bolognas() && !!leipzigs(), 10_000, 'both Monday digests');
    expect(leipzigs()!.parsed.text).not.toContain('Budget Committee');
    expect(leipzigs()!.parsed.html).not.toContain('Budget Committee');
  });

  it('the queue dashboard is for admin and secretariat: by bearer token, or by the session cookie in a browser', async () => {
    expect((await fetch(`${api.baseUrl}/admin/queues`)).status).toBe(401);
    expect((await fetch(`${api.baseUrl}/admin/queues`, { headers: { authorization: `Bearer ${leipzig}` } })).status).toBe(401);
    expect((await fetch(`${api.baseUrl}/admin/queues/api/queues`, { headers: { authorization: `Bearer ${secretariat}` } })).status).toBe(
      200,
    );
    expect((await api.post('/api/admin/queues/session', undefined, leipzig)).status).toBe(403);
    const session = await api.post('/api/admin/queues/session', undefined, secretariat);
    expect(session.status).toBe(204);
    const cookie = session.headers.get('set-cookie')!.split(';')[0];
    expect(session.headers.get('set-cookie')).toContain('HttpOnly');
    const board = await fetch(`${api.baseUrl}/admin/queues/api/queues`, { headers: { cookie } });
    expect(board.status).toBe(200);
    expect(((await board.json()) as { queues: { name: string }[] }).queues.map((queue) => queue.name).sort()).toEqual(['digests', 'mail']);
  });
});
