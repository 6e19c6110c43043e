import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import autocannon from 'autocannon';
import Redis from 'ioredis';
import { Client } from 'pg';
import { ApiClient, DEV_PASSWORD, SEEDED } from '../support/api-client';
import { ADMIN_DATABASE_URL, REDIS_URL } from '../support/services';

/**
 * `npm run bench:api`: the built Agora API against a bare Fastify + pg baseline (bare-server.ts)
 * answering the same routes with the same JSON from the same SQL. Each run gets its own database
 * (migrated and seeded by the built migrate command) and Redis key prefix, removed at the end.
 *
 * BENCH_DURATION and BENCH_WARMUP (seconds) override the measured and warm-up durations.
 */

const ROOT = path.resolve(__dirname, '../..');
const API_MAIN = path.join(ROOT, 'dist/apps/api/apps/api/src/main.js');
const MIGRATE = path.join(ROOT, 'dist/apps/api/apps/api/src/database/migrate.js');
const BARE_SERVER = path.join(__dirname, 'bare-server.ts');

const CONNECTIONS = 50;
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP_S = Number(process.env.BENCH_WARMUP ?? 3);
const TARGET_P99_MS = 50;
const TARGET_THROUGHPUT_RATIO = 0.5;
/** High enough that the throttler never answers 429 during a run (it still does its Redis work). */
const UNLIMITED = '1000000000';

const ROUTES = ['/api/forums', '/api/cities/bologna'] as const;
type ServerName = 'agora' | 'bare';

interface Measurement {
  route: string;
  server: ServerName;
  rps: number;
  p50: number;
  p99: number;
  failures: number;
}

function log(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}

/** Cleanups run once, newest first, whether the run succeeds, fails or is interrupted. */
class Resources {
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

interface Child {
  label: string;
  process: ChildProcess;
  exited: Promise<number | null>;
}

function startChild(label: string, command: string, args: string[], env: NodeJS.ProcessEnv): Child {
  // The children's output (logs, warnings) goes to our stderr; stdout is kept for the results.
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 2, 2] });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', (error) => {
      log(`${label}: ${error.message}`);
      resolve(-1);
    });
  });
  return { label, process: child, exited };
}

function isRunning(child: Child): boolean {
  return child.process.exitCode === null && child.process.signalCode === null;
}

async function stopChild(child: Child): Promise<void> {
  if (!isRunning(child)) return;
  child.process.kill('SIGTERM');
  const stopped = await Promise.race([child.exited.then(() => true), sleep(10_000).then(() => false)]);
  if (!stopped) {
    log(`${child.label} ignored SIGTERM; killing it`);
    child.process.kill('SIGKILL');
    await child.exited;
  }
}

async function runToCompletion(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const code = await startChild(label, command, args, env).exited;
  if (code !== 0) throw new Error(`${label} failed (exit code ${String(code)})`);
}

