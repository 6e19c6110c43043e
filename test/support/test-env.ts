import { randomBytes } from 'node:crypto';
import { MikroORM } from '@mikro-orm/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import Redis from 'ioredis';
import { Client } from 'pg';
import { Clock, ormOptions } from '@agora/platform';
import { ALL_ENTITIES } from '../../apps/api/src/database/entities';
import { seed } from '../../apps/api/src/database/seed';
import { ADMIN_DATABASE_URL, REDIS_URL } from './services';
import { ApiClient } from './api-client';

/** The test suite's own access-token secret: never a value from the repository's configuration. */
export const TEST_JWT_SECRET = randomBytes(32).toString('hex');

/**
 * A private world for one test file: its own PostgreSQL database (migrated and seeded like
 * `npm start` does) and its own Redis key prefix, both removed in `close()`.
 */
export class TestEnv {
  readonly apps: NestFastifyApplication[] = [];
  readonly workers: INestApplicationContext[] = [];

  private constructor(
    readonly databaseName: string,
    readonly databaseUrl: string,
    readonly redisPrefix: string,
  ) {}

  static async create(overrides: Record<string, string> = {}): Promise<TestEnv> {
    const run = process.env.AGORA_TEST_RUN ?? 'local';
    const id = randomBytes(4).toString('hex');
    const databaseName = `agora_test_${run}_${id}`;
    const databaseUrl = new URL(ADMIN_DATABASE_URL);
    databaseUrl.pathname = `/${databaseName}`;
    const env = new TestEnv(databaseName, databaseUrl.toString(), `test-${run}-${id}`);

    await withAdmin((pg) => pg.query(`create database "${databaseName}"`));
    Object.assign(process.env, {
      NODE_ENV: 'test',
      DATABASE_URL: env.databaseUrl,
      REDIS_URL,
      REDIS_PREFIX: env.redisPrefix,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      RATE_LIMIT_PER_MINUTE: '100000',
      AUTH_RATE_LIMIT_PER_MINUTE: '100000',
      LOGIN_FAILURE_LIMIT: '100000',
      JWT_SECRET: TEST_JWT_SECRET,
      ...overrides,
    });
    const orm = await MikroORM.init({ ...ormOptions(env.databaseUrl), entities: ALL_ENTITIES, logger: () => undefined });
    await orm.getMigrator().up();
    await seed(orm.em.fork(), false);
    await orm.close();
    return env;
  }

  /** Boots one api instance on a free port; call twice for two instances on the same database and Redis. */
  async startApi(): Promise<ApiClient> {
    const { createApiApp } = await import('../../apps/api/src/bootstrap');
    const app = await createApiApp();
    await app.listen({ port: 0, host: '127.0.0.1' });
    this.apps.push(app);
    return new ApiClient(await app.getUrl());
  }

  /** Stops one api that `startApi` booted, as SIGTERM would; the others keep running. */
  async stopApi(api: ApiClient): Promise<void> {
    const urls = await Promise.all(this.apps.map((app) => app.getUrl()));
    const index = urls.indexOf(api.baseUrl);
    if (index < 0) throw new Error(`no api of this TestEnv runs at ${api.baseUrl}`);
    const [app] = this.apps.splice(index, 1);
    await app.close();
  }

  /**
   * Boots a worker (processors and scheduler) in this process, optionally with a clock the test
   * sets by hand. Its HTTP health port is not opened: the test drives it through its services.
   */
  async startWorker(clock?: Clock): Promise<INestApplicationContext> {
    const { WorkerModule } = await import('../../apps/worker/src/worker.module');
    const builder = Test.createTestingModule({ imports: [WorkerModule] });
    if (clock) builder.overrideProvider(Clock).useValue(clock);
    const worker = await builder.compile();
    worker.enableShutdownHooks();
    await worker.init();
    this.workers.push(worker);
    return worker;
  }

  /** Runs SQL against this test's database (to check what was or was not written). */
  async sql<R extends Record<string, unknown>>(text: string, values: unknown[] = []): Promise<R[]> {
    const pg = new Client({ connectionString: this.databaseUrl });
    await pg.connect();
    try {
      return (await pg.query<R>(text, values)).rows;
    } finally {
      await pg.end();
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.apps, ...this.workers].map((app) => app.close()));
    await withAdmin((pg) => pg.query(`drop database if exists "${this.databaseName}" with (force)`));
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${this.redisPrefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  }
}

async function withAdmin<T>(work: (pg: Client) => Promise<T>): Promise<T> {
  const pg = new Client({ connectionString: ADMIN_DATABASE_URL });
  await pg.connect();
  try {
    return await work(pg);
  } finally {
    await pg.end();
  }
}
