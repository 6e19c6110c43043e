import Redis from 'ioredis';
import { Client } from 'pg';
import { ADMIN_DATABASE_URL, REDIS_URL } from './services';

/** Drops whatever a crashed test file left behind: this run's databases and Redis keys. */
export default async function globalTeardown(): Promise<void> {
  const run = process.env.AGORA_TEST_RUN;
  if (!run) return;
  const pg = new Client({ connectionString: ADMIN_DATABASE_URL });
  await pg.connect();
  const { rows } = await pg.query<{ datname: string }>('select datname from pg_database where datname like $1', [`agora_test_${run}_%`]);
  for (const { datname } of rows) await pg.query(`drop database if exists "${datname}" with (force)`);
  await pg.end();

  const redis = new Redis(REDIS_URL);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `test-${run}-*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
}
