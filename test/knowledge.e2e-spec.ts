import { ApiClient } from './support/api-client';
import { setUpRoles } from './support/roles';
import { TestEnv } from './support/test-env';

/**
 * Best-practice posts: the publish workflow per role, revision history, language variants,
 * private-group invisibility and bad input.
 */
describe('knowledge: best-practice posts', () => {
  let env: TestEnv;
  let api: ApiClient;
  const t: Record<string, string> = {};
  let groupId: string;

  const draft = (overrides: Record<string, unknown> = {}, token = t.member) =>
    api.post(
      '/api/posts',
      {
        title: 'Bike lanes on every arterial road',
        summary: 'Four years, 120 km of protected lanes.',
        body: 'We **built** it.',
        forum: 'mobility',
        language: 'it',
        tags: ['cycling'],
        problem: 'Congestion',
        results: 'Cycling share doubled',
        costRange: '100k-1m',
        periodFrom: '2019-03',
        contactName: 'Giulia Rossi',
        contactEmail: 'giulia@comune.bologna.example',
        links: [{ title: 'Report', url: 'https://example.org/report.pdf' }],
        ...overrides,
      },
      token,
    );

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.startApi();
    const { tokens, groupId: id } = await setUpRoles(api);
    Object.assign(t, tokens);
    groupId = id;
  });
  afterAll(() => env.close());

  it('stores a structured draft, visible only to its author and the reviewers', async () => {
    const created = await draft({ workingGroupId: groupId });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'draft',
      city: { slug: 'bologna' },
      html: '<p>We <strong>built</strong> it.</p>',
      costRange: '100k-1m',
      links: [{ title: 'Report', url: 'https://example.org/report.pdf' }],
      revision: 0,
      canReview: false,
    });
    const id = created.body.id;
    expect((await api.get(`/api/posts/${id}`, t.outsider)).status).toBe(404);
    expect((await api.get(`/api/posts/${id}`, t.lead)).body.canReview).toBe(true);
    expect((await api.get(`/api/posts/${id}`, t.secretariat)).status).toBe(200);
    // Not in the published list, not even for the author; in the author's and the lead's draft lists.
    expect((await api.get('/api/posts', t.member)).body.items.map((p: { id: string }) => p.id)).not.toContain(id);
    expect((await api.get('/api/posts?status=draft', t.member)).body.items.map((p: { id: string }) => p.id)).toContain(id);
    expect((await api.get('/api/posts?status=draft', t.lead)).body.items.map((p: { id: string }) => p.id)).toContain(id);
    expect((await api.get('/api/posts?status=draft', t.outsider)).body.items).toEqual([]);
  });

  it('runs the workflow: submit, send back with a comment, publish (once), archive', async () => {
    const id = (await draft({ workingGroupId: groupId })).body.id;
    expect((await api.post(`/api/posts/${id}/submit`, undefined, t.member)).body.submittedAt).not.toBeNull();
    expect((await api.post(`/api/posts/${id}/publish`, undefined, t.member)).status).toBe(403);
    const back = await api.post(`/api/posts/${id}/send-back`, { comment: 'Add the costs, please' }, t.lead);
    expect(back.body).toMatchObject({ status: 'draft', submittedAt: null, reviewComment: 'Add the costs, please' });
    const published = await api.post(`/api/posts/${id}/publish`, undefined, t.lead);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'published', revision: 1, reviewComment: null });
    expect((await api.post(`/api/posts/${id}/publish`, undefined, t.lead)).status).toBe(409);
    // Outsiders still cannot see it: it lives in a private group.
    expect((await api.get(`/api/posts/${id}`, t.outsider)).status).toBe(404);
    expect((await api.post(`/api/posts/${id}/archive`, undefined, t.member)).status).toBe(403);
    expect((await api.post(`/api/posts/${id}/archive`, undefined, t.secretariat)).body.status).toBe('archived');
    expect((await api.patch(`/api/posts/${id}`, { title: 'Too late' }, t.member)).status).toBe(409);
  });

  it('lets the secretariat publish a forum post, and everyone read it', async () => {
    const id = (await draft({ title: 'Low-emission zone enforcement' })).body.id;
    expect((await api.post(`/api/posts/${id}/publish`, undefined, t.outsider)).status).toBe(404);
    expect((await api.post(`/api/posts/${id}/publish`, undefined, t.admin)).status).toBe(200);
    expect((await api.get(`/api/posts/${id}`, t.outsider)).status).toBe(200);
    const listed = await api.get('/api/posts?forum=mobility&tag=cycling&city=bologna', t.outsider);
    expect(listed.body.items.map((p: { id: string }) => p.id)).toContain(id);
    expect(listed.body).toHaveProperty('nextCursor');
  });

  it('keeps a revision history of published posts: who changed which fields, when', async () => {
    const id = (await draft({ title: 'Night buses' })).body.id;
    await api.patch(`/api/posts/${id}`, { summary: 'draft edit, not a revision' }, t.member);
    await api.post(`/api/posts/${id}/publish`, undefined, t.secretariat);
    await api.patch(`/api/posts/${id}`, { title: 'Night buses, ten years on', note: 'new title' }, t.member);
    await api.patch(`/api/posts/${id}`, { results: 'Ridership up 40%', tags: ['night', 'bus'] }, t.secretariat);
    await api.patch(`/api/posts/${id}`, { results: 'Ridership up 40%' }, t.member); // no change: no revision
    const history = await api.get(`/api/posts/${id}/revisions?limit=2`, t.outsider);
    expect(history.body.items.map((r: { number: number; changedFields: string[] }) => [r.number, r.changedFields])).toEqual([
      [3, ['tags', 'results']],
      [2, ['title']],
    ]);
    expect(history.body.items[1]).toMatchObject({ note: 'new title', editor: { city: { slug: 'bologna' } } });
    expect(history.body.items[1].snapshot.title).toBe('Night buses, ten years on');
    const rest = await api.get(`/api/posts/${id}/revisions?limit=2&cursor=${history.body.nextCursor}`, t.outsider);
    expect(rest.body.items.map((r: { number: number }) => r.number)).toEqual([1]);
    expect(rest.body.nextCursor).toBeNull();
    expect((await api.get(`/api/posts/${id}`, t.outsider)).body.revision).toBe(3);
  });

  it("shows the reader's language when a translation exists", async () => {
    const id = (await draft({ title: 'Zone a traffico limitato', language: 'it' })).body.id;
    expect(
      (await api.put(`/api/posts/${id}/translations/de`, { title: 'Verkehrsberuhigte Zone', summary: 'Kurz', body: 'Text' }, t.member))
        .status,
    ).toBe(200);
    await api.put(`/api/posts/${id}/translations/en`, { title: 'Limited traffic zone', summary: 'Short', body: 'Text' }, t.member);
    expect((await api.put(`/api/posts/${id}/translations/it`, { title: 'Nope', summary: 'x', body: 'x' }, t.member)).status).toBe(409);
    await api.post(`/api/posts/${id}/publish`, undefined, t.secretariat);
    // Jonas in Leipzig reads German first, Ada the admin English, Giulia in Bologna the Italian original.
    const read = await api.get(`/api/posts/${id}`, t.outsider);
    expect(read.body).toMatchObject({ title: 'Verkehrsberuhigte Zone', shownLanguage: 'de', language: 'it' });
    expect((await api.get(`/api/posts/${id}`, t.admin)).body).toMatchObject({ title: 'Limited traffic zone', shownLanguage: 'en' });
    expect((await api.get(`/api/posts/${id}`, t.member)).body).toMatchObject({ title: 'Zone a traffico limitato', shownLanguage: 'it' });
    expect(read.body.availableLanguages).toEqual(['it', 'de', 'en']);
    expect((await api.get(`/api/posts/${id}?language=en`, t.outsider)).body.title).toBe('Limited traffic zone');
    expect((await api.get(`/api/posts/${id}?language=it`, t.outsider)).body.title).toBe('Zone a traffico limitato');
    expect((await api.get(`/api/posts/${id}?language=fr`, t.outsider)).body.shownLanguage).toBe('it');
    expect((await api.get('/api/posts?language=de', t.outsider)).body.items.map((p: { id: string }) => p.id)).toContain(id);
  });

  it.each([
    ['a missing title', { title: undefined }],
    ['a number for a title', { title: 42 }],
    ['an unknown field', { colour: 'red' }],
    ['a huge body', { body: 'x'.repeat(50_001) }],
    ['an unknown language', { language: 'xx' }],
    ['a bad working group id', { workingGroupId: 'not-a-uuid' }],
    ['a bad tag', { tags: ['Not A Tag'] }],
    ['a javascript: link', { links: [{ title: 'x', url: 'javascript:alert(1)' }] }],
    ['an extra field in a link', { links: [{ title: 'x', url: 'https://example.org', rel: 'x' }] }],
    ['a bad period', { periodFrom: '2019-13' }],
    ['a period backwards', { periodFrom: '2020-01', periodTo: '2019-01' }],
    ['a bad cost range', { costRange: 'cheap' }],
  ])('refuses %s with a 400 problem and writes nothing', async (_name, overrides) => {
    const before = await env.sql<{ n: string }>('select count(*) as n from post');
    const response = await draft(overrides);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((await env.sql<{ n: string }>('select count(*) as n from post'))[0].n).toBe(before[0].n);
  });

  it('answers 400 for bad ids, queries and cursors, 404 for unknown posts', async () => {
    expect((await api.get('/api/posts/not-a-uuid', t.member)).status).toBe(400);
    expect((await api.get('/api/posts/0190f0b4-8c1e-7000-8000-000000000000', t.member)).status).toBe(404);
    expect((await api.get('/api/posts?limit=1000', t.member)).status).toBe(400);
    expect((await api.get('/api/posts?cursor=garbage', t.member)).status).toBe(400);
    expect((await api.get('/api/posts?status=secret', t.member)).status).toBe(400);
    expect((await api.get(`/api/posts?q=${'x'.repeat(201)}`, t.member)).status).toBe(400);
    const id = (await draft()).body.id;
    expect((await api.patch(`/api/posts/${id}`, { forum: 'culture' }, t.member)).status).toBe(400);
    expect((await api.post(`/api/posts/${id}/send-back`, {}, t.secretariat)).status).toBe(400);
    expect((await api.put(`/api/posts/${id}/translations/xx`, { title: 'abc', summary: 'x', body: 'x' }, t.member)).status).toBe(400);
  });

  it('comments on a published post are a discussion thread, opened by the first comment, visible as the post is', async () => {
    const id = (await draft({ title: 'Comments test' })).body.id;
    expect((await api.post(`/api/posts/${id}/comments`, { body: 'Too early?', clientMsgId: 'c0' }, t.member)).status).toBe(409);
    await api.post(`/api/posts/${id}/publish`, undefined, t.secretariat);
    expect((await api.get(`/api/posts/${id}/comments`, t.outsider)).body).toEqual({ thread: null });

    const [first, second] = await Promise.all([
      api.post(`/api/posts/${id}/comments`, { body: 'How long did the works take?', clientMsgId: 'c1' }, t.outsider),
      api.post(`/api/posts/${id}/comments`, { body: 'And the budget?', clientMsgId: 'c2' }, t.admin),
    ]);
    expect([first.status, second.status]).toEqual([201, 201]);
    const { thread } = (await api.get(`/api/posts/${id}/comments`, t.member)).body;
    expect(thread).toMatchObject({ title: 'Comments: Comments test', forum: { slug: 'mobility' }, lastSeq: 2 });
    const comments = (await api.get(`/api/threads/${thread.id}/messages`, t.member)).body.items.map((m: { body: string }) => m.body);
    expect(comments.sort()).toEqual(['And the budget?', 'How long did the works take?']);
    expect(await env.sql("select count(*)::int as n from thread where title = 'Comments: Comments test'")).toEqual([{ n: 1 }]);
    expect((await api.post(`/api/posts/${id}/comments`, { body: 'x' }, t.member)).status).toBe(400);
  });
});
