import { randomUUID } from 'node:crypto';
import { ApiClient } from './support/api-client';
import { checkMatrix, MatrixRow } from './support/authorization-matrix';
import { newGroup, newMessage, newThread } from './support/factories';
import { connectLive, LiveClient, request } from './support/live-client';
import { RoleTokens, setUpRoles } from './support/roles';
import { TestEnv } from './support/test-env';

/**
 * Every event a client sends to /live x the six callers of roles.ts, on the same runner as the
 * HTTP matrices. Each call opens its own real socket.io-client connection (so that no socket's
 * rate limit or joined rooms carry over from one call to the next); a refused handshake counts
 * as its status (401), an ack as 200 or its `error.status`.
 */
describe('authorization matrix: live events', () => {
  let env: TestEnv;
  let api: ApiClient;
  let tokens: RoleTokens;
  let privateThread: string;
  let publicGroupThread: string;
  let forumThread: string;
  let leadMessage: string;

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.startApi();
    let privateGroup: string;
    ({ tokens, groupId: privateGroup } = await setUpRoles(api));
    privateThread = await newThread(api, tokens.lead, { group: privateGroup }, { title: 'Depot tender' });
    leadMessage = await newMessage(api, tokens.lead, privateThread, 'The lead wrote this');
    // A public group nobody of roles.ts is in: everyone reads, only its members and the staff post.
    const publicGroup = await newGroup(api, tokens.secretariat, { name: 'Cargo Bikes', visibility: 'public' });
    publicGroupThread = await newThread(api, tokens.secretariat, { group: publicGroup }, { title: 'Routes' });
    forumThread = await newThread(api, tokens.outsider, { forum: 'mobility' }, { title: 'Winter service' });
  }, 120_000);
  afterAll(() => env.close());

  /** Connects as the caller, runs `events` in order and answers the status of the last one. */
  const live =
    (...events: [event: Parameters<typeof request>[1], payload: () => unknown][]) =>
    async (token: string | undefined): Promise<number> => {
      let socket: LiveClient;
      try {
        socket = await connectLive(api.baseUrl, token);
      } catch (error) {
        return (error as { data?: { status?: number } }).data?.status ?? 0;
      }
      try {
        let status = 0;
        for (const [event, payload] of events) {
          const ack = await request(socket, event, await payload());
          status = ack.ok ? 200 : ack.error.status;
        }
        return status;
      } finally {
        socket.close();
      }
    };
  const send = (threadId: () => string) => () => ({ threadId: threadId(), body: 'Hello', clientMsgId: randomUUID() });
  /** A new message by the group's member, for calls that use one up. */
  const memberMessage = async () => ({ messageId: await newMessage(api, tokens.member, privateThread, 'mine') });

  const rows: MatrixRow[] = [
    ['thread:join (a private group thread)', live(['thread:join', () => ({ threadId: privateThread })]), [401, 200, 404, 200, 200, 200]],
    ['thread:join (a forum thread)', live(['thread:join', () => ({ threadId: forumThread })]), [401, 200, 200, 200, 200, 200]],
    // Leaving a room one is not in is harmless and tells nothing about the thread.
    ['thread:leave', live(['thread:leave', () => ({ threadId: privateThread })]), [401, 200, 200, 200, 200, 200]],
    ['message:send (a private group thread)', live(['message:send', send(() => privateThread)]), [401, 200, 404, 200, 200, 200]],
    [
      'message:send (a public group nobody here is in)',
      live(['message:send', send(() => publicGroupThread)]),
      [401, 403, 403, 403, 200, 200],
    ],
    ['message:send (a forum thread)', live(['message:send', send(() => forumThread)]), [401, 200, 200, 200, 200, 200]],
    [
      "message:edit (the member's own message)",
      live(['message:edit', async () => ({ ...(await memberMessage()), body: 'edited' })]),
      [401, 200, 404, 200, 200, 200],
    ],
    [
      "message:edit (the lead's message)",
      live(['message:edit', () => ({ messageId: leadMessage, body: 'edited' })]),
      [401, 403, 404, 200, 200, 200],
    ],
    ["message:delete (the member's own message)", live(['message:delete', memberMessage]), [401, 200, 404, 200, 200, 200]],
    // Typing is relayed only to a room one has joined: the outsider's join is refused, so is their typing.
    [
      'typing (after joining the private thread)',
      live(['thread:join', () => ({ threadId: privateThread })], ['typing', () => ({ threadId: privateThread })]),
      [401, 200, 409, 200, 200, 200],
    ],
    [
      'thread:read (a private group thread)',
      live(['thread:read', () => ({ threadId: privateThread, seq: 1 })]),
      [401, 200, 404, 200, 200, 200],
    ],
  ];

  checkMatrix('live', rows, () => tokens);
});
