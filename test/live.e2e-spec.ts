import { randomUUID } from 'node:crypto';
import * as jwt from 'jsonwebtoken';
import { ThreadFeed } from '../libs/discussions/src/live/live.events';
import { ApiClient, SEEDED } from './support/api-client';
import { collect, connectLive, eventually, LiveClient, pause, request } from './support/live-client';
import { newGroup, newThread } from './support/factories';
import { TestEnv, TEST_JWT_SECRET } from './support/test-env';

describe('live discussion over socket.io, across two api instances', () => {
  let env: TestEnv;
  let a: ApiClient;
  let b: ApiClient;
  let bologna: string;
  let leipzig: string;
  let secretariat: string;
  const sockets: LiveClient[] = [];

  const live = async (api: ApiClient, token: string) => {
    const socket = await connectLive(api.baseUrl, token);
    sockets.push(socket);
    return socket;
  };
  const openThread = async (title = `Thread ${randomUUID()}`) =>
    await newThread(a, bologna, { forum: 'mobility' }, { title, body: 'First!' });

  beforeAll(async () => {
    env = await TestEnv.create();
    a = await env.startApi();
    b = await env.startApi();
    [bologna, leipzig, secretariat] = await Promise.all(
      [SEEDED.bologna, SEEDED.leipzig, SEEDED.secretariat].map((email) => a.tokenFor(email)),
    );
  });
  afterEach(() => {
    sockets.splice(0).forEach((socket) => socket.close());
  });
  afterAll(() => env.close());

  describe('handshake', () => {
    it('refuses a connection without a token, with a forged one and with an expired one (401)', async () => {
      await expect(connectLive(a.baseUrl, undefined)).rejects.toMatchObject({ data: { status: 401 } });
      await expect(connectLive(a.baseUrl, 'not-a-jwt')).rejects.toMatchObject({ data: { status: 401 } });
      const me = (await a.get('/api/me', leipzig)).body;
      const expired = jwt.sign(
        { sub: me.id, role: 'member', city: 'leipzig', sid: randomUUID(), exp: Math.floor(Date.now() / 1000) - 10 },
        TEST_JWT_SECRET,
      );
      await expect(connectLive(a.baseUrl, expired)).rejects.toMatchObject({ data: { status: 401 } });
    });

    it('drops the socket when its access token expires', async () => {
      const me = (await a.get('/api/me', leipzig)).body;
      const shortLived = jwt.sign(
        { sub: me.id, role: 'member', city: 'leipzig', sid: randomUUID(), exp: Math.floor(Date.now() / 1000) + 2 },
        TEST_JWT_SECRET,
      );
      const socket = await live(a, shortLived);
      expect(socket.connected).toBe(true);
      await eventually(() => !socket.connected, 5000, 'the expiry disconnect');
    });
  });

  it('a message sent through instance B reaches a client on instance A, within the thread room only', async () => {
    const [thread, other] = [await openThread(), await openThread()];
    const onA = await live(a, leipzig);
    const elsewhereOnA = await live(a, secretariat);
    const onB = await live(b, bologna);
    const received = collect(onA, 'message:new');
    const strayed = collect(elsewhereOnA, 'message:new');
    expect((await request(onA, 'thread:join', { threadId: thread })).ok).toBe(true);
    expect((await request(elsewhereOnA, 'thread:join', { threadId: other })).ok).toBe(true);
    expect((await request(onB, 'thread:join', { threadId: thread })).ok).toBe(true);

    const ack = await request(onB, 'message:send', { threadId: thread, body: 'Hello from B', clientMsgId: randomUUID() });
    expect(ack).toMatchObject({
      ok: true,
      message: { threadId: thread, seq: 2, body: 'Hello from B', html: '<p>Hello from B</p>', author: { name: 'Giulia Rossi' } },
    });
    await eventually(() => received.length === 1, 5000, 'delivery across instances');
    expect(received[0]).toEqual(ack.message);
    await pause(300);
    expect(strayed).toEqual([]);
  });

  it('a message posted over HTTP reaches live clients on both instances', async () => {
    const thread = await openThread();
    const [onA, onB] = [await live(a, leipzig), await live(b, secretariat)];
    const [gotA, gotB] = [collect(onA, 'message:new'), collect(onB, 'message:new')];
    await request(onA, 'thread:join', { threadId: thread });
    await request(onB, 'thread:join', { threadId: thread });
    const posted = await b.post(`/api/threads/${thread}/messages`, { body: 'via HTTP', clientMsgId: randomUUID() }, bologna);
    expect(posted.status).toBe(201);
    await eventually(() => gotA.length === 1 && gotB.length === 1, 5000, 'both deliveries');
    expect(gotA[0].id).toBe(posted.body.id);
  });

  it('the same clientMsgId sent 5 times, across a forced disconnect, stores one message and acks the same id 5 times', async () => {
    const thread = await openThread();
    const clientMsgId = randomUUID();
    const payload = { threadId: thread, body: 'Exactly once', clientMsgId };
    let socket = await live(a, leipzig);
    const acks = [await request(socket, 'message:send', payload), await request(socket, 'message:send', payload)];
    socket.disconnect();
    socket = await live(b, leipzig);
    acks.push(...(await Promise.all([1, 2, 3].map(() => request(socket, 'message:send', payload)))));
    expect(acks.map((ack) => ack.ok)).toEqual([true, true, true, true, true]);
    expect(new Set(acks.map((ack) => ack.message.id)).size).toBe(1);
    expect(await env.sql('select count(*)::int as n from message where client_msg_id = $1', [clientMsgId])).toEqual([{ n: 1 }]);
    // Over HTTP too: the resend is a 200 with the original, not a 201.
    const again = await a.post(`/api/threads/${thread}/messages`, { body: 'Exactly once', clientMsgId }, leipzig);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(acks[0].message.id);
  });

  it('catch-up: a client that missed 50 messages gets exactly those, in order, when it rejoins with afterSeq', async () => {
    const thread = await openThread();
    let socket = await live(a, leipzig);
    const joined = await request(socket, 'thread:join', { threadId: thread });
    const lastSeen = joined.messages.at(-1).seq as number;
    socket.disconnect();
    for (let i = 1; i <= 50; i++)
      await b.post(`/api/threads/${thread}/messages`, { body: `missed ${i}`, clientMsgId: `missed-${i}` }, bologna);

    socket = await live(a, leipzig);
    const caughtUp = await request(socket, 'thread:join', { threadId: thread, afterSeq: lastSeen });
    expect(caughtUp.ok).toBe(true);
    expect(caughtUp.hasMore).toBe(false);
    expect(caughtUp.messages.map((m: { body: string }) => m.body)).toEqual(Array.from({ length: 50 }, (_, i) => `missed ${i + 1}`));
    expect(caughtUp.messages.map((m: { seq: number }) => m.seq)).toEqual(Array.from({ length: 50 }, (_, i) => lastSeen + i + 1));
  });

  it('10 clients on two instances each send 20 messages at once: 200 messages, seq without gap or duplicate, all seen in order by everyone', async () => {
    const thread = await openThread();
    const tokens = [bologna, leipzig, secretariat];
    const clients = await Promise.all(Array.from({ length: 10 }, (_, i) => live(i % 2 ? b : a, tokens[i % 3])));
    const seen = clients.map(() => [] as number[]);
    clients.forEach((client, i) => {
      const feed = new ThreadFeed(1, (message) => seen[i].push(message.seq));
      client.on('message:new', (message) => feed.push(message));
    });
    await Promise.all(clients.map((client) => request(client, 'thread:join', { threadId: thread })));

    const acks = await Promise.all(
      clients.flatMap((client, i) =>
        Array.from({ length: 20 }, (_, n) =>
          request(client, 'message:send', { threadId: thread, body: `client ${i} message ${n}`, clientMsgId: randomUUID() }),
        ),
      ),
    );
    expect(acks.every((ack) => ack.ok)).toBe(true);
    const stored = await env.sql<{ seq: number }>('select seq from message where thread_id = $1 order by seq', [thread]);
    expect(stored.map((row) => row.seq)).toEqual(Array.from({ length: 201 }, (_, i) => i + 1));
    const expected = Array.from({ length: 200 }, (_, i) => i + 2);
    await eventually(() => seen.every((list) => list.length === 200), 10_000, 'every client to see 200 messages');
    seen.forEach((list) => expect(list).toEqual(expected));
  });

  describe('typing, presence, read positions', () => {
    it('relays typing to the others in the room (not the typist), throttled', async () => {
      const thread = await openThread();
      const [typist, watcher] = [await live(a, bologna), await live(b, leipzig)];
      await request(typist, 'thread:join', { threadId: thread });
      await request(watcher, 'thread:join', { threadId: thread });
      const [own, others] = [collect(typist, 'typing'), collect(watcher, 'typing')];
      for (let i = 0; i < 3; i++) expect((await request(typist, 'typing', { threadId: thread })).ok).toBe(true);
      await eventually(() => others.length === 1);
      await pause(300);
      expect(others).toEqual([{ threadId: thread, user: expect.objectContaining({ name: 'Giulia Rossi' }) }]);
      expect(own).toEqual([]);
      expect((await request(watcher, 'typing', { threadId: await openThread() })).error.status).toBe(409);
    });

    it('presence lists who is in the thread across instances, and drops whoever leaves or disconnects', async () => {
      const thread = await openThread();
      const first = await live(a, bologna);
      const presence = collect(first, 'presence');
      await request(first, 'thread:join', { threadId: thread });
      const second = await live(b, leipzig);
      await request(second, 'thread:join', { threadId: thread });
      const names = () => presence.at(-1)?.users.map((user) => user.name);
      await eventually(() => names()?.length === 2, 5000, 'two present');
      expect(names()).toEqual(['Giulia Rossi', 'Jonas Weber']);
      second.disconnect();
      await eventually(() => names()?.length === 1, 5000, 'one present after a disconnect');
      expect(names()).toEqual(['Giulia Rossi']);
    });

    it('thread:read stores the read position, and GET /api/me/unread counts what is left', async () => {
      const thread = await openThread();
      for (let i = 0; i < 4; i++)
        await a.post(`/api/threads/${thread}/messages`, { body: `news ${i}`, clientMsgId: randomUUID() }, bologna);
      await a.put('/api/forums/mobility/follow', undefined, leipzig);
      const unreadOf = async () => (await a.get('/api/me/unread', leipzig)).body;
      expect((await unreadOf()).threads).toContainEqual({ threadId: thread, forum: 'mobility', workingGroupId: null, unread: 5 });

      const socket = await live(b, leipzig);
      expect(await request(socket, 'thread:read', { threadId: thread, seq: 3 })).toEqual({ ok: true, seq: 3 });
      expect((await unreadOf()).threads).toContainEqual({ threadId: thread, forum: 'mobility', workingGroupId: null, unread: 2 });
      // Never backwards, never past the end.
      expect(await request(socket, 'thread:read', { threadId: thread, seq: 1 })).toEqual({ ok: true, seq: 3 });
      expect(await request(socket, 'thread:read', { threadId: thread, seq: 999 })).toEqual({ ok: true, seq: 5 });
      expect((await unreadOf()).threads.find((t: { threadId: string }) => t.threadId === thread)).toBeUndefined();
      // The author's own messages are never unread for them.
      expect(
        (await a.get('/api/me/unread', bologna)).body.threads.find((t: { threadId: string }) => t.threadId === thread),
      ).toBeUndefined();
    });
  });

  describe('authorization', () => {
    let groupId: string;
    let privateThread: string;

    beforeAll(async () => {
      groupId = await newGroup(a, secretariat, { name: 'Tram Procurement', visibility: 'private', leadEmail: SEEDED.bologna });
      privateThread = await newThread(a, bologna, { group: groupId }, { title: 'Tender specs', body: 'Draft attached' });
    });

    it('a private group thread is a 404 to non-members on every event, and open to its members and the staff', async () => {
      const outsider = await live(a, leipzig);
      const probes = await Promise.all([
        request(outsider, 'thread:join', { threadId: privateThread }),
        request(outsider, 'message:send', { threadId: privateThread, body: 'let me in', clientMsgId: randomUUID() }),
        request(outsider, 'thread:read', { threadId: privateThread, seq: 1 }),
      ]);
      expect(probes.map((probe) => probe.error?.status)).toEqual([404, 404, 404]);
      expect((await a.get(`/api/threads/${privateThread}`, leipzig)).status).toBe(404);
      expect((await a.get(`/api/threads/${privateThread}/messages`, leipzig)).status).toBe(404);

      const lead = await live(b, bologna);
      expect((await request(lead, 'thread:join', { threadId: privateThread })).messages).toHaveLength(1);
      const staff = await live(a, secretariat);
      expect((await request(staff, 'message:send', { threadId: privateThread, body: 'Noted', clientMsgId: randomUUID() })).ok).toBe(true);
    });

    it('edit and delete: the author, the group lead, the staff; nobody else (403)', async () => {
      const request_ = await a.post(`/api/working-groups/${groupId}/join`, undefined, leipzig);
      await a.post(`/api/working-groups/${groupId}/join-requests/${request_.body.id}/approve`, undefined, bologna);
      const member = await live(a, leipzig);
      const lead = await live(b, bologna);
      const byMember = (await request(member, 'message:send', { threadId: privateThread, body: 'mine', clientMsgId: randomUUID() }))
        .message;
      const byLead = (await request(lead, 'message:send', { threadId: privateThread, body: 'lead', clientMsgId: randomUUID() })).message;

      expect(await request(member, 'message:edit', { messageId: byMember.id, body: 'mine, edited' })).toMatchObject({
        ok: true,
        message: { body: 'mine, edited', editedAt: expect.any(String) },
      });
      expect((await request(member, 'message:edit', { messageId: byLead.id, body: 'hijack' })).error.status).toBe(403);
      expect((await request(member, 'message:delete', { messageId: byLead.id })).error.status).toBe(403);

      const watcher = await live(a, secretariat);
      await request(watcher, 'thread:join', { threadId: privateThread });
      const deletions = collect(watcher, 'message:deleted');
      const deleted = await request(lead, 'message:delete', { messageId: byMember.id });
      expect(deleted).toMatchObject({ ok: true, message: { seq: byMember.seq, body: '', html: '', deletedAt: expect.any(String) } });
      await eventually(() => deletions.length === 1);
      expect((await request(lead, 'message:edit', { messageId: byMember.id, body: 'revive' })).error.status).toBe(409);
      // The seq stays: the thread still reads 1..n without a hole.
      const seqs = (await a.get(`/api/threads/${privateThread}/messages?limit=100`, bologna)).body.items.map((m: { seq: number }) => m.seq);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
      expect((await a.request('DELETE', `/api/messages/${byLead.id}`, { token: secretariat })).status).toBe(200);
    });

    it('a member removed from the group loses their live connection at once', async () => {
      const member = await live(b, leipzig);
      expect((await request(member, 'thread:join', { threadId: privateThread })).ok).toBe(true);
      const leipzigId = (await a.get('/api/me', leipzig)).body.id;
      expect((await a.delete(`/api/working-groups/${groupId}/members/${leipzigId}`, bologna)).status).toBe(204);
      await eventually(() => !member.connected, 5000, 'the removed member to be dropped');
      const again = await live(a, leipzig);
      expect((await request(again, 'thread:join', { threadId: privateThread })).error.status).toBe(404);
    });
  });

  describe('bad payloads are error acks and the gateway keeps serving', () => {
    it.each([
      ['no payload', 'message:send', undefined, 400],
      ['a string payload', 'message:send', 'hello', 400],
      ['missing fields', 'message:send', { threadId: randomUUID() }, 400],
      ['wrong types', 'message:send', { threadId: 42, body: ['x'], clientMsgId: {} }, 400],
      ['an unknown field', 'thread:join', { threadId: randomUUID(), admin: true }, 400],
      ['a malformed thread id', 'thread:join', { threadId: 'nope' }, 400],
      ['an unknown thread', 'thread:join', { threadId: randomUUID() }, 404],
      ['a body over 10,000 characters', 'message:send', { threadId: randomUUID(), body: 'x'.repeat(10_001), clientMsgId: 'big' }, 400],
      ['a negative seq', 'thread:read', { threadId: randomUUID(), seq: -1 }, 400],
    ] as const)('%s', async (_case, event, payload, status) => {
      const socket = await live(a, leipzig);
      const ack = await request(socket, event, payload);
      expect(ack.ok).toBe(false);
      expect(ack.error.status).toBe(status);
      expect(ack.error.title).toEqual(expect.any(String));
      const thread = await openThread();
      expect((await request(socket, 'message:send', { threadId: thread, body: 'still here', clientMsgId: randomUUID() })).ok).toBe(true);
    });

    it('a frame over the size limit closes only that connection', async () => {
      const [abuser, bystander] = [await live(a, leipzig), await live(a, bologna)];
      abuser.emit('message:send', { threadId: randomUUID(), body: 'x'.repeat(200_000), clientMsgId: 'huge' }, () => undefined);
      await eventually(() => !abuser.connected, 5000, 'the oversized frame to close the socket');
      expect((await request(bystander, 'thread:join', { threadId: await openThread() })).ok).toBe(true);
    });

    it('rate-limits a socket that floods: 429 acks, then it recovers', async () => {
      const socket = await live(a, leipzig);
      const thread = await openThread();
      await request(socket, 'thread:join', { threadId: thread });
      const acks = await Promise.all(Array.from({ length: 60 }, () => request(socket, 'typing', { threadId: thread })));
      const statuses = acks.map((ack) => (ack.ok ? 200 : ack.error.status));
      expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(20);
      // A burst of 30, of which thread:join took one.
      expect(statuses.filter((status) => status === 200).length).toBeGreaterThanOrEqual(29);
      await pause(1100);
      expect((await request(socket, 'typing', { threadId: thread })).ok).toBe(true);
    });
  });
});
