import { ApiClient, SEEDED } from './support/api-client';
import { addMember, newGroup } from './support/factories';
import { TestEnv } from './support/test-env';

/** Full-text search: ranking, accents, stemming per language, snippets, filters, paging, privacy. */
describe('search', () => {
  let env: TestEnv;
  let api: ApiClient;
  const t: Record<string, string> = {};
  let privateGroupId: string;
  const ids: Record<string, string> = {};

  const publish = async (post: Record<string, unknown>): Promise<string> => {
    const id = (
      await api.post('/api/posts', { summary: 'A practice.', body: 'Details.', forum: 'mobility', language: 'en', ...post }, t.member)
    ).body.id as string;
    await api.post(`/api/posts/${id}/publish`, undefined, t.secretariat);
    return id;
  };
  const search = (query: string, token = t.outsider) => api.get(`/api/search?${query}`, token);
  const idsOf = (body: { items: { id: string }[] }) => body.items.map((item) => item.id);

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.startApi();
    t.secretariat = await api.tokenFor(SEEDED.secretariat);
    t.member = await api.tokenFor(SEEDED.bologna);
    t.outsider = await api.tokenFor(SEEDED.leipzig);
    privateGroupId = await newGroup(api, t.secretariat, { name: 'Secret', visibility: 'private' });
    await addMember(api, privateGroupId, t.member, t.secretariat);

    ids.title = await publish({ title: 'Tramway extension in Malmö', body: 'Lines and depots.' });
    ids.body = await publish({ title: 'Parking reform', body: 'We studied the tramway of Malmö and copied its parking rules.' });
    ids.italian = await publish({ title: 'La mobilità sostenibile a Bologna', summary: 'Biciclette.', language: 'it' });
    ids.draft = (
      await api.post(
        '/api/posts',
        { title: 'Unpublished zeppelin plan', summary: 's', body: 'b', forum: 'mobility', language: 'en' },
        t.member,
      )
    ).body.id;
    ids.secretPost = await publish({ title: 'Confidential zeppelin depot', workingGroupId: privateGroupId });
    ids.secretThread = (
      await api.post(
        `/api/working-groups/${privateGroupId}/threads`,
        { title: 'Zeppelin budget', body: 'zeppelin figures <script>alert(1)</script> a<b>c' },
        t.member,
      )
    ).body.id;
    ids.thread = (
      await api.post('/api/forums/mobility/threads', { title: 'Cargo bikes', body: 'Who runs a cargo-bike scheme near Malmo?' }, t.member)
    ).body.id;
    ids.exchange = (
      await api.post(
        '/api/exchanges',
        {
          topic: 'Tramway maintenance placement',
          department: 'Verkehrsbetriebe',
          forum: 'mobility',
          languages: ['de', 'en'],
          places: 1,
          startDate: '2099-03-01',
          endDate: '2099-03-10',
          applicationDeadline: '2099-01-31',
          description: 'Two weeks in the Leipzig tram depot.',
        },
        t.outsider,
      )
    ).body.id;
  });
  afterAll(() => env.close());

  it('ranks a title hit above a body hit, and finds "Malmö" when asked for "Malmo"', async () => {
    const response = await search('q=malmo%20tramway&kind=post');
    expect(response.status).toBe(200);
    expect(idsOf(response.body).slice(0, 2)).toEqual([ids.title, ids.body]);
    // Each snippet comes from the part of the post that holds the hit: title and summary, or the body.
    expect(response.body.items[0].snippet).toContain('<mark>Malmö</mark>');
    expect(response.body.items[1].snippet).toContain('studied the <mark>tramway</mark> of <mark>Malmö</mark>');
    expect(response.body.items[0].rank).toBeGreaterThan(response.body.items[1].rank);
  });

  it('is accent-insensitive and stems Italian: "mobilita" finds "mobilità"', async () => {
    const response = await search('q=mobilita');
    expect(idsOf(response.body)).toEqual([ids.italian]);
    expect(response.body.items[0]).toMatchObject({ kind: 'post', language: 'it', title: 'La mobilità sostenibile a Bologna' });
    expect(response.body.items[0].snippet).toContain('<mark>mobilità</mark>');
  });

  it('searches messages, threads and exchanges too, and filters by kind, city and language', async () => {
    const all = await search('q=malmo');
    expect(new Set(all.body.items.map((item: { kind: string }) => item.kind))).toEqual(new Set(['post', 'message']));
    const message = all.body.items.find((item: { kind: string }) => item.kind === 'message');
    expect(message.threadId).toBe(ids.thread);
    expect(idsOf((await search('q=cargo&kind=thread')).body)).toEqual([ids.thread]);
    expect(idsOf((await search('q=tramway&kind=exchange')).body)).toEqual([ids.exchange]);
    expect(idsOf((await search('q=tramway&city=leipzig')).body)).toEqual([ids.exchange]);
    expect(idsOf((await search('q=tramway&language=de')).body)).toEqual([ids.exchange]);
    expect(idsOf((await search('q=tramway&forum=culture')).body)).toEqual([]);
    expect(idsOf((await search('q=tramway&from=2999-01-01')).body)).toEqual([]);
  });

  it('pages with a cursor, without repeats', async () => {
    const first = await search('q=tramway&limit=2');
    expect(first.body.items).toHaveLength(2);
    const second = await search(`q=tramway&limit=2&cursor=${first.body.nextCursor}`);
    const seen = [...idsOf(first.body), ...idsOf(second.body)];
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining([ids.title, ids.body, ids.exchange]));
  });

  it('never shows drafts or private groups to outsiders, not even counted; members and staff see the group', async () => {
    expect((await search('q=zeppelin')).body).toEqual({ items: [], nextCursor: null });
    expect((await search(`q=zeppelin&workingGroup=${privateGroupId}`)).status).toBe(404);
    const member = idsOf((await search('q=zeppelin', t.member)).body);
    expect(member).toEqual(expect.arrayContaining([ids.secretPost, ids.secretThread]));
    expect(member).not.toContain(ids.draft);
    expect(idsOf((await search('q=zeppelin', t.secretariat)).body)).toEqual(expect.arrayContaining([ids.secretPost, ids.secretThread]));
  });

  it('escapes the snippet text', async () => {
    const response = await search('q=figures', t.member);
    const { snippet } = response.body.items[0];
    expect(snippet).toContain('<mark>figures</mark>');
    expect(snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
  });

  it.each([
    ['no q', ''],
    ['an empty q', 'q='],
    ['a huge q', `q=${'x'.repeat(201)}`],
    ['an unknown kind', 'q=a&kind=user'],
    ['a bad working group', 'q=a&workingGroup=nope'],
    ['a bad date', 'q=a&from=yesterday'],
    ['a bad cursor', 'q=a&cursor=abc'],
    ['an unknown parameter', 'q=a&sort=date'],
    ['a limit over 100', 'q=a&limit=101'],
  ])('answers 400 for %s', async (_name, query) => {
    const response = await search(query);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('answers odd but valid queries without a 500', async () => {
    for (const q of ['"unclosed', '-', 'the', '&|!():*', "O'Brien", '🚲']) {
      expect((await search(`q=${encodeURIComponent(q)}`)).status).toBe(200);
    }
    expect((await api.get('/api/search?q=a')).status).toBe(401);
  });
});
