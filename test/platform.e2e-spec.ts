import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { ApiClient, SEEDED } from './support/api-client';
import { TestEnv } from './support/test-env';

describe('platform: health, errors, headers, OpenAPI', () => {
  let env: TestEnv;
  let api: ApiClient;

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.startApi();
  });
  afterAll(() => env.close());

  it('GET /health is 200 with both services up, without sign-in', async () => {
    const { status, body } = await api.get('/health');
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', details: { postgres: { status: 'up' }, redis: { status: 'up' } } });
  });

  it('GET /health names the runtime, which is the Node 26 that package.json brings', async () => {
    const { body } = await api.get('/health');
    expect(body.node).toMatch(/^v26\./);
  });

  it('malformed JSON is a 400 problem, not a 500', async () => {
    const { status, body, headers } = await api.request('POST', '/api/auth/login', { rawBody: '{"email": "x", ' });
    expect(status).toBe(400);
    expect(headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(body).toMatchObject({ type: expect.any(String), title: 'Bad Request', status: 400, detail: expect.any(String) });
  });

  it('a body over the limit is a 413 problem', async () => {
    const { status, body } = await api.post('/api/auth/login', { email: 'a@b.example', password: 'x'.repeat(2 * 1024 * 1024) });
    expect(status).toBe(413);
    expect(body.status).toBe(413);
  });

  it('an unknown route is a 404 problem', async () => {
    const { status, body } = await api.get('/api/nowhere', await api.tokenFor(SEEDED.bologna));
    expect(status).toBe(404);
    expect(body.title).toBe('Not Found');
  });

  it('a bad cursor or limit is a 400 naming the field', async () => {
    const token = await api.tokenFor(SEEDED.bologna);
    expect((await api.get('/api/cities?cursor=garbage', token)).status).toBe(400);
    const tooMany = await api.get('/api/cities?limit=1000', token);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors[0].field).toBe('limit');
    expect((await api.get('/api/cities?limit=abc', token)).status).toBe(400);
  });

  it('sets security headers and a request id (echoing a sane X-Request-Id)', async () => {
    const response = await fetch(`${api.baseUrl}/health`, { headers: { 'x-request-id': 'trace-123' } });
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('x-request-id')).toBe('trace-123');
    const generated = await fetch(`${api.baseUrl}/health`, { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers CORS preflights for the configured origin only', async () => {
    const allowed = await fetch(`${api.baseUrl}/api/forums`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'GET' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    const foreign = await fetch(`${api.baseUrl}/api/forums`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  // That every operation is documented, and nothing more, is checked beside the authorization
  // matrices (authorization-public-and-digests.e2e-spec.ts), whose lists name them all.
  it('serves the OpenAPI document, with schemas and the bearer scheme', async () => {
    const { status, body } = await api.get('/api/docs-json');
    expect(status).toBe(200);
    expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/api/me', '/api/threads/{id}/messages', '/health']));
    expect(body.components.schemas.SessionView.properties).toHaveProperty('accessToken');
    expect(body.components.schemas.CityProfile.properties).toHaveProperty('mandates');
    expect(body.components.securitySchemes).toHaveProperty('bearer');
  });

  it('describes every operation: a summary, its security, its errors as problems', async () => {
    const { body } = await api.get('/api/docs-json');
    const operations = Object.entries(body.paths as Record<string, Record<string, DocumentedOperation>>).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, ...operation })),
    );
    expect(operations.filter((operation) => !operation.summary).map(({ route }) => route)).toEqual([]);
    const security = Object.fromEntries(operations.map(({ route, security }) => [route, security]));
    expect(security['GET /api/cities']).toEqual([{ bearer: [] }]);
    expect(security['POST /api/auth/login']).toEqual([]);
    expect(security['GET /api/events.ics']).toEqual(expect.arrayContaining([{ bearer: [] }, { feedToken: [] }]));
    const withoutClientError = operations.filter(({ responses }) => !Object.keys(responses).some((status) => status.startsWith('4')));
    expect(withoutClientError.map(({ route }) => route)).toEqual(['GET /health']);
    expect(operations.find(({ route }) => route === 'POST /api/cities')?.responses['403'].content).toEqual({
      'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
    });
  });

  it('serves the document npm run lint:openapi builds without a database', async () => {
    const served = (await api.get('/api/docs-json')).body;
    // Imported once TestEnv has set the environment, as startApi() does.
    const { AppModule } = await import('../apps/api/src/app.module');
    const { apiDocument, setRoutePrefix } = await import('../apps/api/src/bootstrap');
    const app = await NestFactory.create(AppModule, new FastifyAdapter(), { preview: true, logger: false });
    setRoutePrefix(app);
    const built = apiDocument(app);
    await app.close();
    expect(served).toEqual(built);
  });

  it('serves the Swagger UI at /api/docs', async () => {
    const response = await fetch(`${api.baseUrl}/api/docs`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('swagger');
  });
});

interface DocumentedOperation {
  summary?: string;
  security?: Record<string, string[]>[];
  responses: Record<string, { content?: unknown }>;
}
