import { ApiClient } from './support/api-client';
import { MATRIX_OPERATIONS, operationOfRow } from './support/authorization-operations';
import { ROLES, Role, setUpRoles } from './support/roles';
import { TestEnv } from './support/test-env';

/**
 * Every endpoint of the foundation x every kind of caller -> the expected status.
 * Roles: anonymous, a member of the private working group (Bologna), an officer of another
 * city outside it (Leipzig), the group's lead (Malmö), the secretariat, an admin.
 */

interface Row {
  name: string;
  call: (role: Role, token: string | undefined) => Promise<number>;
  expected: [anonymous: number, member: number, outsider: number, lead: number, secretariat: number, admin: number];
}

describe('authorization matrix', () => {
  let env: TestEnv;
  let api: ApiClient;
  const tokens: Partial<Record<Role, string>> = {};
  let groupId: string;
  let mandateId: string;
  let threadId: string;
  let fresh = 0;

  /** A new message by the group member in the group's thread. */
  const memberMessage = async () =>
    (await api.post(`/api/threads/${threadId}/messages`, { body: 'mine', clientMsgId: `m-${++fresh}` }, tokens.member)).body.id as string;

  /** A new user (by invitation) who asked to join the private group: [their id, request id, token]. */
  async function newRequester(): Promise<{ userId: string; requestId: string }> {
    fresh += 1;
    const link = (
      await api.post('/api/invitations', { email: `requester${fresh}@oslo.example`, citySlug: 'oslo', role: 'member' }, tokens.admin)
    ).body.link;
    const session = (
      await api.post(`/api/invitations/${link.split('/').pop()}/accept`, { name: `Requester ${fresh}`, password: 'a-long-passphrase' })
    ).body;
    const request = (await api.post(`/api/working-groups/${groupId}/join`, undefined, session.accessToken)).body;
    return { userId: session.user.id, requestId: request.id };
  }

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.startApi();
    let roleTokens: Partial<Record<Role, string>>;
    ({ tokens: roleTokens, groupId } = await setUpRoles(api));
    Object.assign(tokens, roleTokens);
    mandateId = (await api.get('/api/cities/bologna', tokens.member)).body.mandates[0].id;
    threadId = (await api.post(`/api/working-groups/${groupId}/threads`, { title: 'Timetables', body: 'Night network' }, tokens.lead)).body
      .id;
  });
  afterAll(() => env.close());

  const status = (method: string, path: string, body?: unknown) => async (_role: Role, token: string | undefined) =>
    (await api.request(method, path, { token, body })).status;

  const rows: Row[] = [
    { name: 'GET /api/me', call: status('GET', '/api/me'), expected: [401, 200, 200, 200, 200, 200] },
    {
      name: 'PATCH /api/me',
      call: status('PATCH', '/api/me', { timezone: 'Europe/Brussels' }),
      expected: [401, 200, 200, 200, 200, 200],
    },
    { name: 'GET /api/forums', call: status('GET', '/api/forums'), expected: [401, 200, 200, 200, 200, 200] },
    { name: 'GET /api/forums/:slug', call: status('GET', '/api/forums/mobility'), expected: [401, 200, 200, 200, 200, 200] },
    { name: 'PUT /api/forums/:slug/follow', call: status('PUT', '/api/forums/culture/follow'), expected: [401, 200, 200, 200, 200, 200] },
    {
      name: 'DELETE /api/forums/:slug/follow',
      call: status('DELETE', '/api/forums/culture/follow'),
      expected: [401, 204, 204, 204, 204, 204],
    },
    { name: 'GET /api/cities', call: status('GET', '/api/cities'), expected: [401, 200, 200, 200, 200, 200] },
    { name: 'GET /api/cities/:slug', call: status('GET', '/api/cities/bologna'), expected: [401, 200, 200, 200, 200, 200] },
    {
      name: 'POST /api/cities',
      call: (role, token) => status('POST', '/api/cities', { slug: `city-${role}`, name: `City ${role}`, country: 'FR' })(role, token),
      expected: [401, 403, 403, 403, 201, 201],
    },
    {
      name: 'PATCH /api/cities/:slug',
      call: status('PATCH', '/api/cities/oslo', { memberSince: 2000 }),
      expected: [401, 403, 403, 403, 200, 200],
    },
    {
      name: 'POST /api/cities/:slug/twinnings',
      call: (role, token) => status('POST', `/api/cities/city-${role}/twinnings`, { city: 'riga', since: 1990 })(role, token),
      // The anonymous and member cities were never created: the 401/403 must come before the 404.
      expected: [401, 403, 403, 403, 201, 201],
    },
    {
      name: 'POST /api/cities/:slug/mandates',
      call: (role, token) =>
        status('POST', `/api/cities/city-${role}/mandates`, { role: 'forum-vice-chair', scope: 'culture', from: 2001, to: 2002 })(
          role,
          token,
        ),
      expected: [401, 403, 403, 403, 201, 201],
    },
    {
      name: 'PATCH /api/mandates/:id',
      call: (role, token) => status('PATCH', `/api/mandates/${mandateId}`, { to: 1999 })(role, token),
      expected: [401, 403, 403, 403, 200, 200],
    },
    {
      name: 'GET /api/governance/executive-committee',
      call: status('GET', '/api/governance/executive-committee'),
      expected: [401, 200, 200, 200, 200, 200],
    },
    { name: 'GET /api/network', call: status('GET', '/api/network'), expected: [401, 200, 200, 200, 200, 200] },
    {
      name: 'POST /api/invitations',
      call: (role, token) =>
        status('POST', '/api/invitations', { email: `invitee-${role}@x.example`, citySlug: 'oslo', role: 'member' })(role, token),
      expected: [401, 403, 403, 403, 201, 201],
    },
    {
      name: 'GET /api/forums/:slug/working-groups',
      call: status('GET', '/api/forums/mobility/working-groups'),
      expected: [401, 200, 200, 200, 200, 200],
    },
    {
      name: 'POST /api/forums/:slug/working-groups',
      call: (role, token) =>
        status('POST', '/api/forums/mobility/working-groups', { name: `Group of ${role}`, description: '', visibility: 'public' })(
          role,
          token,
        ),
      expected: [401, 403, 403, 403, 201, 201],
    },
    {
      name: 'GET /api/working-groups/:id',
      call: (r, t) => status('GET', `/api/working-groups/${groupId}`)(r, t),
      expected: [401, 200, 404, 200, 200, 200],
    },
    {
      name: 'GET /api/working-groups/:id/members',
      call: (r, t) => status('GET', `/api/working-groups/${groupId}/members`)(r, t),
      expected: [401, 200, 404, 200, 200, 200],
    },
    {
      name: 'GET /api/working-groups/:id/join-requests',
      call: (r, t) => status('GET', `/api/working-groups/${groupId}/join-requests`)(r, t),
      expected: [401, 403, 404, 200, 200, 200],
    },
    {
      name: 'POST /api/working-groups/:id/join-requests/:requestId/approve',
      call: async (role, token) =>
        status('POST', `/api/working-groups/${groupId}/join-requests/${(await newRequester()).requestId}/approve`)(role, token),
      expected: [401, 403, 404, 200, 200, 200],
    },
    {
      name: 'POST /api/working-groups/:id/join-requests/:requestId/decline',
      call: async (role, token) =>
        status('POST', `/api/working-groups/${groupId}/join-requests/${(await newRequester()).requestId}/decline`)(role, token),
      expected: [401, 403, 404, 204, 204, 204],
    },
    {
      name: 'DELETE /api/working-groups/:id/members/:userId',
      call: async (role, token) => {
        const { userId, requestId } = await newRequester();
        await api.post(`/api/working-groups/${groupId}/join-requests/${requestId}/approve`, undefined, tokens.lead);
        return status('DELETE', `/api/working-groups/${groupId}/members/${userId}`)(role, token);
      },
      expected: [401, 403, 404, 204, 204, 204],
    },
    {
      name: 'GET /api/forums/:slug/threads',
      call: status('GET', '/api/forums/mobility/threads'),
      expected: [401, 200, 200, 200, 200, 200],
    },
    {
      name: 'POST /api/forums/:slug/threads',
      call: (role, token) =>
        status('POST', '/api/forums/mobility/threads', { title: `Open question from ${role}`, body: 'Anyone?' })(role, token),
      expected: [401, 201, 201, 201, 201, 201],
    },
    {
      name: 'GET /api/working-groups/:id/threads',
      call: (r, t) => status('GET', `/api/working-groups/${groupId}/threads`)(r, t),
      expected: [401, 200, 404, 200, 200, 200],
    },
    {
      name: 'POST /api/working-groups/:id/threads',
      call: (role, token) =>
        status('POST', `/api/working-groups/${groupId}/threads`, { title: `Group topic of ${role}`, body: 'Agenda' })(role, token),
      expected: [401, 201, 404, 201, 201, 201],
    },
    {
      name: 'GET /api/threads/:id',
      call: (r, t) => status('GET', `/api/threads/${threadId}`)(r, t),
      expected: [401, 200, 404, 200, 200, 200],
    },
    {
      name: 'GET /api/threads/:id/messages',
      call: (r, t) => status('GET', `/api/threads/${threadId}/messages`)(r, t),
      expected: [401, 200, 404, 200, 200, 200],
    },
    {
      name: 'POST /api/threads/:id/messages',
      call: (role, token) =>
        status('POST', `/api/threads/${threadId}/messages`, { body: `from ${role}`, clientMsgId: `matrix-${role}` })(role, token),
      expected: [401, 201, 404, 201, 201, 201],
    },
    {
      name: "PATCH /api/messages/:id (the member's message)",
      call: async (role, token) => status('PATCH', `/api/messages/${await memberMessage()}`, { body: 'edited' })(role, token),
      expected: [401, 200, 404, 200, 200, 200],
    },
    {
      name: "DELETE /api/messages/:id (the member's message)",
      call: async (role, token) => status('DELETE', `/api/messages/${await memberMessage()}`)(role, token),
      expected: [401, 200, 404, 200, 200, 200],
    },
    {
      name: 'PUT /api/threads/:id/read',
      call: (r, t) => status('PUT', `/api/threads/${threadId}/read`, { seq: 1 })(r, t),
      expected: [401, 200, 404, 200, 200, 200],
    },
    { name: 'GET /api/me/unread', call: status('GET', '/api/me/unread'), expected: [401, 200, 200, 200, 200, 200] },
    {
      name: 'GET /api/threads/:id/people',
      call: (r, t) => status('GET', `/api/threads/${threadId}/people`)(r, t),
      expected: [401, 200, 404, 200, 200, 200],
    },
    {
      name: 'POST /api/markdown/preview',
      call: status('POST', '/api/markdown/preview', { body: '**hi**' }),
      expected: [401, 200, 200, 200, 200, 200],
    },
    // Joining a private group is a request (202), also for the staff; members are members already (200).
    {
      name: 'POST /api/working-groups/:id/join',
      call: (r, t) => status('POST', `/api/working-groups/${groupId}/join`)(r, t),
      expected: [401, 200, 202, 200, 202, 202],
    },
    // The only lead cannot leave; for those with a pending request (the row above), leaving withdraws it.
    {
      name: 'POST /api/working-groups/:id/leave',
      call: (r, t) => status('POST', `/api/working-groups/${groupId}/leave`)(r, t),
      expected: [401, 204, 204, 409, 204, 204],
    },
    { name: 'POST /api/auth/logout', call: status('POST', '/api/auth/logout'), expected: [401, 204, 204, 204, 204, 204] },
  ];

  it('has rows for exactly the operations listed for it in authorization-operations.ts', () => {
    expect(new Set(rows.map((row) => operationOfRow(row.name)))).toEqual(new Set(MATRIX_OPERATIONS.foundation));
  });

  it.each(rows.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    const actual: number[] = [];
    for (const role of ROLES) actual.push(await row.call(role, tokens[role]));
    expect(Object.fromEntries(ROLES.map((role, i) => [role, actual[i]]))).toEqual(
      Object.fromEntries(ROLES.map((role, i) => [role, row.expected[i]])),
    );
  });
});
