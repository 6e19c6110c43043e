import { ApiClient, ApiResponse, DEV_PASSWORD, SEEDED } from './support/api-client';
import { TestEnv } from './support/test-env';

/** A request as the proxy in front of the api forwards it for the client at `address`. */
async function from(api: ApiClient, address: string, method: string, path: string, body?: unknown, token?: string): Promise<ApiResponse> {
  const headers: Record<string, string> = { 'x-forwarded-for': address };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${api.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

/** The answer to a locked account, known or not: nothing in it tells them apart. */
const LOCKED = {
  type: 'https://agora.example/problems/too-many-requests',
  title: 'Too Many Requests',
  status: 429,
  detail: 'Too many failed sign-ins for this account; retry later',
  code: 'rate-limited',
};

const signIn = (api: ApiClient, address: string, email: string, password = DEV_PASSWORD) =>
  from(api, address, 'POST', '/api/auth/login', { email, password });

describe('rate limits', () => {
  let env: TestEnv;
  let a: ApiClient;
  let b: ApiClient;

  beforeAll(async () => {
    env = await TestEnv.create({
      AUTH_RATE_LIMIT_PER_MINUTE: '4',
      RATE_LIMIT_PER_MINUTE: '30',
      LOGIN_FAILURE_LIMIT: '10',
      TRUST_PROXY: '127.0.0.1',
    });
    // Two instances behind a proxy on 127.0.0.1: each test is a client of its own (X-Forwarded-For).
    a = await env.startApi();
    b = await env.startApi();
  });
  afterAll(() => env.close());

  it('sign-in attempts are limited per client across api instances (counters in Redis): the 5th is a 429 problem', async () => {
    const client = '198.51.100.1';
    const responses = [];
    for (const api of [a, b, a, b, a]) responses.push(await signIn(api, client, SEEDED.bologna));
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 429]);

    const limited = await signIn(b, client, SEEDED.bologna);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(limited.body).toMatchObject({ status: 429, title: 'Too Many Requests' });
    expect(limited.headers.get('retry-after-auth')).toEqual(expect.any(String));

    // The stricter limit is for credential routes only: the signed-in officer keeps working.
    expect((await from(b, client, 'GET', '/api/forums', undefined, responses[0].body.accessToken)).status).toBe(200);
    // Another client behind the same proxy is not held back by this one.
    expect((await signIn(a, '198.51.100.2', SEEDED.bologna)).status).toBe(200);
  });

  describe('failed sign-ins per account, from any address', () => {
    /** Ten wrong passwords from ten addresses (none reaches the per-address limit), then an eleventh attempt. */
    async function eleventhAttempt(email: string, octet: number): Promise<ApiResponse> {
      const failures = await Promise.all(
        Array.from({ length: 10 }, (_, i) => signIn(i % 2 ? a : b, `203.0.${octet}.${i + 1}`, email, 'not-the-password')),
      );
      expect(failures.map((failure) => failure.status)).toEqual(Array(10).fill(401));
      return signIn(a, `203.0.${octet}.11`, email, 'not-the-password');
    }

    it('the 11th failure on one account is a 429 problem with Retry-After, even with the right password', async () => {
      const eleventh = await eleventhAttempt(SEEDED.leipzig, 113);
      expect(eleventh.status).toBe(429);
      expect(eleventh.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(eleventh.body).toEqual(LOCKED);
      const retryAfter = Number(eleventh.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);

      // Locked means locked: the right password would otherwise tell the guesser they found it.
      const rightPassword = await signIn(b, '203.0.113.12', 'Officer.Leipzig@AGORA.test');
      expect(rightPassword.status).toBe(429);
      // Other accounts are not affected.
      expect((await signIn(b, '203.0.113.13', SEEDED.secretariat)).status).toBe(200);
    });

    it('an unknown e-mail gets the very same answer, and concurrent guesses cannot slip past: of 12 at once, 2 are refused', async () => {
      const guesses = await Promise.all(
        Array.from({ length: 12 }, (_, i) => signIn(i % 2 ? a : b, `203.0.115.${i + 1}`, 'nobody@agora.test', `guess-${i}`)),
      );
      expect(guesses.map((guess) => guess.status).sort()).toEqual([...Array(10).fill(401), 429, 429]);
      const refused = guesses.filter((guess) => guess.status === 429);
      for (const answer of refused) {
        expect(answer.body).toEqual(LOCKED);
        expect(answer.headers.get('retry-after')).toEqual(expect.stringMatching(/^\d+$/));
      }
    });
  });

  it('the general limit counts every route of one client together', async () => {
    const client = '192.0.2.7';
    const token = (await signIn(a, client, SEEDED.admin)).body.accessToken as string;
    const routes = ['/api/forums', '/api/me', '/api/cities/bologna'];
    // The sign-in was the client's first request of the minute; 29 more spread over three routes.
    const statuses = [];
    for (let i = 0; i < 29; i += 1) statuses.push((await from(i % 2 ? a : b, client, 'GET', routes[i % 3], undefined, token)).status);
    expect(statuses).toEqual(Array(29).fill(200));
    const over = await from(a, client, 'GET', '/api/me', undefined, token);
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toEqual(expect.any(String));
  });

  it('without TRUST_PROXY, X-Forwarded-For is ignored: the client is the peer address', async () => {
    delete process.env.TRUST_PROXY;
    const direct = await env.startApi();
    const statuses = [];
    for (let i = 1; i <= 5; i += 1) statuses.push((await signIn(direct, `198.51.100.${100 + i}`, SEEDED.bologna)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
  });
});
