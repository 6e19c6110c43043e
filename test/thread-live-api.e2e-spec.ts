import { randomUUID } from 'node:crypto';
import { ApiClient, SEEDED } from './support/api-client';
import { collect, connectLive, eventually, LiveClient, pause } from './support/live-client';
import { newGroup, newThread } from './support/factories';
import { TestEnv } from './support/test-env';

/** What the web client's thread page needs from the API: mention people, the markdown preview, live unread hints. */
describe('the thread page API: people, preview, unread:changed', () => {
  let env: TestEnv;
  let api: ApiClient;
  let bologna: string;
  let leipzig: string;
  let secretariat: string;
  const sockets: LiveClient[] = [];

  const forumThread = async () => await newThread(api, bologna, { forum: 'mobility' }, { title: `Thread ${randomUUID()}`, body: 'First!' });
  const names = (body: { items: { name: string }[] }) => body.items.map((person) => person.name);

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.startApi();
    [bologna, leipzig, secretariat] = await Promise.all([SEEDED.bologna, SEEDED.leipzig, SEEDED.secretariat].map((e) => api.tokenFor(e)));
  });
  afterEach(() => sockets.splice(0).forEach((socket) => socket.close()));
  afterAll(() => env.close());

  describe('GET /api/threads/{id}/people', () => {
    it("lists a private group's members and the staff to a member, and is a 404 to anyone else", async () => {
      const group = await newGroup(api, secretariat, { name: 'Secret Tram Deals', visibility: 'private', leadEmail: SEEDED.bologna });
      const thread = await newThread(api, bologna, { group }, { title: 'Hidden tender', body: 'confidential' });

      const outsider = await api.get(`/api/threads/${thread}/people`, leipzig);
      expect(outsider.status).toBe(404);
      const member = await api.get(`/api/threads/${thread}/people?limit=100`, bologna);
      expect(member.status).toBe(200);
      expect(names(member.body)).toEqual(['Ada Admin', 'Giulia Rossi', 'Sofie Secretariat']);
      expect(member.body.items[1]).toEqual({ id: expect.any(String), name: 'Giulia Rossi', city: { slug: 'bologna', name: 'Bologna' } });
      expect(Object.keys(member.body.items[0]).sort()).toEqual(['city', 'id', 'name']); // no e-mail, no role
    });

    it("lists everyone in a forum thread, by a word's start, a page at a time", async () => {
      const thread = await forumThread();
      expect(names((await api.get(`/api/threads/${thread}/people?q=web`, bologna)).body)).toEqual(['Jonas Weber']);
      expect(names((await api.get(`/api/threads/${thread}/people?q=GIU`, leipzig)).body)).toEqual(['Giulia Rossi']);
      expect(names((await api.get(`/api/threads/${thread}/people?q=${encodeURIComponent('%')}`, leipzig)).body)).toEqual([]);

      const first = (await api.get(`/api/threads/${thread}/people?limit=2`, bologna)).body;
      expect(names(first)).toEqual(['Ada Admin', 'Giulia Rossi']);
      const rest = (await api.get(`/api/threads/${thread}/people?limit=2&cursor=${first.nextCursor}`, bologna)).body;
      expect(names(rest)).toEqual(['Jonas Weber', 'Sofie Secretariat']);
      expect(rest.nextCursor).toBeNull();
    });

    it('answers bad input with a 400 problem, never a 500', async () => {
      const thread = await forumThread();
      for (const query of ['cursor=garbage', `q=${'x'.repeat(121)}`, 'limit=0']) {
        const response = await api.get(`/api/threads/${thread}/people?${query}`, bologna);
        expect({ query, status: response.status, type: response.headers.get('content-type') }).toEqual({
          query,
          status: 400,
          type: expect.stringContaining('application/problem+json'),
        });
      }
      expect((await api.get(`/api/threads/${thread}/people`)).status).toBe(401);
    });
  });

  describe('POST /api/markdown/preview', () => {
    it('gives exactly the HTML the message gets, mentions resolved and raw HTML escaped', async () => {
      const body = 'Hi @**Jonas Weber**, see **this** <script>alert(1)</script> https://example.org';
      const preview = await api.post('/api/markdown/preview', { body }, bologna);
      expect(preview.status).toBe(200);
      const sent = await api.post(`/api/threads/${await forumThread()}/messages`, { body, clientMsgId: randomUUID() }, bologna);
      expect(preview.body).toEqual({ html: sent.body.html });
      expect(preview.body.html).toContain('<span class="mention" data-user-id=');
      expect(preview.body.html).not.toContain('<script>');
    });

    it('needs a session and refuses a body over the limit with a 400', async () => {
      expect((await api.post('/api/markdown/preview', { body: 'x' })).status).toBe(401);
      expect((await api.post('/api/markdown/preview', { body: 'x'.repeat(10_001) }, bologna)).status).toBe(400);
      expect((await api.post('/api/markdown/preview', { body: 'x', extra: 1 }, bologna)).status).toBe(400);
    });
  });

  describe('unread:changed to the user room', () => {
    it("tells a follower's every socket when a message lands, not its author, and the reader when they read", async () => {
      await api.put('/api/forums/mobility/follow', undefined, leipzig);
      const thread = await forumThread();
      const follower = await connectLive(api.baseUrl, leipzig);
      const author = await connectLive(api.baseUrl, bologna);
      sockets.push(follower, author);
      const seen = collect(follower, 'unread:changed');
      const authorSaw = collect(author, 'unread:changed');

      // The hint of the thread's opening message is sent after its commit, without waiting: on a busy
      // machine it can reach the follower's new socket after this one, so hints are counted by reason.
      const hints = (reason: string) => seen.filter((hint) => hint.threadId === thread && hint.reason === reason).length;
      await api.post(`/api/threads/${thread}/messages`, { body: 'New tram timetable', clientMsgId: randomUUID() }, bologna);
      await eventually(() => hints('message') >= 1, 5000, 'unread:changed after a message');
      expect((await api.get('/api/me/unread', leipzig)).body.threads).toContainEqual(
        expect.objectContaining({ threadId: thread, unread: 2 }),
      );

      await api.put(`/api/threads/${thread}/read`, { seq: 2 }, leipzig);
      await eventually(() => hints('read') === 1, 5000, 'unread:changed after reading');
      expect(seen.every((hint) => hint.threadId === thread && ['message', 'read'].includes(hint.reason))).toBe(true);
      expect(hints('message')).toBeLessThanOrEqual(2);
      await pause(200);
      expect(authorSaw).toEqual([]);
    });
  });
});
