import Redis from 'ioredis';
import { Client } from 'pg';
import { ADMIN_DATABASE_URL, REDIS_URL } from './services';

/**
 * Drops whatever a crashed test file left behind: this run's databases and Redis keys. A server
 * that cannot be reached holds nothing of this run (the unit tests run without PostgreSQL and
 * Redis), so it is skipped rather than failing the run.
 */
export default async function globalTeardown(): Promise<void> {
  const run = process.env.AGORA_TEST_RUN;
  if (!run) return;
  await dropDatabases(run);
  await dropRedisKeys(run);
}

async function dropDatabases(run: string): Promise<void> {
  const pg = new Client({ connectionString: ADMIN_DATABASE_URL });
  try {
    await pg.connect();
  } catch {
    return;
  }
  const { rows } = await pg.query<{ datname: string }>('select datname from pg_database where datname like $1', [`agora_test_${run}_%`]);
  for (const { datname } of rows) await pg.query(`drop database if exists "${datname}" with (force)`);
  await pg.end();
}

async function dropRedisKeys(run: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined); // reported by connect() below
  try {
    await redis.connect();
  } catch {
    redis.disconnect();
    return;
  }
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `test-${run}-*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
}
