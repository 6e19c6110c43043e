import { randomBytes, randomUUID } from 'node:crypto';
import * as jwt from 'jsonwebtoken';
import { ApiClient, SEEDED } from './support/api-client';
import { collect, connectLive, dropConnection, eventually, LiveClient, nextConnect, pause, request } from './support/live-client';
import { setUpRoles } from './support/roles';
import { newThread } from './support/factories';
import { TestEnv } from './support/test-env';

/**
 * socket.io's connection state recovery gives a reconnecting client its rooms and the packets it
 * missed. Here the clients reconnect by themselves, as a browser does after a network failure.
 */
describe('live connection state recovery', () => {
  // The test signs a short-lived token itself.
  const jwtSecret = randomBytes(32).toString('hex');
  let env: TestEnv;
  let api: ApiClient;
  let tokens: Awaited<ReturnType<typeof setUpRoles>>['tokens'];
  let groupId: string;
  let thread: string;
  let leipzigId: string;
  const sockets: LiveClient[] = [];

  const live = async (token: string) => {
    const socket = await connectLive(api.baseUrl, token, { reconnection: true });
    sockets.push(socket);
    expect((await request(socket, 'thread:join', { threadId: thread })).ok).toBe(true);
    return socket;
  };
  const post = async (body: string) =>
    expect((await api.post(`/api/threads/${thread}/messages`, { body, clientMsgId: randomUUID() }, tokens.lead)).status).toBe(201);
  const bodies = (received: { body: string }[]) => received.map((message) => message.body);
  /** Leipzig's officer joins the private group (approved by its lead). */
  const admitLeipzig = async () => {
    const joined = await api.post(`/api/working-groups/${groupId}/join`, undefined, tokens.outsider);
    expect((await api.post(`/api/working-groups/${groupId}/join-requests/${joined.body.id}/approve`, undefined, tokens.lead)).status).toBe(
      200,
    );
  };
  const removeLeipzig = async () =>
    expect((await api.delete(`/api/working-groups/${groupId}/members/${leipzigId}`, tokens.lead)).status).toBe(204);

  beforeAll(async () => {
    env = await TestEnv.create({ JWT_SECRET: jwtSecret });
    api = await env.startApi();
    ({ tokens, groupId } = await setUpRoles(api));
    thread = await newThread(api, tokens.lead, { group: groupId }, { title: 'Night routes', body: 'Draft' });
    leipzigId = (await api.get('/api/me', tokens.outsider)).body.id;
  });
  afterEach(() => {
    sockets.splice(0).forEach((socket) => socket.close());
  });
  afterAll(() => env.close());

  it('a member removed while offline gets nothing more of the private thread; a member who stays recovers what was missed', async () => {
    await admitLeipzig();
    const removed = await live(tokens.outsider);
    const stays = await live(tokens.member);
    const [removedGot, staysGot] = [collect(removed, 'message:new'), collect(stays, 'message:new')];
    // A client can only recover from the last packet it received.
    await post('before the failure');
    await eventually(() => removedGot.length === 1 && staysGot.length === 1, 5000, 'the first message');
    const offline = await Promise.all([dropConnection(removed), dropConnection(stays)]);

    await removeLeipzig();
    await post('while they were offline');
    const reconnected = Promise.all([nextConnect(removed), nextConnect(stays)]);
    offline.forEach(({ networkBack }) => networkBack());
    await reconnected;
    expect(stays.recovered).toBe(true);
    // The removed member's session is not restored: a new socket in no thread's room.
    expect(removed.recovered).toBe(false);

    await post('after the reconnection');
    await eventually(() => staysGot.length === 3, 5000, 'the member who stays to get both messages');
    expect(bodies(staysGot)).toEqual(['before the failure', 'while they were offline', 'after the reconnection']);
    expect(bodies(removedGot)).toEqual(['before the failure']);
    expect((await request(removed, 'thread:join', { threadId: thread })).error.status).toBe(404);
  });

  it('a recovered socket is authenticated with the token it reconnects with, and only as the user it belonged to', async () => {
    const member = await live(tokens.member);
    const got = collect(member, 'message:new');
    await post('before the failure');
    await eventually(() => got.length === 1, 5000, 'the first message');
    const { networkBack } = await dropConnection(member);
    // Someone else's valid token on the same client, with the member's session id.
    member.auth = { token: await api.tokenFor(SEEDED.leipzig) };
    const outcome = new Promise<number | 'connected'>((resolve) => {
      member.once('connect_error', (error: Error & { data?: { status: number } }) => resolve(error.data?.status ?? 0));
      member.once('connect', () => resolve('connected'));
    });
    networkBack();
    expect(await outcome).toBe(401);

    await post('for members only');
    const control = await live(tokens.member);
    const controlGot = collect(control, 'message:new');
    await post('a second one');
    await eventually(() => controlGot.length === 1, 5000, 'a member to get the second message');
    expect(bodies(got)).toEqual(['before the failure']);
  });

  it('a client that comes back with an expired token is refused before anything it missed is sent', async () => {
    const me = (await api.get('/api/me', tokens.member)).body;
    const expiresAt = Math.floor(Date.now() / 1000) + 3;
    const shortLived = jwt.sign({ sub: me.id, role: me.role, city: me.city.slug, sid: randomUUID(), exp: expiresAt }, jwtSecret);
    const member = await live(shortLived);
    const got = collect(member, 'message:new');
    await post('before the failure');
    await eventually(() => got.length === 1, 5000, 'the first message');
    const { networkBack } = await dropConnection(member);

    await post('while they were offline');
    await pause(Math.max(0, expiresAt * 1000 - Date.now()) + 100);
    const wire: unknown[] = [];
    member.io.on('packet', (packet) => wire.push(packet));
    const outcome = new Promise<number>((resolve) =>
      member.once('connect_error', (error: Error & { data?: { status: number } }) => resolve(error.data?.status ?? 0)),
    );
    networkBack();
    expect(await outcome).toBe(401);
    // Only the refusal went over the wire: not the message missed while offline.
    expect(wire).toEqual([expect.objectContaining({ type: 4 })]);
  });
});
