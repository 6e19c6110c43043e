import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Redis from 'ioredis';
import { Client } from 'pg';
import { ADMIN_DATABASE_URL, REDIS_URL } from '../support/services';

/**
 * What the benchmarks share: a throwaway database (migrated and seeded by the built migrate
 * command) and Redis key prefix per run, the built API started as child processes, and
 * cleanups that run whether the benchmark succeeds, fails or is interrupted.
 */

export const ROOT = path.resolve(__dirname, '../..');
/** The build under test: this checkout's `dist`, or BENCH_DIST (say, a build of another commit, made elsewhere). */
export const DIST = process.env.BENCH_DIST ? path.resolve(process.env.BENCH_DIST) : path.join(ROOT, 'dist');
/** A program of the build under test; a BENCH_DIST made before the build was bundled has it at its old path. */
export function builtProgram(program: string, before: string): string {
  const old = path.join(DIST, before);
  return process.env.BENCH_DIST && existsSync(old) ? old : path.join(DIST, program);
}
export const API_MAIN = builtProgram('api/main.js', 'apps/api/apps/api/src/main.js');
export const MIGRATE = builtProgram('api/migrate.js', 'apps/api/apps/api/src/database/migrate.js');
/** High enough that the throttler never answers 429 during a run (it still does its Redis work). */
export const UNLIMITED = '1000000000';

export function log(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}

export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Cleanups run once, newest first, whether the run succeeds, fails or is interrupted. */
export class Resources {
  private readonly cleanups: { label: string; run: () => Promise<void> }[] = [];
  private closing?: Promise<void>;

  defer(label: string, run: () => Promise<void>): void {
    this.cleanups.push({ label, run });
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const { label, run } of this.cleanups.reverse()) {
        try {
          await run();
        } catch (error) {
          log(`cleanup "${label}" failed: ${String(error)}`);
        }
      }
    })();
    return this.closing;
  }
}

export interface Child {
  label: string;
  process: ChildProcess;
  exited: Promise<number | null>;
}

/**
 * Starts a child whose output (logs, warnings) goes to our stderr; stdout is kept for the results.
 * With `ipc`, the child (a node process) can `process.send()` to us and we to it.
 */
export function startChild(label: string, command: string, args: string[], env: NodeJS.ProcessEnv, options: { ipc?: boolean } = {}): Child {
  const child = spawn(command, args, { cwd: ROOT, env, stdio: options.ipc ? ['ignore', 2, 2, 'ipc'] : ['ignore', 2, 2] });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', (error) => {
      log(`${label}: ${error.message}`);
      resolve(-1);
    });
  });
  return { label, process: child, exited };
}

export function isRunning(child: Child): boolean {
  return child.process.exitCode === null && child.process.signalCode === null;
}

export async function stopChild(child: Child, graceMs = 10_000): Promise<void> {
  if (!isRunning(child)) return;
  child.process.kill('SIGTERM');
  const stopped = await Promise.race([child.exited.then(() => true), sleep(graceMs).then(() => false)]);
  if (!stopped) {
    log(`${child.label} ignored SIGTERM; killing it`);
    child.process.kill('SIGKILL');
    await child.exited;
  }
}

export async function runToCompletion(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const code = await startChild(label, command, args, env).exited;
  if (code !== 0) throw new Error(`${label} failed (exit code ${String(code)})`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

export async function waitForHealth(child: Child, url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isRunning(child)) throw new Error(`${child.label} exited (code ${String(child.process.exitCode)}) before it was healthy`);
    try {
      const response = await fetch(url);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`${child.label} was not healthy at ${url} within ${timeoutMs / 1000} s`);
}

export async function withPg<T>(connectionString: string, work: (pg: Client) => Promise<T>): Promise<T> {
  const pg = new Client({ connectionString });
  await pg.connect();
  try {
    return await work(pg);
  } finally {
    await pg.end();
  }
}

export async function deleteRedisKeys(pattern: string): Promise<number> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, retryStrategy: () => null });
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      if (keys.length) deleted += await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

