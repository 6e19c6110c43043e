import { randomUUID } from 'node:crypto';
import { ApiClient, SEEDED } from './support/api-client';
import { newGroup, newThread, seededTokens } from './support/factories';
import { TestEnv } from './support/test-env';

describe('discussions over HTTP: threads and messages', () => {
  let env: TestEnv;
  let api: ApiClient;
  let bologna: string;
  let leipzig: string;
  let secretariat: string;

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.startApi();
    ({ bologna, leipzig, secretariat } = await seededTokens(api));
  });
  afterAll(() => env.close());

  const send = (thread: string, body: string, token: string) =>
    api.post(`/api/threads/${thread}/messages`, { body, clientMsgId: randomUUID() }, token);

  it('starting a thread stores its body as message 1', async () => {
    const created = await api.post('/api/forums/environment/threads', { title: 'Heat plans', body: 'What is in yours?' }, bologna);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      title: 'Heat plans',
      forum: { slug: 'environment' },
      workingGroup: null,
      lastSeq: 1,
      author: { name: 'Giulia Rossi' },
    });
    const messages = await api.get(`/api/threads/${created.body.id}/messages`, leipzig);
    expect(messages.body.items).toEqual([expect.objectContaining({ seq: 1, body: 'What is in yours?', html: '<p>What is in yours?</p>' })]);
  });

  it("lists a forum's threads by last activity, with a cursor", async () => {
    const ids: string[] = [];
    for (const title of ['Older', 'Middle', 'Newer']) ids.push(await newThread(api, bologna, { forum: 'culture' }, { title, body: 'x' }));
    await send(ids[0], 'bump', leipzig); // the oldest becomes the most recently active
    const first = await api.get('/api/forums/culture/threads?limit=2', leipzig);
    expect(first.body.items.map((t: { title: string }) => t.title)).toEqual(['Older', 'Newer']);
    const second = await api.get(`/api/forums/culture/threads?limit=2&cursor=${first.body.nextCursor}`, leipzig);
    expect(second.body.items.map((t: { title: string }) => t.title)).toEqual(['Middle']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('pages messages by afterSeq, ascending', async () => {
    const thread = await newThread(api, bologna, { forum: 'culture' }, { title: 'Paging', body: 'm1' });
    for (let i = 2; i <= 7; i++) await send(thread, `m${i}`, bologna);
    const page1 = await api.get(`/api/threads/${thread}/messages?limit=3`, leipzig);
    expect(page1.body.items.map((m: { body: string }) => m.body)).toEqual(['m1', 'm2', 'm3']);
    expect(page1.body.nextCursor).toBe('3');
    const page3 = await api.get(`/api/threads/${thread}/messages?afterSeq=6&limit=3`, leipzig);
    expect(page3.body).toEqual({ items: [expect.objectContaining({ seq: 7, body: 'm7' })], nextCursor: null });
    expect((await api.get(`/api/threads/${thread}/messages?afterSeq=-1`, leipzig)).status).toBe(400);
  });

  it('resolves @**mentions** of existing users and stores them; unknown names stay text', async () => {
    const thread = await newThread(api, bologna, { forum: 'mobility' }, { title: 'Mentions', body: 'hi' });
    const sent = await send(thread, 'Ask @**Jonas Weber** and @**Nobody Here**', bologna);
    const jonas = (await api.get('/api/me', leipzig)).body.id;
    expect(sent.body.html).toBe(
      `<p>Ask <span class="mention" data-user-id="${jonas}">@Jonas Weber</span> and @<strong>Nobody Here</strong></p>`,
    );
    expect(await env.sql('select user_id from mention where message_id = $1', [sent.body.id])).toEqual([{ user_id: jonas }]);
  });

  it("only members (and the staff) post in a public group's threads; everyone may read them", async () => {
    const group = await newGroup(api, secretariat, { name: 'Car-free Sundays', leadEmail: SEEDED.bologna });
    const thread = await newThread(api, bologna, { group }, { title: 'Dates', body: 'June?' });
    expect((await api.get(`/api/working-groups/${group}/threads`, leipzig)).body.items).toHaveLength(1);
    expect((await send(thread, 'me too', leipzig)).status).toBe(403);
    expect((await api.post(`/api/working-groups/${group}/threads`, { title: 'Mine', body: 'x' }, leipzig)).status).toBe(403);
    await api.post(`/api/working-groups/${group}/join`, undefined, leipzig);
    expect((await send(thread, 'me too', leipzig)).status).toBe(201);
  });

  it('refuses bad input with 400 and writes nothing', async () => {
    const thread = await newThread(api, bologna, { forum: 'mobility' }, { title: 'Input', body: 'x' });
    const before = await env.sql('select count(*)::int as n from message');
    for (const body of [
      {},
      { body: 'x' },
      { body: '', clientMsgId: 'a' },
      { body: 'x'.repeat(10_001), clientMsgId: 'b' },
      { body: 'x', clientMsgId: 'has spaces' },
      { body: 'x', clientMsgId: 'c', extra: 1 },
      { body: 42, clientMsgId: 'd' },
    ]) {
      expect((await api.post(`/api/threads/${thread}/messages`, body, bologna)).status).toBe(400);
    }
    expect((await api.post('/api/forums/mobility/threads', { title: 'x', body: 'too short a title' }, bologna)).status).toBe(400);
    expect((await api.post(`/api/threads/${randomUUID()}/messages`, { body: 'x', clientMsgId: 'e' }, bologna)).status).toBe(404);
    expect((await api.post('/api/threads/not-a-uuid/messages', { body: 'x', clientMsgId: 'f' }, bologna)).status).toBe(400);
    expect(await env.sql('select count(*)::int as n from message')).toEqual(before);
  });
});
