import { ApiClient, SEEDED } from './support/api-client';
import { newCity } from './support/factories';
import { TestEnv } from './support/test-env';

describe('network: cities, mandates, the Executive Committee', () => {
  let env: TestEnv;
  let api: ApiClient;
  let member: string;
  let secretariat: string;

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.startApi();
    member = await api.tokenFor(SEEDED.bologna);
    secretariat = await api.tokenFor(SEEDED.secretariat);
  });
  afterAll(() => env.close());
  const newCities = (count: number) => Promise.all(Array.from({ length: count }, () => newCity(api, secretariat)));

  it("Bologna's profile reads back exactly its documented history", async () => {
    const { status, body } = await api.get('/api/cities/bologna', member);
    expect(status).toBe(200);
    expect(body).toMatchObject({ slug: 'bologna', name: 'Bologna', country: 'IT', memberSince: 1991 });
    expect(body.twinnings).toEqual([{ city: { slug: 'leipzig', name: 'Leipzig' }, since: 1962 }]);
    const mandates = body.mandates.map(({ role, scope, from, to }: Record<string, unknown>) => ({ role, scope, from, to }));
    expect(mandates).toEqual([
      { role: 'executive-committee-member', scope: { kind: 'network' }, from: 1993, to: 1999 },
      { role: 'president', scope: { kind: 'network' }, from: 1995, to: 1995 },
      { role: 'president', scope: { kind: 'network' }, from: 1996, to: 1996 },
      { role: 'forum-chair', scope: { kind: 'forum', slug: 'knowledge-society' }, from: 2007, to: 2008 },
      { role: 'forum-chair', scope: { kind: 'forum', slug: 'culture' }, from: 2013, to: 2014 },
    ]);
  });

  it("Leipzig's profile shows the twinning from its side", async () => {
    const { body } = await api.get('/api/cities/leipzig', member);
    expect(body).toMatchObject({ country: 'DE', memberSince: null, mandates: [] });
    expect(body.twinnings).toEqual([{ city: { slug: 'bologna', name: 'Bologna' }, since: 1962 }]);
  });

  it('lists cities by name with a cursor, and filters by country', async () => {
    const first = await api.get('/api/cities?limit=10', member);
    expect(first.body.items).toHaveLength(10);
    const second = await api.get(`/api/cities?limit=10&cursor=${first.body.nextCursor}`, member);
    const names = [...first.body.items, ...second.body.items].map((city: { name: string }) => city.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : 1)));
    expect(new Set(names).size).toBe(20);

    const italian = await api.get('/api/cities?country=IT&limit=100', member);
    expect(italian.body.items.map((city: { slug: string }) => city.slug)).toEqual(
      expect.arrayContaining(['bologna', 'florence', 'milan', 'rome']),
    );
    expect(italian.body.items.every((city: { country: string }) => city.country === 'IT')).toBe(true);
    expect(italian.body.nextCursor).toBeNull();
  });

  it('walks the whole list with the cursor without loss or repetition', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { slug: string }[]; nextCursor: string | null } } = await api.get(
        `/api/cities?limit=7${cursor ? `&cursor=${cursor}` : ''}`,
        member,
      );
      seen.push(...page.body.items.map((city) => city.slug));
      cursor = page.body.nextCursor;
    } while (cursor);
    const total = await env.sql<{ n: number }>('select count(*)::int as n from city');
    expect(seen).toHaveLength(total[0].n);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('an unknown city is a 404 problem', async () => {
    const { status, body } = await api.get('/api/cities/atlantis', member);
    expect(status).toBe(404);
    expect(body.title).toBe('Not Found');
  });

  it('shows Florence chairing the Executive Committee', async () => {
    const { body } = await api.get('/api/governance/executive-committee', member);
    expect(body.chair).toEqual({ slug: 'florence', name: 'Florence' });
    expect(body.members).toContainEqual({ slug: 'florence', name: 'Florence' });
  });

  it('seats at most 12 concurrent Executive Committee members: the 13th is a 409, also when racing', async () => {
    const year = new Date().getUTCFullYear();
    const current = (await api.get('/api/governance/executive-committee', member)).body.members.length;
    const candidates = await newCities(14);
    const seat = (slug: string) =>
      api.post(`/api/cities/${slug}/mandates`, { role: 'executive-committee-member', from: year }, secretariat);
    const free = 12 - current;
    for (const slug of candidates.slice(0, free - 1)) expect((await seat(slug)).status).toBe(201);
    // Two cities race for the last seat.
    const race = await Promise.all(candidates.slice(free - 1, free + 1).map(seat));
    expect(race.map((r) => r.status).sort()).toEqual([201, 409]);
    const thirteenth = await seat(candidates[free + 1]);
    expect(thirteenth.status).toBe(409);
    expect(thirteenth.body.detail).toMatch(/12 member cities/);
    expect((await api.get('/api/governance/executive-committee', member)).body.members).toHaveLength(12);

    // Ending a mandate before it began is refused; ending it last year frees a seat for this year.
    const someone = (await api.get(`/api/cities/${candidates[0]}`, member)).body.mandates[0];
    expect((await api.patch(`/api/mandates/${someone.id}`, { to: year - 1 }, secretariat)).status).toBe(400);
    const veteran = await api.post(
      `/api/cities/${await newCity(api, secretariat)}/mandates`,
      { role: 'executive-committee-member', from: year - 1, to: year - 1 },
      secretariat,
    );
    expect(veteran.status).toBe(201);
    expect((await api.patch(`/api/mandates/${veteran.body.id}`, { to: year - 1 }, secretariat)).status).toBe(200);
  });

  it('ending a mandate later is held to the same limits, also when racing for the last seat', async () => {
    // 1990: a year no seeded or earlier mandate covers, so this test owns its seats.
    const seat = (slug: string, from: number, to: number) =>
      api.post(`/api/cities/${slug}/mandates`, { role: 'executive-committee-member', from, to }, secretariat);
    for (const slug of await newCities(11)) {
      expect((await seat(slug, 1990, 1990)).status).toBe(201);
    }
    const veterans = await Promise.all((await newCities(3)).map(async (slug) => (await seat(slug, 1989, 1989)).body.id));
    const extend = (id: string) => api.patch(`/api/mandates/${id}`, { to: 1990 }, secretariat);
    const race = await Promise.all(veterans.slice(0, 2).map(extend));
    expect(race.map((r) => r.status).sort()).toEqual([200, 409]);
    const third = await extend(veterans[2]);
    expect(third.status).toBe(409);
    expect(third.body.detail).toMatch(/12 member cities/);
    const seated = await env.sql<{ n: number }>(
      `select count(*)::int as n from mandate where role = 'executive-committee-member' and "from" <= 1990 and ("to" is null or "to" >= 1990)`,
    );
    expect(seated).toEqual([{ n: 12 }]);

    // One president at a time: Bologna presided in 1995.
    const president = await api.post('/api/cities/porto/mandates', { role: 'president', from: 1994, to: 1994 }, secretariat);
    expect((await api.patch(`/api/mandates/${president.body.id}`, { to: 1995 }, secretariat)).status).toBe(409);
  });

  it('refuses a second current chair with 409', async () => {
    const year = new Date().getUTCFullYear();
    const response = await api.post('/api/cities/milan/mandates', { role: 'executive-committee-chair', from: year }, secretariat);
    expect(response.status).toBe(409);
  });

  it('the secretariat creates a city, updates it and twins it; duplicates are 409', async () => {
    const created = await api.post('/api/cities', { slug: 'malaga', name: 'Málaga', country: 'ES' }, secretariat);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ slug: 'malaga', name: 'Málaga', country: 'ES', memberSince: null });
    expect((await api.post('/api/cities', { slug: 'malaga', name: 'Malaga', country: 'ES' }, secretariat)).status).toBe(409);
    const updated = await api.patch('/api/cities/malaga', { memberSince: 2001 }, secretariat);
    expect(updated.body.memberSince).toBe(2001);
    const twinned = await api.post('/api/cities/malaga/twinnings', { city: 'porto', since: 1990 }, secretariat);
    expect(twinned.status).toBe(201);
    expect(twinned.body.twinnings).toEqual([{ city: { slug: 'porto', name: 'Porto' }, since: 1990 }]);
    expect((await api.post('/api/cities/porto/twinnings', { city: 'malaga' }, secretariat)).status).toBe(409);
    expect((await api.post('/api/cities/porto/twinnings', { city: 'porto' }, secretariat)).status).toBe(409);
  });

  it('network facts: founded 1986, secretariat in Brussels', async () => {
    const { body } = await api.get('/api/network', member);
    expect(body).toMatchObject({ founded: 1986, secretariat: { city: 'Brussels', country: 'BE' } });
    expect(body.memberCities).toBeGreaterThan(40);
  });

  it.each([
    ['a lower-case country', { slug: 'x-city', name: 'X', country: 'it' }, 'country'],
    ['a bad slug', { slug: 'Not A Slug', name: 'X', country: 'IT' }, 'slug'],
    ['an unknown field', { slug: 'y-city', name: 'Y', country: 'IT', mayor: 'Z' }, 'mayor'],
    ['a huge name', { slug: 'z-city', name: 'Z'.repeat(10_000), country: 'IT' }, 'name'],
    ['a string year', { slug: 'w-city', name: 'W', country: 'IT', memberSince: '1990' }, 'memberSince'],
  ])('refuses %s with a 400 naming the field, writing nothing', async (_case, body, field) => {
    const before = await env.sql('select count(*)::int as n from city');
    const response = await api.post('/api/cities', body, secretariat);
    expect(response.status).toBe(400);
    expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    expect(await env.sql('select count(*)::int as n from city')).toEqual(before);
  });

  it('refuses bad mandates: unknown role, forum role without forum, to before from', async () => {
    expect((await api.post('/api/cities/oslo/mandates', { role: 'emperor', from: 2020 }, secretariat)).status).toBe(400);
    expect((await api.post('/api/cities/oslo/mandates', { role: 'forum-chair', from: 2020 }, secretariat)).status).toBe(400);
    expect((await api.post('/api/cities/oslo/mandates', { role: 'president', from: 2020, to: 2019 }, secretariat)).status).toBe(400);
    expect((await api.patch('/api/mandates/not-a-uuid', { to: 2020 }, secretariat)).status).toBe(400);
  });
});
