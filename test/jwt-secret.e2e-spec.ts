import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as jwt from 'jsonwebtoken';
import { ApiClient, SEEDED } from './support/api-client';
import { TestEnv } from './support/test-env';

/** Every JWT secret the repository ever held (env.ts's development default, docker/compose.yml's). */
const PUBLISHED_SECRETS = ['agora-development-secret-never-use-in-production', 'development-only-secret-do-not-use-in-production'];

describe('the access-token secret when JWT_SECRET is unset', () => {
  let env: TestEnv;
  let api: ApiClient;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'agora-jwt-'));
    env = await TestEnv.create({ NODE_ENV: 'development', JWT_SECRET_FILE: join(dir, 'var', 'jwt-secret') });
    delete process.env.JWT_SECRET;
    api = await env.startApi();
  });
  afterAll(async () => {
    await env.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(PUBLISHED_SECRETS)('refuses a token signed with the published secret %s (401)', async (secret) => {
    const admin = (await api.get('/api/me', await api.tokenFor(SEEDED.admin))).body;
    const forged = jwt.sign({ sub: admin.id, role: 'admin', city: null, sid: admin.id }, secret, { expiresIn: 600 });
    const response = await api.get('/api/me', forged);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('signs with the random secret it generated, which a token signed with it passes', async () => {
    const generated = readFileSync(join(dir, 'var', 'jwt-secret'), 'utf8').trim();
    expect(generated).toMatch(/^[0-9a-f]{64}$/);
    const admin = (await api.get('/api/me', await api.tokenFor(SEEDED.admin))).body;
    const token = jwt.sign({ sub: admin.id, role: 'admin', city: null, sid: admin.id }, generated, { expiresIn: 600 });
    expect((await api.get('/api/me', token)).status).toBe(200);
  });

  it('docker/compose.yml gives JWT_SECRET no value of its own', () => {
    const compose = readFileSync(join(__dirname, '..', 'docker', 'compose.yml'), 'utf8');
    const settings = compose.split('\n').filter((line) => /^\s*JWT_SECRET\s*:/.test(line));
    expect(settings).toEqual(['  JWT_SECRET: ${JWT_SECRET:-}']);
  });
});
