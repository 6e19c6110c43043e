import { ApiClient, SEEDED } from './support/api-client';
import { seededTokens } from './support/factories';
import { TestEnv } from './support/test-env';

const FORUM_SLUGS = ['culture', 'economic-development', 'environment', 'knowledge-society', 'mobility', 'social-affairs'];

describe('forums and working groups', () => {
  let env: TestEnv;
  let api: ApiClient;
  let bologna: string;
  let leipzig: string;
  let secretariat: string;

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.startApi();
    ({ bologna, leipzig, secretariat } = await seededTokens(api));
  });
  afterAll(() => env.close());

  const createGroup = (forum: string, body: Record<string, unknown>, token: string) =>
    api.post(`/api/forums/${forum}/working-groups`, { description: 'What works, shared.', visibility: 'public', ...body }, token);

  describe('forums', () => {
    it('lists exactly the six forums', async () => {
      const { status, body } = await api.get('/api/forums', bologna);
      expect(status).toBe(200);
      expect(body.items.map((forum: { slug: string }) => forum.slug)).toEqual(FORUM_SLUGS);
      expect(body.nextCursor).toBeNull();
    });

    it('gets one forum by slug; an unknown slug is a 404', async () => {
      expect((await api.get('/api/forums/mobility', bologna)).body).toMatchObject({ slug: 'mobility', name: 'Mobility', following: false });
      expect((await api.get('/api/forums/astrology', bologna)).status).toBe(404);
    });

    it('follow is idempotent and shows in the list; unfollow is a 204', async () => {
      expect((await api.put('/api/forums/mobility/follow', undefined, bologna)).body.following).toBe(true);
      expect((await api.put('/api/forums/mobility/follow', undefined, bologna)).status).toBe(200);
      const listed = (await api.get('/api/forums', bologna)).body.items;
      expect(listed.filter((forum: { following: boolean }) => forum.following).map((forum: { slug: string }) => forum.slug)).toEqual([
        'mobility',
      ]);
      expect((await api.get('/api/forums/mobility', leipzig)).body.following).toBe(false);
      expect((await api.delete('/api/forums/mobility/follow', bologna)).status).toBe(204);
      expect((await api.get('/api/forums/mobility', bologna)).body.following).toBe(false);
      expect(await env.sql('select * from forum_follow')).toHaveLength(0);
    });
  });

  describe('creating working groups', () => {
    it('the secretariat creates one and leads it unless a lead is named', async () => {
      const own = await createGroup('environment', { name: 'Air Quality' }, secretariat);
      expect(own.status).toBe(201);
      expect(own.body).toMatchObject({ name: 'Air Quality', forum: { slug: 'environment' }, visibility: 'public', memberCount: 1 });
      expect(own.body.leads.map((lead: { name: string }) => lead.name)).toEqual(['Sofie Secretariat']);

      const led = await createGroup('environment', { name: 'Urban Heat', leadEmail: SEEDED.bologna }, secretariat);
      expect(led.body.leads).toEqual([expect.objectContaining({ name: 'Giulia Rossi', city: { slug: 'bologna', name: 'Bologna' } })]);
    });

    it("only officers of the forum's current chair city may, besides the staff", async () => {
      expect((await createGroup('mobility', { name: 'Cycling' }, leipzig)).status).toBe(403);
      const year = new Date().getUTCFullYear();
      const mandate = await api.post('/api/cities/leipzig/mandates', { role: 'forum-chair', scope: 'mobility', from: year }, secretariat);
      expect(mandate.status).toBe(201);
      expect((await createGroup('mobility', { name: 'Cycling' }, leipzig)).status).toBe(201);
      expect((await createGroup('culture', { name: 'Libraries' }, leipzig)).status).toBe(403);
      // Bologna chaired Culture in 2013-2014: a past mandate grants nothing now.
      expect((await createGroup('culture', { name: 'Museums' }, bologna)).status).toBe(403);
    });

    it('refuses a duplicate name (409), an unknown lead (400) and bad input (400), writing nothing', async () => {
      expect((await createGroup('environment', { name: 'Air Quality' }, secretariat)).status).toBe(409);
      const before = await env.sql('select count(*)::int as n from working_group');
      expect((await createGroup('environment', { name: 'Noise', leadEmail: 'ghost@agora.test' }, secretariat)).status).toBe(400);
      const bad = await createGroup('environment', { name: 'N', visibility: 'secret', extra: 1 }, secretariat);
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['extra', 'name', 'visibility']);
      expect((await createGroup('atlantis', { name: 'Atlantis Group' }, secretariat)).status).toBe(404);
      expect(await env.sql('select count(*)::int as n from working_group')).toEqual(before);
    });
  });

  describe('joining', () => {
    let publicGroup: string;
    let privateGroup: string;

    beforeAll(async () => {
      publicGroup = (await createGroup('social-affairs', { name: 'Housing First' }, secretariat)).body.id;
      privateGroup = (
        await createGroup(
          'social-affairs',
          { name: 'Migrant Integration Leads', visibility: 'private', leadEmail: SEEDED.bologna },
          secretariat,
        )
      ).body.id;
    });

    it('a public group: member at once (200), and joining again changes nothing', async () => {
      const joined = await api.post(`/api/working-groups/${publicGroup}/join`, undefined, leipzig);
      expect(joined.status).toBe(200);
      expect(joined.body).toMatchObject({ status: 'active', role: 'member', user: { name: 'Jonas Weber' } });
      expect((await api.post(`/api/working-groups/${publicGroup}/join`, undefined, leipzig)).body.id).toBe(joined.body.id);
      const members = await api.get(`/api/working-groups/${publicGroup}/members`, bologna);
      expect(members.body.items.map((m: { user: { name: string } }) => m.user.name).sort()).toEqual(['Jonas Weber', 'Sofie Secretariat']);
      expect((await api.get(`/api/working-groups/${publicGroup}`, leipzig)).body.membership).toEqual({ role: 'member', status: 'active' });
    });

    it('a private group is a 404 to non-members: get, members, listing', async () => {
      expect((await api.get(`/api/working-groups/${privateGroup}`, leipzig)).status).toBe(404);
      expect((await api.get(`/api/working-groups/${privateGroup}/members`, leipzig)).status).toBe(404);
      const listed = (await api.get('/api/forums/social-affairs/working-groups', leipzig)).body.items.map((g: { name: string }) => g.name);
      expect(listed).toEqual(['Housing First']);
      const asLead = (await api.get('/api/forums/social-affairs/working-groups', bologna)).body.items.map((g: { name: string }) => g.name);
      expect(asLead).toEqual(['Housing First', 'Migrant Integration Leads']);
      expect((await api.get(`/api/working-groups/${privateGroup}`, secretariat)).status).toBe(200);
    });

    it('a private group: a pending request (202) the lead approves; then the group is visible', async () => {
      const requested = await api.post(`/api/working-groups/${privateGroup}/join`, undefined, leipzig);
      expect(requested.status).toBe(202);
      expect(requested.body.status).toBe('pending');
      expect((await api.get(`/api/working-groups/${privateGroup}`, leipzig)).status).toBe(404);

      const requests = await api.get(`/api/working-groups/${privateGroup}/join-requests`, bologna);
      expect(requests.body.items.map((r: { id: string }) => r.id)).toEqual([requested.body.id]);

      const approved = await api.post(`/api/working-groups/${privateGroup}/join-requests/${requested.body.id}/approve`, undefined, bologna);
      expect(approved.status).toBe(200);
      expect(approved.body.status).toBe('active');
      expect((await api.get(`/api/working-groups/${privateGroup}`, leipzig)).body.membership).toEqual({ role: 'member', status: 'active' });
      expect(
        (await api.post(`/api/working-groups/${privateGroup}/join-requests/${requested.body.id}/approve`, undefined, bologna)).status,
      ).toBe(409);
    });

    it('only the lead and the staff answer requests or see them', async () => {
      const other = (
        await createGroup('social-affairs', { name: 'Homelessness Data', visibility: 'private', leadEmail: SEEDED.leipzig }, secretariat)
      ).body.id;
      const request = (await api.post(`/api/working-groups/${other}/join`, undefined, bologna)).body;
      expect((await api.post(`/api/working-groups/${other}/join-requests/${request.id}/approve`, undefined, bologna)).status).toBe(404);
      expect((await api.get(`/api/working-groups/${other}/join-requests`, secretariat)).body.items).toHaveLength(1);
      expect((await api.post(`/api/working-groups/${other}/join-requests/${request.id}/decline`, undefined, leipzig)).status).toBe(204);
      expect((await api.get(`/api/working-groups/${other}/join-requests`, leipzig)).body.items).toHaveLength(0);
      expect((await api.get(`/api/working-groups/${other}`, bologna)).status).toBe(404);
    });

    it('an approval racing a decline: exactly one wins, and the membership is what it says', async () => {
      const group = (
        await createGroup('economic-development', { name: 'Port Cities', visibility: 'private', leadEmail: SEEDED.bologna }, secretariat)
      ).body.id;
      for (let round = 0; round < 6; round++) {
        const request = (await api.post(`/api/working-groups/${group}/join`, undefined, leipzig)).body;
        const answers = await Promise.all([
          api.post(`/api/working-groups/${group}/join-requests/${request.id}/approve`, undefined, bologna),
          api.post(`/api/working-groups/${group}/join-requests/${request.id}/decline`, undefined, secretariat),
        ]);
        const statuses = answers.map((answer) => answer.status);
        // The loser finds the request answered (409) or, after a decline, gone (404).
        expect(statuses.filter((status) => status === 200 || status === 204)).toHaveLength(1);
        expect(statuses.filter((status) => status === 409 || status === 404)).toHaveLength(1);
        const seen = await api.get(`/api/working-groups/${group}`, leipzig);
        if (statuses[0] === 200) {
          expect(answers[0].body).toMatchObject({ status: 'active', user: { name: 'Jonas Weber' } });
          expect(seen.body.membership).toEqual({ role: 'member', status: 'active' });
          expect((await api.post(`/api/working-groups/${group}/leave`, undefined, leipzig)).status).toBe(204);
        } else {
          expect(statuses[1]).toBe(204);
          expect(seen.status).toBe(404);
        }
      }
    });

    it('members leave (204); the only lead cannot (409); the lead removes a member', async () => {
      expect((await api.post(`/api/working-groups/${privateGroup}/leave`, undefined, bologna)).status).toBe(409);
      expect((await api.post(`/api/working-groups/${privateGroup}/leave`, undefined, leipzig)).status).toBe(204);
      expect((await api.get(`/api/working-groups/${privateGroup}`, leipzig)).status).toBe(404);

      await api.post(`/api/working-groups/${publicGroup}/join`, undefined, bologna);
      const leipzigId = (await api.get('/api/me', leipzig)).body.id;
      expect((await api.delete(`/api/working-groups/${publicGroup}/members/${leipzigId}`, bologna)).status).toBe(403);
      expect((await api.delete(`/api/working-groups/${publicGroup}/members/${leipzigId}`, secretariat)).status).toBe(204);
      expect((await api.get(`/api/working-groups/${publicGroup}`, leipzig)).body.membership).toBeNull();
    });

    it('two leads leaving at once: one leaves (204), the other stays as the last lead (409)', async () => {
      const leipzigId = (await api.get('/api/me', leipzig)).body.id;
      for (let round = 0; round < 6; round++) {
        const group = (await createGroup('culture', { name: `Twin Leads ${round}`, leadEmail: SEEDED.bologna }, secretariat)).body.id;
        await api.post(`/api/working-groups/${group}/join`, undefined, leipzig);
        // There is no endpoint to appoint a second lead yet.
        await env.sql(`update working_group_membership set role = 'lead' where working_group_id = $1 and user_id = $2`, [group, leipzigId]);
        const left = await Promise.all([bologna, leipzig].map((token) => api.post(`/api/working-groups/${group}/leave`, undefined, token)));
        expect(left.map((response) => response.status).sort()).toEqual([204, 409]);
        expect(left.find((response) => response.status === 409)!.headers.get('content-type')).toMatch(/problem\+json/);
        expect((await api.get(`/api/working-groups/${group}`, secretariat)).body.leads).toHaveLength(1);
      }
    });

    it('bad ids: 400 for a malformed one, 404 for an unknown one', async () => {
      expect((await api.get('/api/working-groups/not-a-uuid', leipzig)).status).toBe(400);
      expect((await api.get('/api/working-groups/01a21936-9a13-73cf-8e3f-e4f5cb4e4ff5', leipzig)).status).toBe(404);
      expect((await api.post('/api/working-groups/01a21936-9a13-73cf-8e3f-e4f5cb4e4ff5/join', undefined, leipzig)).status).toBe(404);
    });
  });
});
