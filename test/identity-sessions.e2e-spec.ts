import { createHash, randomBytes, randomUUID } from 'node:crypto';
import * as jwt from 'jsonwebtoken';
import { ApiClient, SEEDED } from './support/api-client';
import { pause } from './support/live-client';
import { TestEnv, TEST_JWT_SECRET } from './support/test-env';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('identity: how a session ends (logout, the dashboard cookie, a refresh racing a logout)', () => {
  let env: TestEnv;
  let api: ApiClient;
  let adminId: string;

  beforeAll(async () => {
    // Behind HTTPS: the dashboard cookie must then never travel over plain HTTP.
    env = await TestEnv.create({ PUBLIC_URL: 'https://agora.example' });
    api = await env.startApi();
    adminId = (await api.get('/api/me', await api.tokenFor(SEEDED.admin))).body.id;
  });
  afterAll(() => env.close());

  /** A signed-in session of the admin, made without a password hash per session (argon2 is slow). */
  async function session(): Promise<{ sid: string; accessToken: string; refreshToken: string }> {
    const sid = randomUUID();
    const refreshToken = randomBytes(32).toString('base64url');
    await env.sql(
      `insert into refresh_token (id, created_at, user_id, family_id, token_hash, expires_at)
       values ($1, now(), $2, $3, $4, now() + interval '1 day')`,
      [randomUUID(), adminId, sid, sha256(refreshToken)],
    );
    const accessToken = jwt.sign({ sub: adminId, role: 'admin', city: null, sid }, TEST_JWT_SECRET, { expiresIn: 600 });
    return { sid, accessToken, refreshToken };
  }

  const openBoard = (cookie: string) => fetch(`${api.baseUrl}/admin/queues`, { headers: { cookie } });

  describe('the queue dashboard cookie', () => {
    it('is Secure behind https, HttpOnly, SameSite=Strict and scoped to the dashboard', async () => {
      const { accessToken } = await session();
      const opened = await api.post('/api/admin/queues/session', undefined, accessToken);
      expect(opened.status).toBe(204);
      const setCookie = opened.headers.get('set-cookie') ?? '';
      expect(setCookie).toMatch(/^agora_queues=[^;]+; Path=\/admin\/queues; Max-Age=3600; HttpOnly; SameSite=Strict; Secure$/);
    });

    it('stops opening the dashboard at logout, which also deletes it in the browser', async () => {
      const { accessToken } = await session();
      const cookie = ((await api.post('/api/admin/queues/session', undefined, accessToken)).headers.get('set-cookie') ?? '').split(';')[0];
      expect((await openBoard(cookie)).status).toBe(200);

      const logout = await api.post('/api/auth/logout', undefined, accessToken);
      expect(logout.status).toBe(204);
      expect(logout.headers.getSetCookie()).toContain('agora_queues=; Path=/admin/queues; Max-Age=0; HttpOnly; SameSite=Strict; Secure');

      // A copy kept (or a browser that ignored the deletion) is refused by the server.
      const refused = await openBoard(cookie);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });

    it('stops opening the dashboard when the session is revoked for a reused refresh token', async () => {
      const { accessToken, refreshToken } = await session();
      const cookie = ((await api.post('/api/admin/queues/session', undefined, accessToken)).headers.get('set-cookie') ?? '').split(';')[0];
      expect((await api.post('/api/auth/refresh', { refreshToken })).status).toBe(200);
      expect((await api.post('/api/auth/refresh', { refreshToken })).status).toBe(401);
      expect((await openBoard(cookie)).status).toBe(401);
    });
  });

  it('a refresh racing a logout never leaves a live token behind (many rounds)', async () => {
    const ROUNDS = 40;
    for (let round = 0; round < ROUNDS; round += 1) {
      const { sid, accessToken, refreshToken } = await session();
      // The logout leaves 0-9 ms after the refresh, so it lands before, during and after the exchange.
      const [refreshed, loggedOut] = await Promise.all([
        api.post('/api/auth/refresh', { refreshToken }),
        pause(round % 10).then(() => api.post('/api/auth/logout', undefined, accessToken)),
      ]);
      expect(loggedOut.status).toBe(204);
      expect([200, 401]).toContain(refreshed.status);
      if (refreshed.status === 200) {
        expect((await api.post('/api/auth/refresh', { refreshToken: refreshed.body.refreshToken })).status).toBe(401);
      }
      const live = await env.sql('select id from refresh_token where family_id = $1 and revoked_at is null', [sid]);
      expect(live).toEqual([]);
    }
  }, 120_000);
});
