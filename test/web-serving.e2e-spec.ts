import { existsSync, readdirSync } from 'node:fs';
import { ApiClient, DEV_PASSWORD, SEEDED } from './support/api-client';
import { TestEnv } from './support/test-env';

const ASSETS = 'dist/web/assets';

describe('the API serves the web client', () => {
  let env: TestEnv;
  let api: ApiClient;

  beforeAll(async () => {
    if (!existsSync('dist/web/index.html')) throw new Error('dist/web is missing: npm test builds it (npm run build:web)');
    env = await TestEnv.create();
    api = await env.startApi();
  });
  afterAll(() => env.close());

  it('serves index.html at / with no-cache and a strict CSP (no inline script)', async () => {
    const response = await fetch(`${api.baseUrl}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toMatch(/connect-src 'self' ws:\/\/localhost:3000/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(await response.text()).toContain('<div id="root"></div>');
  });

  it('falls back to index.html for the client routes (links in mail survive)', async () => {
    for (const path of [
      '/threads/0190a0c4-0000-7000-8000-000000000000',
      '/cities/bologna',
      '/settings/digest',
      '/invitations/abc?x=1',
      '/no/such/page',
    ]) {
      const response = await fetch(`${api.baseUrl}${path}`);
      expect({ path, status: response.status, type: response.headers.get('content-type') }).toEqual({
        path,
        status: 200,
        type: 'text/html; charset=utf-8',
      });
    }
  });

  it('serves hashed assets immutable for a year', async () => {
    const script = readdirSync(ASSETS).find((name) => name.endsWith('.js'));
    const response = await fetch(`${api.baseUrl}/assets/${script}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('leaves /api, /health, /api/docs and /admin/queues to the server', async () => {
    const unknown = await fetch(`${api.baseUrl}/api/nowhere`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await unknown.json()) as any).code).toBe('not-found');
    expect((await fetch(`${api.baseUrl}/health`)).headers.get('content-type')).toMatch(/json/);
    expect((await fetch(`${api.baseUrl}/api/docs-json`)).headers.get('content-type')).toMatch(/json/);
    expect((await fetch(`${api.baseUrl}/admin/queues`)).status).toBe(401);
    expect((await fetch(`${api.baseUrl}/assets/missing.js`)).status).toBe(404);
  });

  describe('the refresh token cookie', () => {
    const login = () =>
      fetch(`${api.baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: SEEDED.bologna, password: DEV_PASSWORD }),
      });
    const refreshWith = (cookie: string) =>
      fetch(`${api.baseUrl}/api/auth/refresh`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: '{}' });
    const cookieOf = (response: Response) => (response.headers.get('set-cookie') ?? '').split(';')[0];

    it('is set on sign-in: httpOnly, SameSite=Strict, scoped to /api/auth', async () => {
      const response = await login();
      const header = response.headers.get('set-cookie') ?? '';
      expect(header).toMatch(/^agora_refresh=[^;]+; Path=\/api\/auth; Max-Age=\d+; HttpOnly; SameSite=Strict$/);
      expect(header).toContain(((await response.json()) as any).refreshToken);
    });

    it('refreshes from the cookie when the body has none, rotating it; a reused cookie is refused', async () => {
      const first = cookieOf(await login());
      const refreshed = await refreshWith(first);
      expect(refreshed.status).toBe(200);
      expect(((await refreshed.json()) as any).accessToken).toEqual(expect.any(String));
      const second = cookieOf(refreshed);
      expect(second).not.toBe(first);
      expect((await refreshWith(first)).status).toBe(401);
      expect((await refreshWith(second)).status).toBe(401); // the reuse revoked the family
    });

    it('without a cookie or a body token, refresh is a 401 problem', async () => {
      const response = await refreshWith('');
      expect(response.status).toBe(401);
      expect(((await response.json()) as any).code).toBe('unauthorized');
    });

    it('is cleared on sign-out', async () => {
      const session: any = await (await login()).json();
      const response = await fetch(`${api.baseUrl}/api/auth/logout`, {
        method: 'POST',
        headers: { authorization: `Bearer ${session.accessToken}` },
      });
      expect(response.status).toBe(204);
      expect(response.headers.get('set-cookie')).toMatch(/^agora_refresh=; Path=\/api\/auth; Max-Age=0; HttpOnly; SameSite=Strict$/);
    });
  });

  describe('PATCH /api/me (the settings page)', () => {
    it("changes the user's own name, time zone and languages, and GET /api/me shows them", async () => {
      const token = await api.tokenFor(SEEDED.leipzig);
      const { status, body } = await api.patch(
        '/api/me',
        { name: 'Jonas Weber', timezone: 'Europe/Berlin', languages: ['de', 'en'] },
        token,
      );
      expect(status).toBe(200);
      expect(body).toMatchObject({ name: 'Jonas Weber', timezone: 'Europe/Berlin', languages: ['de', 'en'] });
      expect((await api.get('/api/me', token)).body).toMatchObject({ timezone: 'Europe/Berlin', languages: ['de', 'en'] });
    });

    it('refuses an unknown time zone or language with a 400 naming the field, and changes nothing', async () => {
      const token = await api.tokenFor(SEEDED.bologna);
      const zone = await api.patch('/api/me', { timezone: 'Mars/Olympus' }, token);
      expect(zone.status).toBe(400);
      expect(zone.body.errors).toEqual([{ field: 'timezone', message: expect.any(String) }]);
      expect(zone.body.code).toBe('validation-failed');
      const language = await api.patch('/api/me', { languages: ['xx'] }, token);
      expect(language.status).toBe(400);
      expect(language.body.errors[0].field).toBe('languages');
      expect((await api.patch('/api/me', { role: 'admin' }, token)).status).toBe(400);
      expect((await api.get('/api/me', token)).body).toMatchObject({ role: 'member', timezone: 'Europe/Rome', languages: ['it', 'en'] });
    });

    it('is for signed-in users only', async () => {
      expect((await api.patch('/api/me', { name: 'x' })).status).toBe(401);
    });
  });
});
