import { ApiClient, SEEDED } from './support/api-client';
import { exchangeOffer, newGroup, newUser, seededTokens } from './support/factories';
import { TestEnv } from './support/test-env';

/** Staff exchanges: the lifecycle, the last-place race, the deadline, filters and bad input. */
describe('exchanges', () => {
  let env: TestEnv;
  let api: ApiClient;
  const t: Record<string, string> = {};

  const offer = (overrides: Record<string, unknown> = {}, token = t.leipzig) =>
    api.post('/api/exchanges', exchangeOffer({ topic: 'Running a bike-sharing scheme', ...overrides }), token);

  /** A new officer of another city, signed in. */
  const officer = async (city: string) => (await newUser(api, t.admin, { city })).token;

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.startApi();
    Object.assign(t, await seededTokens(api));
  });
  afterAll(() => env.close());

  it('runs the lifecycle: offer, apply, decline, accept, withdraw frees the place', async () => {
    const created = await offer({ places: 2 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ hostCity: { slug: 'leipzig' }, places: 2, placesTaken: 0, open: true });
    const id = created.body.id;
    expect((await api.post(`/api/exchanges/${id}/applications`, { motivation: 'We host our own.' }, t.leipzig)).status).toBe(403);
    expect((await api.post(`/api/exchanges/${id}/applications`, { motivation: 'We are starting a scheme.' }, t.secretariat)).status).toBe(
      403,
    );
    const mine = await api.post(`/api/exchanges/${id}/applications`, { motivation: 'We are starting a scheme.' }, t.bologna);
    expect(mine.status).toBe(201);
    expect((await api.post(`/api/exchanges/${id}/applications`, { motivation: 'Once more, please.' }, t.bologna)).status).toBe(409);
    const other = (await api.post(`/api/exchanges/${id}/applications`, { motivation: 'Oslo wants to learn.' }, await officer('oslo'))).body;
    expect((await api.post(`/api/applications/${mine.body.id}/accept`, undefined, t.bologna)).status).toBe(403);
    expect((await api.post(`/api/applications/${other.id}/decline`, undefined, t.leipzig)).body.status).toBe('declined');
    expect((await api.post(`/api/applications/${other.id}/accept`, undefined, t.leipzig)).status).toBe(409);
    expect((await api.post(`/api/applications/${mine.body.id}/accept`, undefined, t.leipzig)).body.status).toBe('accepted');
    expect((await api.get(`/api/exchanges/${id}`, t.bologna)).body.placesTaken).toBe(1);
    expect((await api.post(`/api/applications/${mine.body.id}/withdraw`, undefined, t.leipzig)).status).toBe(403);
    expect((await api.post(`/api/applications/${mine.body.id}/withdraw`, undefined, t.bologna)).body.status).toBe('withdrawn');
    expect((await api.get(`/api/exchanges/${id}`, t.bologna)).body.placesTaken).toBe(0);
    // The host sees every application; an applicant only their own.
    expect((await api.get(`/api/exchanges/${id}/applications`, t.leipzig)).body.items).toHaveLength(2);
    expect((await api.get(`/api/exchanges/${id}/applications`, t.bologna)).body.items).toHaveLength(1);
  });

  it('gives the last place to one of two racing accepts; the other gets 409', async () => {
    const id = (await offer({ places: 1 })).body.id;
    const applications: string[] = [];
    for (const city of ['oslo', 'riga', 'malmo', 'bologna']) {
      const token = city === 'bologna' ? t.bologna : await officer(city);
      applications.push(
        (await api.post(`/api/exchanges/${id}/applications`, { motivation: `${city} would like to come.` }, token)).body.id,
      );
    }
    const results = await Promise.all(
      applications.map((application) => api.post(`/api/applications/${application}/accept`, undefined, t.leipzig)),
    );
    expect(results.map((result) => result.status).sort()).toEqual([200, 409, 409, 409]);
    const [row] = await env.sql<{ places_taken: number }>('select places_taken from exchange_offer where id = $1', [id]);
    expect(row.places_taken).toBe(1);
    const accepted = await env.sql('select 1 from exchange_application where offer_id = $1 and status = $2', [id, 'accepted']);
    expect(accepted).toHaveLength(1);
    // Full: no more applications.
    expect((await api.post(`/api/exchanges/${id}/applications`, { motivation: 'Late but keen.' }, await officer('oslo'))).status).toBe(409);
  });

  it('closes after the deadline, and filters by forum, host city, language and open/closed', async () => {
    const id = (await offer({ topic: 'Deadline test' })).body.id;
    await env.sql(`update exchange_offer set application_deadline = current_date - 1 where id = $1`, [id]);
    expect((await api.get(`/api/exchanges/${id}`, t.bologna)).body.open).toBe(false);
    expect((await api.post(`/api/exchanges/${id}/applications`, { motivation: 'Too late, sadly.' }, t.bologna)).status).toBe(409);
    const closed = (await api.get('/api/exchanges?status=closed', t.bologna)).body.items.map((e: { id: string }) => e.id);
    expect(closed).toEqual([id]);
    expect(
      (await api.get('/api/exchanges?status=open&city=leipzig&language=de&forum=mobility', t.bologna)).body.items.length,
    ).toBeGreaterThan(0);
    expect((await api.get('/api/exchanges?language=fi', t.bologna)).body.items).toEqual([]);
    const page = await api.get('/api/exchanges?limit=1', t.bologna);
    expect(page.body.items).toHaveLength(1);
    expect((await api.get(`/api/exchanges?limit=1&cursor=${page.body.nextCursor}`, t.bologna)).body.items[0].id).not.toBe(
      page.body.items[0].id,
    );
  });

  it('links a completed exchange to the post that reports on it', async () => {
    const id = (await offer({ topic: 'Completed' })).body.id;
    const post = (
      await api.post('/api/posts', { title: 'What we learnt', summary: 's', body: 'b', forum: 'mobility', language: 'en' }, t.bologna)
    ).body.id;
    expect((await api.put(`/api/exchanges/${id}/report`, { postId: post }, t.leipzig)).status).toBe(409);
    await env.sql(
      `update exchange_offer set start_date = '2020-01-01', end_date = '2020-01-10', application_deadline = '2019-12-01' where id = $1`,
      [id],
    );
    expect((await api.put(`/api/exchanges/${id}/report`, { postId: post }, t.leipzig)).status).toBe(404); // still a draft
    await api.post(`/api/posts/${post}/publish`, undefined, t.secretariat);
    expect((await api.put(`/api/exchanges/${id}/report`, { postId: post }, t.bologna)).status).toBe(403);
    expect((await api.put(`/api/exchanges/${id}/report`, { postId: post }, t.leipzig)).body.reportPostId).toBe(post);
  });

  it("refuses to link a private group's post the linker cannot see: 404 like any unseen post", async () => {
    const id = (await offer({ topic: 'Completed in private' })).body.id;
    await env.sql(
      `update exchange_offer set start_date = '2020-01-01', end_date = '2020-01-10', application_deadline = '2019-12-01' where id = $1`,
      [id],
    );
    const group = await newGroup(api, t.secretariat, { name: 'Closed Circle', visibility: 'private', leadEmail: SEEDED.bologna });
    const post = (
      await api.post(
        '/api/posts',
        { title: 'Private lessons', summary: 's', body: 'b', forum: 'mobility', workingGroupId: group, language: 'en' },
        t.bologna,
      )
    ).body.id;
    expect((await api.post(`/api/posts/${post}/publish`, undefined, t.bologna)).status).toBe(200);
    expect((await api.get(`/api/posts/${post}`, t.leipzig)).status).toBe(404);
    const linked = await api.put(`/api/exchanges/${id}/report`, { postId: post }, t.leipzig);
    expect(linked.status).toBe(404);
    expect(linked.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await api.get(`/api/exchanges/${id}`, t.leipzig)).body.reportPostId).toBeNull();
  });

  it.each([
    ['missing places', { places: undefined }],
    ['places as a string', { places: '2' }],
    ['zero places', { places: 0 }],
    ['an unknown field', { salary: 100 }],
    ['a huge description', { description: 'x'.repeat(10_001) }],
    ['an impossible date', { startDate: '2099-02-30' }],
    ['end before start', { endDate: '2099-02-01' }],
    ['a deadline after the start', { applicationDeadline: '2099-03-05' }],
    ['a past deadline', { startDate: '2000-03-01', endDate: '2000-03-02', applicationDeadline: '2000-01-01' }],
    ['no languages', { languages: [] }],
    ['a bad language', { languages: ['german'] }],
  ])('refuses %s with a 400 problem and writes nothing', async (_name, overrides) => {
    const before = (await env.sql<{ n: string }>('select count(*) as n from exchange_offer'))[0].n;
    const response = await offer(overrides);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await env.sql<{ n: string }>('select count(*) as n from exchange_offer'))[0].n).toBe(before);
  });

  it('answers 400 for bad ids and motivations, 404 for unknown ones', async () => {
    const id = (await offer()).body.id;
    expect((await api.post('/api/exchanges/nope/applications', { motivation: 'Long enough text.' }, t.bologna)).status).toBe(400);
    expect((await api.post(`/api/exchanges/${id}/applications`, { motivation: 'short' }, t.bologna)).status).toBe(400);
    expect((await api.post(`/api/exchanges/${id}/applications`, { motivation: 12345678901 }, t.bologna)).status).toBe(400);
    expect((await api.post('/api/applications/nope/accept', undefined, t.leipzig)).status).toBe(400);
    expect((await api.post('/api/applications/0190f0b4-8c1e-7000-8000-000000000000/accept', undefined, t.leipzig)).status).toBe(404);
    expect((await api.get('/api/exchanges?status=maybe', t.bologna)).status).toBe(400);
    expect((await offer({ hostCity: 'bologna' }, t.leipzig)).status).toBe(403);
    expect((await offer({}, t.secretariat)).status).toBe(400); // staff must name the host city
    expect((await offer({ hostCity: 'riga' }, t.secretariat)).status).toBe(201);
  });
});
