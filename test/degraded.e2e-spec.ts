import { ApiClient, SEEDED } from './support/api-client';
import { TestEnv } from './support/test-env';

/** Redis is unreachable (a port nothing listens on): the API keeps serving, /health says why it is not ready. */
describe('with Redis down', () => {
  let env: TestEnv;
  let api: ApiClient;

  beforeAll(async () => {
    env = await TestEnv.create({ REDIS_URL: 'redis://127.0.0.1:1' });
    api = await env.startApi();
  });
  afterAll(() => env.close());

  it('GET /health is a 503 problem naming Redis', async () => {
    const { status, body, headers } = await api.get('/health');
    expect(status).toBe(503);
    expect(headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(body).toMatchObject({
      status: 503,
      detail: 'Not ready: redis did not answer',
      checks: { postgres: { status: 'up' }, redis: { status: 'down' } },
    });
  });

  it('signing in and reading still work: rate limiting fails open rather than failing requests', async () => {
    const token = await api.tokenFor(SEEDED.bologna);
    expect((await api.get('/api/forums', token)).status).toBe(200);
  });
});
