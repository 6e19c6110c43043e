import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Pool, PoolClient } from 'pg';
import { ormOptions } from '../../libs/platform/src/database/orm-options';
import { runSql } from '../../libs/platform/src/database/run-sql';
import { PG_POOL_SIZE, PG_SESSION_OPTIONS, pgQuery, Sql } from '../../libs/platform/src/database/sql';
import { threadScope } from '../../libs/discussions/src/discussions.queries';
import { buildSearchQuery, commonTables, SEARCH_KINDS, tsquerySql } from '../../libs/search/src/search.queries';
import { hiddenGroupsOf, PAGE_LIMIT } from './search-statements';
import { createBenchEnvironment, ensureBuild, formatTable, log, Resources, runBench } from './support';

/**
 * `npm run bench:sql`: what the one way to run SQL (`runSql`, over the ORM's knex pool) costs the
 * process beside `pg` used directly (a `pg.Pool` with the same session options), on the same
 * statements: a rare search as SearchService runs it (the tsquery, then the prepared search) and a
 * one-row lookup. It measures the client side only (CPU time of this process per operation, and
 * wall time, sequential calls); PostgreSQL does the same work on every path. The tables are empty:
 * the statements' text and shape are the service's, their cost in PostgreSQL is not what is compared.
 *
 * BENCH_CALLS (per round, 1,500) and BENCH_ROUNDS (5) scale it.
 */

const CALLS = Number(process.env.BENCH_CALLS ?? 1_500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const WARMUP_CALLS = 300;
const SOME_THREAD = '0190f0b4-8c1e-7000-8000-000000000000';

type Run = (statement: Sql, prepare?: boolean) => Promise<Record<string, unknown>[]>;

/** SearchService's two statements for a rare word, on whatever runs them. */
async function rareSearch(run: Run): Promise<unknown> {
  const [{ tsquery }] = (await run(tsquerySql('vrango'), true)) as { tsquery: string }[];
  const { statement, prepare } = buildSearchQuery({
    tsquery,
    common: commonTables(tsquery, new Map()),
    kinds: SEARCH_KINDS,
    hiddenGroups: hiddenGroupsOf(SOME_THREAD),
    limit: PAGE_LIMIT,
  });
  return run(statement, prepare);
}

const onClient =
  (client: PoolClient): Run =>
  async (statement, prepare = false) =>
    (await client.query(pgQuery(statement, prepare))).rows;

/** The paths compared, each an operation from start to end (checkouts included). */
function paths(em: EntityManager, pool: Pool): [string, () => Promise<unknown>][] {
  const viaRunSql: Run = (statement, prepare = false) => runSql(em, statement, { prepare });
  const perStatement: Run = async (statement, prepare = false) => (await pool.query(pgQuery(statement, prepare))).rows;
  const oneCheckout = async <T>(work: (run: Run) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      return await work(onClient(client));
    } finally {
      client.release();
    }
  };
  return [
    ['rare search', 'runSql (knex pool, a checkout per statement)', () => rareSearch(viaRunSql)],
    ['rare search', 'pg.Pool, one checkout for both (the shape before runSql)', () => oneCheckout(rareSearch)],
    ['rare search', 'pg.Pool, a checkout per statement', () => rareSearch(perStatement)],
    ['one-row lookup', 'runSql', () => viaRunSql(threadScope(SOME_THREAD))],
    ['one-row lookup', 'pg.Pool', () => perStatement(threadScope(SOME_THREAD))],
  ].map(([operation, path, run]) => [`${operation as string}\t${path as string}`, run as () => Promise<unknown>]);
}

/** CPU and wall microseconds per call of `run`, over `calls` sequential calls. */
async function measure(run: () => Promise<unknown>, calls: number): Promise<{ cpu: number; wall: number }> {
  const cpuStart = process.cpuUsage();
  const wallStart = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) await run();
  const cpu = process.cpuUsage(cpuStart);
  return { cpu: (cpu.user + cpu.system) / calls, wall: Number(process.hrtime.bigint() - wallStart) / 1_000 / calls };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

runBench(async (resources: Resources) => {
  await ensureBuild();
  const environment = await createBenchEnvironment(resources);
  const orm = await MikroORM.init({ ...ormOptions(environment.databaseUrl), logger: () => undefined });
  resources.defer('close the ORM', () => orm.close());
  const pool = new Pool({ connectionString: environment.databaseUrl, max: PG_POOL_SIZE, options: PG_SESSION_OPTIONS });
  resources.defer('close the pg pool', () => pool.end());

  const compared = paths(orm.em.fork(), pool);
  for (const [, run] of compared) for (let i = 0; i < WARMUP_CALLS; i++) await run();
  // Rounds taken in turn, so that the machine's drift weighs on every path alike.
  const figures = new Map(compared.map(([name]) => [name, { cpu: [] as number[], wall: [] as number[] }]));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [name, run] of compared) {
      const { cpu, wall } = await measure(run, CALLS);
      figures.get(name)!.cpu.push(cpu);
      figures.get(name)!.wall.push(wall);
    }
    log(`round ${round}/${ROUNDS} done`);
  }

  const baselineOf = (operation: string) =>
    median(figures.get(compared.find(([name]) => name.startsWith(`${operation}\tpg.Pool`))![0])!.cpu);
  const rows = [['operation', 'path', 'CPU µs (median)', 'CPU µs (rounds)', 'wall µs (median)', 'CPU / pg.Pool']];
  for (const [name, { cpu, wall }] of figures) {
    const [operation, path] = name.split('\t');
    rows.push([
      operation,
      path,
      median(cpu).toFixed(0),
      cpu.map((value) => value.toFixed(0)).join(' '),
      median(wall).toFixed(0),
      `${(median(cpu) / baselineOf(operation)).toFixed(2)}x`,
    ]);
  }
  const heading = `${CALLS} sequential calls per path and round, ${ROUNDS} rounds, Node ${process.version}`;
  process.stdout.write(`\n${heading}\n\n${formatTable(rows)}\n`);
  return 0;
});
