import { randomUUID } from 'node:crypto';
import { Entity, MikroORM, PrimaryKey, Property, UniqueConstraintViolationException } from '@mikro-orm/core';
import { ArrayType, EntityManager } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { ormOptions, raw, runSql, sql, sqlCondition, statementName } from '@agora/platform';
import { ADMIN_DATABASE_URL } from './support/services';

@Entity({ tableName: 'probe' })
class Probe {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text', unique: true })
  name!: string;

  @Property({ type: ArrayType })
  tags: string[] = [];
}

const withAdmin = async (work: (pg: Client) => Promise<unknown>) => {
  const pg = new Client({ connectionString: ADMIN_DATABASE_URL });
  await pg.connect();
  try {
    await work(pg);
  } finally {
    await pg.end();
  }
};

/** runSql on a database of its own: what raw statements bind, return and run in. */
describe('runSql', () => {
  const databaseName = `agora_test_run_sql_${randomUUID().slice(0, 8)}`;
  let orm: MikroORM;
  let em: EntityManager;

  beforeAll(async () => {
    await withAdmin((pg) => pg.query(`create database "${databaseName}"`));
    const url = new URL(ADMIN_DATABASE_URL);
    url.pathname = `/${databaseName}`;
    orm = await MikroORM.init({ ...ormOptions(url.toString()), entities: [Probe], logger: () => undefined });
    await orm.schema.createSchema();
    em = orm.em.fork() as EntityManager;
    await runSql(
      em,
      sql`insert into probe (id, name, tags) values (${randomUUID()}, ${'tram'}, ${['rail', 'city']}), (${randomUUID()}, ${'bus'}, ${['road']})`,
    );
  });

  afterAll(async () => {
    await orm?.close();
    await withAdmin((pg) => pg.query(`drop database if exists "${databaseName}" with (force)`));
  });

  const names = async (statement = sql`select name from probe order by name`) =>
    (await runSql<{ name: string }>(orm.em.fork() as EntityManager, statement)).map((row) => row.name);

  it('binds a JS array as a PostgreSQL array, an empty one too', async () => {
    expect(await names(sql`select name from probe where name = any(${['tram', 'metro']}::text[])`)).toEqual(['tram']);
    expect(await names(sql`select name from probe where name = any(${[]}::text[])`)).toEqual([]);
    expect(await names(sql`select name from probe where tags && ${['road', 'sea']}::text[]`)).toEqual(['bus']);
  });

  it('returns timestamps as Date, a calendar date as text, bigint as a string', async () => {
    const [row] = await runSql<{ at: unknown; ats: unknown[]; day: unknown; count: unknown }>(
      em,
      sql`select ${new Date('2026-12-03T08:15:00.123Z')}::timestamptz as at, array[now()] as ats, '2026-12-03'::date as day, count(*) as count from probe`,
    );
    expect(row.at).toEqual(new Date('2026-12-03T08:15:00.123Z'));
    expect(row.ats).toEqual([expect.any(Date)]);
    expect(row.day).toBe('2026-12-03');
    expect(row.count).toBe('2');
  });

  it('prepares a statement under a name derived from its text, and runs it again', async () => {
    const statement = sql`select name from probe where name = ${'tram'}`;
    const prepared = await em.transactional(async (tx) => {
      // One transaction, one connection: the second run uses the statement the first prepared.
      expect(await runSql(tx, statement, { prepare: true })).toEqual([{ name: 'tram' }]);
      expect(await runSql(tx, sql`select name from probe where name = ${'bus'}`, { prepare: true })).toEqual([{ name: 'bus' }]);
      expect(await runSql(tx, statement, { prepare: true })).toEqual([{ name: 'tram' }]);
      return runSql<{ name: string }>(tx, sql`select name from pg_prepared_statements where name = ${statementName(statement.text)}`);
    });
    expect(prepared).toHaveLength(1);
  });

  it('runs inside the transaction of the entity manager it is given: rolled back, the row is not there', async () => {
    const rollback = new Error('roll back');
    await expect(
      em.transactional(async (tx) => {
        await runSql(tx, sql`insert into probe (id, name, tags) values (${randomUUID()}, ${'ferry'}, ${[]})`);
        expect(await names(sql`select name from probe where name = ${'ferry'}`)).toEqual([]);
        expect(await runSql(tx, sql`select name from probe where name = ${'ferry'}`)).toEqual([{ name: 'ferry' }]);
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    expect(await names()).toEqual(['bus', 'tram']);
  });

  it("throws MikroORM's exceptions, as the ORM's own calls do", async () => {
    await expect(runSql(em, sql`insert into probe (id, name, tags) values (${randomUUID()}, ${'bus'}, ${[]})`)).rejects.toBeInstanceOf(
      UniqueConstraintViolationException,
    );
  });

  it('puts a sql condition into an em.find filter, over the entity alias', async () => {
    const found = await orm.em
      .fork()
      .find(Probe, { $and: [sqlCondition<Probe>((p) => sql`${raw(p)}.name like ${'t%'}`), { tags: { $contains: ['rail'] } }] });
    expect(found.map((probe) => probe.name)).toEqual(['tram']);
  });
});
