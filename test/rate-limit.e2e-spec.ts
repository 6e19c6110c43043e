import { DEV_PASSWORD, SEEDED } from './support/api-client';
import { TestEnv } from './support/test-env';

describe('rate limits', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await TestEnv.create({ AUTH_RATE_LIMIT_PER_MINUTE: '4', RATE_LIMIT_PER_MINUTE: '1000' });
  });
  afterAll(() => env.close());

  it('sign-in attempts are limited per client across api instances (counters in Redis): the 5th is a 429 problem', async () => {
    const a = await env.startApi();
    const b = await env.startApi();
    const responses = [];
    for (const api of [a, b, a, b, a]) responses.push(await api.post('/api/auth/login', { email: SEEDED.bologna, password: DEV_PASSWORD }));
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 429]);

    const limited = await b.post('/api/auth/login', { email: SEEDED.bologna, password: DEV_PASSWORD });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(limited.body).toMatchObject({ status: 429, title: 'Too Many Requests' });
    expect(limited.headers.get('retry-after-auth')).toEqual(expect.any(String));

    // The stricter limit is for credential routes only: the signed-in officer keeps working.
    expect((await b.get('/api/forums', responses[0].body.accessToken)).status).toBe(200);
  });
});
