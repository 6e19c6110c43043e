import { ApiClient, SEEDED } from './support/api-client';
import { eventually } from './support/live-client';
import { TcpProxy } from './support/tcp-proxy';
import { TestEnv } from './support/test-env';

/** Bound on any request's answer while the database is unreachable (the pool's timeouts are lower). */
const FAIL_FAST_MS = 10_000;

/**
 * PostgreSQL unreachable for a few seconds: the api's DATABASE_URL goes through a TCP proxy that
 * the test cuts (open connections destroyed, new ones left unanswered). Requests that need the
 * database must fail fast with 503 problem+json, not hang and not 500, and the same process must
 * answer 200 again once the database is back, without a restart.
 */
describe('PostgreSQL unreachable for a few seconds', () => {
  const proxy = new TcpProxy(Number(new URL(process.env.TEST_DATABASE_URL ?? 'postgres://127.0.0.1:5432').port || 5432));
  let env: TestEnv;
  let api: ApiClient;
  let token: string;

  beforeAll(async () => {
    const port = await proxy.start();
    env = await TestEnv.create();
    const viaProxy = new URL(env.databaseUrl);
    viaProxy.host = `127.0.0.1:${port}`;
    process.env.DATABASE_URL = viaProxy.toString();
    api = await env.startApi();
    token = await api.tokenFor(SEEDED.bologna);
  }, 120_000); // a new database, migrated and seeded, and the processes: slow on a loaded machine

  afterAll(async () => {
    await env.close();
    await proxy.stop();
  });

  const timed = async (path: string) => {
    const started = Date.now();
    const response = await api.get(path, token);
    return { ...response, ms: Date.now() - started };
  };

  it('answers 503 problem+json quickly during the outage and 200 again afterwards', async () => {
    expect((await api.get('/api/forums', token)).status).toBe(200);

    proxy.cutOff();
    const during = await Promise.all(['/api/forums', '/api/cities/bologna', '/api/forums', '/api/me/digest-preferences'].map(timed));
    for (const response of during) {
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.body).toMatchObject({ status: 503 });
      expect(response.ms).toBeLessThan(FAIL_FAST_MS);
    }
    // A second wave, once the pool knows its connections are gone: still fast, still 503.
    const again = await timed('/api/forums');
    expect(again.status).toBe(503);
    expect(again.ms).toBeLessThan(FAIL_FAST_MS);

    proxy.restore();
    await eventually(async () => (await api.get('/api/forums', token)).status === 200, 30_000, 'the api to reach PostgreSQL again');
    const after = await Promise.all(['/api/forums', '/api/cities/bologna', '/api/me/digest-preferences'].map(timed));
    expect(after.map((response) => response.status)).toEqual([200, 200, 200]);
  }, 90_000);
});
