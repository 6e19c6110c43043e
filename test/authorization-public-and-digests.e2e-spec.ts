import { UnsubscribeTokens } from '../libs/digests/src/unsubscribe-tokens';
import { ApiClient, DEV_PASSWORD, SEEDED } from './support/api-client';
import { checkMatrix, MatrixRow, statusCall } from './support/authorization-matrix';
import { MATRIX_OPERATIONS, operationOfDocument } from './support/authorization-operations';
import { RoleTokens, setUpRoles } from './support/roles';
import { newExchange } from './support/factories';
import { TestEnv } from './support/test-env';

/**
 * The operations the two other matrices leave out (sign-in and the public routes, the exchange
 * report, digests and their operators' endpoints) x the six callers of roles.ts, and the check
 * that every operation of /api/docs-json has a row in one of the three matrices.
 */
describe('authorization matrix: public routes, the exchange report, digests', () => {
  let env: TestEnv;
  let api: ApiClient;
  let tokens: RoleTokens;
  let groupId: string;
  let memberId: string;
  let n = 0;

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.startApi();
    ({ tokens, groupId } = await setUpRoles(api));
    memberId = (await api.get('/api/me', tokens.member)).body.id;
  });
  afterAll(() => env.close());

  const call = statusCall(() => api);

  /** A fresh session's refresh token (an officer of Leipzig), so that each caller refreshes its own. */
  const refreshToken = async () =>
    (await api.post('/api/auth/login', { email: SEEDED.leipzig, password: DEV_PASSWORD })).body.refreshToken as string;
  const invitationToken = async () => {
    const link = (
      await api.post('/api/invitations', { email: `invitee${++n}@oslo.example`, citySlug: 'oslo', role: 'member' }, tokens.admin)
    ).body.link as string;
    return link.split('/').pop() as string;
  };
  /** An exchange hosted by Leipzig (the outsider's city) that has ended, and a published post to link. */
  const endedExchange = async () => {
    const id = await newExchange(api, tokens.outsider, { places: 5 });
    await env.sql(
      `update exchange_offer set application_deadline = '2020-01-01', start_date = '2020-02-01', end_date = '2020-02-02' where id = $1`,
      [id],
    );
    return id;
  };
  const publishedPost = async () => {
    const id = (
      await api.post('/api/posts', { title: 'Report', summary: 's', body: 'b', forum: 'mobility', language: 'en' }, tokens.outsider)
    ).body.id as string;
    await api.post(`/api/posts/${id}/publish`, undefined, tokens.admin);
    return id;
  };
  const unsubscribeToken = () => env.apps[0].get(UnsubscribeTokens, { strict: false }).issue(memberId);

  const rows: MatrixRow[] = [
    ['GET /health', call('GET', '/health'), [200, 200, 200, 200, 200, 200]],
    // Public: a bearer token, anyone's, changes nothing.
    [
      'POST /api/auth/login',
      call('POST', '/api/auth/login', { email: SEEDED.leipzig, password: DEV_PASSWORD }),
      [200, 200, 200, 200, 200, 200],
    ],
    [
      'POST /api/auth/refresh',
      async (token) => call('POST', '/api/auth/refresh', { refreshToken: await refreshToken() })(token),
      [200, 200, 200, 200, 200, 200],
    ],
    [
      'POST /api/invitations/:token/accept',
      async (token) =>
        call('POST', `/api/invitations/${await invitationToken()}/accept`, { name: 'New Officer', password: 'a-long-passphrase' })(token),
      [201, 201, 201, 201, 201, 201],
    ],
    [
      'PUT /api/exchanges/:id/report (host city: the outsider)',
      async (token) => call('PUT', `/api/exchanges/${await endedExchange()}/report`, { postId: await publishedPost() })(token),
      [401, 403, 200, 403, 200, 200],
    ],
    ['GET /api/me/digest-preferences', call('GET', '/api/me/digest-preferences'), [401, 200, 200, 200, 200, 200]],
    [
      'PUT /api/me/digest-preferences',
      call('PUT', '/api/me/digest-preferences', { frequency: 'weekly', weekday: 2, hour: 9, timezone: 'Europe/Rome', language: 'it' }),
      [401, 200, 200, 200, 200, 200],
    ],
    [
      'PUT /api/me/digest-preferences/forums/:slug',
      call('PUT', '/api/me/digest-preferences/forums/mobility', { level: 'daily' }),
      [401, 204, 204, 204, 204, 204],
    ],
    [
      'PUT /api/me/digest-preferences/working-groups/:id (private group)',
      async (token) => call('PUT', `/api/me/digest-preferences/working-groups/${groupId}`, { level: 'weekly' })(token),
      [401, 204, 404, 204, 204, 204],
    ],
    ['GET /api/me/digest/preview', call('GET', '/api/me/digest/preview'), [401, 200, 200, 200, 200, 200]],
    // Public: the signed token in the link is the authority, whoever follows it.
    [
      'POST /api/unsubscribe',
      async (token) => call('POST', `/api/unsubscribe?token=${unsubscribeToken()}`)(token),
      [200, 200, 200, 200, 200, 200],
    ],
    [
      'GET /api/unsubscribe',
      async (token) => call('GET', `/api/unsubscribe?token=${unsubscribeToken()}`)(token),
      [200, 200, 200, 200, 200, 200],
    ],
    ['POST /api/admin/digests/run', call('POST', '/api/admin/digests/run', { frequency: 'daily' }), [401, 403, 403, 403, 202, 202]],
    ['POST /api/admin/queues/session', call('POST', '/api/admin/queues/session'), [401, 403, 403, 403, 204, 204]],
    ['GET /api/admin/digests', call('GET', '/api/admin/digests'), [401, 403, 403, 403, 200, 200]],
  ];

  checkMatrix('publicAndDigests', rows, () => tokens);

  it('every operation of /api/docs-json has a row in an authorization matrix (a new endpoint without one fails here)', async () => {
    const document = (await api.get('/api/docs-json')).body as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => operationOfDocument(method, path)),
    );
    const covered = new Set<string>(Object.values(MATRIX_OPERATIONS).flat());
    expect(documented.filter((operation) => !covered.has(operation))).toEqual([]);
    // And no list names an operation that is gone: its row would test a 404.
    expect([...covered].filter((operation) => !documented.includes(operation))).toEqual([]);
  });
});
