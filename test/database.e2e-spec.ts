import { randomBytes } from 'node:crypto';
import { MikroORM } from '@mikro-orm/core';
import { Client } from 'pg';
import { ensureDatabase, ormOptions } from '@agora/platform';
import { ALL_ENTITIES } from '../apps/api/src/database/entities';
import { migrateAndSeed } from '../apps/api/src/database/migrate-and-seed';
import { ADMIN_DATABASE_URL } from './support/services';

/** What `npm run db:migrate` does, for one process: create the database if need be, migrate, seed. */
async function migrateCommand(databaseUrl: string): Promise<{ created: boolean; applied: number }> {
  const created = await ensureDatabase(databaseUrl);
  const orm = await MikroORM.init({ ...ormOptions(databaseUrl), entities: ALL_ENTITIES, logger: () => undefined });
  try {
    return { created, applied: await migrateAndSeed(orm, databaseUrl, false) };
  } finally {
    await orm.close();
  }
}

async function query<R extends Record<string, unknown>>(url: string, text: string): Promise<R[]> {
  const pg = new Client({ connectionString: url });
  await pg.connect();
  try {
    return (await pg.query<R>(text)).rows;
  } finally {
    await pg.end();
  }
}

describe('database: two migrate commands started together on a new database', () => {
  const name = `agora_test_${process.env.AGORA_TEST_RUN ?? 'local'}_migrate_${randomBytes(4).toString('hex')}`;
  const url = Object.assign(new URL(ADMIN_DATABASE_URL), { pathname: `/${name}` }).toString();

  afterAll(() => query(ADMIN_DATABASE_URL, `drop database if exists "${name}" with (force)`));

  it('both succeed: one creates and migrates, the other finds it done; each migration and seed row exists once', async () => {
    const runs = await Promise.all([migrateCommand(url), migrateCommand(url)]);
    expect(runs.map((run) => run.created).sort()).toEqual([false, true]);
    const [migrations] = await query<{ n: number; distinct: number }>(
      url,
      'select count(*)::int as n, count(distinct name)::int as distinct from mikro_orm_migrations',
    );
    expect(migrations.n).toBeGreaterThan(0);
    expect(migrations.distinct).toBe(migrations.n);
    expect(runs.map((run) => run.applied).sort((a, b) => a - b)).toEqual([0, migrations.n]);
    expect(await query(url, 'select count(*)::int as n from forum')).toEqual([{ n: 6 }]);
    expect(await query(url, `select count(*)::int as n from city where slug = 'bologna'`)).toEqual([{ n: 1 }]);
  });
});
