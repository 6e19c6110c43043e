import { ApiClient, DEV_PASSWORD, SEEDED } from './support/api-client';
import { TestEnv } from './support/test-env';

describe('identity: sign-in, refresh rotation, invitations', () => {
  let env: TestEnv;
  let api: ApiClient;

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.startApi();
  });
  afterAll(() => env.close());

  const login = (email: string, password = DEV_PASSWORD) => api.post('/api/auth/login', { email, password });

  describe('sign-in', () => {
    it('signs in a seeded officer and returns tokens and the user with their city', async () => {
      const { status, body } = await login(SEEDED.bologna);
      expect(status).toBe(200);
      expect(body.accessToken).toEqual(expect.any(String));
      expect(body.refreshToken).toEqual(expect.any(String));
      expect(body.user).toMatchObject({ email: SEEDED.bologna, role: 'member', city: { slug: 'bologna', name: 'Bologna' } });
      expect(body.user.passwordHash).toBeUndefined();
    });

    it('treats the e-mail case-insensitively', async () => {
      expect((await login('Officer.Bologna@AGORA.test')).status).toBe(200);
    });

    it.each([
      ['a wrong password', SEEDED.bologna, 'not-the-password'],
      ['an unknown e-mail', 'nobody@agora.test', DEV_PASSWORD],
    ])('refuses %s with 401 problem+json that does not tell which', async (_case, email, password) => {
      const { status, body, headers } = await login(email, password);
      expect(status).toBe(401);
      expect(headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(body).toMatchObject({ status: 401, title: 'Unauthorized', detail: 'E-mail or password is wrong' });
    });

    it('GET /api/me returns the signed-in user, and 401 without a token or with a forged one', async () => {
      const token = await api.tokenFor(SEEDED.secretariat);
      const me = await api.get('/api/me', token);
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ email: SEEDED.secretariat, role: 'secretariat', city: null });
      expect((await api.get('/api/me')).status).toBe(401);
      expect((await api.get('/api/me', `${token.slice(0, -4)}AAAA`)).status).toBe(401);
    });
  });

  describe('refresh tokens', () => {
    it('rotate: each refresh returns a new pair and the new access token works', async () => {
      const first = (await login(SEEDED.leipzig)).body;
      const second = await api.post('/api/auth/refresh', { refreshToken: first.refreshToken });
      expect(second.status).toBe(200);
      expect(second.body.refreshToken).not.toBe(first.refreshToken);
      expect((await api.get('/api/me', second.body.accessToken)).body.email).toBe(SEEDED.leipzig);
      const third = await api.post('/api/auth/refresh', { refreshToken: second.body.refreshToken });
      expect(third.status).toBe(200);
    });

    it('presenting a used token is a 401 and revokes the whole family, including the newest token', async () => {
      const first = (await login(SEEDED.leipzig)).body;
      const second = (await api.post('/api/auth/refresh', { refreshToken: first.refreshToken })).body;
      const replay = await api.post('/api/auth/refresh', { refreshToken: first.refreshToken });
      expect(replay.status).toBe(401);
      expect((await api.post('/api/auth/refresh', { refreshToken: second.refreshToken })).status).toBe(401);
      const stored = await env.sql<{ revoked: string }>(
        "select count(*) filter (where revoked_at is null) as revoked from refresh_token where token_hash = encode(sha256($1::bytea), 'hex')",
        [second.refreshToken],
      );
      expect(Number(stored[0].revoked)).toBe(0);
    });

    it('of two concurrent refreshes with one token, exactly one succeeds', async () => {
      const { refreshToken } = (await login(SEEDED.leipzig)).body;
      const results = await Promise.all([1, 2, 3].map(() => api.post('/api/auth/refresh', { refreshToken })));
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    });

    it('refuses an unknown token', async () => {
      expect((await api.post('/api/auth/refresh', { refreshToken: 'made-up' })).status).toBe(401);
    });

    it('logout (204) ends the session: its refresh token stops working', async () => {
      const session = (await login(SEEDED.leipzig)).body;
      expect((await api.post('/api/auth/logout', undefined, session.accessToken)).status).toBe(204);
      expect((await api.post('/api/auth/refresh', { refreshToken: session.refreshToken })).status).toBe(401);
      expect((await api.post('/api/auth/logout')).status).toBe(401);
    });
  });

  describe('invitations', () => {
    it('the secretariat invites an officer of Malmö, who accepts, is signed in and can sign in again', async () => {
      const token = await api.tokenFor(SEEDED.secretariat);
      const invited = await api.post('/api/invitations', { email: 'Anna@Malmo.example', citySlug: 'malmo', role: 'member' }, token);
      expect(invited.status).toBe(201);
      expect(invited.body).toMatchObject({ email: 'anna@malmo.example', role: 'member', city: { slug: 'malmo', name: 'Malmö' } });
      const link = invited.body.link as string;
      expect(link).toMatch(/\/invitations\/[\w-]{43}$/);
      const invitationToken = link.split('/').pop()!;

      const accepted = await api.post(`/api/invitations/${invitationToken}/accept`, {
        name: 'Anna Lindqvist',
        password: 'a-long-passphrase',
      });
      expect(accepted.status).toBe(201);
      expect(accepted.body.user).toMatchObject({
        email: 'anna@malmo.example',
        name: 'Anna Lindqvist',
        role: 'member',
        city: { slug: 'malmo' },
      });
      expect((await api.get('/api/me', accepted.body.accessToken)).status).toBe(200);
      expect((await login('anna@malmo.example', 'a-long-passphrase')).status).toBe(200);

      const again = await api.post(`/api/invitations/${invitationToken}/accept`, { name: 'Mallory', password: 'another-passphrase' });
      expect(again.status).toBe(409);
    });

    it('an unknown invitation token is a 404', async () => {
      expect((await api.post('/api/invitations/not-a-token/accept', { name: 'X', password: 'a-long-passphrase' })).status).toBe(404);
    });

    it('an admin may invite an admin; the secretariat may not (403); a member may not invite at all', async () => {
      const admin = await api.tokenFor(SEEDED.admin);
      const secretariat = await api.tokenFor(SEEDED.secretariat);
      const member = await api.tokenFor(SEEDED.bologna);
      expect((await api.post('/api/invitations', { email: 'new.admin@agora.test', role: 'admin' }, admin)).status).toBe(201);
      expect((await api.post('/api/invitations', { email: 'other.admin@agora.test', role: 'admin' }, secretariat)).status).toBe(403);
      expect((await api.post('/api/invitations', { email: 'x@agora.test', citySlug: 'bologna', role: 'member' }, member)).status).toBe(403);
    });

    it('refuses a member without a city (400), an unknown city (404) and an existing user (409), writing nothing', async () => {
      const token = await api.tokenFor(SEEDED.secretariat);
      const before = await env.sql('select count(*)::int as n from invitation');
      expect((await api.post('/api/invitations', { email: 'c@x.example', role: 'member' }, token)).status).toBe(400);
      expect((await api.post('/api/invitations', { email: 'c@x.example', citySlug: 'atlantis', role: 'member' }, token)).status).toBe(404);
      expect((await api.post('/api/invitations', { email: SEEDED.leipzig, citySlug: 'leipzig', role: 'member' }, token)).status).toBe(409);
      expect(await env.sql('select count(*)::int as n from invitation')).toEqual(before);
    });

    it('refuses a short password on acceptance with a field error', async () => {
      const token = await api.tokenFor(SEEDED.secretariat);
      const link = (await api.post('/api/invitations', { email: 'short@x.example', citySlug: 'oslo', role: 'member' }, token)).body.link;
      const response = await api.post(`/api/invitations/${link.split('/').pop()}/accept`, { name: 'S', password: 'short' });
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'password' })]));
    });
  });
});