function freePort(): Promise<number> {
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

async function waitForHealth(child: Child, url: string, timeoutMs = 60_000): Promise<void> {
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

async function withPg<T>(connectionString: string, work: (pg: Client) => Promise<T>): Promise<T> {
  const pg = new Client({ connectionString });
  await pg.connect();
  try {
    return await work(pg);
  } finally {
    await pg.end();
  }
}

async function deleteRedisKeys(pattern: string): Promise<number> {
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

async function getJson(url: string, headers: Record<string, string>): Promise<unknown> {
  const response = await fetch(url, { headers });
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

async function load(url: string, headers: Record<string, string>, duration: number): Promise<autocannon.Result> {
  return autocannon({ url, headers, connections: CONNECTIONS, duration });
}

function formatTable(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row: string[]) =>
    row.map((cell, column) => (column < 2 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  const [head, ...body] = rows;
  return [line(head), widths.map((width) => '-'.repeat(width)).join('  '), ...body.map(line)].join('\n');
}

/** autocannon reports whole milliseconds; keep up to two decimals in case that changes. */
const ms = (value: number) => String(Number(value.toFixed(2)));

async function main(resources: Resources): Promise<number> {
  const id = randomBytes(4).toString('hex');
  const databaseName = `agora_bench_${id}`;
  const databaseUrl = new URL(ADMIN_DATABASE_URL);
  databaseUrl.pathname = `/${databaseName}`;
  const redisPrefix = `bench-${id}`;

  if (!existsSync(API_MAIN) || !existsSync(MIGRATE)) {
    log('no build found: running npm run build');
    await runToCompletion('npm run build', 'npm', ['run', 'build']);
  }

  log(`creating database ${databaseName}`);
  await withPg(ADMIN_DATABASE_URL, (pg) => pg.query(`create database "${databaseName}"`));
  resources.defer('drop database', async () => {
    await withPg(ADMIN_DATABASE_URL, (pg) => pg.query(`drop database if exists "${databaseName}" with (force)`));
    log(`dropped database ${databaseName}`);
  });
  resources.defer('delete Redis keys', async () => {
    const deleted = await deleteRedisKeys(`${redisPrefix}*`);
    log(`deleted ${deleted} Redis keys ${redisPrefix}*`);
  });

  const sharedEnv = { ...process.env, DATABASE_URL: databaseUrl.toString(), REDIS_URL, REDIS_PREFIX: redisPrefix, LOG_LEVEL: 'warn' };
  log('migrating and seeding');
  await runToCompletion('migrate', process.execPath, [MIGRATE], { ...sharedEnv, NODE_ENV: 'development' });

  const apiPort = await freePort();
  const api = startChild('api', process.execPath, [API_MAIN], {
    ...sharedEnv,
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(32).toString('hex'),
    PORT: String(apiPort),
    RATE_LIMIT_PER_MINUTE: UNLIMITED,
    AUTH_RATE_LIMIT_PER_MINUTE: UNLIMITED,
  });
  resources.defer('stop api', () => stopChild(api));
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  await waitForHealth(api, `${apiUrl}/health`);
  const token = await new ApiClient(apiUrl).tokenFor(SEEDED.bologna, DEV_PASSWORD);
  log(`api listening on ${apiUrl}, signed in as ${SEEDED.bologna}`);

  const userId = await withPg(databaseUrl.toString(), async (pg) => {
    const { rows } = await pg.query<{ id: string }>('select id from app_user where email = $1', [SEEDED.bologna]);
    if (!rows[0]) throw new Error(`${SEEDED.bologna} is not seeded`);
    return rows[0].id;
  });
  const barePort = await freePort();
  const bare = startChild('bare-server', process.execPath, ['--import', 'tsx', BARE_SERVER], {
    ...sharedEnv,
    NODE_ENV: 'production',
    PORT: String(barePort),
    BENCH_USER_ID: userId,
  });
  resources.defer('stop bare-server', () => stopChild(bare));
  const bareUrl = `http://127.0.0.1:${barePort}`;
  await waitForHealth(bare, `${bareUrl}/health`);
  log(`bare-server listening on ${bareUrl}`);

  const targets: Record<ServerName, { child: Child; url: string; headers: Record<string, string> }> = {
    agora: { child: api, url: apiUrl, headers: { authorization: `Bearer ${token}` } },
    bare: { child: bare, url: bareUrl, headers: {} },
  };

  // The comparison only means something if both servers answer the same thing.
  for (const route of ROUTES) {
    const [ours, theirs] = await Promise.all([
      getJson(`${apiUrl}${route}`, targets.agora.headers),
      getJson(`${bareUrl}${route}`, targets.bare.headers),
    ]);
    if (!isDeepStrictEqual(ours, theirs)) {
      throw new Error(
        `GET ${route}: the baseline's JSON differs from the API's\nagora: ${JSON.stringify(ours)}\nbare:  ${JSON.stringify(theirs)}`,
      );
    }
  }
  log('both servers answer the same JSON on every route');

  const results: Measurement[] = [];
  for (const route of ROUTES) {
    for (const server of ['agora', 'bare'] as const) {
      const { child, url, headers } = targets[server];
      if (!isRunning(child)) throw new Error(`${child.label} exited during the benchmark`);
      log(`GET ${route} on ${server}: ${WARMUP_S} s warm-up, ${DURATION_S} s measured`);
      if (WARMUP_S > 0) await load(`${url}${route}`, headers, WARMUP_S);
      const result = await load(`${url}${route}`, headers, DURATION_S);
      results.push({
        route: `GET ${route}`,
        server,
        rps: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        failures: result.non2xx + result.errors,
      });
    }
  }

  const rows = [['route', 'server', 'req/s (avg)', 'p50 ms', 'p99 ms', 'agora/bare req/s', 'non-2xx+errors']];
  const verdicts: string[] = [];
  let allMet = true;
  for (const route of ROUTES.map((r) => `GET ${r}`)) {
    const agora = results.find((m) => m.route === route && m.server === 'agora');
    const bare = results.find((m) => m.route === route && m.server === 'bare');
    if (!agora || !bare) continue;
    const ratio = agora.rps / bare.rps;
    for (const m of [agora, bare]) {
      rows.push([route, m.server, m.rps.toFixed(0), ms(m.p50), ms(m.p99), m === agora ? `${ratio.toFixed(2)}x` : '', String(m.failures)]);
    }
    const p99Met = agora.p99 < TARGET_P99_MS;
    const ratioMet = ratio >= TARGET_THROUGHPUT_RATIO;
    allMet &&= p99Met && ratioMet;
    verdicts.push(
      `${route.padEnd(24)} p99 ${ms(agora.p99)} ms < ${TARGET_P99_MS} ms: ${p99Met ? 'met' : 'NOT met'}; ` +
        `throughput ${ratio.toFixed(2)}x >= ${TARGET_THROUGHPUT_RATIO}x bare: ${ratioMet ? 'met' : 'NOT met'}`,
    );
  }

  const cpus = os.cpus();
  const failures = results.reduce((sum, m) => sum + m.failures, 0);
  process.stdout.write(
    [
      '',
      `Agora API benchmark: node ${process.version}, ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? 'unknown'}), ${new Date().toISOString()}`,
      `${CONNECTIONS} connections, ${DURATION_S} s per run after ${WARMUP_S} s warm-up, one server at a time; agora = built API, bare = Fastify + pg`,
      '',
      formatTable(rows),
      '',
      `Targets for agora (p99 < ${TARGET_P99_MS} ms, throughput >= ${TARGET_THROUGHPUT_RATIO}x bare):`,
      ...verdicts.map((verdict) => `  ${verdict}`),
      `  => ${allMet ? 'all targets met' : 'targets NOT met'}`,
      '',
    ].join('\n'),
  );
  if (failures > 0) {
    log(`${failures} requests failed or answered non-2xx: the figures are not valid`);
    return 1;
  }
  return 0;
}

const resources = new Resources();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: cleaning up`);
    void resources.close().finally(() => process.exit(130));
  });
}

main(resources)
  .catch((error: unknown) => {
    log(`failed: ${error instanceof Error ? error.message : String(error)}`);
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
