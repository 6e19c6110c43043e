import { ApiClient } from './support/api-client';
import { checkMatrix, MatrixRow, statusCall } from './support/authorization-matrix';
import { RoleTokens, setUpRoles } from './support/roles';
import { exchangeOffer, newExchange } from './support/factories';
import { TestEnv } from './support/test-env';

/**
 * Every endpoint of posts, exchanges, events and search x every kind of caller. Roles as in
 * authorization.e2e-spec.ts: anonymous, a member of the private group (Bologna), an officer of
 * another city outside it (Leipzig), the group's lead (Malmö), the secretariat, an admin.
 */
describe('authorization matrix: knowledge, exchanges, events, search', () => {
  let env: TestEnv;
  let api: ApiClient;
  let tokens: RoleTokens;
  let groupId: string;
  let exchangeId: string;
  let groupEventId: string;
  let n = 0;

  /** A fresh draft by the group member in the private group (so each role acts on its own). */
  const groupDraft = async () =>
    (
      await api.post(
        '/api/posts',
        { title: `Draft ${++n}`, summary: 's', body: 'b', forum: 'mobility', workingGroupId: groupId, language: 'en' },
        tokens.member,
      )
    ).body.id as string;
  const published = async () => {
    const id = await groupDraft();
    await api.post(`/api/posts/${id}/publish`, undefined, tokens.admin);
    return id;
  };
  /** A fresh application by the lead (Malmö), who may apply once per offer: a new offer each time. */
  const application = async () => {
    const offer = await newExchange(api, tokens.outsider, { places: 5 });
    return (await api.post(`/api/exchanges/${offer}/applications`, { motivation: 'I would like to come.' }, tokens.lead)).body.id as string;
  };

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.startApi();
    ({ tokens, groupId } = await setUpRoles(api));
    exchangeId = await newExchange(api, tokens.outsider, { topic: 'Tram depot', places: 50 });
    groupEventId = (
      await api.post(
        '/api/events',
        {
          kind: 'working-group-meeting',
          workingGroupId: groupId,
          title: 'Group call',
          startsAt: '2099-01-01T10:00:00Z',
          endsAt: '2099-01-01T11:00:00Z',
          timeZone: 'Europe/Stockholm',
        },
        tokens.lead,
      )
    ).body.id;
  });
  afterAll(() => env.close());

  const call = statusCall(() => api);
  const withPost = (method: string, suffix: string, make: () => Promise<string>, body?: unknown) =>
    call(method, async () => `/api/posts/${await make()}${suffix}`, body);
  const event = (kind: string, extra: Record<string, unknown> = {}) => ({
    kind,
    title: `Meeting ${kind}`,
    startsAt: '2099-05-01T09:00:00Z',
    endsAt: '2099-05-01T10:00:00Z',
    timeZone: 'Europe/Brussels',
    ...extra,
  });

  const rows: MatrixRow[] = [
    ['GET /api/posts', call('GET', '/api/posts'), [401, 200, 200, 200, 200, 200]],
    [
      'POST /api/posts (forum)',
      call('POST', '/api/posts', { title: 'Forum post', summary: 's', body: 'b', forum: 'mobility', language: 'en' }),
      [401, 201, 201, 201, 201, 201],
    ],
    [
      'POST /api/posts (private group)',
      async (token) =>
        call('POST', '/api/posts', {
          title: 'Group post',
          summary: 's',
          body: 'b',
          forum: 'mobility',
          workingGroupId: groupId,
          language: 'en',
        })(token),
      [401, 201, 404, 201, 201, 201],
    ],
    ['GET /api/posts/:id (group draft)', withPost('GET', '', groupDraft), [401, 200, 404, 200, 200, 200]],
    ['GET /api/posts/:id (group, published)', withPost('GET', '', published), [401, 200, 404, 200, 200, 200]],
    ['PATCH /api/posts/:id (group draft)', withPost('PATCH', '', groupDraft, { title: 'Changed' }), [401, 200, 404, 200, 200, 200]],
    ['POST /api/posts/:id/submit', withPost('POST', '/submit', groupDraft), [401, 200, 404, 403, 403, 403]],
    ['POST /api/posts/:id/publish', withPost('POST', '/publish', groupDraft), [401, 403, 404, 200, 200, 200]],
    [
      'POST /api/posts/:id/send-back',
      withPost('POST', '/send-back', groupDraft, { comment: 'More detail' }),
      [401, 403, 404, 200, 200, 200],
    ],
    ['POST /api/posts/:id/archive', withPost('POST', '/archive', published), [401, 403, 404, 200, 200, 200]],
    ['GET /api/posts/:id/revisions', withPost('GET', '/revisions', published), [401, 200, 404, 200, 200, 200]],
    ['GET /api/posts/:id/comments', withPost('GET', '/comments', published), [401, 200, 404, 200, 200, 200]],
    [
      'POST /api/posts/:id/comments',
      withPost('POST', '/comments', published, { body: 'Useful, thanks!', clientMsgId: 'matrix-comment' }),
      [401, 201, 404, 201, 201, 201],
    ],
    [
      'PUT /api/posts/:id/translations/:language',
      withPost('PUT', '/translations/de', groupDraft, { title: 'Titel', summary: 's', body: 'b' }),
      [401, 200, 404, 200, 200, 200],
    ],
    ['GET /api/exchanges', call('GET', '/api/exchanges'), [401, 200, 200, 200, 200, 200]],
    [
      'POST /api/exchanges (own city; staff name one)',
      async (token) =>
        call(
          'POST',
          '/api/exchanges',
          exchangeOffer({ forum: 'culture', ...(token === tokens.secretariat || token === tokens.admin ? { hostCity: 'riga' } : {}) }),
        )(token),
      [401, 201, 201, 201, 201, 201],
    ],
    ['GET /api/exchanges/:id', async (token) => call('GET', `/api/exchanges/${exchangeId}`)(token), [401, 200, 200, 200, 200, 200]],
    [
      'POST /api/exchanges/:id/applications',
      async (token) => call('POST', `/api/exchanges/${exchangeId}/applications`, { motivation: 'I would like to come.' })(token),
      [401, 201, 403, 201, 403, 403],
    ],
    [
      'GET /api/exchanges/:id/applications',
      async (token) => call('GET', `/api/exchanges/${exchangeId}/applications`)(token),
      [401, 200, 200, 200, 200, 200],
    ],
    [
      'POST /api/applications/:id/accept',
      async (token) => call('POST', `/api/applications/${await application()}/accept`)(token),
      [401, 404, 200, 403, 200, 200],
    ],
    [
      'POST /api/applications/:id/decline',
      async (token) => call('POST', `/api/applications/${await application()}/decline`)(token),
      [401, 404, 200, 403, 200, 200],
    ],
    [
      'POST /api/applications/:id/withdraw',
      async (token) => call('POST', `/api/applications/${await application()}/withdraw`)(token),
      [401, 404, 403, 200, 403, 403],
    ],
    ['GET /api/events', call('GET', '/api/events'), [401, 200, 200, 200, 200, 200]],
    ['POST /api/events (network meeting)', call('POST', '/api/events', event('executive-committee')), [401, 403, 403, 403, 201, 201]],
    [
      'POST /api/events (forum meeting)',
      call('POST', '/api/events', event('forum-meeting', { forum: 'mobility' })),
      [401, 403, 403, 403, 201, 201],
    ],
    [
      'POST /api/events (group meeting)',
      async (token) => call('POST', '/api/events', event('working-group-meeting', { workingGroupId: groupId }))(token),
      [401, 403, 404, 201, 201, 201],
    ],
    [
      'GET /api/events/:id (private group meeting)',
      async (token) => call('GET', `/api/events/${groupEventId}`)(token),
      [401, 200, 404, 200, 200, 200],
    ],
    [
      'PUT /api/events/:id/rsvp (private group meeting)',
      async (token) => call('PUT', `/api/events/${groupEventId}/rsvp`, { status: 'going' })(token),
      [401, 200, 404, 200, 200, 200],
    ],
    ['GET /api/events/planning', call('GET', '/api/events/planning'), [401, 403, 403, 403, 200, 200]],
    ['POST /api/events/feed', call('POST', '/api/events/feed'), [401, 201, 201, 201, 201, 201]],
    ['GET /api/events.ics', call('GET', '/api/events.ics'), [401, 200, 200, 200, 200, 200]],
    ['GET /api/search', call('GET', '/api/search?q=night'), [401, 200, 200, 200, 200, 200]],
    [
      'GET /api/search (private group filter)',
      async (token) => call('GET', `/api/search?q=night&workingGroup=${groupId}`)(token),
      [401, 200, 404, 200, 200, 200],
    ],
  ];

  checkMatrix('knowledge', rows, () => tokens);
});
