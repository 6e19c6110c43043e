import ICAL from 'ical.js';
import { ApiClient } from './support/api-client';
import { seededTokens } from './support/factories';
import { TestEnv } from './support/test-env';

/** Events: the seeded conferences, RSVP with capacity (raced), the iCal feed, the Executive Committee warning. */
describe('events', () => {
  let env: TestEnv;
  let api: ApiClient;
  const t: Record<string, string> = {};
  const year = new Date().getUTCFullYear() + 1;

  const plan = (overrides: Record<string, unknown> = {}, token = t.secretariat) =>
    api.post(
      '/api/events',
      {
        kind: 'executive-committee',
        title: 'Executive Committee, spring',
        startsAt: `${year}-03-10T09:00:00Z`,
        endsAt: `${year}-03-10T17:00:00Z`,
        timeZone: 'Europe/Brussels',
        place: 'Brussels; Square, room 1',
        ...overrides,
      },
      token,
    );

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.startApi();
    Object.assign(t, await seededTokens(api));
  });
  afterAll(() => env.close());

  it('seeds the Prague 2019 and Leipzig 2021 conferences, each with its AGM', async () => {
    const response = await api.get('/api/events?from=2019-01-01&to=2022-01-01', t.bologna);
    expect(
      response.body.items.map((e: { kind: string; hostCity: { slug: string }; startsAt: string }) => [
        e.kind,
        e.hostCity.slug,
        e.startsAt.slice(0, 10),
      ]),
    ).toEqual([
      ['annual-conference', 'prague', '2019-11-20'],
      ['agm', 'prague', '2019-11-22'],
      ['annual-conference', 'leipzig', '2021-11-03'],
      ['agm', 'leipzig', '2021-11-05'],
    ]);
    expect(response.body.items[1].parentId).toBe(response.body.items[0].id);
    // Default: from today on, so history is not listed.
    expect((await api.get('/api/events', t.bologna)).body.items.map((e: { title: string }) => e.title)).not.toContain(
      'Annual Conference 2019, Prague',
    );
  });

  it('warns the secretariat when fewer than three Executive Committee meetings are planned', async () => {
    expect((await api.get(`/api/events/planning?year=${year}`, t.bologna)).status).toBe(403);
    expect((await plan({}, t.bologna)).status).toBe(403);
    await plan();
    const one = await api.get(`/api/events/planning?year=${year}`, t.secretariat);
    expect(one.body).toMatchObject({ year, executiveCommitteeMeetings: 1, required: 3 });
    expect(one.body.warning).toMatch(/Only 1 Executive Committee meeting planned/);
    await plan({ startsAt: `${year}-06-10T09:00:00Z`, endsAt: `${year}-06-10T17:00:00Z` });
    await plan({ startsAt: `${year}-10-10T09:00:00Z`, endsAt: `${year}-10-10T17:00:00Z` });
    expect((await api.get(`/api/events/planning?year=${year}`, t.admin)).body).toMatchObject({
      executiveCommitteeMeetings: 3,
      warning: null,
    });
  });

  it('enforces the capacity, also when two people race for the last seat', async () => {
    const id = (await plan({ kind: 'forum-meeting', forum: 'mobility', title: 'Mobility Forum', capacity: 1 })).body.id;
    const results = await Promise.all([t.bologna, t.leipzig].map((token) => api.put(`/api/events/${id}/rsvp`, { status: 'going' }, token)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const loser = results[0].status === 409 ? t.bologna : t.leipzig;
    expect((await api.put(`/api/events/${id}/rsvp`, { status: 'maybe' }, loser)).body).toMatchObject({ myRsvp: 'maybe', going: 1 });
    const winner = loser === t.bologna ? t.leipzig : t.bologna;
    expect((await api.put(`/api/events/${id}/rsvp`, { status: 'going' }, winner)).status).toBe(200); // idempotent for the holder
    await api.put(`/api/events/${id}/rsvp`, { status: 'not-going' }, winner);
    expect((await api.put(`/api/events/${id}/rsvp`, { status: 'going' }, loser)).body).toMatchObject({ myRsvp: 'going', going: 1 });
  });

  it('publishes an RFC 5545 feed, by bearer token or by a revocable feed URL, that ical.js parses back', async () => {
    await plan({ title: 'Executive Committee, with a very long title that must be folded across lines, commas; and semicolons' });
    expect((await api.get('/api/events.ics')).status).toBe(401);
    const byBearer = await api.get('/api/events.ics', t.bologna);
    expect(byBearer.status).toBe(200);
    expect(byBearer.headers.get('content-type')).toMatch(/^text\/calendar/);
    const calendar = new ICAL.Component(ICAL.parse(byBearer.body as string));
    const events = calendar.getAllSubcomponents('vevent').map((vevent) => new ICAL.Event(vevent));
    const long = events.find((event) => event.summary.startsWith('Executive Committee, with'));
    expect(long?.summary).toBe('Executive Committee, with a very long title that must be folded across lines, commas; and semicolons');
    expect(long?.location).toBe('Brussels; Square, room 1');
    const prague = events.find((event) => event.summary === 'Annual Conference 2019, Prague');
    expect(prague).toBeUndefined(); // older than a year
    expect((byBearer.body as string).split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);

    const { url } = (await api.post('/api/events/feed', undefined, t.bologna)).body;
    const path = new URL(url).pathname + new URL(url).search;
    const byToken = await api.get(path);
    expect(byToken.status).toBe(200);
    expect(new ICAL.Component(ICAL.parse(byToken.body as string)).getAllSubcomponents('vevent').length).toBe(events.length);
    await api.post('/api/events/feed', undefined, t.bologna);
    expect((await api.get(path)).status).toBe(404); // the old URL is revoked
    expect((await api.get('/api/events.ics?token=short')).status).toBe(400);
  });

  it.each([
    ['an unknown kind', { kind: 'party' }],
    ['an end before the start', { endsAt: `${year}-03-09T09:00:00Z` }],
    ['a bad time zone', { timeZone: 'Mars/Olympus' }],
    ['a bad date', { startsAt: 'tomorrow' }],
    ['an unknown field', { dressCode: 'formal' }],
    ['a negative capacity', { capacity: -1 }],
    ['an http online link', { onlineUrl: 'http://meet.example.org' }],
    ['a huge title', { title: 'x'.repeat(201) }],
    ['a group meeting without a group', { kind: 'working-group-meeting' }],
  ])('refuses %s with a 400 and writes nothing', async (_name, overrides) => {
    const before = (await env.sql<{ n: string }>('select count(*) as n from calendar_event'))[0].n;
    const response = await plan(overrides);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await env.sql<{ n: string }>('select count(*) as n from calendar_event'))[0].n).toBe(before);
  });

  it('answers 400 for bad RSVPs and queries', async () => {
    const id = (await plan()).body.id;
    expect((await api.put(`/api/events/${id}/rsvp`, { status: 'yes' }, t.bologna)).status).toBe(400);
    expect((await api.put(`/api/events/nope/rsvp`, { status: 'going' }, t.bologna)).status).toBe(400);
    expect((await api.get('/api/events?from=soon', t.bologna)).status).toBe(400);
    expect((await api.get('/api/events/planning?year=abc', t.secretariat)).status).toBe(400);
  });
});
