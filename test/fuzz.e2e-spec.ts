import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { ApiClient, SEEDED } from './support/api-client';
import { changedTables, DatabaseWatch } from './support/fuzz/db-fingerprint';
import { FuzzRequest, OpenApiDocument, operationName, operationsOf, requestArbitrary, ValuePool } from './support/fuzz/openapi-arbitraries';
import { describeRequest, Finding, firstOfEachKind, FUZZ_SEED, fuzzRuns, report, send, verdict } from './support/fuzz/run';
import { newExchange, newMessage, newThread } from './support/factories';
import { setUpRoles } from './support/roles';
import { TestEnv } from './support/test-env';

/** Requests in flight at once: enough to keep the api busy, few enough to attribute a write to its batch. */
const BATCH = 24;

type Caller = 'anonymous' | 'member' | 'staff';
const CALLERS: readonly Caller[] = ['anonymous', 'member', 'staff'];

/**
 * Every operation of the OpenAPI document, fuzzed with requests generated from its schemas
 * (plus hostile values) as anonymous, a member and the staff. No response may be a 5xx, every
 * 4xx is a problem document, and a batch of requests that were all refused writes no row.
 */
describe('fuzzing every operation of /api/docs-json', () => {
  let env: TestEnv;
  let api: ApiClient;
  let document: OpenApiDocument;
  let pool: ValuePool;
  const tokens: Partial<Record<Caller | 'secretariat' | 'admin', string>> = {};
  /** Logout revokes the session it is called with: it gets sessions of its own. */
  const logoutTokens: Partial<Record<Caller | 'secretariat' | 'admin', string>> = {};

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.startApi();
    const { tokens: roleTokens, groupId } = await setUpRoles(api);
    Object.assign(tokens, { member: roleTokens.member, secretariat: roleTokens.secretariat, admin: roleTokens.admin });
    for (const [caller, email] of [
      ['member', SEEDED.bologna],
      ['secretariat', SEEDED.secretariat],
      ['admin', SEEDED.admin],
    ] as const) {
      logoutTokens[caller] = await new ApiClient(api.baseUrl).tokenFor(email);
    }
    pool = await realValues(api, roleTokens.member, roleTokens.admin, groupId);
    document = (await api.get('/api/docs-json')).body;
  }, 120_000); // a new database, migrated and seeded, and the processes: slow on a loaded machine
  afterAll(() => env.close(), 60_000);

  it('answers every generated request below 500, with problem+json for every 4xx, and refused requests write nothing', async () => {
    const started = Date.now();
    const operations = operationsOf(document);
    const groups = operations.flatMap((operation, i) => CALLERS.map((caller) => ({ operation, caller, index: i * CALLERS.length })));
    const perGroup = Math.ceil(fuzzRuns(10_000) / groups.length);
    const watch = await DatabaseWatch.open(env.databaseUrl);
    const findings: Finding[] = [];
    let sent = 0;
    let checkedBatches = 0;
    let before = await watch.fingerprint();
    try {
      for (const [g, group] of groups.entries()) {
        const arbitrary = requestArbitrary(document, group.operation, pool);
        const requests = fc.sample(arbitrary, { seed: FUZZ_SEED + g, numRuns: perGroup });
        const token = tokenOf(group.caller, group.operation.method, group.operation.path, g);
        for (let start = 0; start < requests.length; start += BATCH) {
          const batch = requests.slice(start, start + BATCH);
          const outcomes = await Promise.all(batch.map((request) => send(api.baseUrl, request, token)));
          sent += batch.length;
          outcomes.forEach((outcome, i) => {
            const reason = verdict(outcome);
            if (reason) findings.push(finding(batch[i], group.caller, outcome.status, `${reason}: ${outcome.text.slice(0, 200)}`));
          });
          const after = await watch.fingerprint();
          if (!outcomes.some((outcome, i) => batch[i].method !== 'GET' && outcome.status < 300)) {
            checkedBatches += 1;
            const changed = changedTables(before, after);
            if (changed.length) findings.push(finding(batch[0], group.caller, 'write', `refused batch wrote to ${changed.join(', ')}`));
          }
          before = after;
        }
      }
    } finally {
      await watch.close();
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    report(
      `fuzz: ${sent} requests over ${operations.length} operations x ${CALLERS.length} callers in ${seconds} s, ` +
        `${checkedBatches} all-refused batches checked for writes; FUZZ_SEED=${FUZZ_SEED} replays it`,
    );
    expect(sent).toBeGreaterThanOrEqual(Math.min(10_000, fuzzRuns(10_000)));
    if (process.env.FUZZ_REPORT) writeFileSync(process.env.FUZZ_REPORT, JSON.stringify(findings, null, 1));
    expect(firstOfEachKind(findings)).toEqual([]);
    expect((await api.get('/health')).status).toBe(200);
  }, 600_000);

  describe('inputs the first fuzz run found answered with a 500, now a 400 problem that writes nothing', () => {
    const expectProblem = (response: { status: number; headers: Headers; body: any }, status = 400) => {
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
    };
    const cities = async () => (await env.sql<{ n: number }>('select count(*)::int as n from city'))[0].n;

    it('NUL in a path value (PostgreSQL refuses it in text)', async () => {
      expectProblem(await api.get('/api/cities/a%00b', tokens.member));
      expectProblem(await api.put('/api/forums/%00/follow', undefined, tokens.member));
    });

    it('NUL and lone surrogates in a JSON string or a query value', async () => {
      expectProblem(await api.post('/api/auth/login', { email: '\udc00\ud800', password: 'x' }));
      expectProblem(await api.post('/api/forums/mobility/threads', { title: 'a\u0000b', body: 'b' }, tokens.member));
      expectProblem(await api.get('/api/search?q=a%00b', tokens.member));
      expectProblem(
        await api.put(
          '/api/me/digest-preferences',
          { frequency: 'off', weekday: 1, hour: 8, timezone: '\ud800', language: 'en' },
          tokens.member,
        ),
      );
    });

    it('a body nested 10,000 levels deep (the validation pipe overflowed the stack)', async () => {
      const before = await cities();
      const deep = `{"slug":"deep","name":"Deep","country":"FR","x":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
      expectProblem(await api.request('POST', '/api/cities', { rawBody: deep, token: tokens.admin }));
      expect(await cities()).toBe(before);
    });

    it('a seq beyond PostgreSQL int is refused by validation, naming the field', async () => {
      const threadId = pool.threads[0];
      const response = await api.put(`/api/threads/${threadId}/read`, { seq: 2 ** 31 }, tokens.member);
      expectProblem(response);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'seq' })]);
      expectProblem(await api.get(`/api/threads/${threadId}/messages?afterSeq=${2 ** 31}`, tokens.member));
    });

    it("a number as a mandate's role", async () => {
      expectProblem(await api.post('/api/cities/bologna/mandates', { role: 42, from: 2024 }, tokens.admin));
    });

    it("Fastify's own refusals are problems too: a malformed URL, an overlong path segment, oversized headers", async () => {
      expectProblem(await api.get('/api/cities/%ED%A0%80', tokens.member));
      // Over the parameter's length limit: 414, or 404 when the web client's fallback route takes the path.
      const overlong = await api.get(`/api/cities/${'x'.repeat(5_000)}`, tokens.member);
      expectProblem(overlong, overlong.status === 404 ? 404 : 414);
      const huge = await fetch(`${api.baseUrl}/api/cities?q=${'x'.repeat(100_000)}`);
      expect(huge.status).toBe(431);
      expect(huge.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });
  });

  /** Staff alternates between the secretariat and an admin, operation by operation. */
  function tokenOf(caller: Caller, method: string, path: string, group: number): string | undefined {
    if (caller === 'anonymous') return undefined;
    const who = caller === 'member' ? 'member' : group % 2 ? 'secretariat' : 'admin';
    return (operationName({ method, path }) === 'POST /api/auth/logout' ? logoutTokens : tokens)[who];
  }
});

function finding(request: FuzzRequest, caller: string, status: number | string, reason: string): Finding {
  return { op: request.op, caller, status, reason, request: describeRequest(request) };
}

/** Ids and slugs of real rows, so that some generated requests get past the 404s. */
async function realValues(api: ApiClient, member: string, admin: string, groupId: string): Promise<ValuePool> {
  const thread = { id: await newThread(api, member, { group: groupId }, { title: 'Fuzz', body: 'First' }) };
  const message = { id: await newMessage(api, member, thread.id, 'Second') };
  const post = (await api.post('/api/posts', { title: 'Fuzz', summary: 's', body: 'b', forum: 'mobility', language: 'en' }, member)).body;
  await api.post(`/api/posts/${post.id}/publish`, undefined, admin);
  const exchange = { id: await newExchange(api, admin, { topic: 'Fuzz', places: 5, hostCity: 'riga' }) };
  const application = (await api.post(`/api/exchanges/${exchange.id}/applications`, { motivation: 'I would like to come.' }, member)).body;
  const event = (
    await api.post(
      '/api/events',
      {
        kind: 'forum-meeting',
        forum: 'mobility',
        title: 'Fuzz',
        startsAt: '2099-01-01T10:00:00Z',
        endsAt: '2099-01-01T11:00:00Z',
        timeZone: 'UTC',
      },
      admin,
    )
  ).body;
  const mandate = (await api.get('/api/cities/bologna', member)).body.mandates[0];
  const me = (await api.get('/api/me', member)).body;
  const ids: string[] = [groupId, thread.id, message.id, post.id, exchange.id, application.id, event.id, mandate.id, me.id];
  const pool: ValuePool = {
    ids,
    'working-groups': [groupId],
    threads: [thread.id],
    messages: [message.id],
    posts: [post.id],
    exchanges: [exchange.id],
    applications: [application.id],
    events: [event.id],
    mandates: [mandate.id],
    userId: [me.id],
    requestId: [groupId],
    slug: ['mobility', 'culture', 'bologna', 'riga'],
    language: ['de', 'it'],
    postId: [post.id],
  };
  const missing = Object.entries(pool).filter(([, values]) => values.some((value) => typeof value !== 'string'));
  if (missing.length) throw new Error(`could not create the fuzz fixtures: ${missing.map(([name]) => name).join(', ')}`);
  return pool;
}
