import { ApiClient } from './support/api-client';
import { checkMatrix, MatrixRow, statusCall } from './support/authorization-matrix';
import { newMessage, newThread, newUser } from './support/factories';
import { RoleTokens, setUpRoles } from './support/roles';
import { TestEnv } from './support/test-env';

/**
 * Every endpoint of the foundation x every kind of caller -> the expected status.
 * Roles: anonymous, a member of the private working group (Bologna), an officer of another
 * city outside it (Leipzig), the group's lead (Malmö), the secretariat, an admin.
 */

describe('authorization matrix', () => {
  let env: TestEnv;
  let api: ApiClient;
  let tokens: RoleTokens;
  let groupId: string;
  let mandateId: string;
  let threadId: string;

  /** A new message by the group member in the group's thread. */
  const memberMessage = () => newMessage(api, tokens.member, threadId, 'mine');

  /** A new Oslo officer who asked to join the private group. */
  async function newRequester(): Promise<{ userId: string; requestId: string }> {
    const requester = await newUser(api, tokens.admin);
    const request = (await api.post(`/api/working-groups/${groupId}/join`, undefined, requester.token)).body;
    return { userId: requester.id, requestId: request.id };
  }

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.startApi();
    ({ tokens, groupId } = await setUpRoles(api));
    mandateId = (await api.get('/api/cities/bologna', tokens.member)).body.mandates[0].id;
    threadId = await newThread(api, tokens.lead, { group: groupId }, { title: 'Timetables', body: 'Night network' });
  });
  afterAll(() => env.close());

  const status = statusCall(() => api);

  const rows: MatrixRow[] = [
    ['GET /api/me', status('GET', '/api/me'), [401, 200, 200, 200, 200, 200]],
    ['PATCH /api/me', status('PATCH', '/api/me', { timezone: 'Europe/Brussels' }), [401, 200, 200, 200, 200, 200]],
    ['GET /api/forums', status('GET', '/api/forums'), [401, 200, 200, 200, 200, 200]],
    ['GET /api/forums/:slug', status('GET', '/api/forums/mobility'), [401, 200, 200, 200, 200, 200]],
    ['PUT /api/forums/:slug/follow', status('PUT', '/api/forums/culture/follow'), [401, 200, 200, 200, 200, 200]],
    ['DELETE /api/forums/:slug/follow', status('DELETE', '/api/forums/culture/follow'), [401, 204, 204, 204, 204, 204]],
    ['GET /api/cities', status('GET', '/api/cities'), [401, 200, 200, 200, 200, 200]],
    ['GET /api/cities/:slug', status('GET', '/api/cities/bologna'), [401, 200, 200, 200, 200, 200]],
    [
      'POST /api/cities',
      (token, role) => status('POST', '/api/cities', { slug: `city-${role}`, name: `City ${role}`, country: 'FR' })(token),
      [401, 403, 403, 403, 201, 201],
    ],
    ['PATCH /api/cities/:slug', status('PATCH', '/api/cities/oslo', { memberSince: 2000 }), [401, 403, 403, 403, 200, 200]],
    // The anonymous and member cities were never created: the 401/403 must come before the 404.
    [
      'POST /api/cities/:slug/twinnings',
      (token, role) => status('POST', `/api/cities/city-${role}/twinnings`, { city: 'riga', since: 1990 })(token),
      [401, 403, 403, 403, 201, 201],
    ],
    [
      'POST /api/cities/:slug/mandates',
      (token, role) =>
        status('POST', `/api/cities/city-${role}/mandates`, { role: 'forum-vice-chair', scope: 'culture', from: 2001, to: 2002 })(token),
      [401, 403, 403, 403, 201, 201],
    ],
    [
      'PATCH /api/mandates/:id',
      (token) => status('PATCH', `/api/mandates/${mandateId}`, { to: 1999 })(token),
      [401, 403, 403, 403, 200, 200],
    ],
    ['GET /api/governance/executive-committee', status('GET', '/api/governance/executive-committee'), [401, 200, 200, 200, 200, 200]],
    ['GET /api/network', status('GET', '/api/network'), [401, 200, 200, 200, 200, 200]],
    [
      'POST /api/invitations',
      (token, role) => status('POST', '/api/invitations', { email: `invitee-${role}@x.example`, citySlug: 'oslo', role: 'member' })(token),
      [401, 403, 403, 403, 201, 201],
    ],
    ['GET /api/forums/:slug/working-groups', status('GET', '/api/forums/mobility/working-groups'), [401, 200, 200, 200, 200, 200]],
    [
      'POST /api/forums/:slug/working-groups',
      (token, role) =>
        status('POST', '/api/forums/mobility/working-groups', { name: `Group of ${role}`, description: '', visibility: 'public' })(token),
      [401, 403, 403, 403, 201, 201],
    ],
    ['GET /api/working-groups/:id', (t) => status('GET', `/api/working-groups/${groupId}`)(t), [401, 200, 404, 200, 200, 200]],
    [
      'GET /api/working-groups/:id/members',
      (t) => status('GET', `/api/working-groups/${groupId}/members`)(t),
      [401, 200, 404, 200, 200, 200],
    ],
    [
      'GET /api/working-groups/:id/join-requests',
      (t) => status('GET', `/api/working-groups/${groupId}/join-requests`)(t),
      [401, 403, 404, 200, 200, 200],
    ],
    [
      'POST /api/working-groups/:id/join-requests/:requestId/approve',
      async (token) => status('POST', `/api/working-groups/${groupId}/join-requests/${(await newRequester()).requestId}/approve`)(token),
      [401, 403, 404, 200, 200, 200],
    ],
    [
      'POST /api/working-groups/:id/join-requests/:requestId/decline',
      async (token) => status('POST', `/api/working-groups/${groupId}/join-requests/${(await newRequester()).requestId}/decline`)(token),
      [401, 403, 404, 204, 204, 204],
    ],
    [
      'DELETE /api/working-groups/:id/members/:userId',
      async (token) => {
        const { userId, requestId } = await newRequester();
        await api.post(`/api/working-groups/${groupId}/join-requests/${requestId}/approve`, undefined, tokens.lead);
        return status('DELETE', `/api/working-groups/${groupId}/members/${userId}`)(token);
      },
      [401, 403, 404, 204, 204, 204],
    ],
    ['GET /api/forums/:slug/threads', status('GET', '/api/forums/mobility/threads'), [401, 200, 200, 200, 200, 200]],
    [
      'POST /api/forums/:slug/threads',
      (token, role) => status('POST', '/api/forums/mobility/threads', { title: `Open question from ${role}`, body: 'Anyone?' })(token),
      [401, 201, 201, 201, 201, 201],
    ],
    [
      'GET /api/working-groups/:id/threads',
      (t) => status('GET', `/api/working-groups/${groupId}/threads`)(t),
      [401, 200, 404, 200, 200, 200],
    ],
    [
      'POST /api/working-groups/:id/threads',
      (token, role) => status('POST', `/api/working-groups/${groupId}/threads`, { title: `Group topic of ${role}`, body: 'Agenda' })(token),
      [401, 201, 404, 201, 201, 201],
    ],
    ['GET /api/threads/:id', (t) => status('GET', `/api/threads/${threadId}`)(t), [401, 200, 404, 200, 200, 200]],
    ['GET /api/threads/:id/messages', (t) => status('GET', `/api/threads/${threadId}/messages`)(t), [401, 200, 404, 200, 200, 200]],
    [
      'POST /api/threads/:id/messages',
      (token, role) => status('POST', `/api/threads/${threadId}/messages`, { body: `from ${role}`, clientMsgId: `matrix-${role}` })(token),
      [401, 201, 404, 201, 201, 201],
    ],
    [
      "PATCH /api/messages/:id (the member's message)",
      async (token) => status('PATCH', `/api/messages/${await memberMessage()}`, { body: 'edited' })(token),
      [401, 200, 404, 200, 200, 200],
    ],
    [
      "DELETE /api/messages/:id (the member's message)",
      async (token) => status('DELETE', `/api/messages/${await memberMessage()}`)(token),
      [401, 200, 404, 200, 200, 200],
    ],
    ['PUT /api/threads/:id/read', (t) => status('PUT', `/api/threads/${threadId}/read`, { seq: 1 })(t), [401, 200, 404, 200, 200, 200]],
    ['GET /api/me/unread', status('GET', '/api/me/unread'), [401, 200, 200, 200, 200, 200]],
    ['GET /api/threads/:id/people', (t) => status('GET', `/api/threads/${threadId}/people`)(t), [401, 200, 404, 200, 200, 200]],
    ['POST /api/markdown/preview', status('POST', '/api/markdown/preview', { body: '**hi**' }), [401, 200, 200, 200, 200, 200]],
    // Joining a private group is a request (202), also for the staff; members are members already (200).
    ['POST /api/working-groups/:id/join', (t) => status('POST', `/api/working-groups/${groupId}/join`)(t), [401, 200, 202, 200, 202, 202]],
    // The only lead cannot leave; for those with a pending request (the row above), leaving withdraws it.
    [
      'POST /api/working-groups/:id/leave',
      (t) => status('POST', `/api/working-groups/${groupId}/leave`)(t),
      [401, 204, 204, 409, 204, 204],
    ],
    ['POST /api/auth/logout', status('POST', '/api/auth/logout'), [401, 204, 204, 204, 204, 204]],
  ];

  checkMatrix('foundation', rows, () => tokens);
});