/** A plain-text table: the first `leftColumns` columns left-aligned, the others right-aligned. */
export function formatTable(rows: string[][], leftColumns = 2): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  const line = (row: string[]) =>
    row.map((cell, column) => (column < leftColumns ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  const [head, ...body] = rows;
  return [line(head), widths.map((width) => '-'.repeat(width)).join('  '), ...body.map(line)].join('\n');
}

/** Runs `npm run build` when the built API is missing (a BENCH_DIST build must exist). */
export async function ensureBuild(): Promise<void> {
  if (existsSync(API_MAIN) && existsSync(MIGRATE)) return;
  if (process.env.BENCH_DIST) throw new Error(`BENCH_DIST=${process.env.BENCH_DIST} holds no built API (${API_MAIN})`);
  log('no build found: running npm run build');
  await runToCompletion('npm run build', 'npm', ['run', 'build']);
}

/** Where the API under test was built from, and when (for the report). */
export function describeBuild(): string {
  try {
    const relative = path.relative(ROOT, API_MAIN);
    return `${relative.startsWith('..') ? API_MAIN : relative} (built ${statSync(API_MAIN).mtime.toISOString()})`;
  } catch {
    return API_MAIN;
  }
}

export interface BenchEnvironment {
  databaseName: string;
  databaseUrl: string;
  redisPrefix: string;
  /** The environment of every child: database, Redis, quiet logs. */
  sharedEnv: NodeJS.ProcessEnv;
  /** One secret for every api instance of the run, so that a token works on each of them. */
  jwtSecret: string;
  /** BENCH_DATABASE named a database that already existed: it may hold an earlier run's data. */
  reused: boolean;
}

const DATABASE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Creates, migrates and seeds `agora_bench_<random>` and picks a Redis prefix; both are removed by
 * `resources.close()`. With BENCH_DATABASE=<name>, that database is used instead (created when
 * missing, migrated, and kept afterwards), so that a large corpus is seeded once for several runs.
 */
export async function createBenchEnvironment(resources: Resources): Promise<BenchEnvironment> {
  const id = randomBytes(4).toString('hex');
  const kept = process.env.BENCH_DATABASE;
  if (kept !== undefined && !DATABASE_NAME.test(kept)) throw new Error(`BENCH_DATABASE must be a plain lower-case name, not "${kept}"`);
  const databaseName = kept ?? `agora_bench_${id}`;
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${databaseName}`;
  const databaseUrl = url.toString();
  const redisPrefix = `bench-${id}`;

  const reused = await withPg(ADMIN_DATABASE_URL, async (pg) => {
    const { rowCount } = await pg.query('select 1 from pg_database where datname = $1', [databaseName]);
    if (kept && rowCount) return true;
    log(`creating database ${databaseName}`);
    await pg.query(`create database "${databaseName}"`);
    return false;
  });
  if (kept) log(`BENCH_DATABASE: ${reused ? 'reusing' : 'created'} ${databaseName}; it is kept after the run`);
  else
    resources.defer('drop database', async () => {
      await withPg(ADMIN_DATABASE_URL, (pg) => pg.query(`drop database if exists "${databaseName}" with (force)`));
      log(`dropped database ${databaseName}`);
    });
  resources.defer('delete Redis keys', async () => {
    const deleted = await deleteRedisKeys(`${redisPrefix}*`);
    log(`deleted ${deleted} Redis keys ${redisPrefix}*`);
  });

  const sharedEnv = { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL, REDIS_PREFIX: redisPrefix, LOG_LEVEL: 'warn' };
  log('migrating and seeding');
  await runToCompletion('migrate', process.execPath, [MIGRATE], { ...sharedEnv, NODE_ENV: 'development' });
  return { databaseName, databaseUrl, redisPrefix, sharedEnv, jwtSecret: randomBytes(32).toString('hex'), reused };
}

export interface RunningApi {
  child: Child;
  url: string;
}

/** Starts the built API on a free port (stopped by `resources.close()`, or earlier with `stopChild`) and waits until it is healthy. */
export async function startApi(
  resources: Resources,
  environment: BenchEnvironment,
  label = 'api',
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<RunningApi> {
  const port = await freePort();
  const child = startChild(label, process.execPath, [API_MAIN], {
    ...environment.sharedEnv,
    NODE_ENV: 'production',
    JWT_SECRET: environment.jwtSecret,
    PORT: String(port),
    RATE_LIMIT_PER_MINUTE: UNLIMITED,
    AUTH_RATE_LIMIT_PER_MINUTE: UNLIMITED,
    ...extraEnv,
  });
  resources.defer(`stop ${label}`, () => stopChild(child));
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(child, `${url}/health`);
  return { child, url };
}

/** The benches' baseline server (bare-server.ts), run through tsx. */
const BARE_SERVER = path.join(__dirname, 'bare-server.ts');

/**
 * Starts the bare Fastify + pg baseline on a free port against the run's database (stopped by
 * `resources.close()`), answering for `userId` as the API does for the signed-in user.
 */
export async function startBareServer(resources: Resources, environment: BenchEnvironment, userId: string): Promise<RunningApi> {
  const port = await freePort();
  const child = startChild('bare-server', process.execPath, ['--import', 'tsx', BARE_SERVER], {
    ...environment.sharedEnv,
    NODE_ENV: 'production',
    PORT: String(port),
    BENCH_USER_ID: userId,
  });
  resources.defer('stop bare-server', () => stopChild(child));
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(child, `${url}/health`);
  log(`bare-server listening on ${url}`);
  return { child, url };
}

/** Runs a benchmark's main to the end, closes its resources (also on SIGINT/SIGTERM) and exits with its code. */
export function runBench(main: (resources: Resources) => Promise<number>): void {
  const resources = new Resources();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: cleaning up`);
      void resources.close().finally(() => process.exit(130));
    });
  }

  main(resources)
    .catch((error: unknown) => {
      log(`failed: ${errorMessage(error)}`);
      return 1;
    })
    .then(async (code) => {
      await resources.close();
      process.exit(code);
    })
    .catch((error: unknown) => {
      log(`cleanup failed: ${String(error)}`);
      process.exit(1);
    });
}
